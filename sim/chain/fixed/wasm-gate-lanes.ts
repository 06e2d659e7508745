// The emission gate's log2 and exp loops in WebAssembly (assembly/gate-lanes.ts, compiled to
// wasm/gate-lanes.wasm and checked in; test/wasm-modules.test.ts compiles it again and compares the
// bytes). transcendental.ts calls these for its lanes and keeps its own loops for when they are off;
// both give the same bits (test/emission-gate-fast.test.ts runs its vectors both ways).

import { Layout, wasmKernels } from '../wasm-kernels.ts';

interface GateLaneExports {
  log2Steps(xs: number, bits: number, work: number, n: number): void;
  expSteps(ys: number, sums: number, work: number, n: number): void;
}

const kernelsFor = wasmKernels<GateLaneExports>(new URL('./wasm/gate-lanes.wasm', import.meta.url));
let enabled = true;

/** Turns the WebAssembly loops off (tests compare them with the JavaScript ones); on by default. */
export function useWasmGateLanes(on: boolean): void {
  enabled = on;
}

type Kernel = (k: GateLaneExports, a: number, b: number, work: number, n: number) => void;
const LOG2: Kernel = (k, a, b, work, n) => k.log2Steps(a, b, work, n);
const EXP: Kernel = (k, a, b, work, n) => k.expSteps(a, b, work, n);

/** Runs one kernel over n lanes: `a` copied in, `b` in and out. False, with nothing done, when off. */
function lanes(run: Kernel, a: Float64Array, b: Float64Array, n: number): boolean {
  if (!enabled) return false;
  if (n === 0) return true;
  const at = new Layout();
  const aAt = at.take(8 * n);
  const bAt = at.take(8 * n);
  const work = at.take(24 * n);
  const { buffer, kernels } = kernelsFor(at.bytes);
  const aIn = new Float64Array(buffer, aAt, n);
  const bIn = new Float64Array(buffer, bAt, n);
  aIn.set(a.subarray(0, n));
  bIn.set(b.subarray(0, n));
  run(kernels, aAt, bAt, work, n);
  b.set(bIn);
  return true;
}

/**
 * log2's 32 fraction steps over n lanes: x[j] in [2^32, 2^33) (I32F32 bits of [1, 2)), bits[j] the
 * integer part so far; bits[j] becomes k·2^32 + the fraction bits. False when off.
 */
export function log2StepsWasm(x: Float64Array, bits: Float64Array, n: number): boolean {
  return lanes(LOG2, x, bits, n);
}

/** exp's terms 2 … 31 over n lanes, 0 < y[j] < 2^36: sums[j] becomes 2^32 + y + Σ terms. False when off. */
export function expStepsWasm(y: Float64Array, sums: Float64Array, n: number): boolean {
  return lanes(EXP, y, sums, n);
}
