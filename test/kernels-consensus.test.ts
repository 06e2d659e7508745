// The batched float consensus on every available backend against its reference, and the reference
// against the chain's exact weighted median (sim/chain/yuma/consensus.ts).
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { I32F32_ARITHMETIC } from '../sim/chain/yuma/arithmetic.ts';
import { weightedMedianColumns } from '../sim/chain/yuma/consensus.ts';
import { availableBackends } from '../sim/kernels/backend.ts';
import { consensusBatch, disposeConsensusKernels } from '../sim/kernels/consensus.ts';
import { type ConsensusInput, consensusReference } from '../sim/kernels/consensus-reference.ts';

const backends = await availableBackends();

function randomInput(S: number, V: number, M: number, seed: string): ConsensusInput {
  const rng = seedrandom(seed);
  const weights = new Float32Array(S * V * M);
  const stake = new Float32Array(S * V);
  for (let s = 0; s < S; s++) {
    let t = 0;
    for (let i = 0; i < V; i++) t += stake[s * V + i] = rng() < 0.2 ? 0 : rng();
    for (let i = 0; i < V; i++) stake[s * V + i] = t > 0 ? stake[s * V + i] / t : 0;
    for (let i = 0; i < V; i++) {
      let rs = 0;
      const o = (s * V + i) * M;
      for (let j = 0; j < M; j++) rs += weights[o + j] = rng() < 0.3 ? 0 : rng() < 0.1 ? 0.5 : rng();
      for (let j = 0; j < M; j++) weights[o + j] = rs > 0 ? weights[o + j] / rs : 0;
    }
  }
  const kappa = new Float32Array(S).map(() => [0.5, 0.3, 0.8][Math.floor(rng() * 3)]);
  return { subnets: S, validators: V, miners: M, weights, stake, kappa };
}

afterAll(() => disposeConsensusKernels());

describe('consensus kernels', () => {
  for (const backend of ['cpu', 'webasm', 'webgpu'] as const) {
    it.skipIf(!backends.includes(backend))(`${backend} reproduces the reference`, async () => {
      for (const [S, V, M, seed] of [
        [3, 7, 33, 'a'],
        [5, 16, 64, 'b'],
        [1, 1, 3, 'c'],
      ] as const) {
        const x = randomInput(S, V, M, seed);
        const ref = consensusReference(x);
        const got = await consensusBatch(x, backend);
        if (backend === 'webgpu') {
          for (let i = 0; i < ref.ranks.length; i++)
            expect(Math.abs(got.incentive[i] - ref.incentive[i])).toBeLessThanOrEqual(1e-5);
        } else {
          expect(Buffer.from(got.consensus.buffer).equals(Buffer.from(ref.consensus.buffer))).toBe(true);
          expect(Buffer.from(got.ranks.buffer).equals(Buffer.from(ref.ranks.buffer))).toBe(true);
          expect(Buffer.from(got.incentive.buffer).equals(Buffer.from(ref.incentive.buffer))).toBe(true);
        }
      }
    });
  }

  it('agrees with the chain weighted median', () => {
    const S = 4,
      V = 12,
      M = 40;
    const x = randomInput(S, V, M, 'chain');
    const ref = consensusReference(x);
    let off = 0;
    for (let s = 0; s < S; s++) {
      const ptr = [0];
      const cols: number[] = [];
      const vals: number[] = [];
      for (let i = 0; i < V; i++) {
        for (let j = 0; j < M; j++) {
          const w = x.weights[(s * V + i) * M + j];
          if (w > 0) cols.push(j), vals.push(Math.round(w * 2 ** 32));
        }
        ptr.push(cols.length);
      }
      // The chain's arithmetic is I32F32: values are held as bits (value × 2^32).
      const bits = (v: number) => Math.round(v * 2 ** 32);
      const csr = { rows: V, ptr: Int32Array.from(ptr), cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
      const stakeBits = Array.from(x.stake.subarray(s * V, (s + 1) * V), bits);
      const chain = weightedMedianColumns(I32F32_ARITHMETIC, stakeBits, csr, M, bits(x.kappa[s]));
      for (let j = 0; j < M; j++) if (Math.abs(chain[j] / 2 ** 32 - ref.consensus[s * M + j]) > 1e-6) off++;
    }
    // Columns whose cumulative stake lands within rounding of κ may take the neighbouring value.
    expect(off).toBeLessThanOrEqual(1);
  });
});
