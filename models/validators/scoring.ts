// Validators scoring miners, as weight vectors: a per-validator view over the scoring rules, defined
// by the scoring kernel's reference (sim/kernels/scoring-reference.ts; docs/explanation/kernels.md)
// and computed by its fast CPU backend, which gives the reference's bytes (test/kernels-scoring.test.ts). An honest validator scores each miner at its true quality plus
// noise (σ relative to the mean quality, counter-based so any cell can be drawn on its own), raises
// the score to the subnet's incentive curve and scales the best miner to 65535; an under-weighter
// multiplies competitors' quality; a cabal member splits its weight between the teams. The study
// games call this; a run batches every subnet into one kernel call (sim/run/agents/validator-scoring.ts).

import { scoreBatchCpu } from '../../sim/kernels/scoring-cpu.ts';
import type { ScoringInput } from '../../sim/kernels/scoring-reference.ts';

export interface WeightVector {
  dests: number[];
  values: number[];
}

export interface ScoringValidator {
  /** u32 key of the validator's noise stream (streamKey of a stable name). */
  key: number;
  /** σ of the score noise relative to the mean quality (0 = perfect evaluation). */
  noise: number;
  /** The subnet's incentive curve: scores are raised to this power (default 1). */
  exponent?: number;
  /** Multiplier on the quality of miners not in `own` (default 1 = honest). */
  competitorFactor?: number;
  /** Cabal members: the share of the total weight put on `own` (the rest on everyone else). */
  selfWeight?: number;
}

export interface ScoredMiners {
  /** quality[k]: the true quality of the miner at uid firstUid + k; NaN = not a serving miner. */
  quality: ArrayLike<number>;
  firstUid?: number;
  /** Uids run by the attacking group (under-weighters' and cabal members' own miners). */
  own?: ReadonlySet<number>;
  /** u32 noise seed and u32 counter (e.g. the epoch): with a row's key they fix its noise. */
  seed: number;
  counter: number;
}

/** One weight vector per validator (null when it yields none: no serving miner or every score 0). */
export function scoreValidators(
  miners: ScoredMiners,
  validators: readonly ScoringValidator[],
): (WeightVector | null)[] {
  const M = miners.quality.length;
  const V = validators.length;
  const first = miners.firstUid ?? 0;
  const x: ScoringInput = {
    subnets: 1,
    validators: V,
    miners: M,
    quality: Float32Array.from(miners.quality),
    own: Uint8Array.from({ length: M }, (_, k) => (miners.own?.has(first + k) ? 1 : 0)),
    active: new Uint8Array(V).fill(1),
    noise: Float32Array.from(validators, (v) => v.noise),
    exponent: Float32Array.from(validators, (v) => v.exponent ?? 1),
    competitorFactor: Float32Array.from(validators, (v) => v.competitorFactor ?? 1),
    selfWeight: Float32Array.from(validators, (v) => v.selfWeight ?? -1),
    key: Uint32Array.from(validators, (v) => v.key),
    counter: miners.counter >>> 0,
    seed: miners.seed >>> 0,
  };
  const out = scoreBatchCpu(x);
  const serving: number[] = [];
  for (let k = 0; k < M; k++) if (!Number.isNaN(x.quality[k])) serving.push(k);
  return validators.map((_, r) =>
    out.counts[r] === 0
      ? null
      : { dests: serving.map((k) => first + k), values: serving.map((k) => out.weights[r * M + k]) },
  );
}
