// The epoch's kernels: every loop that does arithmetic per entry or per uid (the part of the chain's
// `epoch/math.rs` the epoch uses), written once over an EpochArithmetic and compiled once per
// arithmetic. The algorithm that calls them (epoch.ts, bonds.ts, …) is arithmetic-free.
//
// Why compiled per arithmetic: V8 optimises a function from what its call sites have seen, and
// copies of one function literal share that record even as separate closures. Code that called
// `A.mul` for both arithmetics would see two targets, stop inlining them, and box every double it
// passes (measured: the fast epoch ~60 % slower after an exact one in the same process). So
// `compileKernels` turns `epochKernels`' own source text into a new function for each arithmetic
// (`new Function`): the same source, separately compiled, each copy's call sites seeing one
// arithmetic only. The rule this puts on `epochKernels`: it may use only its parameters and
// JavaScript's globals, never a module-level name (a copy is compiled outside this module); what it
// needs from elsewhere comes in through `lib`. docs/explanation/exactness.md, "One epoch, two
// arithmetics".

import { U16_MAX } from '../fixed/u16.ts';
import { type EpochArithmetic, FLOAT64_ARITHMETIC, I32F32_ARITHMETIC } from './arithmetic.ts';
import type { LiquidAlphaParams } from './liquid-alpha.ts';
import type { EpochScratch } from './scratch.ts';
import { type Csr, CsrBuilder, type U16Csr } from './sparse.ts';
import { colNormalizeWithRowSumsWasm, emaRowsWasm, liquidEmaRowsWasm } from './wasm-bond-ema.ts';

/** What the kernels use besides the arithmetic. */
const LIB = { CsrBuilder, U16_MAX, colNormalizeWithRowSumsWasm, emaRowsWasm, liquidEmaRowsWasm };

