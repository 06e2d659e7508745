// AssemblyScript source of sim/chain/yuma/wasm/bond-ema.wasm (`npm run build:wasm`; a test compiles
// it again and compares the bytes): the bond EMA's usual rows, as kernels.ts computes them in
// JavaScript, each row loop written once over its arithmetic (RowLoops): i64 for the exact epoch
// (native 64-bit integers make each I32F32 product one multiplication and a shift; in JavaScript it
// is a float product, a floor and an exactness check), f64 for the fast epoch (the JavaScript
// FLOAT64 kernel's operations in its order).
//
// - `liquidEmaAtZero` / `liquidEmaAtZeroF64`: liquidEmaRows (Yuma3 with liquid alpha) where every
//   cell of a row has d = 0, so α is the epoch's constant `atZero`.
// - `emaFixedAlpha` / `emaFixedAlphaF64`: emaRows (the fixed-rate EMA of both bond variants).
// - `colNormalizeRowSumsF64` (bond-normalize.ts): the fast epoch's colNormalizeWithRowSums.
//
// Each does the rows from … to − 1 in order and stops before the first row it cannot do: a row out
// of column order (the JavaScript kernels keep a dense path for those), a cell with d ≠ 0 (its α
// needs the sigmoid), a value outside [0, 1] (2^32 bits), where the products below could overflow,
// or a new entry's column outside [0, n). The JavaScript kernel does the rest from that row on.
// Rows are written as the JavaScript kernels write them: row ends into outPtr[i + 1] (outPtr[from]
// says where row `from` starts), entries into outCols/outVals (and their u16s into outU16), their
// column sums added into perColumn (see emit for when).
//
// Arguments are byte offsets into this module's memory, laid out by sim/chain/yuma/wasm-bond-ema.ts
// (the ones every kernel takes in a block of their own, `Rows`); values are held in f64: I32F32 bits
// (integers, exact) in the exact epoch, doubles in the fast one, as the JavaScript epoch holds them.

export { colNormalizeRowSumsF64 } from './bond-normalize';

const ONE: i64 = 1 << 32;

/** a ⊗ b in I32F32 for a, b in [0, 2^32]: floor(a·b / 2^32). a·b < 2^64 unless a = 2^32. */
function mulFixed(a: i64, b: i64): i64 {
  return a == ONE ? b : <i64>((<u64>a * <u64>b) >> 32);
}

/** A stored u16 bond as I32F32 bits: u ⊘ 65535 = u·65537 + (1 if u = 65535), as integerRatio. */
function bondBits(u: i64): i64 {
  return u * 65537 + (u == 65535 ? 1 : 0);
}

/**
 * Stored bond b of a row as the fixed-rate EMA reads it, in T: u ⊘ 65535 (Yuma3), or u over its
 * column's total (original Yuma; integerRatio: floor(u·2^32 / total) in I32F32, u / total in doubles;
 * total = 0 leaving u as a value).
 */
function storedBond<T>(sVals: usize, b: i32, colTotal: usize, j: i32, byTotal: bool): T {
  const u = u16At(sVals, b);
  if (!byTotal) return bondOf<T>(u);
  if (isInteger<T>()) {
    const total = <i64>f64At(colTotal, j);
    return <T>(total == 0 ? u << 32 : (u << 32) / total);
  }
  const total = f64At(colTotal, j);
  return <T>(total == 0 ? <f64>u : <f64>u / total);
}

function i32At(base: usize, k: i32): i32 {
  return load<i32>(base + ((<usize>k) << 2));
}

function f64At(base: usize, k: i32): f64 {
  return load<f64>(base + ((<usize>k) << 3));
}

function u16At(base: usize, k: i32): i64 {
  return <i64>load<u16>(base + ((<usize>k) << 1));
}

