// A weight copier (docs/models.md): it evaluates nothing. It reads the weights other validators
// have on chain (with commit-reveal: only those already revealed), computes the stake-weighted
// consensus from them exactly as the epoch would, and submits that. Commit-reveal makes what it can
// read stale, and its own copy takes effect later still.

import * as F from '../../sim/chain/fixed/i32f32.ts';
import { fixedProportionToU16, u16ProportionToFixed } from '../../sim/chain/fixed/u16.ts';
import { I32F32_ARITHMETIC } from '../../sim/chain/yuma/arithmetic.ts';
import { weightedMedianColumns } from '../../sim/chain/yuma/consensus.ts';
import { I32F32_KERNELS } from '../../sim/chain/yuma/kernels.ts';
import type { NeuronState } from '../../sim/chain/yuma/neurons.ts';
import { maskedNormalizedWeights } from '../../sim/chain/yuma/weights.ts';
import type { WeightVector } from './scoring.ts';

/**
 * The consensus the copier can compute from `state` (stored weights of permitted validators other
 * than itself, stake-weighted with `stake`), as u16 weights over `uids`. Null when nothing is visible.
 */
export function copiedWeights(
  state: NeuronState,
  stake: readonly bigint[],
  self: number,
  kappa: number,
  uids: readonly number[],
): WeightVector | null {
  const n = state.n;
  const permit = state.validatorPermit.map((p, i) => p && i !== self && state.weights[i].cols.length > 0);
  const w = maskedNormalizedWeights(I32F32_KERNELS, {
    n,
    weights: state.weights,
    permitOld: permit,
    ownerUid: null,
    lastUpdate: state.lastUpdate,
    blockAtRegistration: state.blockAtRegistration,
  });
  let total = 0n;
  for (let i = 0; i < n; i++) if (permit[i]) total += stake[i];
  if (total === 0n) return null;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) if (permit[i]) a[i] = Number((stake[i] << 32n) / total);
  F.normalizeInPlace(a);
  const c = weightedMedianColumns(I32F32_ARITHMETIC, a, w, n, u16ProportionToFixed(kappa));
  const dests: number[] = [];
  const values: number[] = [];
  for (const j of uids) {
    const v = fixedProportionToU16(c[j]);
    if (v > 0) {
      dests.push(j);
      values.push(v);
    }
  }
  return dests.length ? { dests, values } : null;
}
