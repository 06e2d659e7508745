// The coinbase's float64 quotients (sim/chain/fixed/exact-quotient.ts) against the BigInt divisions
// they replace, bit for bit, on seeded random values over the ranges the coinbase sees and on the
// edges the proofs worry about: quotients at and next to integers, the largest amounts, 2^64.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fastQuotient, high32, toNumber, trustedFloor } from '../sim/chain/fixed/exact-quotient.ts';
import { U64F64, U96F32 } from '../sim/chain/fixed/fixed.ts';
import {
  floorT,
  rootAndValidatorRao,
  rootProportionBits,
  rootProportionD,
  uncappedAlphaInRao,
} from '../sim/chain/network/coinbase.ts';
import { applyGate, applyGateHighs } from '../sim/chain/network/emission-gate.ts';
import { spotPrice } from '../sim/chain/network/pool.ts';
import type { SubnetState } from '../sim/chain/network/subnet.ts';
import { priceShareHighs, subnetShares } from '../sim/chain/network/subnet-shares.ts';
import { bigintsBelow } from './helpers/random-bigint.ts';

const rng = seedrandom('test/exact-quotient');
/** A random BigInt below 2^bits (small ones drawn too). */
const below = bigintsBelow(rng);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

describe('toNumber = Number(bigint)', () => {
  it('on edges and 20 000 random values up to 2^90', () => {
    const edges = [0n, 1n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, (1n << 54n) + 3n, (1n << 64n) - 1n];
    for (const x of [...edges, 1n << 64n, (1n << 64n) + 1n, (1n << 89n) + 12345n]) expect(toNumber(x)).toBe(Number(x));
    for (let k = 0; k < 20_000; k++) {
      const x = below(90);
      expect(toNumber(x)).toBe(Number(x));
    }
  });
});