/** Whether cols[a0..a1) is strictly ascending and cols2[b0..b1) holds the same columns. */
function sameAscending(a: usize, a0: i32, a1: i32, b: usize, b0: i32, b1: i32): bool {
  if (a1 - a0 != b1 - b0) return false;
  let last: i32 = -1;
  for (let k = a0, d = b0 - a0; k < a1; k++) {
    const j = i32At(a, k);
    if (j <= last || i32At(b, k + d) != j) return false;
    last = j;
  }
  return true;
}

function ascending(cols: usize, from: i32, to: i32): bool {
  for (let k = from + 1; k < to; k++) if (i32At(cols, k) <= i32At(cols, k - 1)) return false;
  return true;
}

/** Whether every value in vals[from..to) is in [0, 1]. */
function unitValues(vals: usize, from: i32, to: i32): bool {
  for (let k = from; k < to; k++) {
    const x = f64At(vals, k);
    if (!(x >= 0 && x <= <f64>ONE)) return false;
  }
  return true;
}

/** Where stored row i starts (row storedRows is where the last ends; rows past it are empty). */
function storedRowStart(sPtr: usize, i: i32, storedRows: i32): i32 {
  return i <= storedRows ? i32At(sPtr, i) : i32At(sPtr, storedRows);
}

/**
 * The arguments every kernel starts with, laid out in memory by sim/chain/yuma/wasm-bond-ema.ts
 * (16 32-bit words, in this order): the rows to do (from … to − 1), how many rows the stored bonds
 * have, n, then byte offsets: the new entries (nPtr/nCols/nVals), the stored bonds
 * (sPtr/sCols/sVals), the recently-registered flags, the output rows and the column sums.
 */
@unmanaged
class Rows {
  from: i32;
  to: i32;
  storedRows: i32;
  n: i32;
  nPtr: usize;
  nCols: usize;
  nVals: usize;
  sPtr: usize;
  sCols: usize;
  sVals: usize;
  recent: usize;
  outPtr: usize;
  outCols: usize;
  outVals: usize;
  outU16: usize;
  perColumn: usize;
}

/** A row the kernels do: its bonds on exactly its columns, read entry beside entry (SAME), or merged (MERGED). */
const SAME = 0;
const MERGED = 1;
/** A row left to JavaScript: out of column order, or a column outside [0, n). */
const OTHER = 2;

/** How a new row cols[a0..a1) stands beside its stored bond row sCols[b0..b1). */
function rowLayout(cols: usize, a0: i32, a1: i32, sCols: usize, b0: i32, b1: i32, n: i32): i32 {
  if (!columnsBelow(cols, a0, a1, n)) return OTHER;
  if (sameAscending(cols, a0, a1, sCols, b0, b1)) return SAME;
  return ascending(cols, a0, a1) && ascending(sCols, b0, b1) ? MERGED : OTHER;
}

/** Whether every column in cols[from..to) is in [0, n) (the per-column arrays hold n values). */
function columnsBelow(cols: usize, from: i32, to: i32, n: i32): bool {
  for (let k = from; k < to; k++) if (<u32>i32At(cols, k) >= <u32>n) return false;
  return true;
}

/**
 * Entry `out` of the EMA: column j, value v (and its u16 with storeU16), and v added to column j's
 * sum. A row handed back to JavaScript part way must have added nothing: integer sums (I32F32 bits,
 * exact below 2^53) are added here and taken back (takeBack); double sums could not be taken back
 * exactly, so they are added once the row is finished (finishRow), in the row's order.
 */
function emit<T>(
  out: i32,
  j: i32,
  v: T,
  storeU16: bool,
  outCols: usize,
  outVals: usize,
  outU16: usize,
  perColumn: usize,
): void {
  store<i32>(outCols + ((<usize>out) << 2), j);
  store<f64>(outVals + ((<usize>out) << 3), toF64<T>(v));
  if (storeU16) store<u16>(outU16 + ((<usize>out) << 1), u16Of<T>(v));
  if (isInteger<T>()) addToColumn(perColumn, j, toF64<T>(v));
}

