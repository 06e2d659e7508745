// protocol.md §9.4: the chain's Yuma3 scenario tests (tests/epoch.rs `test_yuma_3_*`).
// Common setup: tempo 1, bonds penalty 0, BMA 975000, kappa 32767, liquid alpha (0.1, 0.3) →
// u16 (6553, 19660), steepness 1000, Yuma3, 3 validator permits. Trace epoch 0 assigns permits;
// trace epoch k + 1 is the test's epoch k. Weights are u16 vectors over the servers, explicit zeros
// included; the chain asserts dividends (u16 / 65535) within 1e-3.
import { describe, expect, it } from 'vitest';
import { runTrace } from './helpers/trace.ts';

const M = 65535;
const H = 32767;
type Rows = number[][]; // one weight vector per validator (uids 0, 1, 2)

function scenario(opts: {
  n?: number;
  stakes: number[];
  liquid?: boolean;
  weights: (epoch: number) => Rows | null;
  epochs: number;
}) {
  const n = opts.n ?? 5;
  const servers = Array.from({ length: n - 3 }, (_, k) => 3 + k);
  const epochs: Record<string, unknown>[] = [{ stake: opts.stakes.map(String) }];
  for (let e = 0; e < opts.epochs; e++) {
    const w = opts.weights(e);
    epochs.push(
      w ? { setWeights: Object.fromEntries(w.map((row, v) => [String(v), servers.map((s, k) => [s, row[k]])])) } : {},
    );
  }
  const out = runTrace({
    n,
    hyperparameters: {
      tempo: 1,
      bondsPenalty: 0,
      bondsMovingAverage: 975000,
      kappa: 32767,
      liquidAlpha: opts.liquid ?? true,
      alphaLow: 6553,
      alphaHigh: 19660,
      alphaSigmoidSteepness: 1000,
      yuma3: true,
      maxAllowedValidators: 3,
      activityCutoff: 5000,
    },
    emissionPerEpoch: '1000000000',
    epochs,
  });
  return out.slice(1).map((e) => e.dividends.slice(0, 3).map((d) => d / M));
}

function expectDividends(actual: number[][], targets: number[][]) {
  targets.forEach((t, e) => {
    t.forEach((x, v) => {
      expect(Math.abs(actual[e][v] - x), `epoch ${e} validator ${v}: ${actual[e][v]} vs ${x}`).toBeLessThanOrEqual(
        1e-3,
      );
    });
  });
}

const S1: number[] = [M, 0];
const S2: number[] = [0, M];

describe('protocol.md 9.4 Yuma3 scenario tests', () => {
  it('test_yuma_3_kappa_moves_first', () => {
    const d = scenario({
      stakes: [8, 1, 1, 0, 0],
      epochs: 6,
      weights: (e) =>
        [
          [S1, S1, S1],
          [S2, S1, S1],
          [S2, S2, S1],
          [S2, S2, S2],
        ][e] ?? null,
    });
    expectDividends(d, [
      [0.8, 0.1, 0.1],
      [1.0, 0, 0],
      [0.9382, 0.0618, 0],
      [0.8819, 0.0773, 0.0407],
      [0.8564, 0.0844, 0.0592],
      [0.8418, 0.0884, 0.0697],
    ]);
  });
  it('test_yuma_3_kappa_moves_second', () => {
    const d = scenario({
      stakes: [8, 1, 1, 0, 0],
      epochs: 6,
      weights: (e) =>
        [
          [S1, S1, S1],
          [S1, S2, S1],
          [S2, S2, S1],
          [S2, S2, S2],
        ][e] ?? null,
    });
    expectDividends(d, [
      [0.8, 0.1, 0.1],
      [0.8446, 0.0498, 0.1056],
      [0.6868, 0.3132, 0],
      [0.7421, 0.209, 0.0489],
      [0.7625, 0.1706, 0.0669],
      [0.773, 0.1508, 0.0762],
    ]);
  });
  it('test_yuma_3_kappa_moves_last', () => {
    const d = scenario({
      stakes: [8, 1, 1, 0, 0],
      epochs: 6,
      weights: (e) =>
        [
          [S1, S1, S1],
          [S1, S2, S1],
          [S1, S2, S2],
          [S2, S2, S2],
        ][e] ?? null,
    });
    expectDividends(d, [
      [0.8, 0.1, 0.1],
      [0.8446, 0.0498, 0.1056],
      [0.8966, 0.0333, 0.0701],
      [0.4663, 0.321, 0.2127],
      [0.5976, 0.234, 0.1683],
      [0.6592, 0.1932, 0.1475],
    ]);
  });
  const oneSwitch = (e: number): Rows => (e === 2 ? [S1, S1, S2] : [S1, S1, S1]);
  it('test_yuma_3_one_epoch_switch', () => {
    const d = scenario({ stakes: [33, 33, 34, 0, 0], epochs: 6, weights: oneSwitch });
    expectDividends(d, [
      [0.33, 0.33, 0.34],
      [0.33, 0.33, 0.34],
      [0.3782, 0.3782, 0.2436],
      [0.3628, 0.3628, 0.2745],
      [0.3541, 0.3541, 0.2917],
      [0.3487, 0.3487, 0.3026],
    ]);
  });
  it('test_yuma_3_liquid_alpha_disabled', () => {
    const d = scenario({ stakes: [33, 33, 34, 0, 0], epochs: 6, weights: oneSwitch, liquid: false });
    expectDividends(d, [
      [0.33, 0.33, 0.34],
      [0.33, 0.33, 0.34],
      [0.3734, 0.3734, 0.2532],
      [0.3611, 0.3611, 0.2779],
      [0.3541, 0.3541, 0.2919],
      [0.3495, 0.3495, 0.3009],
    ]);
  });
  it('test_yuma_3_stable_miner', () => {
    const P13 = [H, 0, H];
    const P23 = [0, H, H];
    const d = scenario({
      n: 6,
      stakes: [8, 1, 1, 0, 0, 0],
      epochs: 6,
      weights: (e) =>
        [
          [P13, P13, P13],
          [P13, P23, P13],
          [P23, P23, P13],
          [P23, P23, P23],
        ][e] ?? null,
    });
    expectDividends(d, [
      [0.8, 0.1, 0.1],
      [0.8226, 0.0745, 0.1028],
      [0.775, 0.1685, 0.0565],
      [0.7864, 0.1372, 0.0764],
      [0.7912, 0.1241, 0.0847],
      [0.7937, 0.1173, 0.089],
    ]);
  });
});
