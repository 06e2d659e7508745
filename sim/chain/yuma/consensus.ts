// Consensus: the stake-weighted median of each column (protocol.md §3.7; the chain's
// `weighted_median_col_sparse` and `weighted_median` in epoch/math.rs).
//
// One definition, two ways to find it. The chain's quickselect (§3.7) compares running stake sums
// with the minority bound. In I32F32 those sums are exact integers, and then the score it returns
// does not depend on its pivots: it is the one score p of the column with F(< p) ≤ minority < F(≤ p),
// F(·) the stake whose score is below (at or below) p (proof at `exactColumnMedian`). So the exact
// epoch may start from any pivot: it starts from the column's previous consensus, which usually ends
// the search in one or two passes. In doubles the sums round, so their order and the pivots matter,
// and the fast epoch runs the chain's quickselect literally (`quickselectColumn`).

import type { EpochArithmetic } from './arithmetic.ts';
import { type Csr, CsrBuilder } from './sparse.ts';

/**
 * C_j for every column: the largest weight c such that validators holding at least κ of active
 * stake gave W_ij ≥ c. Validators with positive active stake take part, in uid order, with their
 * stakes normalised again; the minority bound is Σu − κ. Values already in `median` (the previous
 * epoch's consensus, when the caller keeps its buffer) are the exact search's first pivots: they
 * decide how fast the result is found, never what it is.
 */
export function weightedMedianColumns(
  A: EpochArithmetic,
  activeStake: ArrayLike<number>,
  weights: Csr,
  columns: number,
  kappa: number,
  median: Float64Array = new Float64Array(columns),
): Float64Array {
  const members: number[] = [];
  for (let i = 0; i < activeStake.length; i++) if (activeStake[i] > 0) members.push(i);
  const m = members.length;
  const u = new Float64Array(m);
  for (let k = 0; k < m; k++) u[k] = activeStake[members[k]];
  A.normalizeInPlace(u);
  const stakeSum = A.sum(u);
  const minority = stakeSum - kappa;

  // Scores laid out column-major: scores[j·m + k] = weight of member k on column j (0 if absent; a
  // column named twice in a row keeps the later entry, as the chain's dense column does). The buffer
  // is kept from call to call (this runs synchronously): only its first columns·m matter.
  const size = columns * m;
  if (scoresScratch.length < size) scoresScratch = new Float64Array(Math.max(size, 2 * scoresScratch.length));
  const scores = scoresScratch;
  scores.fill(0, 0, size);
  for (let k = 0; k < m; k++) {
    const i = members[k];
    for (let e = weights.ptr[i]; e < weights.ptr[i + 1]; e++) scores[weights.cols[e] * m + k] = weights.vals[e];
  }
  const vals = new Float64Array(m);
  const stakes = new Float64Array(m);
  const exact = A.mode === 'exact';
  for (let j = 0, base = 0; j < columns; j++, base += m)
    median[j] = exact
      ? exactColumnMedian(scores, base, u, m, vals, stakes, minority, stakeSum, median[j])
      : quickselectColumn(scores, base, u, m, vals, stakes, minority, stakeSum);
  return median;
}

/**
 * The chain's quickselect result for the column scores[base .. base + m) with stakes u, when sums are
 * exact (I32F32), found from the pivot `hint` first.
 *
 * Why any pivot gives the chain's value: its quickselect keeps a partition of the scores in (a, b)
 * with lo = F(≤ a) and hi = F(< b); at pivot p, lo + sL = F(< p) and hi − sU = F(≤ p). While
 * 0 ≤ minority < σ (σ = Σu) each move keeps lo ≤ minority < hi, so the pivot it returns has
 * F(< p) ≤ minority < F(≤ p), and exactly one score has that (F steps through minority at one score).
 * With minority < 0 (κ > σ) it only moves down and returns the smallest score; with minority ≥ σ
 * (κ = 0) only up, to the largest; with no member, 0.
 *
 * The search: one pass at the hint (the chain's first pivot if the hint is 0) gives F(< hint),
 * F(≤ hint) and the nearest score on each side with its stake. The median is the hint, or else one
 * of those two when the hint was one score off (a changed weight moves a column's median by a rank
 * or so); only otherwise does the chain's loop (`narrowed`) go on, from that score as its bound.
 */
