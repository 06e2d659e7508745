// protocol.md §9.4 (test_yuma_3_bonds_reset) and §9.5 (test_10_graph, test_outdated_weights).
import { describe, expect, it } from 'vitest';
import { runTrace, totalEmission } from './helpers/trace.ts';

const M = 65535;

describe('protocol.md 9.4 test_yuma_3_bonds_reset', () => {
  // Setup as the other Yuma3 scenario tests, stakes [8, 1, 1]. Weights every epoch: e0 all → S1;
  // e1 A → S1, B and C → S2; e2..20 all → S2; e21 A → S2, B and C → S1; e22..40 all → S1.
  // At e20, after the weights and before the epoch, bonds toward uid 3 (S1) are reset.
  const S1 = [
    [3, M],
    [4, 0],
  ];
  const S2 = [
    [3, 0],
    [4, M],
  ];
  const weightsAt = (e: number) => {
    if (e === 0) return [S1, S1, S1];
    if (e === 1) return [S1, S2, S2];
    if (e <= 20) return [S2, S2, S2];
    if (e === 21) return [S2, S1, S1];
    return [S1, S1, S1];
  };
  const epochs: Record<string, unknown>[] = [{ stake: ['8', '1', '1', '0', '0'] }];
  for (let e = 0; e <= 40; e++) {
    const w = weightsAt(e);
    epochs.push({ setWeights: { '0': w[0], '1': w[1], '2': w[2] }, ...(e === 20 ? { resetBonds: [3] } : {}) });
  }
  const out = runTrace({
    n: 5,
    hyperparameters: {
      tempo: 1,
      bondsPenalty: 0,
      bondsMovingAverage: 975000,
      kappa: 32767,
      liquidAlpha: true,
      alphaLow: 6553,
      alphaHigh: 19660,
      alphaSigmoidSteepness: 1000,
      yuma3: true,
      maxAllowedValidators: 3,
    },
    emissionPerEpoch: '1000000000',
    epochs,
  });
  const targets: [number, number[]][] = [
    [0, [0.8, 0.1, 0.1]],
    [1, [0.8944, 0.0528, 0.0528]],
    [2, [0.523, 0.2385, 0.2385]],
    [19, [0.7919, 0.104, 0.104]],
    [20, [0.7928, 0.1036, 0.1036]],
    [21, [0.8467, 0.0766, 0.0766]],
    [40, [0.7928, 0.1036, 0.1036]],
  ];
  it.each(targets)('epoch %i dividends within 1e-3 of %j', (e, target) => {
    const d = out[e + 1].dividends.slice(0, 3).map((x) => x / M);
    target.forEach((t, v) => expect(Math.abs(d[v] - t)).toBeLessThanOrEqual(1e-3));
  });
  it('the reset removes every bond toward uid 3 at epoch 20', () => {
    for (const v of [0, 1, 2]) {
      expect(out[20].bonds[v].some(([c]) => c === 3)).toBe(true);
      expect(out[21].bonds[v].some(([c]) => c === 3)).toBe(false);
    }
  });
});

describe('protocol.md 9.5', () => {
  it('test_10_graph: self-weights only → nothing but the fallback, 99999999 to each uid', () => {
    const self = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), [[i, M]]]));
    const out = runTrace({
      n: 10,
      hyperparameters: { yuma3: false, tempo: 1, maxAllowedValidators: 10 },
      emissionPerEpoch: '1000000000',
      epochs: [{ stake: Array(10).fill('1') }, { setWeights: self }],
    });
    const e = out[1];
    expect(e.consensus).toEqual(Array(10).fill(0));
    expect(e.incentive).toEqual(Array(10).fill(0));
    expect(e.dividends).toEqual(Array(10).fill(0));
    expect(totalEmission(e)).toEqual(Array(10).fill(99999999));
  });
  it('test_outdated_weights: weights set before a slot was re-registered no longer count', () => {
    // Chain: registration at block 1, weights at 2, uid 3 re-registered at 2, uid 0 re-sets at 3,
    // epoch at 3. Trace (tempo 1, changes one block before each epoch): the re-registration comes at
    // the block of the previous epoch, and one epoch with outdated weights runs in between.
    const w = [
      [2, 43690],
      [3, 21845],
    ];
    const out = runTrace({
      n: 4,
      hyperparameters: { yuma3: false, tempo: 1, maxAllowedValidators: 4, bondsPenalty: M },
      emissionPerEpoch: '1000000000',
      epochs: [
        { stake: ['1', '1', '1', '1'] },
        { setWeights: { '0': w, '1': w, '2': [[2, M]], '3': [[3, M]] } },
        { register: [3], stake: ['1', '1', '1', '0'] },
        { setWeights: { '0': w } },
      ],
    });
    const e = out[3];
    expect(e.dividends[0]).toBe(32767);
    expect(totalEmission(e)[0]).toBe(250000000);
    expect(e.bonds[0]).toEqual([
      [2, 65535],
      [3, 65535],
    ]);
  });
});
