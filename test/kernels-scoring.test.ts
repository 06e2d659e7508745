// The batched scoring kernel on every available backend against the plain TypeScript reference,
// and the reference's scoring rules, through models/validators/scoring.ts (its per-validator view), on
// cases worked by hand.
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreValidators } from '../models/validators/scoring.ts';
import { availableBackends, resolveBackend } from '../sim/kernels/backend.ts';
import { streamKey } from '../sim/kernels/noise.ts';
import { disposeKernels, scoreBatch, scoreBatchSync } from '../sim/kernels/scoring.ts';
import { type ScoringInput, type ScoringOutput, scoreBatchReference } from '../sim/kernels/scoring-reference.ts';
import { useWasmNoise } from '../sim/kernels/wasm-noise.ts';
import { UsageError } from '../sim/util/errors.ts';

const backends = await availableBackends();

function randomInput(S: number, V: number, M: number, seed: string): ScoringInput {
  const rng = seedrandom(seed);
  const R = S * V;
  const quality = new Float32Array(S * M).map(() => (rng() < 0.15 ? NaN : rng() * 2));
  // A whole NaN subnet, when there are several.
  if (S > 2) quality.fill(NaN, M, 2 * M);
  const own = new Uint8Array(S * M).map(() => (rng() < 0.15 ? 1 : 0));
  const active = new Uint8Array(R).map(() => (rng() < 0.9 ? 1 : 0));
  const noise = new Float32Array(R).map(() => (rng() < 0.15 ? 0 : rng() * 0.6));
  const exponent = new Float32Array(R).map(() => (rng() < 0.2 ? 0.5 + rng() * 3 : 1));
  const competitorFactor = new Float32Array(R).map(() => (rng() < 0.2 ? rng() : 1));
  const selfWeight = new Float32Array(R).map(() => (rng() < 0.2 ? [0, 1, rng()][Math.floor(rng() * 3)] : -1));
  const key = new Uint32Array(R).map((_, r) => streamKey(`${seed}/${r}`));
  return {
    subnets: S,
    validators: V,
    miners: M,
    quality,
    own,
    active,
    noise,
    exponent,
    competitorFactor,
    selfWeight,
    key,
    counter: Math.floor(rng() * 1e6),
    seed: Math.floor(rng() * 2 ** 32),
  };
}

const digest = (o: ScoringOutput) => createHash('sha256').update(o.weights).update(o.counts).digest('hex');

afterAll(() => disposeKernels());