/** A row's entries rowStart … out − 1, handed back unfinished: their integer sums taken back out. */
function takeBack<T>(rowStart: i32, out: i32, outCols: usize, outVals: usize, perColumn: usize): void {
  if (isInteger<T>())
    for (let e = rowStart; e < out; e++) addToColumn(perColumn, i32At(outCols, e), -f64At(outVals, e));
}

/** A row's entries rowStart … out − 1, finished: their double sums added, in the row's order. */
function finishRow<T>(rowStart: i32, out: i32, outCols: usize, outVals: usize, perColumn: usize): void {
  if (!isInteger<T>())
    for (let e = rowStart; e < out; e++) addToColumn(perColumn, i32At(outCols, e), f64At(outVals, e));
}

function addToColumn(perColumn: usize, j: i32, v: f64): void {
  const sum = perColumn + ((<usize>j) << 3);
  store<f64>(sum, load<f64>(sum) + v);
}

/**
 * min((1 − α) ⊗ b + max(α ⊗ w, 0), 1), as the JavaScript kernel's liquidBond computes it in T. In a
 * d = 0 cell w ≥ b ≥ 0 and α ≥ 0, so α ⊗ w is never below 0 and the max changes nothing.
 */
function liquidBondT<T>(bond: T, w: T, atZero: T, keep: T): T {
  const v = mulT<T>(keep, bond) + mulT<T>(atZero, w);
  return v > oneT<T>() ? oneT<T>() : v;
}

function zero<T>(): T {
  return <T>0;
}

function oneT<T>(): T {
  if (isInteger<T>()) return <T>ONE;
  return <T>1.0;
}

/** An epoch value held as f64 (I32F32 bits, integers, or a double) in T. */
function epochValue<T>(x: f64): T {
  return <T>x;
}

function toF64<T>(v: T): f64 {
  return <f64>v;
}

/** a ⊗ b: I32F32's floored product (a, b in [0, 1]) or the double product. */
function mulT<T>(a: T, b: T): T {
  if (isInteger<T>()) return <T>mulFixed(<i64>a, <i64>b);
  return a * b;
}

/** A stored u16 bond read as u ⊘ 65535 (integerRatio in either arithmetic). */
function bondOf<T>(u: i64): T {
  if (isInteger<T>()) return <T>bondBits(u);
  return <T>(<f64>u / 65535.0);
}

/** What storage keeps of v in [0, 1]: fixed_proportion_to_u16 (floor(v·65535), for doubles clamped, as float64ToU16). */
function u16Of<T>(v: T): u16 {
  if (isInteger<T>()) return <u16>((<i64>v * 65535) >> 32);
  const x = <f64>v;
  if (!(x > 0)) return 0;
  const r = Math.floor(x * 65535.0);
  return <u16>(r > 65535.0 ? 65535.0 : r);
}

/**
 * The kernels' row loops, written once over their arithmetic T (i64 I32F32 bits or f64 doubles) and
 * inlined into each export (`@inline`: a call between the export and its loop measurably slowed the
 * exact fixed-rate kernel). Static methods only because the linter parses decorators on classes and
 * their members, not on functions.
 */
