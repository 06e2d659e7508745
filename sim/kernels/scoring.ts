// Batched validator scoring on a chosen backend (docs/explanation/kernels.md).
//
// API:
//   scoreBatch(input: ScoringInput, backend: BackendName = 'webasm', out?: ScoringOutput): Promise<ScoringOutput>
//       any backend; webasm runs its heavy pass on a worker pool (threads) where available.
//   scoreBatchSync(input: ScoringInput, backend: 'cpu' | 'webasm', out?: ScoringOutput): ScoringOutput
//       single-threaded, synchronous.
//   `out`: optional buffers to write into (every cell and count is written); else fresh ones.
//   disposeKernels(): void   frees compiled kernels and worker pools (lets the process exit).
// Pick `backend` with resolveBackend() from ./backend.ts. ScoringInput / ScoringOutput and the
// exact semantics: ./scoring-reference.ts (the definition). 'cpu' is ./scoring-cpu.ts, the same
// rules in integer noise arithmetic on the main thread; every backend but webgpu gives identical bytes.
//
// Pipeline on gpu.js backends (three kernels, shapes cached per (S, V, M), compiled once):
//   A  cells [M, V, S]: score = max(0, seen + σ·z)^exponent (the noise generator inlined, unrolled)
//   B  rows  [5, V, S]: the row's max score; for cabal rows the team sums and maxima of the first
//      quantisation
//   host  per row: scale = 65535/max, the cabal's max2 (rowFinish, shared with the reference)
//   C  cells [M, V, S]: quantise, cabal split and second quantisation
// The output is copied into a Uint16Array.

import { U16_MAX } from '../chain/fixed/u16.ts';
import { type BackendName, GPU } from './backend.ts';
import { noiseSource } from './noise.ts';
import { scoreBatchCpu } from './scoring-cpu.ts';
import { type Prepared, prepare, ROW, rowFinish, type ScoringInput, type ScoringOutput } from './scoring-reference.ts';

export type { ScoringInput, ScoringOutput } from './scoring-reference.ts';

/** Per-row finish record passed to kernel C: scale, selfWeight, mine, theirs, max2, 1 − selfWeight. */
const FIN = 6;

function sourceA(V: number, M: number): string {
  return `function(qual, kind, rows) {
  const j = this.thread.x;
  const r = this.thread.z * ${V} + this.thread.y;
  const o = r * ${ROW};
  if (rows[o] == 0) { return 0; }
  const c = this.thread.z * ${M} + j;
  const kd = kind[c];
  if (kd == 0) { return 0; }
  const q = qual[c];
  const seen = kd == 2 ? q : q * rows[o + 3];
  const sigma = rows[o + 1];
  let obs = seen;
  if (sigma > 0) {
    const la = rows[o + 4];
    const lb = rows[o + 5];
    const lka = rows[o + 6];
    const lkb = rows[o + 7];
    ${noiseSource('j', 'la', 'lb', 'lka', 'lkb')}
    obs = seen + sigma * zOut;
  }
  obs = obs > 0 ? obs : 0;
  const e = rows[o + 2];
  if (e == 1) { return obs; }
  return Math.pow(obs, e);
}`;
}

function sourceB(V: number, M: number): string {
  return `function(score, kind, sw) {
  const which = this.thread.x;
  const r = this.thread.z * ${V} + this.thread.y;
  const o = r * ${M};
  const cb = this.thread.z * ${M};
  let mx = score[o];
  for (let j = 1; j < ${M}; j++) {
    const v = score[o + j];
    mx = v > mx ? v : mx;
  }
  if (which == 0) { return mx; }
  if (sw[r] < 0) { return 0; }
  if (mx <= 0) { return 0; }
  const scale = ${U16_MAX} / mx;
  let mine = score[o] * 0;
  let theirs = mine;
  let maxOwn = mine;
  let maxOther = mine;
  for (let j = 0; j < ${M}; j++) {
    const w = Math.floor(score[o + j] * scale + 0.5);
    const kd = kind[cb + j];
    if (kd == 2) {
      mine = mine + w;
      maxOwn = w > maxOwn ? w : maxOwn;
    }
    if (kd == 1) {
      theirs = theirs + w;
      maxOther = w > maxOther ? w : maxOther;
    }
  }
  if (which == 1) { return mine; }
  if (which == 2) { return theirs; }
  if (which == 3) { return maxOwn; }
  return maxOther;
}`;
}

function sourceC(V: number, M: number): string {
  return `function(score, kind, fin) {
  const j = this.thread.x;
  const r = this.thread.z * ${V} + this.thread.y;
  const o = r * ${FIN};
  const scale = fin[o];
  if (scale == 0) { return 0; }
  const w = Math.floor(score[r * ${M} + j] * scale + 0.5);
  const sw = fin[o + 1];
  if (sw < 0) { return w; }
  const kd = kind[this.thread.z * ${M} + j];
  if (kd == 0) { return 0; }
  const total = kd == 2 ? fin[o + 2] : fin[o + 3];
  const share = kd == 2 ? sw : fin[o + 5];
  let v = w * 0;
  if (total > 0) { v = (w / total) * share; }
  return Math.floor(${U16_MAX} * v / fin[o + 4] + 0.5);
}`;
}

// biome-ignore lint/suspicious/noExplicitAny: gpu.js kernels return untyped arrays
type Kernel = (...args: unknown[]) => any;
interface KernelSet {
  a: Kernel;
  b: Kernel;
  c: Kernel;
}

// biome-ignore lint/suspicious/noExplicitAny: gpu.js's GPU instances are untyped
const gpus = new Map<string, any>();
const kernelSets = new Map<string, KernelSet>();