describe('high32 = Number(x >> 32n)', () => {
  it('on edges (negative, 2^32 ± 1, 2^64 ± 1, far beyond) and 20 000 random values up to 2^90', () => {
    const edges = [0n, 1n, (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n, (1n << 64n) - 1n, 1n << 64n];
    for (const x of [...edges, (1n << 64n) + 1n, (1n << 89n) + 12345n, -1n, -(1n << 40n) - 7n, -(1n << 70n)])
      expect(high32(x), `${x}`).toBe(Number(x >> 32n));
    for (let k = 0; k < 20_000; k++) {
      const x = below(90);
      expect(high32(x)).toBe(Number(x >> 32n));
    }
  });
});

describe('fastQuotient = ⌊a·2^s / b⌋ whenever it answers', () => {
  /** Check one case; returns whether the float64 path answered. */
  function check(a: bigint, b: bigint, shift: number): boolean {
    const q = fastQuotient(toNumber(a), toNumber(b), 2 ** shift);
    if (q < 0) return false;
    expect(BigInt(q)).toBe((a << BigInt(shift)) / b);
    return true;
  }
  it('random amounts below 2^55 (spot prices), both scales', () => {
    let answered = 0;
    for (let k = 0; k < 40_000; k++) if (check(below(55), below(55) + 1n, k % 2 === 0 ? 32 : 0)) answered++;
    expect(answered).toBeGreaterThan(20_000); // the rest: quotients ≥ 2^33
  });
  it('quotients at, just above and just below integers, up to 2^33', () => {
    let answered = 0;
    for (let k = 0; k < 40_000; k++) {
      const b = below(pick([20, 40, 55, 75])) + 1n;
      const q = below(33);
      const shift = pick([0, 32]);
      // a·2^shift = q·b + d with d near 0 or near b: a = ⌊(q·b + d) / 2^shift⌋.
      const d = pick([0n, 1n, b - 1n, b / 2n, b - (b >> 20n), b >> 20n]);
      const a = (q * b + d) >> BigInt(shift);
      if (check(a, b, shift)) answered++;
    }
    expect(answered).toBeGreaterThan(5_000);
  });
  it('gives no answer at an integer quotient that float64 may place on either side', () => {
    expect(trustedFloor(2 ** 32)).toBe(-1);
    expect(trustedFloor(7.5)).toBe(7);
    expect(trustedFloor(7 + 2 ** -13)).toBe(-1);
    expect(trustedFloor(2 ** 33 + 0.5)).toBe(-1);
    expect(trustedFloor(-0.5)).toBe(-1);
    expect(trustedFloor(2 ** -40)).toBe(0); // q ≥ 0: a quotient just above 0 floors to 0
    expect(trustedFloor(1 - 2 ** -13)).toBe(-1);
    expect(fastQuotient(0, 3, 2 ** 32)).toBe(0);
  });
});

describe('spotPrice and rootProportionD = the BigInt formulas', () => {
  it('constant-product spot price on 20 000 random pools and the edges', () => {
    const ref = (tao: bigint, alphaIn: bigint) => (alphaIn === 0n ? 0n : U96F32.saturate((tao << 32n) / alphaIn));
    const big = (1n << 55n) - 1n;
    const pools: [bigint, bigint][] = [
      [0n, 1n],
      [1n, 1n],
      [big, 1n],
      [1n, big],
      [big, big],
      [big, big - 1n],
      [1_000_000_000_000n, 4_000_000_000_000n],
      [5n, 0n],
    ];
    for (let k = 0; k < 20_000; k++) pools.push([below(55), below(55)]);
    for (const [tao, alphaIn] of pools) expect(spotPrice({ tao, alphaIn })).toBe(ref(tao, alphaIn));
  });
  it('root proportion on 20 000 random blocks and the edges', () => {
    const cases: [bigint, bigint][] = [
      [0n, 0n],
      [0n, 5n],
      [5n, 0n],
      [1n << 87n, 0n],
      [1n << 87n, (1n << 55n) - 1n],
      [1n << 32n, 1n],
      [1n << 87n, 1n], // a root proportion just below 1: the complement's path
      [(1n << 87n) - 12345n, 3n],
      [(5_000_000n * 10n ** 9n * (1n << 32n) * 18n) / 100n, 7_000_000_000_000n],
    ];
    for (let k = 0; k < 20_000; k++) cases.push([k % 50 === 0 ? 0n : below(88), k % 89 === 0 ? 0n : below(55)]);
    // w ≫ I, as on a young network: quotients just below 2^32.
    for (let k = 0; k < 10_000; k++) cases.push([(1n << 87n) - below(80), below(40)]);
    let answered = 0;
    for (const [weighted, issuance] of cases) {
      const q = rootProportionD(Number(weighted), Number(issuance));
      if (q < 0) continue; // emitSubnet then takes rootProportionBits
      answered++;
      expect(BigInt(q)).toBe(rootProportionBits(weighted, issuance));
    }
    // The complement's path answers just below 1, where q itself is too close to 2^32 for float64.
    expect(rootProportionD(2 ** 87, 1)).toBe(2 ** 32 - 1);
    expect(answered, `answered ${answered} of ${cases.length}`).toBeGreaterThan(29_000);
  });
});

describe('priceShareHighs = ⌊subnetShares / 2^32⌋', () => {
  const ONE = U64F64.one;
  function subnets(prices: bigint[], burned: bigint[] = []): SubnetState[] {
    return prices.map((movingPrice, i) => ({ movingPrice, minerBurned: burned[i] ?? 0n }) as SubnetState);
  }
  function check(prices: bigint[], weighting: boolean): boolean {
    const ss = subnets(prices);
    const out = new Float64Array(prices.length);
    if (!priceShareHighs(ss, weighting, out)) return false;
    const ref = subnetShares('current', ss, weighting);
    expect(Array.from(out, BigInt)).toEqual(ref.map((s) => s >> 32n));
    return true;
  }
  it('on 600 random networks of 1 to 1 100 subnets, with and without the MinerBurned weighting', () => {
    let answered = 0;
    for (let k = 0; k < 600; k++) {
      const n = pick([1, 2, 3, 7, 64, 128, 1024, 1100]);
      const top = pick([10, 40, 64, 65]);
      const prices = Array.from({ length: n }, () => {
        const p = below(top);
        return p > ONE ? ONE : p;
      });
      if (check(prices, k % 2 === 0)) answered++;
    }
    expect(answered).toBeGreaterThan(300);
  });
  it('on the edges: equal prices, a price of 1, zeros, a lone subnet', () => {
    for (const n of [2, 3, 5, 128, 1024, 3000]) check(Array(n).fill(ONE / 3n), true);
    check([ONE, ONE, 0n, 1n], true);
    check([ONE, ONE - 1n, 1n], false);
    check([12345n, 0n], true);
    expect(check([ONE], true)).toBe(false); // a share of exactly 1: an integer quotient
    expect(check([0n, 0n], false)).toBe(false); // Σp = 0: left to subnetShares
  });
  it('leaves subnets with MinerBurned to subnetShares', () => {
    const out = new Float64Array(2);
    expect(priceShareHighs(subnets([ONE, ONE], [0n, 5n]), true, out)).toBe(false);
    expect(priceShareHighs(subnets([ONE / 3n, ONE / 2n], [0n, 5n]), false, out)).toBe(true);
  });
});

describe("emitSubnet's float64 alpha_in = the BigInt U96F32 path", () => {
  /** The BigInt path: [floor(T), alpha_in in RAO, whether the cap bound]. */
  function reference(minted: bigint, h: bigint, price: bigint, rootCap: boolean, rp: bigint, emission: bigint) {
    const T = minted * h;
    let alphaIn = U96F32.div(T, price);
    const cap = rootCap ? rp * emission : emission << 32n;
    const capped = alphaIn > cap;
    if (capped) alphaIn = cap;
    return { TRao: T >> 32n, alphaInRao: alphaIn >> 32n, capped };
  }
  it('floor(T) on edges and 20 000 random blocks', () => {
    const cases: [bigint, bigint][] = [
      [0n, 0n],
      [1_000_000_000n, 1n << 32n],
      [(1n << 30n) - 1n, (1n << 32n) - 1n],
      [(1n << 36n) - 1n, 1n << 32n],
      [500_000_000n, 65_535n],
    ];
    for (let k = 0; k < 20_000; k++) cases.push([below(30), below(33) > 1n << 32n ? 1n << 32n : below(33)]);
    for (const [minted, h] of cases) expect(BigInt(floorT(Number(minted), Number(h)))).toBe((minted * h) >> 32n);
  });
  it('answers only uncapped blocks, with the BigInt alpha_in, on 40 000 random blocks (caps near binding included)', () => {
    let answered = 0;
    for (let k = 0; k < 40_000; k++) {
      const minted = k % 3 === 0 ? 1_000_000_000n : below(30);
      const h = below(33) > 1n << 32n ? 1n << 32n : below(33);
      const price = below(pick([20, 33, 40, 64])) + 1n;
      const rootCap = k % 4 !== 0;
      const rp = k % 7 === 0 ? 1n << 32n : below(33) > 1n << 32n ? 1n << 32n : below(33);
      let emission = below(30);
      // One block in four puts the cap within a few units of alpha_in.
      if (k % 4 === 1 && rootCap && rp > 0n) emission = U96F32.div(minted * h, price) / rp + BigInt(pick([-1, 0, 1]));
      if (emission < 0n) emission = 0n;
      const ref = reference(minted, h, price, rootCap, rp, emission);
      const got = uncappedAlphaInRao(Number(minted), Number(h), Number(price), rootCap, Number(rp), emission);
      if (got < 0) continue;
      answered++;
      expect(ref.capped).toBe(false);
      expect(BigInt(got)).toBe(ref.alphaInRao);
    }
    expect(answered).toBeGreaterThan(10_000);
  });
});

describe("distributeAlphaEmission's float64 root and validator RAO = the BigInt U96F32 lines", () => {
  /** The BigInt lines: root = ⌊rp·out / 2^33⌋, validator = rest − root saturating at 0, both ⌊· / 2^32⌋. */
  function reference(rp: bigint, out: bigint, rest: bigint): [bigint, bigint] {
    const rootAlpha = (rp * out) >> 33n;
    const validator = rest > rootAlpha ? rest - rootAlpha : 0n;
    return [rootAlpha >> 32n, validator >> 32n];
  }
  it('whenever it answers, on edges and 40 000 random splits (nine in ten answered)', () => {
    const pair = new Float64Array(2);
    const cases: [bigint, bigint, bigint][] = [
      [0n, 0n, 0n],
      [1n << 32n, 1_000_000_000n << 32n, 820_000_000n << 32n], // rp = 1: root takes half of out
      [1n << 32n, 2n << 32n, 1n << 32n], // root exactly 1 RAO, validator exactly 0
      [1n << 31n, 1_000_000_000n << 32n, 1_000_000_000n << 32n],
      [(1n << 32n) - 1n, (1n << 62n) - 1n, (1n << 62n) - 1n],
      [1n << 32n, 4n << 32n, 1n << 32n], // rest < root: the validator saturates at 0
    ];
    for (let k = 0; k < 40_000; k++) {
      const rp = k % 11 === 0 ? 1n << 32n : below(33) > 1n << 32n ? 1n << 32n : below(33);
      // out: whole RAO (as fromInt gives) most of the time, arbitrary bits otherwise.
      const out = k % 3 === 0 ? below(62) : below(30) << 32n;
      const server = (out * BigInt(Math.floor(rng() * 65_536))) >> 17n; // ≤ out / 2, as the cuts are
      cases.push([rp, out, out - server]);
    }
    let answered = 0;
    for (const [rp, out, rest] of cases) {
      if (!rootAndValidatorRao(toNumber(rp), toNumber(out), toNumber(rest), pair)) continue;
      answered++;
      const [root, validator] = reference(rp, out, rest);
      expect([BigInt(pair[0]), BigInt(pair[1])]).toEqual([root, validator]);
    }
    expect(answered, `answered ${answered}`).toBeGreaterThan(35_000);
  });
});

describe('applyGateHighs = ⌊applyGate / 2^32⌋', () => {
  it('on 300 random share vectors, bars and exponents (zero shares, a zero bar and underflow included)', () => {
    const one = 1n << 64n;
    for (let k = 0; k < 300; k++) {
      const n = 1 + Math.floor(rng() * 40);
      const raw = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0n : below(60) + 1n));
      const sum = raw.reduce((a, b) => a + b, 0n);
      const shares = raw.map((w) => (w * one) / sum);
      const bar = k % 10 === 0 ? 0n : k % 10 === 1 ? one : shares[Math.floor(rng() * n)] + below(40);
      const exponent = BigInt(1 + Math.floor(rng() * 8)) << 64n;
      const out = new Float64Array(n);
      applyGateHighs(shares, bar, exponent, out);
      expect(Array.from(out, BigInt)).toEqual(applyGate(shares, bar, exponent).map((s) => s >> 32n));
    }
  });
});
