// Consensus: the stake-weighted median of each column (protocol.md §3.7; the chain's
// `weighted_median_col_sparse` and `weighted_median` in epoch/math.rs).
//
// One definition, two ways to find it. The chain's quickselect (§3.7) compares running stake sums
// with the minority bound. In I32F32 those sums are exact integers, and then the score it returns
// does not depend on its pivots: it is the one score p of the column with F(< p) ≤ minority < F(≤ p),
// F(·) the stake whose score is below (at or below) p (proof at `exactColumnMedian`). So the exact
// epoch may start from any pivot and any partition bounded by exact sums: it looks first in a
// window around the column's previous consensus (one pass), then aims by interpolation, so a median
// that moved by a few ranks is found in about two passes over the column. In doubles the sums
// round, so their order and the pivots matter, and the fast epoch runs the chain's quickselect
// literally (`literalMedians`, from the weights grouped by column).

import type { EpochArithmetic } from './arithmetic.ts';
import { type Csr, CsrBuilder } from './sparse.ts';
import { exactMediansWasm, type MedianMembers } from './wasm-consensus.ts';

/**
 * How far from its hint the exact search looks first for each column's median, as a fraction of the
 * hint: learnt from one call to the next (twice the median relative move of the medians last time),
 * so a subnet whose weights move by a few percent an epoch finds most medians in one pass over the
 * column and a short search among the entries near the hint. It decides speed only, never a result.
 * A subnet's consensus buffers keep one; a call without it starts from 0 (the hint alone).
 */
export class MedianReach {
  relative = 0;
}

/**
 * C_j for every column: the largest weight c such that validators holding at least κ of active
 * stake gave W_ij ≥ c. Validators with positive active stake take part, in uid order, with their
 * stakes normalised again; the minority bound is Σu − κ. Values already in `median` (the previous
 * epoch's consensus, when the caller keeps its buffer) are the exact search's first pivots, and
 * `reach` how wide it looks around them: they decide how fast the result is found, never what it is.
 */
export function weightedMedianColumns(
  A: EpochArithmetic,
  activeStake: ArrayLike<number>,
  weights: Csr,
  columns: number,
  kappa: number,
  median: Float64Array = new Float64Array(columns),
  reach: MedianReach = new MedianReach(),
): Float64Array {
  const search = medianMembers(A, activeStake, kappa);
  const { members, m, u, minority, stakeSum } = search;

  if (A.mode !== 'exact') return literalMedians(weights, members, m, u, columns, minority, stakeSum, median);

  const movesFound = exactMediansWasm(weights, search, columns, reach.relative, median);
  if (movesFound !== null) {
    learnReach(movesFound, movesFound.length, reach);
    return median;
  }

  // Scores laid out column-major: scores[j·m + k] = weight of member k on column j (0 if absent; a
  // column named twice in a row keeps the later entry, as the chain's dense column does). The buffer
  // is kept from call to call (this runs synchronously): only its first columns·m matter.
  const size = columns * m;
  if (scoresScratch.length < size) scoresScratch = new Float64Array(Math.max(size, 2 * scoresScratch.length));
  const scores = scoresScratch;
  scores.fill(0, 0, size);
  // Columns no member weighted (validators' own, usually a quarter of them) are all zeros, and the
  // median of zeros is 0 in both arithmetics whatever κ (quickselect returns an all-equal column's
  // score at once): they are marked here and skip the search.
  if (weightedScratch.length < columns) weightedScratch = new Uint8Array(Math.max(columns, 2 * weightedScratch.length));
  const weighted = weightedScratch;
  weighted.fill(0, 0, columns);
  const { ptr, cols: wCols, vals: wVals } = weights;
  for (let k = 0; k < m; k++) {
    const i = members[k];
    for (let e = ptr[i], end = ptr[i + 1]; e < end; e++) {
      const j = wCols[e];
      scores[j * m + k] = wVals[e];
      weighted[j] = 1;
    }
  }
  const vals = valsScratch;
  const stakes = stakesScratch;
  const relative = reach.relative;
  if (movesScratch.length < columns) movesScratch = new Float64Array(Math.max(columns, 2 * movesScratch.length));
  const moves = movesScratch; // |median − hint| / hint of the columns with a positive hint and median
  let counted = 0;
  for (let j = 0, base = 0; j < columns; j++, base += m) {
    const hint = median[j];
    const found =
      weighted[j] === 0 ? 0 : exactColumnMedian(scores, base, u, m, vals, stakes, minority, stakeSum, hint, relative);
    median[j] = found;
    if (hint > 0 && found > 0) moves[counted++] = Math.abs(found - hint) / hint;
  }
  learnReach(moves, counted, reach);
  return median;
}

