// The exact consensus stage in WebAssembly (sim/chain/yuma/wasm-consensus.ts) against the JavaScript
// steps it stands in for (row normalisation, weighted medians, clipping with validator trust, ranks):
// the same bits in every output, on random subnets with the cases that change a branch (zero rows,
// members without stake, columns nobody weighted, consensus 0, a validator holding all the stake,
// weights at 65535); what it declines, it leaves untouched; and whole epochs are the same with it
// on and off.
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { benchEpochInputs } from '../sim/bench/epoch-exact.ts';
import { I32F32_ARITHMETIC as A } from '../sim/chain/yuma/arithmetic.ts';
import { clipToConsensus, MedianReach, medianMembers, weightedMedianColumns } from '../sim/chain/yuma/consensus.ts';
import { type EpochResult, runEpoch } from '../sim/chain/yuma/epoch.ts';
import { I32F32_KERNELS as K } from '../sim/chain/yuma/kernels.ts';
import { storeEpochResult } from '../sim/chain/yuma/neurons.ts';
import { type Csr, CsrBuilder } from '../sim/chain/yuma/sparse.ts';
import { exactConsensusStageWasm, type StageOutput, useWasmConsensus } from '../sim/chain/yuma/wasm-consensus.ts';

const ONE = 2 ** 32;

afterEach(() => useWasmConsensus(true));

/** A masked n × n matrix of u16 weights and an active stake vector (I32F32 bits, summing to 1 or 0). */
function randomSubnet(rng: () => number, t: number) {
  const n = 2 + Math.floor(rng() * 60);
  const validators = 1 + Math.floor(rng() * Math.min(n, 20));
  const raw = Array.from({ length: n }, (_, i) =>
    i < validators && rng() > 0.15 ? 1 + Math.floor(rng() * 2 ** 30) : 0,
  );
  if (t % 7 === 0) raw.fill(0).splice(0, 1, 5); // one validator holds all the stake: 2^32 after normalising
  const activeStake = Float64Array.from(raw);
  A.normalizeInPlace(activeStake);
  const ptr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i < validators && rng() > 0.1) {
      const zeroRow = rng() < 0.1;
      for (let j = 0; j < n; j++) {
        if (j === i || rng() < 0.25) continue;
        if (j % 5 === 3 && t % 2 === 0) continue; // columns nobody weighted
        const r = rng();
        cols.push(j);
        vals.push(zeroRow ? 0 : r < 0.1 ? 0 : r < 0.2 ? 65535 : Math.floor(rng() * 65536));
      }
    }
    ptr.push(cols.length);
  }
  const masked: Csr = {
    rows: n,
    ptr: Int32Array.from(ptr),
    cols: Int32Array.from(cols),
    vals: Float64Array.from(vals),
  };
  return { n, masked, activeStake };
}

function stageOutput(n: number, nnz: number): StageOutput {
  return {
    weightVals: new Float64Array(nnz),
    consensus: new Float64Array(n),
    clipped: { ptr: new Int32Array(n + 1), cols: new Int32Array(nnz), vals: new Float64Array(nnz) },
    validatorTrust: new Float64Array(n),
    ranks: new Float64Array(n),
  };
}

/** The JavaScript steps, from the same hints. */
function javascriptStage(masked: Csr, n: number, activeStake: Float64Array, kappa: number, hints: Float64Array) {
  const weights = new CsrBuilder(n, masked.cols.length).copyOf(masked);
  K.normalizeIntegerRows(weights);
  useWasmConsensus(false);
  const consensus = weightedMedianColumns(A, activeStake, weights, n, kappa, hints.slice(), new MedianReach());
  useWasmConsensus(true);
  const validatorTrust = new Float64Array(n);
  const clipped = clipToConsensus(weights, consensus, new CsrBuilder(n, masked.cols.length), validatorTrust);
  const ranks = K.weightedColumnSums(clipped, activeStake, n, new Float64Array(n));
  return { weights, consensus, clipped, validatorTrust, ranks };
}

