// Validator (delegate) take and the nominators' share (protocol-2026h2.md §5.2), exact to the RAO.
import { describe, expect, it } from 'vitest';
import { U96F32 } from '../sim/chain/fixed/fixed.ts';
import { DEFAULT_DELEGATE_TAKE, nominatorShares, splitTake } from '../sim/chain/network/take.ts';

/** take ⊘ 65535 as U96F32 bits, written out: ⌊take · 2^32 / 65535⌋. */
const takeBits = (take: number) => (BigInt(take) << 32n) / 65535n;

describe('validator take (protocol-2026h2.md §5.2)', () => {
  it('default Delegates 11796 (≈ 18 %) on a 1e9 dividend: ⌊take⌋ to the owner, ⌊a − take⌋ to the pool', () => {
    expect(DEFAULT_DELEGATE_TAKE).toBe(11_796);
    const a = 1_000_000_000n;
    const take = (takeBits(11_796) * a) >> 32n;
    expect(splitTake(U96F32.fromInt(a), DEFAULT_DELEGATE_TAKE)).toEqual({
      take,
      nominators: a - take - 1n,
      dust: 1n,
    });
    expect(take).toBe(179_995_422n);
  });
  it('a take whose product is whole loses nothing; take 0 gives all to the pool, 65535 all to the owner', () => {
    expect(splitTake(U96F32.fromInt(0n), 11_796)).toEqual({ take: 0n, nominators: 0n, dust: 0n });
    expect(splitTake(U96F32.fromInt(987_654_321n), 0)).toEqual({ take: 0n, nominators: 987_654_321n, dust: 0n });
    expect(splitTake(U96F32.fromInt(987_654_321n), 65_535)).toEqual({ take: 987_654_321n, nominators: 0n, dust: 0n });
  });
  it('a fractional dividend (U96F32) splits the same way', () => {
    const a = U96F32.fromInt(1_000n) + (1n << 31n); // 1000.5
    const take = U96F32.mul(takeBits(13_107), a);
    expect(splitTake(a, 13_107)).toEqual({
      take: take >> 32n,
      nominators: (a - take) >> 32n,
      dust: 1_000n - (take >> 32n) - ((a - take) >> 32n),
    });
  });
  it('conservation: take + nominators + dust = ⌊a⌋ and dust ≤ 1, over many amounts and takes', () => {
    for (let k = 0; k < 2_000; k++) {
      const a = (BigInt(k) * 7_919_000_003n + 17n) % 10n ** 15n;
      const t = (k * 7_877) % 65_536;
      const s = splitTake(U96F32.fromInt(a), t);
      expect(s.take + s.nominators + s.dust).toBe(a);
      expect(s.dust === 0n || s.dust === 1n).toBe(true);
    }
  });
});

describe("nominators' share of the pool (update_value_for_all, pro rata to stake)", () => {
  it('each holder gets ⌊amount · stake / Σ stake⌋; the floors give the dust', () => {
    expect(nominatorShares(1_000n, [1n, 1n, 1n])).toEqual({ paid: [333n, 333n, 333n], dust: 1n });
    expect(nominatorShares(820_004_578n, [3n, 1n])).toEqual({ paid: [615_003_433n, 205_001_144n], dust: 1n });
    expect(nominatorShares(5n, [0n, 0n])).toEqual({ paid: [0n, 0n], dust: 5n });
  });
});