describe('scoring kernels', () => {
  it('lists cpu and resolves auto to a byte-identical backend', async () => {
    expect(backends[0]).toBe('cpu');
    expect(await resolveBackend('auto')).toBe('cpu'); // the fastest of the identical ones
  });

  it('refuses an unavailable backend with a usage error', async () => {
    if (backends.includes('webgpu')) return;
    await expect(resolveBackend('webgpu')).rejects.toThrow(UsageError);
    await expect(resolveBackend('webgpu')).rejects.toThrow(
      /--backend webgpu: no WebGPU adapter on this machine \(available: cpu/,
    );
  });

  for (const backend of ['cpu', 'webasm', 'webgpu'] as const) {
    it.skipIf(!backends.includes(backend))(
      `${backend} reproduces the reference on random batches, every cell written`,
      async () => {
        for (const [S, V, M, seed] of [
          [3, 5, 37, 'a'],
          [4, 8, 64, 'b'],
          [1, 1, 1, 'c'],
          [2, 16, 130, 'd'],
        ] as const) {
          const x = randomInput(S, V, M, seed);
          const ref = scoreBatchReference(x);
          for (const sentinel of [0xffff, 0xfffe]) {
            const out = {
              weights: new Uint16Array(S * V * M).fill(sentinel),
              counts: new Uint32Array(S * V).fill(0xdead),
            };
            const got = await scoreBatch(x, backend, out);
            expect(got.weights).toBe(out.weights);
            if (backend === 'webgpu') {
              // WGSL may fuse multiply-adds and approximate pow: within one unit, not bytes.
              let worst = 0;
              for (let i = 0; i < ref.weights.length; i++)
                worst = Math.max(worst, Math.abs(ref.weights[i] - got.weights[i]));
              expect(worst).toBeLessThanOrEqual(1);
            } else {
              expect(Buffer.from(got.weights.buffer).equals(Buffer.from(ref.weights.buffer))).toBe(true);
              expect(Array.from(got.counts)).toEqual(Array.from(ref.counts));
            }
          }
          if (backend !== 'webgpu')
            expect(digest(scoreBatchSync(x, backend === 'cpu' ? 'cpu' : 'webasm'))).toBe(digest(ref));
        }
      },
    );
  }

  it('cpu (integer noise, serving columns only) is the reference bit for bit on many batches and edge shapes', () => {
    // Shapes: single cells, one column short of / past the modulus P = 4091 (columns ≥ P take the
    // general first round), the bench's 64 × 256, and odd sizes.
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [1, 1, 2],
      [1, 2, 4090],
      [1, 2, 4100],
      [2, 64, 256],
      [5, 7, 63],
    ];
    const rng = seedrandom('cpu-shapes');
    for (let k = 0; k < 40; k++)
      shapes.push([1 + Math.floor(rng() * 5), 1 + Math.floor(rng() * 9), 1 + Math.floor(rng() * 70)]);
    let cabalRows = 0;
    let powRows = 0;
    let quietRows = 0;
    let plainRows = 0; // cpu's fast path: competitor factor 1, exponent 1, with noise
    shapes.forEach(([S, V, M], k) => {
      const x = randomInput(S, V, M, `cpu-${k}`);
      if (k % 4 === 1) x.quality.fill(0, 0, M); // a subnet of zero-quality miners: rows without a vector
      if (k % 4 === 2) x.noise.fill(0); // no draws at all
      for (let r = 0; r < S * V; r++) {
        if (x.selfWeight[r] >= 0) cabalRows++;
        if (x.exponent[r] !== 1) powRows++;
        if (x.noise[r] === 0) quietRows++;
        if (x.competitorFactor[r] === 1 && x.exponent[r] === 1 && x.noise[r] > 0) plainRows++;
      }
      const ref = scoreBatchReference(x);
      // With the WebAssembly noise kernel and without it (noiseRow in JavaScript).
      for (const wasm of [true, false]) {
        useWasmNoise(wasm);
        expect(digest(scoreBatchSync(x, 'cpu')), `shape ${S}×${V}×${M}, wasm ${wasm}`).toBe(digest(ref));
        const out = { weights: new Uint16Array(S * V * M).fill(0xbeef), counts: new Uint32Array(S * V).fill(7) };
        expect(scoreBatchSync(x, 'cpu', out)).toEqual(ref); // every cell and count written
        useWasmNoise(true);
      }
    });
    expect(Math.min(cabalRows, powRows, quietRows, plainRows)).toBeGreaterThan(50);
  });

  it('gives identical bytes on cpu and webasm for a fixed input (pinned hash)', async () => {
    const x = randomInput(6, 8, 96, 'pinned');
    x.exponent.fill(1); // Math.pow is the engine's; the pin covers only exact arithmetic
    const h = digest(scoreBatchReference(x));
    expect(h).toBe('8763b5b5b85d51f7c8f457b8bf93150ab8e96b9ad2108da2c7017b2aabd64100');
    if (backends.includes('webasm')) {
      expect(digest(scoreBatchSync(x, 'webasm'))).toBe(h);
      expect(digest(await scoreBatch(x, 'webasm'))).toBe(h);
    }
  });

  it('inactive rows, empty subnets and zero scores give zero rows with count 0', () => {
    const x = randomInput(3, 4, 16, 'z');
    x.active[0] = 0;
    x.quality.fill(0, 2 * 16, 3 * 16); // subnet 2: every miner at quality 0, noise off
    x.noise.fill(0, 8, 12);
    const out = scoreBatchReference(x);
    expect(out.counts[0]).toBe(0);
    expect(Array.from(out.weights.subarray(0, 16)).every((w) => w === 0)).toBe(true);
    for (let r = 4; r < 12; r++) expect(out.counts[r]).toBe(0); // subnet 1 all NaN; subnet 2 all zero
  });

  it('scores by the rules of docs/explanation/kernels.md (worked by hand, through the per-validator view)', () => {
    // uids 10, 11, 13 serve (12 does not); 11 is the attacking group's own miner.
    const miners = { quality: [1, 0.5, NaN, 0.25], firstUid: 10, own: new Set([11]), seed: 7, counter: 3 };
    const rows = scoreValidators(miners, [
      { key: 1, noise: 0 }, // proportional, best = 65535, round half up: 32767.5 → 32768, 16383.75 → 16384
      { key: 2, noise: 0, exponent: 2 }, // 1, 0.25, 0.0625
      { key: 3, noise: 0, competitorFactor: 0.5 }, // sees 0.5, 0.5 (own), 0.125
      { key: 4, noise: 0, selfWeight: 0.5 }, // own 32768 → half; others 65535, 16384 share the other half
    ]);
    expect(rows.map((w) => w?.dests)).toEqual([
      [10, 11, 13],
      [10, 11, 13],
      [10, 11, 13],
      [10, 11, 13],
    ]);
    expect(rows.map((w) => w?.values)).toEqual([
      [65535, 32768, 16384],
      [65535, 16384, 4096],
      [65535, 65535, 16384],
      [52428, 65535, 13107], // 65535·(65535/81919)/0.8 · 0.5 = 52427.84, 13107.16
    ]);
    // Noise: fixed by (seed, key, counter), a new draw each counter.
    const noisy = (counter: number) => scoreValidators({ ...miners, counter }, [{ key: 5, noise: 0.1 }])[0]!.values;
    expect(noisy(3)).toEqual([65535, 29702, 13136]);
    expect(noisy(3)).toEqual(noisy(3));
    expect(noisy(4)).toEqual([65535, 34425, 12471]);
    // No weight vector when every score is 0.
    expect(scoreValidators({ quality: [0, 0, NaN], seed: 1, counter: 1 }, [{ key: 5, noise: 0 }])).toEqual([null]);
  });
});
