// Child keys (protocol-2026h2.md §5.1): stake inheritance for the epoch and the routing of a child's
// validator dividend to its parents with the childkey take, exact to the RAO.
import { describe, expect, it } from 'vitest';
import { U64_MAX, U96F32 } from '../sim/chain/fixed/fixed.ts';
import {
  type ChildKeyLink,
  type DividendRoutingInput,
  inheritedStake,
  proportionU96F32,
  routeDividend,
} from '../sim/chain/network/child-keys.ts';

const PARENT = 1;
const CHILD = 2;
const NET = 1;
const stakes =
  (m: Record<number, bigint>) =>
  (h: number): bigint =>
    m[h] ?? 0n;
const input = (alpha: Record<number, bigint>, over: Partial<DividendRoutingInput> = {}): DividendRoutingInput => ({
  alpha: stakes(alpha),
  root: stakes({}),
  taoWeight: 0n,
  owner: (h) => 100 + h, // every hotkey its own coldkey
  childkeyTake: 0,
  ckBurn: 0n,
  ...over,
});
const sum = (xs: { amount: bigint }[]) => xs.reduce((t, x) => t + x.amount, 0n);
/** pending ⊗ (part ⊘ Σ parts), the per-epoch rescale of the summed dividend shares (§2.2 / B). */
const rescale = (pending: bigint, part: bigint, total: bigint) =>
  U96F32.toInt(U96F32.mul(U96F32.fromInt(pending), U96F32.div(U96F32.fromInt(part), U96F32.fromInt(total))));

describe('proportions and inherited stake (protocol.md §3.3)', () => {
  it('p = proportion / u64::MAX in U96F32: u64::MAX is exactly 1, half truncates', () => {
    expect(proportionU96F32(U64_MAX)).toBe(U96F32.one);
    expect(proportionU96F32(U64_MAX / 2n)).toBe((1n << 31n) - 1n);
    expect(proportionU96F32(0n)).toBe(0n);
  });
  it('a parent lending everything gives all its stake to the child and keeps none', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX }];
    const own = stakes({ [PARENT]: 1_000_000_000n, [CHILD]: 7n });
    expect(inheritedStake(own, links, NET, PARENT)).toBe(0n);
    expect(inheritedStake(own, links, NET, CHILD)).toBe(1_000_000_007n);
    // another subnet's links do not count
    expect(inheritedStake(own, links, 2, CHILD)).toBe(7n);
  });
  it('half: p = (2^31 − 1)/2^32, each side floored once at the end', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX / 2n }];
    const own = stakes({ [PARENT]: 100_000_000_000n, [CHILD]: 100_000_000_000n });
    const lent = (100_000_000_000n * ((1n << 31n) - 1n)) >> 32n; // ⌊1e11 · p⌋ (exact product, 32 fraction bits)
    const lentBits = (100_000_000_000n * ((1n << 31n) - 1n)) % (1n << 32n);
    expect(inheritedStake(own, links, NET, PARENT)).toBe(100_000_000_000n - lent - (lentBits > 0n ? 1n : 0n));
    expect(inheritedStake(own, links, NET, CHILD)).toBe(100_000_000_000n + lent);
    expect(inheritedStake(own, links, NET, PARENT) + inheritedStake(own, links, NET, CHILD)).toBe(
      200_000_000_000n - 1n, // the floors lose one RAO here
    );
  });
});