/**
 * The members of the median search (uids with positive active stake, in uid order), their stakes
 * normalised again, Σu and the minority bound Σu − κ. Its arrays are scratch buffers, valid until the
 * next call.
 */
export function medianMembers(A: EpochArithmetic, activeStake: ArrayLike<number>, kappa: number): MedianMembers {
  if (membersScratch.length < activeStake.length) memberScratches(activeStake.length);
  const members = membersScratch;
  let m = 0;
  for (let i = 0; i < activeStake.length; i++) if (activeStake[i] > 0) members[m++] = i;
  const u = memberStakeScratch.subarray(0, m); // exactly m long: normalizeInPlace and sum read it whole
  for (let k = 0; k < m; k++) u[k] = activeStake[members[k]];
  A.normalizeInPlace(u);
  const stakeSum = A.sum(u);
  return { members, m, u, minority: stakeSum - kappa, stakeSum };
}

/**
 * The next search window from the columns' relative moves moves[0..counted) (sorted in place): twice
 * the median move (robust to the few columns whose median jumps: a miner registered or silenced),
 * which holds most medians in runs as in the benchmarks. No move leaves the window as it was.
 */
export function learnReach(moves: Float64Array, counted: number, reach: MedianReach): void {
  if (counted === 0) return;
  const sorted = moves.subarray(0, counted).sort();
  reach.relative = Math.min(1, REACH_FACTOR * sorted[counted >> 1]);
}

/**
 * The fast epoch's medians: the chain's quickselect run literally in doubles on each column, from
 * the weights by column instead of a dense members × columns layout (most members weight few
 * columns or none). Each column's entries, in member order, are those its members named (a column
 * named twice in a row keeps the later entry, as the chain's dense column does); the other members'
 * scores are 0. Where the pivot quickselect starts from (member m >> 1's score) is such a 0 and no
 * entry is negative, its first round is settled by the positive entries alone, in member order: no
 * score lies below 0 (sL = 0, and quickselect goes on only above the pivot), and the sum above it adds
 * the same stakes in the same order as the dense round (a member at 0 adds nothing). That is the
 * usual column; any other (the pivot member weighted it, every member did, or a negative entry) is
 * laid out densely and handed to quickselectColumn as it is.
 */
function literalMedians(
  weights: Csr,
  members: Int32Array,
  m: number,
  u: Float64Array,
  columns: number,
  minority: number,
  stakeSum: number,
  median: Float64Array,
): Float64Array {
  const byColumn = columnEntries(weights, members, m, columns);
  const { start, end, member, score } = byColumn;
  const vals = valsScratch;
  const stakes = stakesScratch;
  if (denseColumnScratch.length < m) denseColumnScratch = new Float64Array(2 * m);
  const pivotMember = m >> 1;
  for (let j = 0; j < columns; j++) {
    const from = start[j];
    const to = end[j];
    let sparse = to - from < m;
    for (let e = from; e < to && sparse; e++) if (member[e] === pivotMember || !(score[e] >= 0)) sparse = false;
    if (!sparse) {
      const dense = denseColumnScratch;
      dense.fill(0, 0, m);
      for (let e = from; e < to; e++) dense[member[e]] = score[e];
      median[j] = quickselectColumn(dense, 0, u, m, vals, stakes, minority, stakeSum);
      continue;
    }
    // The pivot is 0: quickselect's first round keeps the scores above it, with their stakes.
    let above = 0;
    let len = 0;
    for (let e = from; e < to; e++) {
      const x = score[e];
      if (x > 0) {
        const w = u[member[e]];
        above += w;
        vals[len] = x;
        stakes[len] = w;
        len++;
      }
    }
    if (len === 0) {
      // Every score is ±0: quickselect returns the first member's (−0 if that member gave −0).
      median[j] = from < to && member[from] === 0 ? score[from] : 0;
      continue;
    }
    median[j] = stakeSum - above <= minority ? narrowed(vals, stakes, len, minority, stakeSum - above, stakeSum) : 0;
  }
  return median;
}