class RowLoops {
  /**
   * liquidEmaRows' rows where every cell has d = 0, in arithmetic T: i64 for the exact epoch (I32F32
   * bits, `liquidEmaAtZero`), f64 for the fast epoch (doubles, `liquidEmaAtZeroF64`; the same
   * operations in the same order as the JavaScript kernel's FLOAT64 copy, so the same doubles: WebAssembly
   * rounds every f64 operation as JavaScript does and never fuses them). α = atZero, 1 − α = keep.
   * A row handed back to JavaScript has added nothing to the column sums (emit, takeBack, finishRow).
   */
  @inline
  static liquidRowsAtZero<T>(rows: Rows, consensus: usize, atZero: T, keep: T): i32 {
    const from = rows.from;
    const to = rows.to;
    const storedRows = rows.storedRows;
    const n = rows.n;
    const wPtr = rows.nPtr;
    const wCols = rows.nCols;
    const wVals = rows.nVals;
    const sPtr = rows.sPtr;
    const sCols = rows.sCols;
    const sVals = rows.sVals;
    const recent = rows.recent;
    const outPtr = rows.outPtr;
    const outCols = rows.outCols;
    const outVals = rows.outVals;
    const outU16 = rows.outU16;
    const perColumn = rows.perColumn;
    let out = i32At(outPtr, from);
    for (let i = from; i < to; i++) {
      const s0 = storedRowStart(sPtr, i, storedRows);
      const s1 = storedRowStart(sPtr, i + 1, storedRows);
      const w0 = i32At(wPtr, i);
      const w1 = i32At(wPtr, i + 1);
      const layout = rowLayout(wCols, w0, w1, sCols, s0, s1, n);
      if (layout === OTHER) return i;
      const same = layout === SAME;
      const rowStart = out;
      let b = s0;
      for (let k = w0; k < w1; k++) {
        const j = i32At(wCols, k);
        const wf = f64At(wVals, k);
        let bond = zero<T>();
        if (same) {
          const u = u16At(sVals, b);
          b++;
          if (load<u8>(recent + <usize>j) == 0) bond = bondOf<T>(u);
        } else {
          while (b < s1 && i32At(sCols, b) < j) b++;
          if (b < s1 && i32At(sCols, b) == j && load<u8>(recent + <usize>j) == 0) bond = bondOf<T>(u16At(sVals, b));
        }
        const cf = f64At(consensus, j);
        // d = 0 exactly when bond ≤ w ≤ c (for I32F32, c ≤ 1 also keeps the products below 2^64).
        if (!(toF64<T>(bond) <= wf && wf <= cf && (!isInteger<T>() || cf <= <f64>ONE))) {
          takeBack<T>(rowStart, out, outCols, outVals, perColumn);
          return i;
        }
        const v = liquidBondT<T>(bond, epochValue<T>(wf), atZero, keep);
        if (v > zero<T>()) emit<T>(out++, j, v, true, outCols, outVals, outU16, perColumn);
      }
      finishRow<T>(rowStart, out, outCols, outVals, perColumn);
      store<i32>(outPtr + ((<usize>i + 1) << 2), out);
    }
    return to;
  }

  /**
   * emaRows' rows (the fixed-rate EMA of both bond variants) in arithmetic T, as liquidRowsAtZero: i64
   * I32F32 bits (`emaFixedAlpha`) or f64 doubles in the JavaScript FLOAT64 kernel's order
   * (`emaFixedAlphaF64`). Rows in column order; the first that is not, has a new value outside [0, 1]
   * or a stored bond past 1 is handed back with the rest.
   */
  @inline
  static emaFixedRows<T>(rows: Rows, colTotal: usize, alpha: T, oneMinus: T, byTotal: bool, storeU16: bool): i32 {
    const from = rows.from;
    const to = rows.to;
    const storedRows = rows.storedRows;
    const n = rows.n;
    const nPtr = rows.nPtr;
    const nCols = rows.nCols;
    const nVals = rows.nVals;
    const sPtr = rows.sPtr;
    const sCols = rows.sCols;
    const sVals = rows.sVals;
    const recent = rows.recent;
    const outPtr = rows.outPtr;
    const outCols = rows.outCols;
    const outVals = rows.outVals;
    const outU16 = rows.outU16;
    const perColumn = rows.perColumn;
    let out = i32At(outPtr, from);
    for (let i = from; i < to; i++) {
      let b = storedRowStart(sPtr, i, storedRows);
      const b1 = storedRowStart(sPtr, i + 1, storedRows);
      const a0 = i32At(nPtr, i);
      const a1 = i32At(nPtr, i + 1);
      const layout = rowLayout(nCols, a0, a1, sCols, b, b1, n);
      if (layout === OTHER || !unitValues(nVals, a0, a1)) return i;
      const same = layout === SAME;
      const rowStart = out;
      // A stored bond past 1 (only where a column's total is not the sum of its bonds) goes to the
      // JavaScript kernel with its row. k = a1 is the row's end: its remaining bonds, decayed only, up
      // to column n.
      for (let k = a0; k <= a1; k++) {
        const j = k < a1 ? i32At(nCols, k) : n;
        if (!same) {
          // Bonds before column j with no new entry beside them: decayed only.
          for (; b < b1 && i32At(sCols, b) < j; b++) {
            const jb = i32At(sCols, b);
            out = decayedOnly<T>(
              b,
              jb,
              out,
              sVals,
              recent,
              colTotal,
              oneMinus,
              byTotal,
              storeU16,
              outCols,
              outVals,
              outU16,
              perColumn,
            );
            if (out < 0) {
              takeBack<T>(rowStart, -out - 1, outCols, outVals, perColumn);
              return i;
            }
          }
        }
        if (k === a1) break;
        let v = mulT<T>(alpha, epochValue<T>(f64At(nVals, k)));
        if (same || (b < b1 && i32At(sCols, b) == j)) {
          if (load<u8>(recent + <usize>j) == 0) {
            const x = storedBond<T>(sVals, b, colTotal, j, byTotal);
            if (x > oneT<T>()) {
              takeBack<T>(rowStart, out, outCols, outVals, perColumn);
              return i;
            }
            v += mulT<T>(oneMinus, x);
          }
          b++;
        }
        if (v > zero<T>()) emit<T>(out++, j, v, storeU16, outCols, outVals, outU16, perColumn);
      }
      finishRow<T>(rowStart, out, outCols, outVals, perColumn);
      store<i32>(outPtr + ((<usize>i + 1) << 2), out);
    }
    return to;
  }
}

