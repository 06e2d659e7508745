// The epoch's RAO amounts (protocol.md §3.11, sim/chain/yuma/emission-split.ts): floor(share ⊗ E)
// for I32F32 shares, on both of its paths (E below 2^48 on doubles, above on I96F32), zero shares
// included.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { amountsI96F32 } from '../sim/chain/yuma/emission-split.ts';

const ONE = 2 ** 32;

describe('amountsI96F32', () => {
  const rng = seedrandom('test/emission-split');
  const shares = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0 : Math.floor(rng() * ONE)));
  shares[1] = ONE;
  for (const emission of [0n, 1n, 148_000_000_000n, 2n ** 48n - 1n, 2n ** 48n, 21_000_000n * 10n ** 9n]) {
    it(`pays floor(share · E / 2^32) to each uid, 0 to zero shares (E = ${emission})`, () => {
      const { server, validator, combined } = amountsI96F32(shares, shares, shares, emission);
      const expected = Array.from(shares, (s) => (BigInt(s) * emission) >> 32n);
      expect(server).toEqual(expected);
      expect(validator).toEqual(expected);
      expect(combined).toEqual(expected);
      expect(server.filter((x, i) => i % 3 === 0 && x !== 0n)).toEqual([]);
    });
  }
});