/**
 * The members' weights grouped by column, each column's entries in member order: entries
 * start[j] … end[j] − 1 of member/score (member as an index into the members list). A pure scratch
 * (this runs synchronously), grown as needed.
 */
function columnEntries(weights: Csr, members: Int32Array, m: number, columns: number) {
  const { ptr, cols, vals } = weights;
  if (columnStartScratch.length < columns + 1) {
    columnStartScratch = new Int32Array(2 * (columns + 1));
    columnEndScratch = new Int32Array(2 * (columns + 1));
  }
  const start = columnStartScratch;
  const end = columnEndScratch;
  start.fill(0, 0, columns + 1);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const i = members[k];
    total += ptr[i + 1] - ptr[i];
    for (let e = ptr[i]; e < ptr[i + 1]; e++) if (cols[e] < columns) start[cols[e] + 1]++;
  }
  for (let j = 0; j < columns; j++) start[j + 1] += start[j];
  if (entryMemberScratch.length < total) {
    entryMemberScratch = new Int32Array(2 * total);
    entryScoreScratch = new Float64Array(2 * total);
  }
  const member = entryMemberScratch;
  const score = entryScoreScratch;
  end.set(start.subarray(0, columns));
  for (let k = 0; k < m; k++) {
    const i = members[k];
    for (let e = ptr[i]; e < ptr[i + 1]; e++) {
      const j = cols[e];
      if (j >= columns) continue; // outside the matrix (as in the dense layout, it counts nowhere)
      const at = end[j];
      // A column named again by the same member: the later entry replaces the earlier.
      if (at > start[j] && member[at - 1] === k) score[at - 1] = vals[e];
      else {
        member[at] = k;
        score[at] = vals[e];
        end[j] = at + 1;
      }
    }
  }
  return { start, end, member, score };
}

/** literalMedians' scratch: columnEntries' lists and one column laid out densely. */
let columnStartScratch = new Int32Array(0);
let columnEndScratch = new Int32Array(0);
let entryMemberScratch = new Int32Array(0);
let entryScoreScratch = new Float64Array(0);
let denseColumnScratch = new Float64Array(0);

/** MedianReach.relative = this many times the median relative move of the last call. */
const REACH_FACTOR = 2;

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
 * The search: one pass over the column with a window [hint − h, hint + h] (h = hint · relative;
 * any two bounds would do) gives F(< hint − h), F(≤ hint + h) and the scores inside the window. The
 * median lies inside when the first ≤ minority < the second, and then the search goes on from the
 * window's scores, whose bounds are those two sums; otherwise from the side where it lies
 * (`interpolated`, then the chain's loop, `narrowed`). Every partition it goes on from is the scores
 * in an interval with lo = F(below it) and hi = F(up to its top), so by the above the loop ends at
 * the one score with the property.
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
  relative: number,
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
  const low = hint - hint * relative;
  const high = hint + hint * relative;
  // One branch-free pass (comparisons of scores against the window are unpredictable): F(< low),
  // F(≤ high), and the scores in [low, high] with their stakes written to the front of vals/stakes.
  let below = 0;
  let upTo = 0;
  let len = 0;
  let top = 0; // the largest score (or 0): the far bound of the interpolation above the window
  for (let q = base, k = 0; q < end; q++, k++) {
    const x = scores[q];
    const w = u[k];
    const under = +(x < low);
    const within = +(x <= high);
    below += under * w;
    upTo += within * w;
    vals[len] = x;
    stakes[len] = w;
    len += within - under;
    if (x > top) top = x;
  }
  // Outside the window: the side the median lies on, aimed at between the window and 0 or the top.
  if (minority < below)
    return interpolated(vals, stakes, keep(scores, base, u, m, vals, stakes, low, -1), minority, 0, below, 0, low);
  if (minority >= upTo)
    return interpolated(
      vals,
      stakes,
      keep(scores, base, u, m, vals, stakes, high, 1),
      minority,
      upTo,
      stakeSum,
      high,
      top,
    );
  return interpolated(vals, stakes, len, minority, below, upTo, low, high);
}