export function liquidEmaAtZero(rows: usize, consensus: usize, atZero: i64): i32 {
  const r = changetype<Rows>(rows);
  if (atZero < 0 || atZero > ONE) return r.from;
  return RowLoops.liquidRowsAtZero<i64>(r, consensus, atZero, ONE - atZero);
}

export function liquidEmaAtZeroF64(rows: usize, consensus: usize, atZero: f64, keep: f64): i32 {
  return RowLoops.liquidRowsAtZero<f64>(changetype<Rows>(rows), consensus, atZero, keep);
}

/**
 * Stored bond b (column jb) with no new entry beside it: (1 − α) ⊗ bond, emitted as entry `out` if
 * positive, nothing for a recently registered column. Returns the next entry, or −(out + 1) for a
 * bond past 1 (the row goes back to JavaScript).
 */
function decayedOnly<T>(
  b: i32,
  jb: i32,
  out: i32,
  sVals: usize,
  recent: usize,
  colTotal: usize,
  oneMinus: T,
  byTotal: bool,
  storeU16: bool,
  outCols: usize,
  outVals: usize,
  outU16: usize,
  perColumn: usize,
): i32 {
  if (load<u8>(recent + <usize>jb) != 0) return out;
  const x = storedBond<T>(sVals, b, colTotal, jb, byTotal);
  if (x > oneT<T>()) return -out - 1;
  const v = mulT<T>(oneMinus, x);
  if (v > zero<T>()) emit<T>(out++, jb, v, storeU16, outCols, outVals, outU16, perColumn);
  return out;
}

export function emaFixedAlpha(
  rows: usize,
  colTotal: usize,
  alpha: i64,
  oneMinus: i64,
  byTotal: bool,
  storeU16: bool,
): i32 {
  const r = changetype<Rows>(rows);
  // α + (1 − α) ≤ 1 keeps every value in [0, 1] (emaRates makes them sum to exactly 1).
  if (alpha < 0 || oneMinus < 0 || alpha + oneMinus > ONE) return r.from;
  return RowLoops.emaFixedRows<i64>(r, colTotal, alpha, oneMinus, byTotal, storeU16);
}

export function emaFixedAlphaF64(
  rows: usize,
  colTotal: usize,
  alpha: f64,
  oneMinus: f64,
  byTotal: bool,
  storeU16: bool,
): i32 {
  return RowLoops.emaFixedRows<f64>(changetype<Rows>(rows), colTotal, alpha, oneMinus, byTotal, storeU16);
}
