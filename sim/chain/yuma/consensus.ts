// Consensus: the stake-weighted median of each column (protocol.md §3.7; the chain's
// `weighted_median_col_sparse` and `weighted_median` in epoch/math.rs).

import * as F from '../fixed/i32f32.ts';
import type { SparseMatrix } from './sparse.ts';

/**
 * C_j for every column: the largest weight c such that validators holding at least κ of active
 * stake gave W_ij ≥ c. Validators with positive active stake take part, in uid order, with their
 * stakes normalised again; the minority bound is Σu − κ.
 */
export function weightedMedianColumns(
  activeStake: ArrayLike<number>,
  weights: SparseMatrix,
  columns: number,
  kappa: number,
): Float64Array {
  const members: number[] = [];
  for (let i = 0; i < activeStake.length; i++) if (activeStake[i] > 0) members.push(i);
  const m = members.length;
  const u = new Float64Array(m);
  for (let k = 0; k < m; k++) u[k] = activeStake[members[k]];
  F.normalizeInPlace(u);
  const stakeSum = F.sum(u);
  const minority = stakeSum - kappa;

  // Scores laid out column-major: scores[j·m + k] = weight of member k on column j (0 if absent).
  const scores = new Float64Array(columns * m);
  for (let k = 0; k < m; k++) {
    const row = weights[members[k]];
    for (let e = 0; e < row.cols.length; e++) scores[row.cols[e] * m + k] = row.vals[e];
  }
  const median = new Float64Array(columns);
  const scratch = new Int32Array(2 * m + 2);
  for (let j = 0; j < columns; j++) {
    median[j] = quickselect(u, scores, j * m, m, minority, stakeSum, scratch);
  }
  return median;
}

/**
 * The chain's deterministic weighted quickselect, iterated instead of recursed. The partition
 * keeps positions in their original order and drops entries equal to the pivot, exactly as the
 * chain does, so ties resolve identically.
 */
function quickselect(
  u: Float64Array,
  scores: Float64Array,
  offset: number,
  m: number,
  minority: number,
  hi0: number,
  scratch: Int32Array,
): number {
  if (m === 0) return 0;
  // Fast exit: a column where every member gave the same score is that score.
  const first = scores[offset];
  let uniform = true;
  for (let k = 1; k < m; k++) {
    if (scores[offset + k] !== first) {
      uniform = false;
      break;
    }
  }
  if (uniform) return first;

  // idx lives in scratch[0..len); the next partition is written behind it.
  let len = m;
  for (let k = 0; k < m; k++) scratch[k] = k;
  let lo = 0;
  let hi = hi0;
  for (;;) {
    if (len === 0) return 0;
    if (len === 1) return scores[offset + scratch[0]];
    const pivot = scores[offset + scratch[len >> 1]];
    let sL = 0;
    let sU = 0;
    let nL = 0;
    let nU = 0;
    for (let t = 0; t < len; t++) {
      const x = scores[offset + scratch[t]];
      if (x < pivot) {
        sL += u[scratch[t]];
        nL++;
      } else if (x > pivot) {
        sU += u[scratch[t]];
        nU++;
      }
    }
    if (minority < lo + sL && nL > 0) {
      len = keep(scratch, len, scores, offset, (x) => x < pivot);
      hi = lo + sL;
    } else if (hi - sU <= minority && nU > 0) {
      len = keep(scratch, len, scores, offset, (x) => x > pivot);
      lo = hi - sU;
    } else {
      return pivot;
    }
  }
}

/** Compact scratch[0..len) to the positions whose score passes, preserving order. */
function keep(
  scratch: Int32Array,
  len: number,
  scores: Float64Array,
  offset: number,
  pass: (x: number) => boolean,
): number {
  let w = 0;
  for (let t = 0; t < len; t++) {
    const k = scratch[t];
    if (pass(scores[offset + k])) scratch[w++] = k;
  }
  return w;
}
