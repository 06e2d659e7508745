// The scoring noise of a row in WebAssembly (assembly/noise-row.ts, compiled to wasm/noise-row.wasm
// and checked in; test/wasm-modules.test.ts compiles it again and compares the bytes): noiseRow of
// ./noise.ts bit for bit (test/kernels-noise.test.ts), about 1.4× as fast (BENCHMARKS.md). The 'cpu'
// scoring backend calls it first; noiseRow stands in when it is off.

import { Layout, wasmKernels } from '../chain/wasm-kernels.ts';
import { ROUND_TABLES } from './noise.ts';

interface NoiseExports {
  noiseRow(tables: number, cols: number, out: number, n: number, a: number, b: number, ka: number, kb: number): void;
}

/** The round tables sit at the start of every memory, written once when it is made. */
const TABLES_AT = 0;
const kernelsFor = wasmKernels<NoiseExports>(new URL('./wasm/noise-row.wasm', import.meta.url), (buffer) =>
  new Int16Array(buffer, TABLES_AT, ROUND_TABLES.length).set(ROUND_TABLES),
);
let enabled = true;

/** Turns the WebAssembly kernel off (tests compare it with noiseRow); on by default. */
export function useWasmNoise(on: boolean): void {
  enabled = on;
}

/**
 * noiseRow(laneA, laneB, keyA, keyB, cols, n, out): z for the columns cols[0..n) into out[0..n).
 * False, with nothing done, when the kernel is off.
 */
export function noiseRowWasm(
  laneA: number,
  laneB: number,
  keyA: number,
  keyB: number,
  cols: ArrayLike<number>,
  n: number,
  out: Float32Array | Float64Array,
): boolean {
  if (!enabled) return false;
  if (n === 0) return true;
  const at = new Layout();
  at.take(2 * ROUND_TABLES.length);
  const colsAt = at.take(4 * n);
  const outAt = at.take(8 * n);
  const { buffer, kernels } = kernelsFor(at.bytes);
  const colsIn = new Int32Array(buffer, colsAt, n);
  if (ArrayBuffer.isView(cols)) colsIn.set((cols as Int32Array).subarray(0, n));
  else for (let k = 0; k < n; k++) colsIn[k] = cols[k];
  kernels.noiseRow(TABLES_AT, colsAt, outAt, n, laneA | 0, laneB | 0, keyA | 0, keyB | 0);
  out.set(new Float64Array(buffer, outAt, n));
  return true;
}
