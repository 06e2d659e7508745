// The bond EMA's usual rows in WebAssembly (assembly/bond-ema.ts, compiled to wasm/bond-ema.wasm
// and checked in; test/wasm-modules.test.ts compiles it again and compares the bytes), for both
// epochs: I32F32 bits in the exact one, doubles in the fast one. kernels.ts calls these first; each
// does the rows it can, in order, and says where it stopped, and the JavaScript kernel does the
// rest, from that row on. Their results are the JavaScript kernels', bit for bit
// (test/wasm-bond-ema.test.ts and test/bond-stage.test.ts hold them to that).
//
// The inputs are copied into the module's memory as the rows are reached and the results copied out
// (typed-array copies); the kernels themselves run about 3× faster than the JavaScript loops. The
// module also holds the fast epoch's column normalisation of the bonds (colNormalizeWithRowSumsWasm,
// assembly/bond-normalize.ts), about 1.7× as fast as kernels.ts' loop.
// BENCHMARKS.md, "Issue 15, fourth pass", has the measurements.

import { Layout, wasmKernels } from '../wasm-kernels.ts';
import type { EpochMode } from './arithmetic.ts';
import type { EpochScratch } from './scratch.ts';
import type { Csr, U16Csr } from './sparse.ts';

/**
 * The arguments every kernel starts with: the rows to do, then byte offsets (see Rows in
 * assembly/bond-ema.ts). They are written into the module's memory, 16 words, and the kernel is
 * passed where.
 */
type RowArgs = [
  from: number,
  to: number,
  storedRows: number,
  n: number,
  nPtr: number,
  nCols: number,
  nVals: number,
  sPtr: number,
  sCols: number,
  sVals: number,
  recent: number,
  outPtr: number,
  outCols: number,
  outVals: number,
  outU16: number,
  perColumn: number,
];
const ROW_ARGS = 16;
/** The words of `Normalize` in assembly/bond-normalize.ts. */
const NORMALIZE_ARGS = 9;

interface BondEmaExports {
  colNormalizeRowSumsF64(args: number): void;
  liquidEmaAtZero(rows: number, consensus: number, atZero: bigint): number;
  liquidEmaAtZeroF64(rows: number, consensus: number, atZero: number, keep: number): number;
  emaFixedAlpha(
    rows: number,
    colTotal: number,
    alpha: bigint,
    oneMinus: bigint,
    byTotal: number,
    storeU16: number,
  ): number;
  emaFixedAlphaF64(
    rows: number,
    colTotal: number,
    alpha: number,
    oneMinus: number,
    byTotal: number,
    storeU16: number,
  ): number;
}

/** The kernels over a memory of at least the bytes asked for (never grown: ../wasm-kernels.ts). */
const kernelsFor = wasmKernels<BondEmaExports>(new URL('./wasm/bond-ema.wasm', import.meta.url));
let enabled = true;

/** Turns the WebAssembly kernels off (tests compare them with the JavaScript ones); on by default. */
export function useWasmBondEma(on: boolean): void {
  enabled = on;
}

/** One kernel call on rows from … to − 1: `rows` where their RowArgs are, `columns` the offset of the per-column input. */
type Invoke = (kernels: BondEmaExports, rows: number, columns: number) => number;

/**
 * Runs a kernel over the EMA of `next` (the new entries) and the stored bonds, rows 0 … r − 1, where
 * r is returned: ws.emaPtr[1 … r], the entries before ws.emaPtr[r] in ws.emaCols/emaVals/emaU16 (room
 * made by the caller for `capacity` entries) and their column sums in ws.perColumn (all n written).
 * r = n is the whole matrix; r = 0 leaves ws as it was. `columns` is copied in beside (n values);
 * ws.emaU16 is written only where the kernel writes u16s (`writesU16`).
 */
