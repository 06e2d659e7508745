// The exact epoch's stake-weighted column medians in AssemblyScript, part of
// sim/chain/yuma/wasm/consensus-stage.wasm (consensus-stage.ts is its entry and exports `exactMedians`
// from here): the medians as weightedMedianColumns in sim/chain/yuma/consensus.ts finds them in
// JavaScript (its proof, at exactColumnMedian, says why any exact search finds the chain's value):
// the members' weights laid out column-major, then each weighted column searched from its hint, the
// previous consensus.
//
// Values are I32F32 bits held in f64, as the JavaScript epoch holds them: integers, so the stake sums
// (at most 2^32 · members < 2^53) are exact in any order. The searches' windows and interpolated
// guesses are ordinary doubles; they decide how fast a median is found, never which.
//
// `exactMedians`' arguments are byte offsets into the module's memory, laid out by
// sim/chain/yuma/wasm-consensus.ts (`Medians`, 14 32-bit words), then the minority bound, Σu and the
// search window's relative width.

import { f64At, i32At, setF64 } from './memory-access';

/**
 * The weights (rows ptr/cols/vals, I32F32 bits in f64), the members (uids with active stake) and
 * their normalised stakes `u`; the column-major scores (columns · m), a flag per column that a member
 * weighted it, the medians (hints in, results out), the columns' relative moves and how many were
 * written (out), and one column's work space (vals/stakes, m each). Exported: the consensus stage's
 * arguments (consensus-stage.ts) extend these.
 */
@unmanaged
export class Medians {
  m: i32;
  columns: i32;
  ptr: usize;
  cols: usize;
  vals: usize;
  members: usize;
  u: usize;
  scores: usize;
  weighted: usize;
  median: usize;
  moves: usize;
  work: usize;
  stakes: usize;
  counted: i32;
}

/**
 * 1 where the condition holds, else 0, as a double (JavaScript's `+(condition)`): converted from the
 * integer, since V8 compiles a select between doubles to a branch, and these comparisons are
 * unpredictable.
 */
function one(condition: bool): f64 {
  return <f64>(<i32>condition);
}

/**
 * Every column's median into `median` (its incoming value the hint), with the relative moves of the
 * columns whose hint and median are both positive written to `moves`: returns how many (also in
 * `counted`).
 */
export function exactMedians(args: usize, minority: f64, stakeSum: f64, relative: f64): i32 {
  return columnMedians(changetype<Medians>(args), minority, stakeSum, relative);
}

/** exactMedians' work, on its arguments' block (the consensus stage's kernel calls it too). */
export function columnMedians(a: Medians, minority: f64, stakeSum: f64, relative: f64): i32 {
  const m = a.m;
  const columns = a.columns;
  const scores = a.scores;
  const weighted = a.weighted;
  const median = a.median;
  memory.fill(scores, 0, (<usize>columns * <usize>m) << 3);
  memory.fill(weighted, 0, <usize>columns);
  for (let k = 0; k < m; k++) {
    const i = i32At(a.members, k);
    const end = i32At(a.ptr, i + 1);
    for (let e = i32At(a.ptr, i); e < end; e++) {
      const j = i32At(a.cols, e);
      // A column outside the matrix counts nowhere (the JavaScript layout never reads it either).
      if (<u32>j >= <u32>columns) continue;
      setF64(scores, j * m + k, f64At(a.vals, e));
      store<u8>(weighted + <usize>j, 1);
    }
  }
  let counted = 0;
  for (let j = 0; j < columns; j++) {
    const hint = f64At(median, j);
    const found =
      load<u8>(weighted + <usize>j) == 0
        ? 0.0
        : columnMedian(
            scores + ((<usize>j * <usize>m) << 3),
            a.u,
            m,
            a.work,
            a.stakes,
            minority,
            stakeSum,
            hint,
            relative,
          );
    setF64(median, j, found);
    if (hint > 0 && found > 0) setF64(a.moves, counted++, Math.abs(found - hint) / hint);
  }
  a.counted = counted;
  return counted;
}

