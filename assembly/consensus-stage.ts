// AssemblyScript source of sim/chain/yuma/wasm/consensus-stage.wasm (`npm run build:wasm`; a test
// compiles it again and compares the bytes): the exact epoch's consensus stage (protocol.md §3.6
// step 6 to §3.9), as sim/chain/yuma/epoch.ts' consensusStage computes it in JavaScript, bit for bit:
// - the masked weights (u16 integers) normalised row by row: floor(w·2^32 / Σw) (normalizeIntegerRows);
// - each column's stake-weighted median, the consensus (weighted-median.ts, also exported alone as
//   `exactMedians` for weightedMedianColumns);
// - the weights clipped to it, each clipped row's sum (validator trust) (clipToConsensus);
// - the ranks: Σ_i activeStake_i ⊗ clipped_ij per column (weightedColumnSums), not yet normalised.
//
// Values are I32F32 bits held in f64, as the JavaScript epoch holds them (converted to i64, signed: x64 has
// no unsigned conversion instruction, and every value is below 2^63). Every sum here adds
// integers below 2^53 in all, so it is exact in any order; the products are native 64-bit ones.
//
// Arguments are byte offsets into this module's memory, laid out by sim/chain/yuma/wasm-consensus.ts
// (`Stage`, 20 32-bit words), then the median search's minority bound, Σu and window width.

import { f64At, i32At, setF64, setI32 } from './memory-access';
import { columnMedians, Medians } from './weighted-median';

export { exactMedians } from './weighted-median';

const ONE: i64 = 1 << 32;
const TWO32: f64 = 4294967296.0;

/**
 * The median search's arguments (weighted-median.ts' `Medians`: columns is n, rows = columns; its
 * weights are the masked weights, normalised here in place), then the active stake (n), the clipped
 * weights written (ptr/cols/vals), the trust (n) and the ranks (n).
 */
@unmanaged
class Stage extends Medians {
  activeStake: usize;
  clippedPtr: usize;
  clippedCols: usize;
  clippedVals: usize;
  trust: usize;
  ranks: usize;
}

/**
 * The stage into the buffers `args` names: returns how many entries the clipped weights hold, or −1
 * where an input is outside what the kernel does (a column ≥ n, a weight that is no u16, an active
 * stake outside [0, 1]); then the JavaScript stage runs instead and nothing written here is read.
 */
export function exactConsensusStage(args: usize, minority: f64, stakeSum: f64, relative: f64): i32 {
  const s = changetype<Stage>(args);
  const n = s.columns;
  if (!normalizeRows(n, s.ptr, s.cols, s.vals)) return -1;
  for (let i = 0; i < n; i++) {
    const a = f64At(s.activeStake, i);
    if (!(a >= 0 && a <= <f64>ONE && a == Math.floor(a))) return -1;
  }
  columnMedians(s, minority, stakeSum, relative);
  const nnz = clipRows(n, s.ptr, s.cols, s.vals, s.median, s.clippedPtr, s.clippedCols, s.clippedVals, s.trust);
  ranks(n, s.clippedPtr, s.clippedCols, s.clippedVals, s.activeStake, s.ranks);
  return nnz;
}

/**
 * Each row's u16 entries divided by its sum, in place: floor(w·2^32 / Σw), the integer
 * normalizeIntegerRows finds, the same way: one division per row, not per entry (a 64-bit division
 * costs tens of cycles), the quotient from the row's reciprocal, corrected exactly (x = w·2^32 < 2^48,
 * so the rounded product is within one of the floor and q·Σw, near x, is exact in a double). A row
 * summing to 0 holds only zeros and keeps them. False, with rows left part done, where a column is
 * ≥ n or an entry is no integer in [0, 65535].
 */
function normalizeRows(n: i32, ptr: usize, cols: usize, vals: usize): bool {
  for (let i = 0; i < n; i++) {
    const from = i32At(ptr, i);
    const to = i32At(ptr, i + 1);
    let total = 0.0;
    for (let k = from; k < to; k++) {
      const w = f64At(vals, k);
      if (<u32>i32At(cols, k) >= <u32>n || !(w >= 0 && w <= 65535 && w == Math.floor(w))) return false;
      total += w;
    }
    if (total == 0) continue;
    const inverse = 1.0 / total;
    for (let k = from; k < to; k++) {
      const x = f64At(vals, k) * TWO32;
      let q = Math.floor(x * inverse);
      if (q * total > x) q -= 1;
      else if ((q + 1) * total <= x) q += 1;
      setF64(vals, k, q);
    }
  }
  return true;
}

/**
 * `col_clip_sparse` with each clipped row's sum, as clipToConsensus: an entry above its column's
 * consensus c becomes c, or vanishes where c is 0. Every entry is written and the write position
 * moves past it unless it vanished (the comparisons are unpredictable: no branch on them). Returns
 * the entries kept.
 */
function clipRows(
  n: i32,
  ptr: usize,
  cols: usize,
  vals: usize,
  consensus: usize,
  outPtr: usize,
  outCols: usize,
  outVals: usize,
  trust: usize,
): i32 {
  let nnz = 0;
  setI32(outPtr, 0, 0);
  for (let i = 0; i < n; i++) {
    let sum = 0.0;
    const end = i32At(ptr, i + 1);
    for (let k = i32At(ptr, i); k < end; k++) {
      const j = i32At(cols, k);
      // The smaller of c and v from their bits, without a branch (V8 compiles a select to one): both
      // are non-negative doubles, whose bits order as their values, and d < 0 exactly when c < v.
      const c = reinterpret<i64>(f64At(consensus, j));
      const v = reinterpret<i64>(f64At(vals, k));
      const d = c - v;
      const x = reinterpret<f64>(v + (d & (d >> 63)));
      const kept = <i32>(d >= 0) | <i32>(c > 0);
      setI32(outCols, nnz, j);
      setF64(outVals, nnz, x);
      nnz += kept;
      sum += x * <f64>kept;
    }
    setI32(outPtr, i + 1, nnz);
    setF64(trust, i, sum);
  }
  return nnz;
}

/**
 * `matmul_sparse` of the clipped weights by the active stake: r_j = Σ_i a_i ⊗ w_ij, each product
 * floored on its own (I32F32: a, w in [0, 2^32], so a·w < 2^64 unless a = 2^32), as
 * weightedColumnSums; zero factors add nothing and are skipped, as there.
 */
function ranks(n: i32, ptr: usize, cols: usize, vals: usize, activeStake: usize, out: usize): void {
  memory.fill(out, 0, (<usize>n) << 3);
  for (let i = 0; i < n; i++) {
    const a = <i64>f64At(activeStake, i);
    if (a == 0) continue;
    const end = i32At(ptr, i + 1);
    for (let k = i32At(ptr, i); k < end; k++) {
      const w = <i64>f64At(vals, k);
      if (w == 0) continue;
      const product = a == ONE ? w : <i64>((<u64>a * <u64>w) >> 32);
      const j = i32At(cols, k);
      setF64(out, j, f64At(out, j) + <f64>product);
    }
  }
}