/**
 * `narrowed` from the partition vals/stakes[0..len) of the scores in [a, b], after rounds that aim at
 * the median by interpolation: where F would reach the minority if the scores were spread evenly
 * over [a, b], a window about four scores wide. The part the median lies in (below the window, in
 * it or above it) is kept with its bounds, as in `exactColumnMedian`; a round that keeps every score
 * hands over to `narrowed`, so the rounds end. Exact sums only (I32F32).
 */
function interpolated(
  vals: Float64Array,
  stakes: Float64Array,
  len: number,
  minority: number,
  lo: number,
  hi: number,
  a: number,
  b: number,
): number {
  while (len > 8) {
    const guess = a + ((minority - lo) / (hi - lo)) * (b - a);
    const h = (2 * (b - a)) / len;
    const low = guess - h;
    const high = guess + h;
    let below = 0;
    let upTo = 0;
    for (let t = 0; t < len; t++) {
      const x = vals[t];
      const w = stakes[t];
      below += +(x < low) * w;
      upTo += +(x <= high) * w;
    }
    let kept: number;
    if (minority < lo + below) {
      kept = compact(vals, stakes, len, low, -1);
      hi = lo + below;
      b = low;
    } else if (minority >= lo + upTo) {
      kept = compact(vals, stakes, len, high, 1);
      lo += upTo;
      a = high;
    } else {
      kept = compactWithin(vals, stakes, len, low, high);
      hi = lo + upTo;
      lo += below;
      a = low;
      b = high;
    }
    if (kept === len) break;
    len = kept;
  }
  return narrowed(vals, stakes, len, minority, lo, hi);
}

/** Keep, in order, the entries in [low, high]; returns the new length. */
function compactWithin(vals: Float64Array, stakes: Float64Array, len: number, low: number, high: number): number {
  let w = 0;
  for (let t = 0; t < len; t++) {
    const x = vals[t];
    const s = stakes[t];
    vals[w] = x;
    stakes[w] = s;
    w += +(x <= high) - +(x < low);
  }
  return w;
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
/** Which columns have an entry from a member (weightedMedianColumns; a pure scratch buffer). */
let weightedScratch = new Uint8Array(0);
/** The columns' relative moves (weightedMedianColumns; a pure scratch buffer). */
let movesScratch = new Float64Array(0);
/**
 * weightedMedianColumns' members (uids with active stake), their stakes, and the column searches'
 * work space (scores and stakes of one column's remaining partition: m values at most); pure scratch
 * buffers, at least as long as the stake vector.
 */
let membersScratch = new Int32Array(0);
let memberStakeScratch = new Float64Array(0);
let valsScratch = new Float64Array(0);
let stakesScratch = new Float64Array(0);

function memberScratches(length: number): void {
  const size = Math.max(length, 2 * membersScratch.length);
  membersScratch = new Int32Array(size);
  memberStakeScratch = new Float64Array(size);
  valsScratch = new Float64Array(size);
  stakesScratch = new Float64Array(size);
}

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
 *
 * Branch-free: about half of a column's entries lie above its consensus, in no order a branch
 * predictor could learn. The clipped value is picked from a two-slot array by the comparison (exact
 * in both arithmetics, unlike a blend of the two), every entry is written, and the write position
 * moves past it unless it vanished; a vanished entry adds 0 to its row's sum, which changes no sum.
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
  const pick = clipPick;
  let nnz = 0;
  for (let i = 0; i < w.rows; i++) {
    let sum = 0;
    for (let k = ptr[i], end = ptr[i + 1]; k < end; k++) {
      const j = cols[k];
      const c = consensus[j];
      const v = vals[k];
      const above = +(c < v);
      pick[0] = v;
      pick[1] = c;
      const x = pick[above];
      const kept = 1 - above * +!(c > 0);
      outCols[nnz] = j;
      outVals[nnz] = x;
      nnz += kept;
      sum += x * kept;
    }
    clipped.ptr[i + 1] = nnz;
    if (rowSums) rowSums[i] = sum;
  }
  return out.finishFilled(nnz);
}

/** clipToConsensus' two-slot choice: [the entry, its column's consensus]. */
const clipPick = new Float64Array(2);