/** exactColumnMedian: the column's one score p with F(< p) ≤ minority < F(≤ p), searched from `hint`. */
function columnMedian(
  column: usize,
  u: usize,
  m: i32,
  vals: usize,
  stakes: usize,
  minority: f64,
  stakeSum: f64,
  hint: f64,
  relative: f64,
): f64 {
  if (m == 0) return 0;
  if (minority < 0 || minority >= stakeSum) {
    const largest = minority >= 0;
    let r = f64At(column, 0);
    for (let q = 1; q < m; q++) r = largest ? Math.max(r, f64At(column, q)) : Math.min(r, f64At(column, q));
    return r;
  }
  if (!(hint > 0)) hint = f64At(column, m >> 1);
  const low = hint - hint * relative;
  const high = hint + hint * relative;
  let below = 0.0;
  let upTo = 0.0;
  let len = 0;
  let top = 0.0;
  for (let k = 0; k < m; k++) {
    const x = f64At(column, k);
    const w = f64At(u, k);
    const under = x < low;
    const within = x <= high;
    below += one(under) * w;
    upTo += one(within) * w;
    setF64(vals, len, x);
    setF64(stakes, len, w);
    len += <i32>within - <i32>under;
    if (x > top) top = x;
  }
  if (minority < below)
    return interpolated(vals, stakes, keep(column, u, m, vals, stakes, low, -1), minority, 0, below, 0, low);
  if (minority >= upTo)
    return interpolated(vals, stakes, keep(column, u, m, vals, stakes, high, 1), minority, upTo, stakeSum, high, top);
  return interpolated(vals, stakes, len, minority, below, upTo, low, high);
}

/** consensus.ts' `interpolated`: windows aimed where F would reach the minority, then `narrowed`. */
function interpolated(vals: usize, stakes: usize, len: i32, minority: f64, lo: f64, hi: f64, a: f64, b: f64): f64 {
  while (len > 8) {
    const guess = a + ((minority - lo) / (hi - lo)) * (b - a);
    const h = (2 * (b - a)) / <f64>len;
    const low = guess - h;
    const high = guess + h;
    let below = 0.0;
    let upTo = 0.0;
    for (let t = 0; t < len; t++) {
      const x = f64At(vals, t);
      const w = f64At(stakes, t);
      below += one(x < low) * w;
      upTo += one(x <= high) * w;
    }
    let kept: i32;
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
    if (kept == len) break;
    len = kept;
  }
  return narrowed(vals, stakes, len, minority, lo, hi);
}

/** Keep, in order, the entries in [low, high]; returns the new length. */
function compactWithin(vals: usize, stakes: usize, len: i32, low: f64, high: f64): i32 {
  let w = 0;
  for (let t = 0; t < len; t++) {
    const x = f64At(vals, t);
    const s = f64At(stakes, t);
    setF64(vals, w, x);
    setF64(stakes, w, s);
    w += <i32>(x <= high) - <i32>(x < low);
  }
  return w;
}

/** The column's entries below (side −1) or above (side 1) `bound`, in order, into vals/stakes. */
function keep(column: usize, u: usize, m: i32, vals: usize, stakes: usize, bound: f64, side: i32): i32 {
  let w = 0;
  for (let k = 0; k < m; k++) {
    const x = f64At(column, k);
    setF64(vals, w, x);
    setF64(stakes, w, f64At(u, k));
    w += side < 0 ? <i32>(x < bound) : <i32>(x > bound);
  }
  return w;
}

/** Keep, in order, the entries below (side −1) or above (side 1) the pivot; returns the new length. */
function compact(vals: usize, stakes: usize, len: i32, pivot: f64, side: i32): i32 {
  let w = 0;
  for (let t = 0; t < len; t++) {
    const x = f64At(vals, t);
    const s = f64At(stakes, t);
    setF64(vals, w, x);
    setF64(stakes, w, s);
    w += side < 0 ? <i32>(x < pivot) : <i32>(x > pivot);
  }
  return w;
}

/** The chain's quickselect loop from a partition vals/stakes[0..len) with bounds lo, hi. */
function narrowed(vals: usize, stakes: usize, len: i32, minority: f64, lo: f64, hi: f64): f64 {
  while (len != 1) {
    const pivot = f64At(vals, len >> 1);
    let sL = 0.0;
    let sU = 0.0;
    let nL = 0;
    let nU = 0;
    for (let t = 0; t < len; t++) {
      const x = f64At(vals, t);
      const w = f64At(stakes, t);
      const below = x < pivot;
      const above = x > pivot;
      sL += one(below) * w;
      sU += one(above) * w;
      nL += <i32>below;
      nU += <i32>above;
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
  return f64At(vals, 0);
}