export function epochKernels(A: EpochArithmetic, lib: typeof LIB) {
  const { CsrBuilder, U16_MAX, colNormalizeWithRowSumsWasm, emaRowsWasm, liquidEmaRowsWasm } = lib;
  const {
    one,
    half,
    mul,
    div,
    scaled,
    mulScaled,
    reciprocal,
    divReciprocal,
    checkedMul,
    integerRatio,
    sigmoid,
    toU16,
    toBits,
  } = A;

  function clamp(x: number, lo: number, hi: number): number {
    return x < lo ? lo : x > hi ? hi : x;
  }

  // --- vectors --------------------------------------------------------------------------------------

  /** out_i = v_i ⊘ d. */
  function divideInto(out: Float64Array, v: Float64Array, d: number): Float64Array {
    for (let i = 0; i < v.length; i++) out[i] = div(v[i], d);
    return out;
  }

  /** out_i = a_i ⊗ b_i, 0 where `checked_mul` overflows. */
  function checkedProducts(out: Float64Array, a: Float64Array, b: Float64Array, n: number): Float64Array {
    for (let i = 0; i < n; i++) out[i] = checkedMul(a[i], b[i]);
    return out;
  }

  /** What storage keeps of each value (§3.12). */
  function toU16Vector(v: Float64Array): number[] {
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toU16(v[i]);
    return out;
  }

  /** The values as I32F32 bits (EpochResult.exact), in a new array. */
  function toBitsVector(v: Float64Array): Float64Array {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toBits(v[i]);
    return out;
  }

  // --- sparse matrices ------------------------------------------------------------------------------

  /**
   * Each row of integer entries (u16 weights) divided by its sum, in place; a zero row keeps its
   * entries as fixed values (`inplace_row_normalize_sparse` on u16_to_fixed values, computed from the
   * integers: `integerRatio`).
   *
   * In I32F32 the quotient floor(w·2^32 / R) is taken from one multiplication by the row's reciprocal
   * instead of a division per entry: w·2^32 < 2^48, so the rounded product is off the true quotient by
   * less than 2^-3 / R. A quotient that is not an integer is at least 1 / R from the next one, so the
   * floor is right; an integer quotient may come out just under itself, which the exact check
   * (q + 1)·R ≤ w·2^32 (products below 2^53) corrects. The downward check is a guard only. The same
   * integer as `integerRatio`, one division per row; doubles keep the division per entry (`w / R`).
   */
  function normalizeIntegerRows(m: Csr): void {
    const { ptr, vals } = m;
    const exact = A.mode === 'exact';
    for (let i = 0; i < m.rows; i++) {
      const from = ptr[i];
      const to = ptr[i + 1];
      let total = 0;
      for (let k = from; k < to; k++) total += vals[k];
      if (exact && total > 0) {
        const inverse = 1 / total;
        for (let k = from; k < to; k++) {
          const x = vals[k] * one;
          let q = Math.floor(x * inverse);
          if (q * total > x) q -= 1;
          else if ((q + 1) * total <= x) q += 1;
          vals[k] = q;
        }
      } else {
        for (let k = from; k < to; k++) vals[k] = integerRatio(vals[k], total);
      }
    }
  }

  /** `inplace_col_normalize_sparse`: each entry divided by its column's sum; zero columns unchanged. */
  function colNormalizeInPlace(m: Csr, columns: number, sums: Float64Array): void {
    sums.fill(0, 0, columns);
    const { cols, vals } = m;
    for (let k = 0; k < cols.length; k++) sums[cols[k]] += vals[k];
    for (let k = 0; k < cols.length; k++) {
      const cs = sums[cols[k]];
      if (cs !== 0) vals[k] = div(vals[k], cs);
    }
  }

  /**
   * `matmul_sparse`: r_j = Σ_i v_i ⊗ m_ij, each product floored on its own (in I32F32). Zero factors
   * are skipped: their product is 0 (and a zero operand is the slow case of the exact `mul`).
   */
  function weightedColumnSums(m: Csr, v: ArrayLike<number>, columns: number, out: Float64Array): Float64Array {
    out.fill(0, 0, columns);
    const { ptr, cols, vals } = m;
    for (let i = 0; i < m.rows; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      for (let k = ptr[i], end = ptr[i + 1]; k < end; k++) {
        const x = vals[k];
        if (x !== 0) out[cols[k]] += mul(vi, x);
      }
    }
    return out;
  }

  /**
   * The bonds' column normalisation and the dividends' row sums in one pass: each entry divided by its
   * column's sum in place (`inplace_col_normalize_sparse`; `sums` as the bond EMA leaves them, zero
   * columns unchanged), r_i = Σ_j m_ij ⊗ v_j over the normalised entries (`matmul_transpose_sparse`),
   * and, where `max` is given, the normalised columns' maxima into it (original Yuma's
   * `inplace_col_max_upscale_sparse`, which toStored applies; Yuma3 stores the u16s its EMA wrote).
   * Each column's sum and v_j are prepared once (divReciprocal, mulScaled) into `inverse` and `vScaled`.
   */
  function colNormalizeWithRowSums(
    m: Csr,
    columns: number,
    sums: Float64Array,
    v: ArrayLike<number>,
    out: Float64Array,
    max: Float64Array | null,
    inverse: Float64Array,
    vScaled: Float64Array,
  ): Float64Array {
    if (colNormalizeWithRowSumsWasm(m, columns, sums, v, out, max, A.mode)) return out;
    const { ptr, cols, vals } = m;
    if (max !== null) max.fill(0, 0, columns);
    // Doubles divide as they are: a reciprocal would only add a load per entry.
    const useInverse = A.mode === 'exact';
    for (let j = 0; j < columns; j++) {
      inverse[j] = reciprocal(sums[j]);
      vScaled[j] = scaled(v[j]);
    }
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let k = ptr[i], end = ptr[i + 1]; k < end; k++) {
        const j = cols[k];
        const cs = sums[j];
        const x = cs === 0 ? vals[k] : useInverse ? divReciprocal(vals[k], cs, inverse[j]) : div(vals[k], cs);
        vals[k] = x;
        s += mulScaled(vScaled[j], x);
        if (max !== null && max[j] < x) max[j] = x;
      }
      out[i] = s;
    }
    return out;
  }

  /** `row_hadamard_sparse`: m_ij ⊗ v_i, same structure (values into `vals`). */
  function scaleRows(m: Csr, v: ArrayLike<number>, vals: Float64Array): Csr {
    for (let i = 0; i < m.rows; i++) {
      const vi = v[i];
      for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) vals[k] = mul(m.vals[k], vi);
    }
    return { rows: m.rows, ptr: m.ptr, cols: m.cols, vals };
  }

  // --- bonds ----------------------------------------------------------------------------------------

  /**
   * Weights for bonds: W if β = 0, W̄ if β = 1 (both as they are, order and explicit zeros kept), else
   * W + β ⊗ (W̄ − W) over every column, keeping only strictly positive results, in column order
   * (`interpolate_sparse`).
   *
   * W̄'s row is W's row with some entries dropped, in the same order; so a row in strictly ascending
   * column order (the usual case) is walked once beside its clipped row, with no dense buffers or
   * sorting. Other rows (submission order, or a column named twice) go through dense buffers.
   */
  function weightsForBonds(w: Csr, clipped: Csr, beta: number, n: number): Csr {
    if (beta === 0) return w;
    if (beta === one) return clipped;
    const out = new CsrBuilder(n, w.cols.length);
    let a: Float64Array | null = null;
    let b: Float64Array | null = null;
    for (let i = 0; i < n; i++) {
      const w0 = w.ptr[i];
      const w1 = w.ptr[i + 1];
      let ascending = true;
      for (let k = w0 + 1; k < w1; k++) if (w.cols[k] <= w.cols[k - 1]) ascending = false;
      if (ascending) {
        let p = clipped.ptr[i];
        const p1 = clipped.ptr[i + 1];
        for (let k = w0; k < w1; k++) {
          const j = w.cols[k];
          let c = 0;
          if (p < p1 && clipped.cols[p] === j) c = clipped.vals[p++];
          const v = w.vals[k] + mul(beta, c - w.vals[k]);
          if (v > 0) out.push(j, v);
        }
        out.endRow();
        continue;
      }
      if (a === null || b === null) {
        a = new Float64Array(n);
        b = new Float64Array(n);
      }
      for (let k = w0; k < w1; k++) a[w.cols[k]] = w.vals[k];
      for (let k = clipped.ptr[i]; k < clipped.ptr[i + 1]; k++) b[clipped.cols[k]] = clipped.vals[k];
      // Only columns present in W can give a positive value (W̄'s columns are a subset of W's).
      const cols = w.cols.slice(w0, w1).sort();
      for (const j of cols) {
        const v = a[j] + mul(beta, b[j] - a[j]);
        if (v > 0) out.push(j, v);
      }
      for (const j of cols) {
        a[j] = 0;
        b[j] = 0;
      }
      out.endRow();
    }
    return out.finish();
  }

  /**
   * `mat_ema_sparse` of the stored bonds: e_ij = α ⊗ new_ij + (1 − α) ⊗ old_ij over the union of both
   * rows, keeping e > 0, in column order. old is row i of the stored u16 bonds without recently
   * registered columns (`recent`) and columns ≥ n, each read as u16 ⊘ 65535 when `colTotal` is null
   * (Yuma3's absolute bonds), else as u16_to_fixed column-normalised by those integer column totals
   * (original Yuma); read as it goes, with no loaded copy. Into ws.emaPtr/emaCols/emaVals, e's
   * column sums into ws.perColumn (summed in entry order, as inplace_col_normalize_sparse sums), and with
   * `storeU16` each entry's fixed_proportion_to_u16 into ws.emaU16 (Yuma3 stores e as it is).
   *
   * A row whose bonds hold exactly its new entries' columns (the usual row once bonds have formed:
   * test/bond-ema-paths.test.ts holds it to the merge) is read entry beside entry; other rows in
   * column order are merged; rows out of order accumulate densely (emaUnsortedRow). The rows before
   * the first out of order are done in WebAssembly (wasm-bond-ema.ts: in the exact epoch the same
   * values with native 64-bit products, in the fast one the same double operations in the same
   * order); this loop does the rest.
   */
  function emaRows(
    next: Csr,
    stored: U16Csr,
    recent: Uint8Array,
    colTotal: Float64Array | null,
    alpha: number,
    oneMinus: number,
    n: number,
    storeU16: boolean,
    ws: EpochScratch,
  ): Csr {
    ws.emaEntries(next.cols.length + stored.cols.length);
    const { emaPtr: ptr, emaCols, emaVals, emaU16, perColumn } = ws;
    const first = emaRowsWasm(next, stored, recent, colTotal, A.mode, alpha, oneMinus, n, storeU16, ws);
    if (first === 0) perColumn.fill(0, 0, n);
    const { cols: nCols, vals: nVals } = next;
    const { cols: sCols, vals: sVals } = stored;
    const storedRows = Math.min(n, stored.rows);
    const anyRecent = recent.indexOf(1) >= 0;
    const alphaScaled = scaled(alpha);
    const oneMinusScaled = scaled(oneMinus);
    let out = ptr[first]; // ptr[0] is 0; first = n (WebAssembly did every row) skips the loop
    for (let i = first; i < n; i++) {
      const a0 = next.ptr[i];
      const a1 = next.ptr[i + 1];
      let b = 0;
      let b1 = 0;
      if (i < storedRows) {
        b = stored.ptr[i];
        b1 = stored.ptr[i + 1];
      }
      const same = sameAscendingColumns(nCols, a0, a1, sCols, b, b1);
      if (!same && (!isAscending(nCols, a0, a1) || !isAscending(sCols, b, b1))) {
        out = emaUnsortedRow(next, stored, recent, colTotal, alpha, oneMinus, n, storeU16, ws, i, b, b1, out);
        ptr[i + 1] = out;
        continue;
      }
      if (same) {
        // The bond row holds exactly the new row's columns (a settled row): bond k beside entry k.
        for (let k = a0; k < a1; k++, b++) {
          const j = nCols[k];
          let v = mulScaled(alphaScaled, nVals[k]);
          if (!anyRecent || recent[j] === 0) v += mulScaled(oneMinusScaled, storedBond(sVals[b], j, colTotal));
          if (v > 0) {
            emaCols[out] = j;
            emaVals[out] = v;
            if (storeU16) emaU16[out] = toU16(v);
            perColumn[j] += v;
            out++;
          }
        }
        ptr[i + 1] = out;
        continue;
      }
      // Both rows in column order (the usual case): merge them. Each entry of the new row takes the
      // bonds before its column (decayed only), then its own bond if there is one. Dropped bond
      // columns (recent, or ≥ n: the row's tail, after every column of the new row) are skipped.
      for (let k = a0; k < a1; k++) {
        const j = nCols[k];
        for (; b < b1; b++) {
          const jb = sCols[b];
          if (jb >= j) break;
          if (recent[jb] !== 0) continue;
          const v = mulScaled(oneMinusScaled, storedBond(sVals[b], jb, colTotal));
          if (v > 0) {
            emaCols[out] = jb;
            emaVals[out] = v;
            if (storeU16) emaU16[out] = toU16(v);
            perColumn[jb] += v;
            out++;
          }
        }
        let v = mulScaled(alphaScaled, nVals[k]);
        if (b < b1 && sCols[b] === j) {
          if (recent[j] === 0) v += mulScaled(oneMinusScaled, storedBond(sVals[b], j, colTotal));
          b++;
        }
        if (v > 0) {
          emaCols[out] = j;
          emaVals[out] = v;
          if (storeU16) emaU16[out] = toU16(v);
          perColumn[j] += v;
          out++;
        }
      }
      for (; b < b1; b++) {
        const jb = sCols[b];
        if (jb >= n) break;
        if (recent[jb] !== 0) continue;
        const v = mulScaled(oneMinusScaled, storedBond(sVals[b], jb, colTotal));
        if (v > 0) out = pushEma(ws, out, jb, v, storeU16);
      }
      ptr[i + 1] = out;
    }
    return { rows: n, ptr, cols: emaCols.subarray(0, out), vals: emaVals.subarray(0, out) };
  }

  /**
   * Row i of emaRows where a row is out of column order (weights keep their submission order):
   * accumulated densely. Where the bond row is out of order only before its recent columns are
   * dropped, this gives what the merge would (the same sums, in the same order, emitted in column
   * order). The dense buffers `acc` and `touched` are all zero between uses.
   */
  function emaUnsortedRow(
    next: Csr,
    stored: U16Csr,
    recent: Uint8Array,
    colTotal: Float64Array | null,
    alpha: number,
    oneMinus: number,
    n: number,
    storeU16: boolean,
    ws: EpochScratch,
    i: number,
    b0: number,
    b1: number,
    out: number,
  ): number {
    const { acc, touched, list } = ws;
    let len = 0;
    for (let k = next.ptr[i]; k < next.ptr[i + 1]; k++) {
      const j = next.cols[k];
      acc[j] += mul(alpha, next.vals[k]);
      if (!touched[j]) {
        touched[j] = 1;
        list[len++] = j;
      }
    }
    for (let k = b0; k < b1; k++) {
      const j = stored.cols[k];
      if (j >= n || recent[j] !== 0) continue;
      acc[j] += mul(oneMinus, storedBond(stored.vals[k], j, colTotal));
      if (!touched[j]) {
        touched[j] = 1;
        list[len++] = j;
      }
    }
    const rowCols = list.subarray(0, len).sort();
    for (let t = 0; t < len; t++) {
      const j = rowCols[t];
      const v = acc[j];
      if (v > 0) out = pushEma(ws, out, j, v, storeU16);
      acc[j] = 0;
      touched[j] = 0;
    }
    return out;
  }

  /**
   * Entry `out` of the EMA in ws: column j, value v (and, with `storeU16`, the u16 storage keeps of
   * it), v added to column j's sum; returns the next entry's index.
   */
  function pushEma(ws: EpochScratch, out: number, j: number, v: number, storeU16: boolean): number {
    ws.emaCols[out] = j;
    ws.emaVals[out] = v;
    if (storeU16) ws.emaU16[out] = toU16(v);
    ws.perColumn[j] += v;
    return out + 1;
  }

  /** A stored bond u16 at column j as the EMA reads it (see emaRows). */
  function storedBond(u: number, j: number, colTotal: Float64Array | null): number {
    return integerRatio(u, colTotal === null ? U16_MAX : colTotal[j]);
  }

  /** Whether a[a0..a1) is in strictly ascending order and b[b0..b1) holds the same columns. */
  function sameAscendingColumns(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number): boolean {
    if (a1 - a0 !== b1 - b0) return false;
    let last = -1;
    for (let k = a0, d = b0 - a0; k < a1; k++) {
      const j = a[k];
      if (j <= last || b[k + d] !== j) return false;
      last = j;
    }
    return true;
  }

  function isAscending(cols: Int32Array, from: number, to: number): boolean {
    if (to - from < 2) return true;
    let last = cols[from];
    for (let k = from + 1; k < to; k++) {
      const j = cols[k];
      if (j <= last) return false;
      last = j;
    }
    return true;
  }

  /**
   * What the epoch stores (§3.12): every entry as fixed_proportion_to_u16, in rows of uids holding the
   * new permit; every other uid's row is emptied. The u16s are `u16` where given (the EMA's, entry
   * for entry), else computed here, with `max` (original Yuma) each entry first divided by its
   * column's maximum (`inplace_col_max_upscale_sparse`; zero columns unchanged). Into new arrays of
   * the exact size: the caller keeps them as the subnet's bonds. Consecutive permitted rows are one
   * run of entries, copied at once.
   */
  function toStored(m: Csr, permit: readonly boolean[], u16: Uint16Array | null, max: Float64Array | null): U16Csr {
    const { rows, ptr: mPtr, cols: mCols, vals: mVals } = m;
    let nnz = 0;
    for (let i = 0; i < rows; i++) if (permit[i]) nnz += mPtr[i + 1] - mPtr[i];
    const ptr = new Int32Array(rows + 1);
    const cols = new Int32Array(nnz);
    const vals = new Uint16Array(nnz);
    let w = 0;
    for (let i = 0; i < rows; ) {
      if (!permit[i]) {
        ptr[++i] = w;
        continue;
      }
      let end = i + 1;
      while (end < rows && permit[end]) end++;
      // Rows i .. end − 1: entries k0 .. k1 − 1 of m, to w .. of the stored matrix.
      const k0 = mPtr[i];
      const k1 = mPtr[end];
      const shift = w - k0;
      for (let r = i + 1; r <= end; r++) ptr[r] = mPtr[r] + shift;
      cols.set(mCols.subarray(k0, k1), w);
      if (u16 !== null) vals.set(u16.subarray(k0, k1), w);
      else {
        for (let k = k0; k < k1; k++) {
          const j = mCols[k];
          let v = mVals[k];
          if (max !== null && max[j] !== 0) v = div(v, max[j]);
          vals[k + shift] = toU16(v);
        }
      }
      w += k1 - k0;
      i = end;
    }
    return { rows, ptr, cols, vals };
  }

  // --- liquid alpha (protocol.md §3.10b, the chain's `alpha_sigmoid`) ----------------------------------

  /**
   * Liquid alpha's parameters by subnet settings: each epoch of a liquid-alpha subnet needs them, and
   * they cost three BigInt quotients and a sigmoid to make. Read-only (frozen); few distinct settings.
   */
  const alphaParamsMade = new Map<string, LiquidAlphaParams>();
  /** The last settings asked for and their parameters: the usual epoch's answer, without making a key. */
  let lastAlphaLow = Number.NaN;
  let lastAlphaHigh = Number.NaN;
  let lastSteepness = Number.NaN;
  let lastAlphaParams: LiquidAlphaParams | null = null;

  /** From the subnet's AlphaValues (u16 low/high) and AlphaSigmoidSteepness (i16). */
  function liquidAlphaParams(alphaLow: number, alphaHigh: number, steepness: number): LiquidAlphaParams {
    if (alphaLow === lastAlphaLow && alphaHigh === lastAlphaHigh && steepness === lastSteepness && lastAlphaParams)
      return lastAlphaParams;
    const made = madeAlphaParams(alphaLow, alphaHigh, steepness);
    lastAlphaLow = alphaLow;
    lastAlphaHigh = alphaHigh;
    lastSteepness = steepness;
    lastAlphaParams = made;
    return made;
  }

  function madeAlphaParams(alphaLow: number, alphaHigh: number, steepness: number): LiquidAlphaParams {
    const key = `${alphaLow},${alphaHigh},${steepness}`;
    const made = alphaParamsMade.get(key);
    if (made !== undefined) return made;
    const slope = A.quotient(steepness, -100);
    const p = {
      low: A.quotient(alphaLow, U16_MAX),
      high: A.quotient(alphaHigh, U16_MAX),
      slope,
      slopeUnits: slope % one === 0 ? slope / one : Number.NaN,
      atZero: 0,
    };
    p.atZero = alphaForDistance(0, p);
    alphaParamsMade.set(key, Object.freeze(p));
    return p;
  }

  /** α for one cell with weight w, current bond b and column consensus c. */
  function liquidAlpha(w: number, b: number, c: number, p: LiquidAlphaParams): number {
    const buy = clamp(w - c, 0, one);
    const sell = clamp(b - w, 0, one);
    const d = w >= b ? buy : sell;
    return d === 0 ? p.atZero : alphaForDistance(d, p);
  }

  /** α from the distance d (buying above consensus, or selling below the bond). */
  function alphaForDistance(d: number, p: LiquidAlphaParams): number {
    const s = sigmoid(Number.isNaN(p.slopeUnits) ? mul(p.slope, d - half) : p.slopeUnits * (d - half));
    return clamp(p.low + mul(s, p.high - p.low), p.low, p.high);
  }

  /**
   * `mat_ema_alpha_sparse` with per-cell liquid alpha, on the stored bonds (u16 ⊘ 65535, recently
   * registered columns and columns ≥ n dropped, read as it goes). Only entries present in the
   * weights-for-bonds row are computed: a bond whose column has no entry in that row is dropped, not
   * decayed (the sparse path's quirk, protocol.md §3.10b and §8.4). EB = min((1 − α) ⊗ B + max(α ⊗ W,
   * 0), 1), emitted in the weights row's order, as emaRows emits with `storeU16` (into ws.ema*,
   * column sums into ws.perColumn).
   *
   * The usual row (both rows in column order) is walked once beside its bond row, or read entry
   * beside entry where the bond row holds exactly the weights row's columns (a settled row:
   * test/bond-ema-paths.test.ts holds it to the walk). Most of its cells
   * have d = 0 (clipping leaves a weight at or below consensus, and a settled bond at or below the
   * weight): there α is the epoch's constant `atZero`, found by two comparisons before any clamping
   * (d = 0 exactly when b ≤ w ≤ c: selling needs b > w, buying w > c).
   *
   * The rows before the first that is out of order or has a cell with d ≠ 0 are done in WebAssembly
   * (wasm-bond-ema.ts: in the exact epoch the same values with native 64-bit products, in the fast
   * one the same double operations in the same order); this loop does the rest.
   */
  function liquidEmaRows(
    wb: Csr,
    stored: U16Csr,
    recent: Uint8Array,
    consensus: Float64Array,
    params: LiquidAlphaParams,
    n: number,
    ws: EpochScratch,
  ): Csr {
    ws.emaEntries(wb.cols.length);
    const { emaPtr: ptr, emaCols, emaVals, emaU16, perColumn } = ws;
    const first = liquidEmaRowsWasm(wb, stored, recent, consensus, A.mode, params.atZero, one - params.atZero, n, ws);
    if (first === 0) perColumn.fill(0, 0, n);
    const { ptr: wPtr, cols: wCols, vals: wVals } = wb;
    const { cols: sCols, vals: sVals } = stored;
    const storedRows = Math.min(n, stored.rows);
    const atZeroScaled = scaled(params.atZero);
    const keepAtZeroScaled = scaled(one - params.atZero);
    const anyRecent = recent.indexOf(1) >= 0;
    let out = ptr[first]; // ptr[0] is 0; first = n (WebAssembly did every row) skips the loop
    for (let i = first; i < n; i++) {
      let s0 = 0;
      let s1 = 0;
      if (i < storedRows) {
        s0 = stored.ptr[i];
        s1 = stored.ptr[i + 1];
      }
      const w0 = wPtr[i];
      const w1 = wPtr[i + 1];
      // A settled row's bonds hold exactly its weights' columns: bond k beside entry k. Otherwise, in
      // rows in column order, what the chain's walk sees at column j is the row's own entry there and
      // the bond, found by advancing through the bond row alongside.
      const same = sameAscendingColumns(wCols, w0, w1, sCols, s0, s1);
      if (!same && (!isAscending(wCols, w0, w1) || !isAscending(sCols, s0, s1))) {
        out = liquidEmaUnsortedRow(wb, stored, recent, consensus, params, n, ws, i, s0, s1, out);
        ptr[i + 1] = out;
        continue;
      }
      let b = s0;
      for (let k = w0; k < w1; k++) {
        const j = wCols[k];
        const w = wVals[k];
        let bond = 0;
        if (same) {
          const u = sVals[b++];
          if (!anyRecent || recent[j] === 0) bond = integerRatio(u, U16_MAX);
        } else {
          while (b < s1 && sCols[b] < j) b++;
          if (b < s1 && sCols[b] === j && recent[j] === 0) bond = integerRatio(sVals[b], U16_MAX);
        }
        const c = consensus[j];
        const v =
          bond <= w && w <= c
            ? liquidBond(w, bond, atZeroScaled, keepAtZeroScaled)
            : liquidBondAlpha(w, bond, liquidAlpha(w, bond, c, params));
        if (v > 0) {
          emaCols[out] = j;
          emaVals[out] = v;
          emaU16[out] = toU16(v);
          perColumn[j] += v;
          out++;
        }
      }
      ptr[i + 1] = out;
    }
    return { rows: n, ptr, cols: emaCols.subarray(0, out), vals: emaVals.subarray(0, out) };
  }

  /**
   * Row i of liquidEmaRows where the weights row or the bond row is out of column order (weights keep
   * their submission order on chain): α from what the chain's walk sees (mergeWalk), the bonds read
   * densely. The dense per-column buffers (`acc`, `seenW`, `seenB`) are all zero between uses.
   */
  function liquidEmaUnsortedRow(
    wb: Csr,
    stored: U16Csr,
    recent: Uint8Array,
    consensus: Float64Array,
    params: LiquidAlphaParams,
    n: number,
    ws: EpochScratch,
    i: number,
    s0: number,
    s1: number,
    out: number,
  ): number {
    const old = ws.acc;
    const { seenW, seenB } = ws;
    const { cols: wCols, vals: wVals } = wb;
    const w0 = wb.ptr[i];
    const w1 = wb.ptr[i + 1];
    const { cols: sCols, vals: sVals } = stored;
    // The row's bonds into `old`, noting whether those kept are in column order.
    let bondsAscending = true;
    let last = -1;
    for (let k = s0; k < s1; k++) {
      const j = sCols[k];
      if (j >= n || recent[j] !== 0) continue;
      old[j] = integerRatio(sVals[k], U16_MAX);
      if (j <= last) bondsAscending = false;
      last = j;
    }
    const sorted = bondsAscending && isAscending(wCols, w0, w1);
    if (!sorted) {
      mergeWalk(wCols, wVals, w0, w1, seenW);
      mergeWalkBonds(stored, s0, s1, recent, n, seenB);
    }
    for (let k = w0; k < w1; k++) {
      const j = wCols[k];
      const w = wVals[k];
      const b = old[j];
      const a = sorted
        ? liquidAlpha(w, b, consensus[j], params)
        : liquidAlpha(seenW[j], seenB[j], consensus[j], params);
      const v = liquidBondAlpha(w, b, a);
      if (v > 0) out = pushEma(ws, out, j, v, true);
    }
    for (let k = s0; k < s1; k++) {
      const j = sCols[k];
      if (j < n) old[j] = 0;
    }
    if (!sorted) {
      for (let k = s0; k < s1; k++) {
        const j = sCols[k];
        if (j < n) seenB[j] = 0;
      }
      for (let k = w0; k < w1; k++) seenW[wCols[k]] = 0;
    }
    return out;
  }

  /** One cell of liquidEmaRows: min((1 − α) ⊗ b + max(α ⊗ w, 0), 1). */
  function liquidBondAlpha(w: number, b: number, a: number): number {
    return liquidBond(w, b, scaled(a), scaled(one - a));
  }

  /** liquidBondAlpha with α and 1 − α given as scaled(α) and scaled(1 − α) (the d = 0 cell's are the epoch's). */
  function liquidBond(w: number, b: number, aScaled: number, keepScaled: number): number {
    const decayed = mulScaled(keepScaled, b);
    let purchase = mulScaled(aScaled, w);
    if (purchase < 0) purchase = 0;
    const v = decayed + purchase;
    return v > one ? one : v;
  }

  /**
   * The values `compute_liquid_alpha_values_sparse` sees for each column: it walks a row with one
   * pointer for j = 0..n−1, assuming ascending columns. In a row stored out of order (weights keep
   * their submission order on chain) an entry behind the pointer is never found and reads as 0.
   * For sorted rows this is a plain lookup.
   */
  function mergeWalk(cols: Int32Array, vals: Float64Array, from: number, to: number, seen: Float64Array): void {
    let top = -1;
    for (let k = from; k < to; k++) {
      const j = cols[k];
      if (j > top) {
        seen[j] = vals[k];
        top = j;
      }
    }
  }

  /** mergeWalk over a row of the stored bonds as liquidEmaRows reads them (u16 ⊘ 65535, dropped columns skipped). */
  function mergeWalkBonds(
    stored: U16Csr,
    from: number,
    to: number,
    recent: Uint8Array,
    n: number,
    seen: Float64Array,
  ): void {
    let top = -1;
    for (let k = from; k < to; k++) {
      const j = stored.cols[k];
      if (j >= n || recent[j] !== 0) continue;
      if (j > top) {
        seen[j] = integerRatio(stored.vals[k], U16_MAX);
        top = j;
      }
    }
  }

  return {
    arithmetic: A,
    divideInto,
    checkedProducts,
    toU16Vector,
    toBitsVector,
    normalizeIntegerRows,
    colNormalizeInPlace,
    weightedColumnSums,
    colNormalizeWithRowSums,
    scaleRows,
    weightsForBonds,
    emaRows,
    toStored,
    liquidAlphaParams,
    liquidAlpha,
    liquidEmaRows,
  };
}

export type EpochKernels = ReturnType<typeof epochKernels>;

/**
 * epochKernels compiled anew from its source for the arithmetic A. `__name` is the helper the
 * TypeScript loader (tsx, keepNames) writes into function bodies to keep their names.
 */
function compileKernels(A: EpochArithmetic): EpochKernels {
  const keepName = <T>(f: T, name: string): T => Object.defineProperty(f, 'name', { value: name, configurable: true });
  const compiled = new Function('__name', `return ${epochKernels.toString()}`)(keepName) as typeof epochKernels;
  return compiled(A, LIB);
}

export const I32F32_KERNELS = compileKernels(I32F32_ARITHMETIC);
export const FLOAT64_KERNELS = compileKernels(FLOAT64_ARITHMETIC);
