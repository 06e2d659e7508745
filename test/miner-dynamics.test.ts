// Economic miners' quality over time: decay, upgrades that pay back, copying, sybil uids.
import { describe, expect, it } from 'vitest';
import { evolveQuality } from '../models/miners/economics.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

const p = {
  qualityDecayPerDay: 0.01,
  upgradeCostUsd: 500,
  upgradeGain: 0.2,
  copyProbabilityPerDay: 0.5,
  copyFraction: 0.95,
};

describe('miner quality dynamics', () => {
  it('decays by the daily rate when nothing else happens', () => {
    const r = evolveQuality(0.5, 0, 0.9, 30, { ...p, copyProbabilityPerDay: 0 }, 0.9);
    expect(r).toEqual({ quality: 0.495, upgraded: false, copied: false });
  });
  it('upgrades only when the extra income over the payback horizon beats the cost', () => {
    // gain 0.2 × (1 − 0.495) = 0.101; income 100 USD/day × 0.101/0.495 × 30 days ≈ 612 > 500
    const yes = evolveQuality(0.5, 100, 0, 30, p, 0.9);
    expect(yes.upgraded).toBe(true);
    expect(yes.quality).toBeCloseTo(0.495 + 0.101, 12);
    expect(evolveQuality(0.5, 50, 0, 30, p, 0.9).upgraded).toBe(false);
  });
  it('copies the best public model when the draw says so and it is better', () => {
    expect(evolveQuality(0.3, 0, 0.9, 30, p, 0.2)).toEqual({ quality: 0.855, upgraded: false, copied: true });
    expect(evolveQuality(0.3, 0, 0.9, 30, p, 0.7).copied).toBe(false);
  });
  it('in a run, profitable miners add sybil uids; TAO stays conserved', () => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { days: 4 },
        subnets: { count: 2, initialUids: 20, validators: 4 },
        stake: { validators: 4 },
        miners: {
          model: 'economic',
          arrivalsPerSubnetPerDay: 0,
          sybilMarginUsd: 500,
          budgetTao: 5,
          qualityDecayPerDay: 0.02,
          copyProbabilityPerDay: 0.2,
        },
      },
      'inline',
    );
    const r = runScenario(sc, 4);
    expect(Number(r.summary.registrations)).toBeGreaterThan(0); // no arrivals: every registration is a sybil
    expect(taoHeld(r.network)).toBe(r.network.issuance);
  });
});
