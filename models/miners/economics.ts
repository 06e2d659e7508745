// Miner economics (docs/models.md): a miner rents hardware at a USD hourly cost that falls over time,
// earns alpha worth (alpha price in TAO) × (TAO price in USD), stops when its margin has been negative
// for some days, and a newcomer enters only if the margin it can expect covers the registration burn
// over a payback horizon.

import { atTime } from '../time-expression.ts';

export interface MinerEconomicsParams {
  /** Hardware rental cost at the start, USD per hour; or an expression of days, months, years. */
  costUsdPerHour: number | string;
  /** Fractional fall of that cost per year (0.3 = 30 % cheaper each year). */
  costDeclinePerYear: number;
  /** Consecutive days of negative margin after which a miner stops. */
  exitAfterDays: number;
  /** Days over which a newcomer wants the registration burn paid back. */
  paybackDays: number;
}

/** Hourly cost after `days`: the scenario's expression of time, else c0 · (1 − decline)^(days / 365). */
export function costUsdPerHour(p: MinerEconomicsParams, days: number): number {
  if (typeof p.costUsdPerHour === 'string') return atTime(p.costUsdPerHour, days);
  return p.costUsdPerHour * Math.pow(1 - p.costDeclinePerYear, days / 365);
}

/** A day's margin in USD: alpha earned × alpha price (TAO) × TAO price (USD) − 24 h of hardware. */
export function dailyMarginUsd(
  alphaEarned: number,
  alphaPriceTao: number,
  taoPriceUsd: number,
  costPerHour: number,
): number {
  return alphaEarned * alphaPriceTao * taoPriceUsd - 24 * costPerHour;
}

/** Whether a newcomer enters: expected daily margin minus the burn spread over the payback horizon. */
export function entryPays(
  expectedDailyMarginUsd: number,
  burnTao: number,
  taoPriceUsd: number,
  paybackDays: number,
): boolean {
  return expectedDailyMarginUsd - (burnTao * taoPriceUsd) / paybackDays > 0;
}

export interface QualityDynamicsParams {
  qualityDecayPerDay: number | string;
  upgradeCostUsd: number;
  upgradeGain: number | string;
  copyProbabilityPerDay: number;
  copyFraction: number;
}

/**
 * A day of a miner's quality: it decays as the task moves on; it upgrades when the extra income the
 * upgrade should bring over the payback horizon (income grows with quality) exceeds its cost; and it
 * may copy the best public model. `u` is a uniform draw for the copy decision.
 */
export function evolveQuality(
  q: number,
  dailyIncomeUsd: number,
  bestQuality: number,
  paybackDays: number,
  p: QualityDynamicsParams,
  u: number,
  day = 0,
): { quality: number; upgraded: boolean; copied: boolean } {
  let quality = q * (1 - atTime(p.qualityDecayPerDay, day));
  let upgraded = false;
  const upgradeGain = atTime(p.upgradeGain, day);
  if (upgradeGain > 0 && quality > 0) {
    const gain = upgradeGain * (1 - quality);
    if ((dailyIncomeUsd * gain * paybackDays) / quality > p.upgradeCostUsd) {
      quality += gain;
      upgraded = true;
    }
  }
  const copied = u < p.copyProbabilityPerDay && bestQuality * p.copyFraction > quality;
  if (copied) quality = bestQuality * p.copyFraction;
  return { quality, upgraded, copied };
}
