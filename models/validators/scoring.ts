// Validator scoring, the hot loop of a run: every validator scores every miner every tempo. One
// batched entry point so that a kernel (the GPU-kernels issue) can replace it whole: a subnet's
// miner qualities and the validators scoring them, in, one weight vector per validator, out.

import type { Rng } from '../../sim/engine/index.ts';
import { honestWeights, type WeightVector } from './honest.ts';
import { U16_MAX } from '../../sim/chain/fixed/u16.ts';

export interface ScoringValidator {
  /** σ of the score noise relative to the mean quality. */
  noise: number;
  /** The subnet's incentive curve: scores are raised to this power. */
  exponent: number;
  /** Multiplier on other miners' scores (1 = honest; below 1 = under-weighting competitors). */
  competitorFactor: number;
  /** Uids the validator runs itself (not multiplied). */
  own: ReadonlySet<number>;
  /** Cabal members: the total weight put on `own` (the rest on everyone else); undefined = none. */
  selfWeight?: number;
  rng: Rng;
}

/** quality[uid]: the miner's true quality, NaN for uids that are not serving miners. */
export function scoreBatch(quality: Float64Array, validators: readonly ScoringValidator[]): (WeightVector | null)[] {
  return validators.map((v) => {
    const seen = v.competitorFactor === 1 ? quality : quality.map((q, uid) => (Number.isNaN(q) || v.own.has(uid) ? q : q * v.competitorFactor));
    const w = honestWeights(seen, v.noise, v.rng, v.exponent);
    return w && v.selfWeight !== undefined ? splitTeams(w, v.own, v.selfWeight) : w;
  });
}

/** Rescale a weight vector so that `own` uids hold `selfWeight` of the total and the rest 1 − selfWeight. */
function splitTeams(w: WeightVector, own: ReadonlySet<number>, selfWeight: number): WeightVector | null {
  let mine = 0;
  let theirs = 0;
  w.dests.forEach((d, k) => (own.has(d) ? (mine += w.values[k]) : (theirs += w.values[k])));
  const values = w.values.map((v, k) => {
    const isOwn = own.has(w.dests[k]);
    const total = isOwn ? mine : theirs;
    return total > 0 ? (v / total) * (isOwn ? selfWeight : 1 - selfWeight) : 0;
  });
  const max = Math.max(...values);
  if (max <= 0) return null;
  return { dests: w.dests, values: values.map((v) => Math.round((U16_MAX * v) / max)) };
}
