// protocol.md §9.1: the chain's `test_bonds` (tests/epoch.rs), original Yuma, 4 validators + 4 servers,
// tempo 1. Epoch 0 of the trace only assigns permits, as the test's first `epoch` call does.
import { describe, expect, it } from 'vitest';
import { bondColumn, runTrace, totalEmission } from './helpers/trace.ts';

const servers = [4, 5, 6, 7];
const initial = [16383, 32767, 49149, 65535];
const pairs = (dests: number[], values: number[]) => dests.map((d, k) => [d, values[k]]);

const out = runTrace({
  n: 8,
  hyperparameters: { yuma3: false, maxAllowedValidators: 8, tempo: 1, bondsPenalty: 65535, activityCutoff: 5000 },
  emissionPerEpoch: '1000000000',
  epochs: [
    { stake: ['1', '2', '3', '4', '0', '0', '0', '0'] },
    { setWeights: Object.fromEntries([0, 1, 2, 3].map((v) => [String(v), pairs(servers, initial)])) },
    { setWeights: { '0': [[0, 65535]] } },
    { setWeights: { '1': [[1, 65535]] } },
    { setWeights: { '2': [[2, 65535]] } },
    { setWeights: { '2': [[7, 65535]] } },
    {},
    {},
  ],
});

describe('protocol.md 9.1 test_bonds', () => {
  it('the first epoch gives permits to the non-zero stakes only', () => {
    expect(out[0].validatorPermit).toEqual([true, true, true, true, false, false, false, false]);
  });
  const steps: [number, number, number[], number[]][] = [
    [
      1,
      4,
      [16383, 32767, 49151, 65535],
      [49999998, 99999999, 150000000, 200000001, 49998779, 100000610, 149996337, 200004272],
    ],
    [
      2,
      4,
      [14582, 32767, 49151, 65535],
      [44998351, 101110561, 151667215, 202223870, 49998779, 100000610, 149996337, 200004272],
    ],
    [
      3,
      4,
      [12603, 28321, 49151, 65535],
      [40496805, 90999783, 157929636, 210573773, 49998779, 100000610, 149996337, 200004272],
    ],
    [4, 7, [12602, 28320, 49150, 65535], [99999999, 199999999, 299999999, 399999999, 0, 0, 0, 0]],
    [5, 7, [10951, 24609, 49150, 65535], [36443733, 81898628, 163565493, 218092144, 0, 0, 0, 500000000]],
    [6, 7, [9559, 21482, 49150, 65535], [32799427, 73706612, 168638129, 224855830, 0, 0, 0, 500000000]],
    [7, 7, [8376, 18824, 49150, 65535], [29518068, 66336137, 173203134, 230942659, 0, 0, 0, 500000000]],
  ];
  it.each(steps)('step %i: bonds toward uid %i are %j, per-uid emission %j', (step, col, bonds, emission) => {
    const e = out[step];
    expect(bondColumn(e, col, [0, 1, 2, 3])).toEqual(bonds);
    expect(totalEmission(e)).toEqual(emission);
  });
  it('step 1 normalised weights and incentive to 10 digits', () => {
    const inc = out[1].exact.incentive.slice(4);
    [0.0999975582, 0.2000012207, 0.2999926752, 0.4000085455].forEach((x, k) => expect(inc[k]).toBeCloseTo(x, 9));
  });
});