/** flavour: 'webasm' (sync), 'webasm-threads' (A under the async contract, on the pool), 'webgpu'. */
function kernelsFor(flavour: 'webasm' | 'webasm-threads' | 'webgpu', S: number, V: number, M: number): KernelSet {
  const id = `${flavour}:${S}x${V}x${M}`;
  let set = kernelSets.get(id);
  if (set) return set;
  const mode = flavour === 'webgpu' ? 'webgpu' : 'webasm';
  let gpu = gpus.get(mode);
  if (!gpu) {
    gpu = new GPU({ mode });
    gpus.set(mode, gpu);
  }
  const cells = [M, V, S];
  const opts = { dynamicOutput: false, tactic: 'precision', precision: 'single' };
  set = {
    a: gpu.createKernel(sourceA(V, M), { ...opts, output: cells, asyncMode: flavour !== 'webasm' }),
    b: gpu.createKernel(sourceB(V, M), { ...opts, output: [5, V, S], asyncMode: flavour === 'webgpu' }),
    c: gpu.createKernel(sourceC(V, M), { ...opts, output: cells, asyncMode: flavour === 'webgpu' }),
  };
  kernelSets.set(id, set);
  return set;
}

/** The flat Float32Array behind a gpu.js result (nested arrays of subarrays of one buffer). */
function flat(result: unknown, n: number): Float32Array {
  let x = result;
  while (Array.isArray(x)) x = x[0];
  if (!(x instanceof Float32Array)) throw new Error('gpu.js kernel returned no Float32Array');
  const all = new Float32Array(x.buffer, x.byteOffset, n);
  return all;
}

/** The host step between B and C, and the row counts. */
function finish(
  p: Prepared,
  selfWeight: Float32Array,
  stats: Float32Array,
): { fin: Float32Array; counts: Uint32Array } {
  const fin = new Float32Array(p.R * FIN);
  const counts = new Uint32Array(p.R);
  for (let r = 0; r < p.R; r++) {
    const o = r * 5;
    const sw = selfWeight[r];
    const { scale, max2 } = rowFinish(stats[o], sw, stats[o + 1], stats[o + 2], stats[o + 3], stats[o + 4]);
    if (scale === 0) continue;
    counts[r] = p.served[(r / p.V) | 0];
    const d = r * FIN;
    fin[d] = scale;
    fin[d + 1] = sw < 0 ? -1 : sw;
    fin[d + 2] = stats[o + 1];
    fin[d + 3] = stats[o + 2];
    fin[d + 4] = max2;
    fin[d + 5] = Math.fround(1 - sw);
  }
  return { fin, counts };
}

function target(p: Prepared, out?: ScoringOutput): ScoringOutput {
  if (!out) return { weights: new Uint16Array(p.R * p.M), counts: new Uint32Array(p.R) };
  if (out.weights.length !== p.R * p.M || out.counts.length !== p.R)
    throw new RangeError('scoring output buffers have the wrong length');
  return out;
}

function deliver(p: Prepared, w: Float32Array, counts: Uint32Array, out?: ScoringOutput): ScoringOutput {
  const o = target(p, out);
  o.weights.set(w);
  o.counts.set(counts);
  return o;
}

function rowSelfWeights(x: ScoringInput): Float32Array {
  // Rows that are not computed never reach the cabal branch; -1 keeps kernel B's early exit.
  const sw = new Float32Array(x.selfWeight.length);
  for (let r = 0; r < sw.length; r++) sw[r] = x.selfWeight[r] >= 0 ? x.selfWeight[r] : -1;
  return sw;
}

/** Synchronous scoring on cpu or webasm (single thread, SIMD). */
export function scoreBatchSync(x: ScoringInput, backend: 'cpu' | 'webasm', out?: ScoringOutput): ScoringOutput {
  if (backend === 'cpu') return scoreBatchCpu(x, out);
  const p = prepare(x);
  if (p.R === 0 || p.M === 0) return scoreBatchCpu(x, out);
  const k = kernelsFor('webasm', p.S, p.V, p.M);
  const score = flat(k.a(p.qual, p.kind, p.rows), p.R * p.M);
  const sw = rowSelfWeights(x);
  const stats = flat(k.b(score, p.kind, sw), p.R * 5);
  const { fin, counts } = finish(p, sw, stats);
  const w = flat(k.c(score, p.kind, fin), p.R * p.M);
  return deliver(p, w, counts, out);
}

/** Scoring on any backend; webasm uses the worker pool for the cell pass where threads exist. */
export async function scoreBatch(
  x: ScoringInput,
  backend: BackendName = 'webasm',
  out?: ScoringOutput,
): Promise<ScoringOutput> {
  if (backend === 'cpu') return scoreBatchCpu(x, out);
  const p = prepare(x);
  if (p.R === 0 || p.M === 0) return scoreBatchCpu(x, out);
  const k = kernelsFor(backend === 'webgpu' ? 'webgpu' : 'webasm-threads', p.S, p.V, p.M);
  const score = flat(await k.a(p.qual, p.kind, p.rows), p.R * p.M);
  const sw = rowSelfWeights(x);
  const stats = flat(await k.b(score, p.kind, sw), p.R * 5);
  const { fin, counts } = finish(p, sw, stats);
  const w = flat(await k.c(score, p.kind, fin), p.R * p.M);
  return deliver(p, w, counts, out);
}

/** Destroy every compiled kernel and gpu.js instance (worker pools included). */
export function disposeKernels(): void {
  for (const g of gpus.values()) g.destroy();
  gpus.clear();
  kernelSets.clear();
}