describe('dividend routing with the childkey take (protocol-2026h2.md §5.1)', () => {
  it('test_drain_alpha_childkey_parentkey: parent 1e9 lent wholly, take 6553 ≈ 10 %: child ≈ 1e8, parent ≈ 9e8', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX }];
    const d = 1_000_000_000n; // server = validator = 5e8, no incentive: the child's dividend carries all of it
    const r = routeDividend(links, NET, CHILD, d, input({ [PARENT]: 1_000_000_000n }, { childkeyTake: 6553 }));
    const takeP = (6553n << 32n) / 65535n;
    const take = (takeP * d) >> 32n;
    expect(r.shares).toEqual([
      { hotkey: PARENT, amount: d - take - 1n }, // ⌊d − take⌋ with take fractional
      { hotkey: CHILD, amount: take },
    ]);
    expect(r.shares[0].amount).toBe(900_007_629n);
    expect(r.shares[1].amount).toBe(99_992_370n);
    // The chain test's assertion, tolerance 1e4 (after the rescale to the 1e9 validator pool)
    const total = sum(r.shares);
    expect(Math.abs(Number(rescale(d, r.shares[0].amount, total)) - 9e8)).toBeLessThan(1e4);
    expect(Math.abs(Number(rescale(d, r.shares[1].amount, total)) - 1e8)).toBeLessThan(1e4);
    expect(total + r.recycled + 1n).toBe(d); // one RAO of floor dust
  });

  it('test_childkey_take_drain: parent 1e11 lends 50 %, nominator 1e11 on child, take 20 % → parent 45 %, nominator 55 %, child coldkey 0', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX / 2n }];
    const own = { [PARENT]: 100_000_000_000n, [CHILD]: 100_000_000_000n };
    const E = 1_000_000_000n;
    // Both validate; equal weights make the dividends proportional to the inherited stakes.
    const sp = inheritedStake(stakes(own), links, NET, PARENT);
    const sc = inheritedStake(stakes(own), links, NET, CHILD);
    const dParent = (E * sp) / (sp + sc);
    const dChild = (E * sc) / (sp + sc);
    const r = routeDividend(links, NET, CHILD, dChild, input(own, { childkeyTake: 13107 }));
    const parent = dParent + r.shares[0].amount;
    const child = r.shares[1].amount; // the child's delegate take is 0: all of it to its nominator
    expect(Math.abs(Number(parent) - 0.45 * Number(E))).toBeLessThanOrEqual(10);
    expect(Math.abs(Number(child) - 0.55 * Number(E))).toBeLessThanOrEqual(10);
    expect([dParent, r.shares[0].amount, child]).toEqual([250_000_000n, 199_999_999n, 549_999_999n]);
  });

  it('test_drain_alpha_childkey_parentkey_with_burn: the burnt slice is recycled and the rest rescaled (tolerance 3e6)', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX }];
    const A = 1_000_000_000n;
    for (const ckBurn of [0n, U64_MAX / 10n]) {
      const r = routeDividend(links, NET, CHILD, A, input({ [PARENT]: A }, { childkeyTake: 6553, ckBurn }));
      const burn = Number(ckBurn) / Number(U64_MAX);
      const a = Number(A);
      const beta = 0.9 * a * burn;
      const total = sum(r.shares);
      expect(
        Math.abs(Number(rescale(A, r.shares[0].amount, total)) - (a * (0.9 * a - beta)) / (a - beta)),
      ).toBeLessThan(3e6);
      expect(Math.abs(Number(rescale(A, r.shares[1].amount, total)) - (a * 0.1 * a) / (a - beta))).toBeLessThan(3e6);
      expect(r.recycled).toBe(
        U96F32.toInt(U96F32.mul(U96F32.div(U96F32.fromInt(ckBurn), U96F32.fromInt(U64_MAX)), U96F32.fromInt(A))),
      );
      expect(A - total - r.recycled).toBeGreaterThanOrEqual(0n);
      expect(A - total - r.recycled).toBeLessThanOrEqual(2n);
    }
  });

  it('no take and no burn between hotkeys of one coldkey', () => {
    const links: ChildKeyLink[] = [{ netuid: NET, parent: PARENT, child: CHILD, proportion: U64_MAX }];
    const r = routeDividend(
      links,
      NET,
      CHILD,
      1_000n,
      input({ [PARENT]: 1_000n }, { childkeyTake: 11_796, ckBurn: U64_MAX / 2n, owner: () => 7 }),
    );
    expect(r).toEqual({
      shares: [
        { hotkey: PARENT, amount: 1_000n },
        { hotkey: CHILD, amount: 0n },
      ],
      recycled: 0n,
    });
  });

  it('a hotkey without parents keeps its dividend whole', () => {
    expect(routeDividend([], NET, CHILD, 123_456_789n, input({}))).toEqual({
      shares: [{ hotkey: CHILD, amount: 123_456_789n }],
      recycled: 0n,
    });
  });

  it('conservation: parts + recycled + floor dust = dividend, dust below one RAO per part', () => {
    let seed = 12345n;
    const next = (m: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      return (seed >> 11n) % m;
    };
    for (let trial = 0; trial < 300; trial++) {
      const nParents = Number(next(4n)) + 1;
      const links: ChildKeyLink[] = [];
      const alpha: Record<number, bigint> = { [CHILD]: next(10n ** 15n) };
      const root: Record<number, bigint> = { [CHILD]: next(10n ** 15n) };
      for (let q = 0; q < nParents; q++) {
        links.push({ netuid: NET, parent: 10 + q, child: CHILD, proportion: next(U64_MAX) });
        alpha[10 + q] = next(10n ** 16n);
        root[10 + q] = next(10n ** 16n);
      }
      links.push({ netuid: NET, parent: CHILD, child: 50, proportion: next(U64_MAX / 2n) });
      const d = next(10n ** 13n);
      const r = routeDividend(links, NET, CHILD, d, {
        alpha: stakes(alpha),
        root: stakes(root),
        taoWeight: next(U64_MAX),
        owner: (h) => (h === 11 ? 100 + CHILD : 100 + h),
        childkeyTake: Number(next(11_797n)),
        ckBurn: next(U64_MAX / 5n),
      });
      expect(r.shares.map((x) => x.hotkey)).toEqual([...links.slice(0, nParents).map((l) => l.parent), CHILD]);
      const dust = d - sum(r.shares) - r.recycled;
      expect(dust).toBeGreaterThanOrEqual(0n);
      expect(dust).toBeLessThanOrEqual(BigInt(2 * nParents + 1));
    }
  });
});