function rowsInWasm(
  next: Csr,
  stored: U16Csr,
  recent: Uint8Array,
  columns: Float64Array,
  n: number,
  capacity: number,
  writesU16: boolean,
  ws: EpochScratch,
  invoke: Invoke,
): number {
  if (!enabled || n === 0) return 0;
  // The kernels read any non-zero `recent` as recently registered; the JavaScript ones see only 0 and 1.
  for (let j = 0; j < n; j++) if (recent[j] > 1) return 0;
  const storedRows = Math.min(n, stored.rows);
  const nnz = next.ptr[n];
  const snz = stored.ptr[storedRows];
  const at = new Layout();
  const nPtr = at.take(4 * (n + 1));
  const nCols = at.take(4 * nnz);
  const nVals = at.take(8 * nnz);
  const sPtr = at.take(4 * (storedRows + 1));
  const sCols = at.take(4 * snz);
  const sVals = at.take(2 * snz);
  const recentAt = at.take(n);
  const columnsAt = at.take(8 * n);
  const outPtr = at.take(4 * (n + 1));
  const outCols = at.take(4 * capacity);
  const outVals = at.take(8 * capacity);
  const outU16 = at.take(2 * capacity);
  const perColumn = at.take(8 * n);
  const argsAt = at.take(4 * ROW_ARGS);
  const { buffer, kernels } = kernelsFor(at.bytes);
  const argsIn = new Int32Array(buffer, argsAt, ROW_ARGS);

  new Int32Array(buffer, nPtr, n + 1).set(next.ptr.subarray(0, n + 1));
  new Int32Array(buffer, sPtr, storedRows + 1).set(stored.ptr.subarray(0, storedRows + 1));
  new Uint8Array(buffer, recentAt, n).set(recent.subarray(0, n));
  new Float64Array(buffer, columnsAt, n).set(columns.subarray(0, n));
  const sums = new Float64Array(buffer, perColumn, n);
  sums.fill(0);
  const rowEnds = new Int32Array(buffer, outPtr, n + 1);
  rowEnds[0] = 0;
  const nColsIn = new Int32Array(buffer, nCols, nnz);
  const nValsIn = new Float64Array(buffer, nVals, nnz);
  const sColsIn = new Int32Array(buffer, sCols, snz);
  const sValsIn = new Uint16Array(buffer, sVals, snz);

  // Rows in chunks of 1, 2, 4, … rows, each chunk's entries copied in just before it runs: where
  // a kernel stops early (new weights often leave a row with d ≠ 0), little was copied for nothing.
  let r = 0;
  for (let rows = 1; r < n; rows *= 2) {
    const to = Math.min(n, r + rows);
    nColsIn.set(next.cols.subarray(next.ptr[r], next.ptr[to]), next.ptr[r]);
    nValsIn.set(next.vals.subarray(next.ptr[r], next.ptr[to]), next.ptr[r]);
    const s0 = stored.ptr[Math.min(r, storedRows)];
    const s1 = stored.ptr[Math.min(to, storedRows)];
    sColsIn.set(stored.cols.subarray(s0, s1), s0);
    sValsIn.set(stored.vals.subarray(s0, s1), s0);
    const args: RowArgs = [
      r,
      to,
      storedRows,
      n,
      nPtr,
      nCols,
      nVals,
      sPtr,
      sCols,
      sVals,
      recentAt,
      outPtr,
      outCols,
      outVals,
      outU16,
      perColumn,
    ];
    argsIn.set(args);
    const stop = invoke(kernels, argsAt, columnsAt);
    r = stop;
    if (stop < to) break;
  }
  if (r === 0) return 0;
  const out = rowEnds[r];
  ws.emaPtr.set(rowEnds.subarray(1, r + 1), 1);
  ws.emaCols.set(new Int32Array(buffer, outCols, out));
  ws.emaVals.set(new Float64Array(buffer, outVals, out));
  if (writesU16) ws.emaU16.set(new Uint16Array(buffer, outU16, out));
  ws.perColumn.set(sums);
  return r;
}

/**
 * liquidEmaRows' rows whose cells all have d = 0, up to the first that has not: the rows done, as
 * rowsInWasm says. `atZero` is the epoch's α there and `keep` its 1 − α, in the epoch's arithmetic:
 * I32F32 bits (exact; keep is then 2^32 − atZero) or doubles (fast).
 */