describe('exact consensus stage in WebAssembly', () => {
  it('writes the JavaScript steps’ bits on 300 random subnets, from any hints', () => {
    const rng = seedrandom('wasm-consensus-stage');
    let entries = 0;
    let vanished = 0;
    for (let t = 0; t < 300; t++) {
      const { n, masked, activeStake } = randomSubnet(rng, t);
      const kappa = [0, A.quotient(32767, 65535), Math.floor(rng() * ONE), ONE][t % 4];
      const hints = Float64Array.from({ length: n }, () => (rng() < 0.5 ? 0 : Math.floor(rng() * ONE)));
      const expected = javascriptStage(masked, n, activeStake, kappa, hints);
      const out = stageOutput(n, masked.cols.length);
      out.consensus.set(hints);
      out.weightVals.set(masked.vals);
      const done = exactConsensusStageWasm(masked, n, activeStake, medianMembers(A, activeStake, kappa), 0.1, out);
      expect(done).not.toBeNull();
      const kept = done!.clippedEntries;
      expect(Array.from(out.weightVals)).toEqual(Array.from(expected.weights.vals));
      expect(Array.from(out.consensus)).toEqual(Array.from(expected.consensus));
      expect(kept).toBe(expected.clipped.cols.length);
      expect(Array.from(out.clipped.ptr)).toEqual(Array.from(expected.clipped.ptr));
      expect(Array.from(out.clipped.cols.subarray(0, kept))).toEqual(Array.from(expected.clipped.cols));
      expect(Array.from(out.clipped.vals.subarray(0, kept))).toEqual(Array.from(expected.clipped.vals));
      expect(Array.from(out.validatorTrust)).toEqual(Array.from(expected.validatorTrust));
      expect(Array.from(out.ranks)).toEqual(Array.from(expected.ranks));
      entries += masked.cols.length;
      vanished += masked.cols.length - kept;
    }
    expect(entries).toBeGreaterThan(50_000);
    expect(vanished).toBeGreaterThan(100); // entries above a consensus of 0 vanish
  });

  it('declines, writing nothing, a weight that is no u16, a column outside the matrix, a stake above 1', () => {
    const rng = seedrandom('wasm-consensus-stage/declines');
    const { n, masked, activeStake } = randomSubnet(rng, 1);
    const kappa = A.quotient(32767, 65535);
    const cases: Array<[string, () => { masked: Csr; activeStake: Float64Array }]> = [
      ['a weight above 65535', () => ({ masked: withValue(masked, 65536), activeStake })],
      ['a fractional weight', () => ({ masked: withValue(masked, 0.5), activeStake })],
      [
        'a column ≥ n',
        () => ({ masked: { ...masked, cols: masked.cols.map((j, k) => (k === 0 ? n : j)) }, activeStake }),
      ],
      ['an active stake above 1', () => ({ masked, activeStake: activeStake.map((a, i) => (i === 0 ? ONE + 1 : a)) })],
    ];
    for (const [, make] of cases) {
      const input = make();
      const out = stageOutput(n, masked.cols.length);
      out.consensus.fill(7);
      const done = exactConsensusStageWasm(
        input.masked,
        n,
        input.activeStake,
        medianMembers(A, input.activeStake, kappa),
        0,
        out,
      );
      expect(done).toBeNull();
      expect(out.consensus.every((c) => c === 7)).toBe(true);
      expect(out.ranks.every((r) => r === 0)).toBe(true);
    }
  });

  it('leaves whole exact epochs unchanged, with weights re-drawn every epoch', () => {
    const results = (wasm: boolean): EpochResult[] => {
      useWasmConsensus(wasm);
      const { state, input, redrawWeights } = benchEpochInputs('wasm-consensus-stage/epochs', false);
      const out: EpochResult[] = [];
      for (let e = 0; e < 12; e++) {
        const block = (e + 1) * 360;
        redrawWeights(block - 1);
        for (let v = 0; v < 64; v++) state.lastUpdate[v] = block - 1;
        const r = runEpoch(input(block));
        storeEpochResult(state, r, block);
        out.push(r);
      }
      return out;
    };
    const withWasm = results(true);
    expect(withWasm.at(-1)!.exact.consensus.some((c) => c > 0)).toBe(true);
    expect(withWasm).toEqual(results(false));
  });
});

/** The matrix with its first entry's value replaced. */
function withValue(m: Csr, value: number): Csr {
  const vals = Float64Array.from(m.vals);
  vals[0] = value;
  return { ...m, vals };
}
