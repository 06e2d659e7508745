// protocol.md §9.3: 2 validators, 3 miners, both bond variants, three epochs.
import { describe, expect, it } from 'vitest';
import { runTrace } from './helpers/trace.ts';

function trace(yuma3: boolean) {
  return {
    n: 5,
    hyperparameters: { yuma3, liquidAlpha: false, maxAllowedValidators: 64, tempo: 360, activityCutoff: 5000 },
    emissionPerEpoch: '1000000000',
    initialPermits: [true, true, false, false, false],
    epochs: [
      {
        stake: ['600000000000', '400000000000', '0', '0', '0'],
        setWeights: {
          '0': [
            [2, 50],
            [3, 30],
            [4, 20],
          ],
          '1': [
            [2, 20],
            [3, 30],
            [4, 50],
          ],
        },
      },
      {},
      {},
    ],
  };
}

describe('protocol.md 9.3, shared quantities', () => {
  const out = runTrace(trace(false));
  it('stake, consensus, validator trust and incentive', () => {
    for (const e of out) {
      expect(e.stakeWeight.slice(0, 2)).toEqual([39320, 26213]); // s bits 2576980377, 1717986918
      expect(e.consensus).toEqual([0, 0, 32767, 19660, 13106]);
      expect(e.exact.consensus.slice(2)).toEqual([0.5, 1288490188 / 2 ** 32, 858993459 / 2 ** 32]);
      expect(e.validatorTrust.slice(0, 2)).toEqual([65534, 45874]);
      expect(e.incentive).toEqual([0, 0, 28299, 22341, 14894]);
      expect(e.serverEmission).toEqual(['0', '0', '215909090', '170454545', '113636363']);
    }
  });
  it('incentive to 10 digits: 0.4318181819, 0.3409090908, 0.2272727271', () => {
    const inc = out[0].exact.incentive.slice(2);
    expect(inc[0]).toBeCloseTo(0.4318181819, 9);
    expect(inc[1]).toBeCloseTo(0.3409090908, 9);
    expect(inc[2]).toBeCloseTo(0.2272727271, 9);
  });
});

interface Row {
  d: number[];
  u16: number[];
  ve: string[];
  a: number[];
  b: number[];
}

/** Check dividends (exact and u16), validator emission and both validators' stored bonds per epoch. */
function checkEpochs(yuma3: boolean, rows: Row[]): void {
  const out = runTrace(trace(yuma3));
  rows.forEach((row, k) => {
    it(`epoch ${k + 1}: dividends ${row.u16.join('/')}, validator emission ${row.ve.join('/')}`, () => {
      const e = out[k];
      expect(e.exact.dividends[0]).toBeCloseTo(row.d[0], 9);
      expect(e.exact.dividends[1]).toBeCloseTo(row.d[1], 9);
      expect(e.dividends.slice(0, 2)).toEqual(row.u16);
      expect(e.validatorEmission.slice(0, 2)).toEqual(row.ve);
      expect(e.bonds[0].map(([, v]) => v)).toEqual(row.a);
      expect(e.bonds[1].map(([, v]) => v)).toEqual(row.b);
    });
  });
}

describe('protocol.md 9.3, original Yuma', () => {
  checkEpochs(false, [
    {
      d: [0.6818181819, 0.3181818179],
      u16: [44682, 20852],
      ve: ['340909090', '159090908'],
      a: [65535, 65535, 65535],
      b: [17475, 43690, 43689],
    },
    {
      d: [0.6818230019, 0.3181769978],
      u16: [44683, 20851],
      ve: ['340911500', '159088498'],
      a: [65535, 65535, 65535],
      b: [17475, 43689, 43689],
    },
    {
      d: [0.6818246874, 0.3181753124],
      u16: [44683, 20851],
      ve: ['340912343', '159087656'],
      a: [65535, 65535, 65535],
      b: [17475, 43689, 43689],
    },
  ]);
});

describe('protocol.md 9.3, Yuma3 with liquid alpha off', () => {
  checkEpochs(true, [
    {
      d: [0.6856606149, 0.3143393849],
      u16: [44934, 20600],
      ve: ['342830307', '157169692'],
      a: [3276, 1966, 1310],
      b: [1310, 1966, 1310],
    },
    {
      d: [0.6856719886, 0.3143280111],
      u16: [44935, 20599],
      ve: ['342835994', '157164005'],
      a: [6225, 3735, 2489],
      b: [2489, 3735, 2489],
    },
    {
      d: [0.6856805503, 0.3143194495],
      u16: [44936, 20598],
      ve: ['342840275', '157159724'],
      a: [8879, 5327, 3550],
      b: [3550, 5327, 3550],
    },
  ]);
});