export function liquidEmaRowsWasm(
  wb: Csr,
  stored: U16Csr,
  recent: Uint8Array,
  consensus: Float64Array,
  mode: EpochMode,
  atZero: number,
  keep: number,
  n: number,
  ws: EpochScratch,
): number {
  let invoke: Invoke;
  if (mode === 'exact') {
    const atZeroBits = BigInt(atZero);
    invoke = (k, rows, columns) => k.liquidEmaAtZero(rows, columns, atZeroBits);
  } else invoke = (k, rows, columns) => k.liquidEmaAtZeroF64(rows, columns, atZero, keep);
  return rowsInWasm(wb, stored, recent, consensus, n, wb.cols.length, true, ws, invoke);
}

/**
 * emaRows' rows (α and 1 − α fixed, in the epoch's arithmetic: I32F32 bits or doubles; stored bonds
 * over `colTotal` per column, or ⊘ 65535 where it is null), up to the first out of column order: the
 * rows done, as rowsInWasm says.
 */
export function emaRowsWasm(
  next: Csr,
  stored: U16Csr,
  recent: Uint8Array,
  colTotal: Float64Array | null,
  mode: EpochMode,
  alpha: number,
  oneMinus: number,
  n: number,
  storeU16: boolean,
  ws: EpochScratch,
): number {
  const byTotal = colTotal === null ? 0 : 1;
  const u16 = storeU16 ? 1 : 0;
  let invoke: Invoke;
  if (mode === 'exact') {
    const alphaBits = BigInt(alpha);
    const oneMinusBits = BigInt(oneMinus);
    invoke = (k, rows, columns) => k.emaFixedAlpha(rows, columns, alphaBits, oneMinusBits, byTotal, u16);
  } else invoke = (k, rows, columns) => k.emaFixedAlphaF64(rows, columns, alpha, oneMinus, byTotal, u16);
  const capacity = next.cols.length + stored.cols.length;
  return rowsInWasm(next, stored, recent, colTotal ?? ws.colTotal, n, capacity, storeU16, ws, invoke);
}

/**
 * The fast epoch's colNormalizeWithRowSums (kernels.ts) in WebAssembly, its results into the same
 * places: `m`'s values normalised in place, the row sums into `out`, the column maxima into `max`
 * where given. False, with nothing written, in the exact epoch (whose kernel stays in JavaScript:
 * assembly/bond-normalize.ts says why) or when the kernel is off.
 */
export function colNormalizeWithRowSumsWasm(
  m: Csr,
  columns: number,
  sums: Float64Array,
  v: ArrayLike<number>,
  out: Float64Array,
  max: Float64Array | null,
  mode: EpochMode,
): boolean {
  const rows = m.rows;
  const nnz = m.ptr[rows];
  if (!enabled || mode !== 'fast' || rows === 0 || !(v instanceof Float64Array) || nnz > m.vals.length) return false;
  const at = new Layout();
  const ptrAt = at.take(4 * (rows + 1));
  const colsAt = at.take(4 * nnz);
  const valsAt = at.take(8 * nnz);
  const sumsAt = at.take(8 * columns);
  const vAt = at.take(8 * columns);
  const outAt = at.take(8 * rows);
  const maxAt = max === null ? 0 : at.take(8 * columns);
  const argsAt = at.take(4 * NORMALIZE_ARGS);
  const { buffer, kernels } = kernelsFor(at.bytes);
  new Int32Array(buffer, ptrAt, rows + 1).set(m.ptr.subarray(0, rows + 1));
  new Int32Array(buffer, colsAt, nnz).set(m.cols.subarray(0, nnz));
  const vals = new Float64Array(buffer, valsAt, nnz);
  vals.set(m.vals.subarray(0, nnz));
  new Float64Array(buffer, sumsAt, columns).set(sums.subarray(0, columns));
  new Float64Array(buffer, vAt, columns).set(v.subarray(0, columns));
  new Int32Array(buffer, argsAt, NORMALIZE_ARGS).set([rows, columns, ptrAt, colsAt, valsAt, sumsAt, vAt, outAt, maxAt]);
  kernels.colNormalizeRowSumsF64(argsAt);
  m.vals.set(vals);
  out.set(new Float64Array(buffer, outAt, rows));
  if (max !== null) max.set(new Float64Array(buffer, maxAt, columns));
  return true;
}
