// An honest validator (docs/models.md): it scores each miner at the miner's true quality plus its own
// subjective noise, σ relative to the mean quality, and sets weights proportional to the scores.
// Validator scoring is the hot loop (every validator scores every miner every tempo), so it takes
// whole arrays and draws from one seeded stream per (validator, subnet).

import type { Rng } from '../../sim/engine/index.ts';
import { U16_MAX } from '../../sim/chain/fixed/u16.ts';

export interface HonestValidatorParams {
  /** σ of the score noise as a fraction of the mean quality (0 = perfect evaluation). */
  noise: number;
}

export interface WeightVector {
  dests: number[];
  values: number[];
}

/**
 * Weights from true qualities: `quality[uid]` is the miner's quality, or NaN for uids that are not
 * miners (validators, empty slots, miners that stopped). Observed scores below zero count as zero and
 * are raised to `exponent` (the subnet's incentive curve); values are scaled so the best miner gets
 * 65535 (the chain max-upscales anyway).
 */
export function honestWeights(quality: Float64Array, noise: number, rng: Rng, exponent = 1): WeightVector | null {
  let sum = 0;
  let count = 0;
  for (let j = 0; j < quality.length; j++) {
    if (!Number.isNaN(quality[j])) {
      sum += quality[j];
      count++;
    }
  }
  if (count === 0) return null;
  const sigma = noise * (sum / count);
  const dests = new Array<number>(count);
  const values = new Array<number>(count);
  let max = 0;
  let k = 0;
  for (let j = 0; j < quality.length; j++) {
    if (Number.isNaN(quality[j])) continue;
    const observed = Math.max(0, quality[j] + (sigma > 0 ? rng.normal(0, sigma) : 0));
    // The subnet's incentive curve: exponent 1 is proportional; larger exponents favour the best.
    const score = exponent === 1 ? observed : Math.pow(observed, exponent);
    dests[k] = j;
    values[k++] = score;
    if (score > max) max = score;
  }
  if (max === 0) return null;
  const scale = U16_MAX / max;
  for (let t = 0; t < count; t++) values[t] = Math.round(values[t] * scale);
  return { dests, values };
}