function exactColumnMedian(
  scores: Float64Array,
  base: number,
  u: Float64Array,
  m: number,
  vals: Float64Array,
  stakes: Float64Array,
  minority: number,
  stakeSum: number,
  hint: number,
): number {
  if (m === 0) return 0;
  const end = base + m;
  if (minority < 0 || minority >= stakeSum) {
    const largest = minority >= 0;
    let r = scores[base];
    for (let q = base + 1; q < end; q++) r = largest ? Math.max(r, scores[q]) : Math.min(r, scores[q]);
    return r;
  }
  // No previous consensus (0: a first epoch, or a column nobody weighted): the chain's first pivot.
  if (!(hint > 0)) hint = scores[base + (m >> 1)];
  // One pass: F(< hint), F(≤ hint), and the nearest scores on either side with their stake. The
  // neighbour tests are written so that the unpredictable comparison (x against the hint) is rarely
  // reached: a new nearest score below the hint is rare once a near one is found.
  let below = 0;
  let atOrBelow = 0;
  let top = -1; // the largest score under the hint (scores are ≥ 0)
  let topMass = 0;
  let bottom = Number.POSITIVE_INFINITY; // the smallest score over it
  let bottomMass = 0;
  for (let q = base, k = 0; q < end; q++, k++) {
    const x = scores[q];
    const w = u[k];
    below += +(x < hint) * w;
    atOrBelow += +(x <= hint) * w;
    if (x >= top && x < hint) {
      topMass = x > top ? w : topMass + w;
      top = x;
    } else if (x <= bottom && x > hint) {
      bottomMass = x < bottom ? w : bottomMass + w;
      bottom = x;
    }
  }
  if (minority < below) {
    const underTop = below - topMass; // F(< top)
    if (underTop <= minority) return top;
    const len = keep(scores, base, u, m, vals, stakes, top, -1);
    return narrowed(vals, stakes, len, minority, 0, underTop);
  }
  if (minority < atOrBelow) return hint;
  const upToBottom = atOrBelow + bottomMass; // F(≤ bottom)
  if (minority < upToBottom) return bottom;
  const len = keep(scores, base, u, m, vals, stakes, bottom, 1);
  return narrowed(vals, stakes, len, minority, upToBottom, stakeSum);
}

/** The column's entries below (side −1) or above (side 1) `bound`, in order, into vals/stakes; returns how many. */
function keep(
  scores: Float64Array,
  base: number,
  u: Float64Array,
  m: number,
  vals: Float64Array,
  stakes: Float64Array,
  bound: number,
  side: number,
): number {
  let w = 0;
  for (let k = 0; k < m; k++) {
    const x = scores[base + k];
    vals[w] = x;
    stakes[w] = u[k];
    w += side < 0 ? +(x < bound) : +(x > bound);
  }
  return w;
}

/**
 * quickselect(scores[base .. base + m), u, …) without copying the column first: the first round
 * reads the column where it lies and its narrowing writes the kept entries into vals/stakes, where
 * the later rounds go on exactly as quickselect's (same pivots, same sums in the same order).
 */
function quickselectColumn(
  scores: Float64Array,
  base: number,
  u: Float64Array,
  m: number,
  vals: Float64Array,
  stakes: Float64Array,
  minority: number,
  hi0: number,
): number {
  if (m === 0) return 0;
  const first = scores[base];
  let k = 1;
  while (k < m && scores[base + k] === first) k++;
  if (k === m) return first;
  // m ≥ 2 here, so quickselect's `len === 1` exit does not apply to the first round.
  const pivot = scores[base + (m >> 1)];
  let sL = 0;
  let sU = 0;
  let nL = 0;
  let nU = 0;
  for (let t = 0; t < m; t++) {
    const x = scores[base + t];
    const below = +(x < pivot);
    const above = +(x > pivot);
    sL += below * u[t];
    sU += above * u[t];
    nL += below;
    nU += above;
  }
  if (minority < sL && nL > 0) {
    // lo = 0: lo + sL is sL.
    return narrowed(vals, stakes, keep(scores, base, u, m, vals, stakes, pivot, -1), minority, 0, 0 + sL);
  }
  if (hi0 - sU <= minority && nU > 0) {
    return narrowed(vals, stakes, keep(scores, base, u, m, vals, stakes, pivot, 1), minority, hi0 - sU, hi0);
  }
  return pivot;
}

