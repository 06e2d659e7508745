// Batched float Yuma consensus on a chosen backend: per subnet and column the stake-weighted median
// C_j, the ranks of the clipped weights R_j = Σ_i S_i·min(W_ij, C_j) and incentive = R normalised
// per subnet. Definition and tolerance: ./consensus-reference.ts.
//
// API:
//   consensusBatch(input: ConsensusInput, backend: BackendName = 'webasm'): Promise<ConsensusOutput>
//   consensusBatchSync(input: ConsensusInput, backend: 'cpu' | 'webasm'): ConsensusOutput
//   disposeConsensusKernels(): void
// Two kernels over [M, S] (consensus, then ranks given it); the per-subnet sums (κ·T and the
// incentive normalisation) run on the host in code shared with the reference, so webasm gives the
// reference's bytes.

import { type BackendName, GPU } from './backend.ts';
import {
  type ConsensusInput,
  type ConsensusOutput,
  consensusReference,
  normaliseRanks,
  thresholds,
  validateConsensusInput,
} from './consensus-reference.ts';

export type { ConsensusInput, ConsensusOutput } from './consensus-reference.ts';

function sourceConsensus(V: number, M: number): string {
  return `function(w, st, thr) {
  const j = this.thread.x;
  const s = this.thread.y;
  const base = s * ${V * M} + j;
  const sb = s * ${V};
  const t = thr[s];
  let best = w[base] * 0;
  for (let i = 0; i < ${V}; i++) {
    const c = w[base + i * ${M}];
    if (st[sb + i] > 0 && c > best) {
      let sum = best * 0;
      for (let k = 0; k < ${V}; k++) {
        const x = w[base + k * ${M}];
        if (x >= c) { sum = sum + st[sb + k]; }
      }
      if (sum >= t) { best = c; }
    }
  }
  return best;
}`;
}

function sourceRanks(V: number, M: number): string {
  return `function(w, st, cons) {
  const j = this.thread.x;
  const s = this.thread.y;
  const base = s * ${V * M} + j;
  const sb = s * ${V};
  const c = cons[s * ${M} + j];
  let r = c * 0;
  for (let i = 0; i < ${V}; i++) {
    const x = w[base + i * ${M}];
    r = r + st[sb + i] * (x < c ? x : c);
  }
  return r;
}`;
}

// biome-ignore lint/suspicious/noExplicitAny: gpu.js kernels return untyped arrays
type Kernel = (...args: unknown[]) => any;
// biome-ignore lint/suspicious/noExplicitAny: gpu.js's GPU instances are untyped
const gpus = new Map<string, any>();
const sets = new Map<string, { c: Kernel; r: Kernel }>();

function kernelsFor(mode: 'webasm' | 'webgpu', S: number, V: number, M: number): { c: Kernel; r: Kernel } {
  const id = `${mode}:${S}x${V}x${M}`;
  let set = sets.get(id);
  if (set) return set;
  let gpu = gpus.get(mode);
  if (!gpu) {
    gpu = new GPU({ mode });
    gpus.set(mode, gpu);
  }
  const opts = { output: [M, S], tactic: 'precision', precision: 'single', asyncMode: mode === 'webgpu' };
  set = { c: gpu.createKernel(sourceConsensus(V, M), opts), r: gpu.createKernel(sourceRanks(V, M), opts) };
  sets.set(id, set);
  return set;
}

function flat(result: unknown, n: number): Float32Array {
  let x = result;
  while (Array.isArray(x)) x = x[0];
  if (!(x instanceof Float32Array)) throw new Error('gpu.js kernel returned no Float32Array');
  return new Float32Array(x.buffer, x.byteOffset, n).slice();
}

export function consensusBatchSync(x: ConsensusInput, backend: 'cpu' | 'webasm'): ConsensusOutput {
  if (backend === 'cpu') return consensusReference(x);
  validateConsensusInput(x);
  const { subnets: S, validators: V, miners: M } = x;
  if (S * M === 0 || V === 0) return consensusReference(x);
  const k = kernelsFor('webasm', S, V, M);
  const consensus = flat(k.c(x.weights, x.stake, thresholds(x)), S * M);
  const ranks = flat(k.r(x.weights, x.stake, consensus), S * M);
  return { consensus, ranks, incentive: normaliseRanks(ranks, S, M) };
}

export async function consensusBatch(x: ConsensusInput, backend: BackendName = 'webasm'): Promise<ConsensusOutput> {
  if (backend !== 'webgpu') return consensusBatchSync(x, backend);
  validateConsensusInput(x);
  const { subnets: S, validators: V, miners: M } = x;
  if (S * M === 0 || V === 0) return consensusReference(x);
  const k = kernelsFor('webgpu', S, V, M);
  const consensus = flat(await k.c(x.weights, x.stake, thresholds(x)), S * M);
  const ranks = flat(await k.r(x.weights, x.stake, consensus), S * M);
  return { consensus, ranks, incentive: normaliseRanks(ranks, S, M) };
}

export function disposeConsensusKernels(): void {
  for (const g of gpus.values()) g.destroy();
  gpus.clear();
  sets.clear();
}
