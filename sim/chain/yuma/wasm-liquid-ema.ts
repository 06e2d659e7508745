// The exact liquid-alpha bond EMA's usual case in WebAssembly (assembly/liquid-ema.ts, compiled to
// wasm/liquid-ema.wasm and checked in; test/wasm-liquid-ema.test.ts rebuilds it and compares the
// bytes). kernels.ts calls it first in the exact epoch; it does the rows it can, in order, and says
// where it stopped, and the JavaScript kernel does the rest, from that row on. Its results are
// the JavaScript kernel's, bit for bit (the same test and test/bond-stage.test.ts hold it to that).
//
// The inputs are copied into the module's memory as the rows are reached and the results copied out
// (typed-array copies); the kernel itself runs about 3× faster than the JavaScript loop.
// BENCHMARKS.md, "Issue 15, fourth pass", has the measurements.

import { readFileSync } from 'node:fs';
import type { EpochScratch } from './scratch.ts';
import type { Csr, U16Csr } from './sparse.ts';

/** The part of the WebAssembly API used here (TypeScript's ES2022 library does not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (size: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const { Module, Instance, Memory } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface LiquidEmaExports {
  liquidEmaAtZero(
    from: number,
    to: number,
    storedRows: number,
    wPtr: number,
    wCols: number,
    wVals: number,
    sPtr: number,
    sCols: number,
    sVals: number,
    recent: number,
    consensus: number,
    atZero: bigint,
    outPtr: number,
    outCols: number,
    outVals: number,
    outU16: number,
    perColumn: number,
  ): number;
}

let compiled: object | null = null;
/** The kernel instantiated over a memory of at least the bytes last asked for. */
let current: { buffer: ArrayBuffer; kernel: LiquidEmaExports } | null = null;
let enabled = true;

/** Turns the WebAssembly kernel off (tests compare it with the JavaScript one); on by default. */
export function useWasmLiquidEma(on: boolean): void {
  enabled = on;
}

/**
 * The kernel over a memory of at least `bytes`. The module imports its memory, and a larger one is a
 * new memory and instance, never `memory.grow`. Measured: after one grow (once, at the first call),
 * every later exact epoch of the process ran about 7 % slower, its JavaScript kernels too. Not V8's
 * detach protector: the loader hooks tsx registers invalidate that at start-up in every taosim process.
 */
function kernelFor(bytes: number): { buffer: ArrayBuffer; kernel: LiquidEmaExports } {
  if (current !== null && current.buffer.byteLength >= bytes) return current;
  compiled ??= new Module(readFileSync(new URL('./wasm/liquid-ema.wasm', import.meta.url)));
  const memory = new Memory({ initial: Math.ceil((bytes * 1.25) / 65536) });
  const kernel = new Instance(compiled, { env: { memory } }).exports as LiquidEmaExports;
  current = { buffer: memory.buffer, kernel };
  return current;
}

/** Byte offsets of one call's arrays in the module's memory, each 8-aligned. */
class Layout {
  bytes = 0;
  take(size: number): number {
    const at = this.bytes;
    this.bytes += (size + 7) & ~7;
    return at;
  }
}

/**
 * The exact liquid EMA (liquidEmaRows' arguments; `atZero` the epoch's α at d = 0, I32F32 bits) for
 * rows 0 … r − 1, where r is returned: ws.emaPtr[1 … r], the entries before ws.emaPtr[r] in
 * ws.emaCols/emaVals/emaU16 (room made by the caller) and their column sums in ws.perColumn (all n
 * written). r = n is the whole matrix; r = 0 leaves ws as it was.
 */
export function liquidEmaRowsWasm(
  wb: Csr,
  stored: U16Csr,
  recent: Uint8Array,
  consensus: Float64Array,
  atZero: number,
  n: number,
  ws: EpochScratch,
): number {
  if (!enabled || n === 0) return 0;
  const storedRows = Math.min(n, stored.rows);
  const nnz = wb.ptr[n];
  const snz = stored.ptr[storedRows];
  const at = new Layout();
  const wPtr = at.take(4 * (n + 1));
  const wCols = at.take(4 * nnz);
  const wVals = at.take(8 * nnz);
  const sPtr = at.take(4 * (storedRows + 1));
  const sCols = at.take(4 * snz);
  const sVals = at.take(2 * snz);
  const recentAt = at.take(n);
  const consensusAt = at.take(8 * n);
  const outPtr = at.take(4 * (n + 1));
  const outCols = at.take(4 * nnz);
  const outVals = at.take(8 * nnz);
  const outU16 = at.take(2 * nnz);
  const perColumn = at.take(8 * n);
  const { buffer, kernel } = kernelFor(at.bytes);

  new Int32Array(buffer, wPtr, n + 1).set(wb.ptr.subarray(0, n + 1));
  new Int32Array(buffer, sPtr, storedRows + 1).set(stored.ptr.subarray(0, storedRows + 1));
  new Uint8Array(buffer, recentAt, n).set(recent.subarray(0, n));
  new Float64Array(buffer, consensusAt, n).set(consensus.subarray(0, n));
  const sums = new Float64Array(buffer, perColumn, n);
  sums.fill(0);
  const rowEnds = new Int32Array(buffer, outPtr, n + 1);
  rowEnds[0] = 0;
  const wColsIn = new Int32Array(buffer, wCols, nnz);
  const wValsIn = new Float64Array(buffer, wVals, nnz);
  const sColsIn = new Int32Array(buffer, sCols, snz);
  const sValsIn = new Uint16Array(buffer, sVals, snz);
  const atZeroBits = BigInt(atZero);

  // Rows in chunks of 1, 2, 4, … rows, each chunk's entries copied in just before it runs: where
  // the kernel stops early (new weights often leave a row with d ≠ 0), little was copied for nothing.
  let r = 0;
  for (let rows = 1; r < n; rows *= 2) {
    const to = Math.min(n, r + rows);
    wColsIn.set(wb.cols.subarray(wb.ptr[r], wb.ptr[to]), wb.ptr[r]);
    wValsIn.set(wb.vals.subarray(wb.ptr[r], wb.ptr[to]), wb.ptr[r]);
    const s0 = stored.ptr[Math.min(r, storedRows)];
    const s1 = stored.ptr[Math.min(to, storedRows)];
    sColsIn.set(stored.cols.subarray(s0, s1), s0);
    sValsIn.set(stored.vals.subarray(s0, s1), s0);
    const stop = kernel.liquidEmaAtZero(
      r,
      to,
      storedRows,
      wPtr,
      wCols,
      wVals,
      sPtr,
      sCols,
      sVals,
      recentAt,
      consensusAt,
      atZeroBits,
      outPtr,
      outCols,
      outVals,
      outU16,
      perColumn,
    );
    r = stop;
    if (stop < to) break;
  }
  if (r === 0) return 0;
  const out = rowEnds[r];
  ws.emaPtr.set(rowEnds.subarray(1, r + 1), 1);
  ws.emaCols.set(new Int32Array(buffer, outCols, out));
  ws.emaVals.set(new Float64Array(buffer, outVals, out));
  ws.emaU16.set(new Uint16Array(buffer, outU16, out));
  ws.perColumn.set(sums);
  return r;
}