/** quickselect's loop from a partition vals/stakes[0..len) with bounds lo, hi. */
function narrowed(
  vals: Float64Array,
  stakes: Float64Array,
  len: number,
  minority: number,
  lo: number,
  hi: number,
): number {
  for (;;) {
    if (len === 1) return vals[0];
    const pivot = vals[len >> 1];
    // Branch-free sums: comparisons of random weights are unpredictable, and mispredicted
    // branches would cost more than the arithmetic.
    let sL = 0;
    let sU = 0;
    let nL = 0;
    let nU = 0;
    for (let t = 0; t < len; t++) {
      const x = vals[t];
      const below = +(x < pivot);
      const above = +(x > pivot);
      sL += below * stakes[t];
      sU += above * stakes[t];
      nL += below;
      nU += above;
    }
    if (minority < lo + sL && nL > 0) {
      len = compact(vals, stakes, len, pivot, -1);
      hi = lo + sL;
    } else if (hi - sU <= minority && nU > 0) {
      len = compact(vals, stakes, len, pivot, 1);
      lo = hi - sU;
    } else {
      return pivot;
    }
  }
}

/** weightedMedianColumns' column-major scores, reused (a pure scratch buffer). */
let scoresScratch = new Float64Array(0);

/**
 * The chain's deterministic weighted quickselect, iterated instead of recursed. Partitions keep
 * positions in their original order and drop entries equal to the pivot, exactly as the chain
 * does, so ties resolve identically.
 */
export function quickselect(
  vals: Float64Array,
  stakes: Float64Array,
  m: number,
  minority: number,
  hi0: number,
): number {
  if (m === 0) return 0;
  // A column where every member gave the same score: the chain's first pivot is that score, both
  // partitions are empty, and the pivot is returned.
  const first = vals[0];
  let k = 1;
  while (k < m && vals[k] === first) k++;
  if (k === m) return first;

  // The current partition is vals/stakes[0..len), in original order; narrowing compacts it in place.
  return narrowed(vals, stakes, m, minority, 0, hi0);
}

/** Keep, in order, the entries below (side −1) or above (side 1) the pivot; returns the new length. */
function compact(vals: Float64Array, stakes: Float64Array, len: number, pivot: number, side: number): number {
  let w = 0;
  for (let t = 0; t < len; t++) {
    const x = vals[t];
    const s = stakes[t];
    vals[w] = x;
    stakes[w] = s;
    w += side < 0 ? +(x < pivot) : +(x > pivot);
  }
  return w;
}

/**
 * §3.8 `col_clip_sparse`: entries above their column's consensus become it (or vanish if it is 0).
 * With `rowSums`, also each clipped row's sum (`row_sum_sparse`, validator trust), in the same pass:
 * the same additions in the same order as `row_sum_sparse` over the result.
 */
export function clipToConsensus(
  w: Csr,
  consensus: Float64Array,
  out = new CsrBuilder(w.rows, w.cols.length),
  rowSums?: Float64Array,
): Csr {
  const { ptr, cols, vals } = w;
  const clipped = out.fillBuffers(cols.length);
  const outCols = clipped.cols;
  const outVals = clipped.vals;
  let nnz = 0;
  for (let i = 0; i < w.rows; i++) {
    let sum = 0;
    for (let k = ptr[i], end = ptr[i + 1]; k < end; k++) {
      const j = cols[k];
      const c = consensus[j];
      let v = vals[k];
      if (c < v) {
        if (!(c > 0)) continue;
        v = c;
      }
      outCols[nnz] = j;
      outVals[nnz] = v;
      nnz++;
      sum += v;
    }
    clipped.ptr[i + 1] = nnz;
    if (rowSums) rowSums[i] = sum;
  }
  return out.finishFilled(nnz);
}
