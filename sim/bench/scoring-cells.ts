// scoring_cells_per_s: the batched validator-scoring kernel (sim/kernels/scoring.ts) on one batch
// of 1024 subnets × 64 validators × 256 miners (16.8 M cells), on every backend available here.
// The main figure is the best backend's; extra figures give each backend and its speedup over the
// plain TypeScript reference (the definition, f32 emulated with Math.fround). Every backend's bytes
// are checked against the reference (webgpu within one unit) so a fast wrong kernel cannot post a
// figure.

import seedrandom from 'seedrandom';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { availableBackends, type BackendName } from '../kernels/backend.ts';
import { streamKey } from '../kernels/noise.ts';
import { disposeKernels, scoreBatch, scoreBatchSync } from '../kernels/scoring.ts';
import { type ScoringInput, type ScoringOutput, scoreBatchReference } from '../kernels/scoring-reference.ts';
import { type BenchCase, median } from './case.ts';

const S = 1024;
const V = 64;
const M = 256;
const CELLS = S * V * M;

/** A realistic batch: ~10 % empty uids, 10 % of rows attackers (half cabal, half under-weighting). */
export function benchInput(): ScoringInput {
  const rng = seedrandom('scoring-cells');
  const R = S * V;
  const quality = new Float32Array(S * M).map(() => (rng() < 0.1 ? NaN : 0.2 + rng()));
  const own = new Uint8Array(S * M).map((_, c) => (c % M < 8 ? 1 : 0));
  const selfWeight = new Float32Array(R).fill(-1);
  const competitorFactor = new Float32Array(R).fill(1);
  for (let r = 0; r < R; r++) {
    if (r % V === 0) selfWeight[r] = 0.5;
    if (r % V === 1) competitorFactor[r] = 0.5;
  }
  return {
    subnets: S,
    validators: V,
    miners: M,
    quality,
    own,
    active: new Uint8Array(R).fill(1),
    noise: new Float32Array(R).fill(0.1),
    exponent: new Float32Array(R).fill(1),
    competitorFactor,
    selfWeight,
    key: new Uint32Array(R).map((_, r) => streamKey(`validator/${r % V}/subnet/${(r / V) | 0}`)),
    counter: BLOCKS_PER_DAY,
    seed: 1,
  };
}

function seconds(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function secondsAsync(f: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function check(name: string, got: ScoringOutput, ref: ScoringOutput, tolerance: number): void {
  for (let i = 0; i < ref.weights.length; i++) {
    if (Math.abs(got.weights[i] - ref.weights[i]) > tolerance)
      throw new Error(`scoring bench: ${name} differs from the reference at cell ${i}`);
  }
}

const figures: Partial<Record<BackendName | 'webasm_sync' | 'reference', number>> = {};
const webgpuDiff = { max: NaN, over1: NaN };

export const scoringCellsCase: BenchCase = {
  name: 'scoring_cells_per_s',
  unit: 'cells/s',
  description: `validator scoring cells (score + noise + quantise + cabal split) per second, ${S}×${V}×${M} per call, best available backend`,
  async run(opts) {
    const x = benchInput();
    // --backend X measures X (and the reference it is checked against); auto: every one available.
    const wanted = opts.backend === undefined || opts.backend === 'auto' ? null : opts.backend;
    const backends = (await availableBackends()).filter((b) => wanted === null || b === wanted);
    for (const k of Object.keys(figures)) delete figures[k as keyof typeof figures];
    let ref!: ScoringOutput;
    const reference = CELLS / seconds(() => (ref = scoreBatchReference(x)));
    try {
      if (backends.includes('cpu')) {
        check('cpu', scoreBatchSync(x, 'cpu'), ref, 0);
        const cpu: number[] = [];
        for (let k = 0; k < 3; k++) cpu.push(seconds(() => scoreBatchSync(x, 'cpu')));
        figures.cpu = CELLS / median(cpu);
      }
      if (backends.includes('webasm')) {
        check('webasm', scoreBatchSync(x, 'webasm'), ref, 0); // compiles
        const sync: number[] = [];
        for (let k = 0; k < 3; k++) sync.push(seconds(() => scoreBatchSync(x, 'webasm')));
        figures.webasm_sync = CELLS / median(sync);
        check('webasm (threads)', await scoreBatch(x, 'webasm'), ref, 0);
        const threaded: number[] = [];
        for (let k = 0; k < 3; k++) threaded.push(await secondsAsync(() => scoreBatch(x, 'webasm')));
        figures.webasm = CELLS / median(threaded);
      }
      if (backends.includes('webgpu')) {
        // GPU arithmetic is not the reference's (fused multiply-adds, approximate pow): measured, not required.
        const got = await scoreBatch(x, 'webgpu');
        webgpuDiff.max = 0;
        webgpuDiff.over1 = 0;
        for (let i = 0; i < ref.weights.length; i++) {
          const d = Math.abs(got.weights[i] - ref.weights[i]);
          if (d > webgpuDiff.max) webgpuDiff.max = d;
          if (d > 1) webgpuDiff.over1++;
        }
        const times: number[] = [];
        for (let k = 0; k < 3; k++) times.push(await secondsAsync(() => scoreBatch(x, 'webgpu')));
        figures.webgpu = CELLS / median(times);
      }
    } finally {
      disposeKernels();
    }
    const best = Math.max(...Object.values(figures));
    figures.reference = reference;
    return best;
  },
  extra() {
    const out: { name: string; value: number; unit: string; description: string }[] = [];
    const add = (name: string, value: number | undefined, unit: string, description: string) =>
      value !== undefined && out.push({ name, value, unit, description });
    add(
      'scoring_cells_per_s_cpu',
      figures.cpu,
      'cells/s',
      'backend cpu: integer noise, serving columns only, one thread, median of 3 calls',
    );
    add(
      'scoring_cells_per_s_reference',
      figures.reference,
      'cells/s',
      'the plain TypeScript reference (f32 via Math.fround, the definition), one call',
    );
    add(
      'scoring_cells_per_s_webasm',
      figures.webasm,
      'cells/s',
      'gpu.js webasm, cell pass on the worker pool (async), median of 3 calls',
    );
    add(
      'scoring_cells_per_s_webasm_sync',
      figures.webasm_sync,
      'cells/s',
      'gpu.js webasm, synchronous single thread (SIMD), median of 3 calls',
    );
    add('scoring_cells_per_s_webgpu', figures.webgpu, 'cells/s', 'gpu.js webgpu (Dawn), median of 3 calls');
    if (figures.webgpu !== undefined) {
      add(
        'scoring_webgpu_max_weight_diff',
        webgpuDiff.max,
        'u16',
        "largest |webgpu − reference| over the batch's u16 weights",
      );
      add(
        'scoring_webgpu_cells_over_1',
        webgpuDiff.over1,
        'cells',
        `weights differing from the reference by more than 1 (of ${CELLS})`,
      );
    }
    if (figures.cpu && figures.reference)
      add('scoring_cpu_speedup', figures.cpu / figures.reference, '×', 'backend cpu over the TypeScript reference');
    if (figures.webasm && figures.reference)
      add(
        'scoring_webasm_speedup',
        figures.webasm / figures.reference,
        '×',
        'webasm (threads) over the TypeScript reference',
      );
    if (figures.webasm_sync && figures.reference)
      add(
        'scoring_webasm_sync_speedup',
        figures.webasm_sync / figures.reference,
        '×',
        'webasm single thread over the TypeScript reference',
      );
    return out;
  },
};
