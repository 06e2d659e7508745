// The block step's float64 shortcuts (issue 15, third pass) against the BigInt lines they replace,
// bit for bit, on seeded random values over the ranges a run sees and on the edges their proofs
// worry about: the moving-price update, the halving lookup of a float64 issuance, the root
// proportion on a float64 issuance, floorWithin.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { blockEmission, blockEmissionFromFloat, thresholdOf } from '../sim/chain/emission/halving-schedule.ts';
import {
  addWords,
  floorWithin,
  productShift32,
  toNumber,
  wordSumExceeds64,
  wordSumToNumber,
} from '../sim/chain/fixed/exact-quotient.ts';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { rootProportionBits, rootProportionD } from '../sim/chain/network/coinbase.ts';
import { movingPriceFromPool, updateMovingPriceFromSpot } from '../sim/chain/network/moving-price.ts';
import { spotPrice, spotPriceFast } from '../sim/chain/network/pool.ts';
import { burnDecayFactor } from '../sim/chain/network/registration.ts';
import type { SubnetState } from '../sim/chain/network/subnet.ts';
import { priceShareHighs, subnetShares } from '../sim/chain/network/subnet-shares.ts';
import { bigintsBelow } from './helpers/random-bigint.ts';

const rng = seedrandom('test/exact-quotient-block');
/** A random BigInt below 2^bits (small ones drawn too). */
const below = bigintsBelow(rng);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

describe('floorWithin', () => {
  it('answers ⌊r⌋ only when r is more than e from the integers around it', () => {
    expect(floorWithin(5.5, 0.1)).toBe(5);
    expect(floorWithin(5.05, 0.1)).toBe(-1);
    expect(floorWithin(5.95, 0.1)).toBe(-1);
    expect(floorWithin(5, 0)).toBe(5); // exact r, no error
    expect(floorWithin(0.25, 2 ** -52)).toBe(0);
    expect(floorWithin(-0.5, 0)).toBe(-1);
    expect(floorWithin(2 ** 53, 0)).toBe(-1);
    expect(floorWithin(Number.NaN, 0)).toBe(-1);
  });
});

describe('movingPriceFromPool = updateMovingPriceFromSpot(p, spotPrice(pool), n_b)', () => {
  it('on edges and 30 000 random prices, pools and block counts', () => {
    const one = U64F64.one;
    const prices = [0n, 1n, one, one - 1n, one / 2n, one / 3n, 12345n, (1n << 63n) + 1n];
    const pools = [
      { tao: 0n, alphaIn: 0n },
      { tao: 5n, alphaIn: 0n },
      { tao: 1_000_000_000n, alphaIn: 1_000_000_000n }, // spot exactly 1
      { tao: 1_000_000_001n, alphaIn: 1_000_000_000n }, // just above 1
      { tao: 999_999_999n, alphaIn: 1_000_000_000n }, // just below 1
      { tao: 3n << 40n, alphaIn: 1n << 40n }, // 3 TAO/alpha: spotPriceFast declines
      { tao: 10n ** 13n, alphaIn: 10n ** 15n, quoteWeight: 400_000_000_000_000_000n }, // balancer
    ];
    const blocks = [1, 2, 100, 201_600, 5_000_000];
    const cases: [bigint, { tao: bigint; alphaIn: bigint; quoteWeight?: bigint }, number][] = [];
    for (const p of prices) for (const pool of pools) for (const nb of blocks) cases.push([p, pool, nb]);
    for (let k = 0; k < 30_000; k++) {
      const p = k % 5 === 0 ? pick(prices) : k % 13 === 0 ? one + below(40) : below(64);
      const tao = below(55);
      const pool = { tao, alphaIn: k % 3 === 0 ? tao + below(40) : below(55) + 1n };
      cases.push([p, pool, pick([1, 7, 360, 201_600]) + Math.floor(rng() * 1_000_000)]);
    }
    for (const [p, pool, nb] of cases) {
      const ref = updateMovingPriceFromSpot(p, spotPrice(pool), nb);
      expect(movingPriceFromPool(p, pool, nb), `p ${p} pool ${pool.tao}/${pool.alphaIn} nb ${nb}`).toBe(ref);
    }
  });
  it('spotPriceFast is spotPrice whenever it answers', () => {
    let answered = 0;
    for (let k = 0; k < 20_000; k++) {
      const tao = below(55);
      // Half of them priced below 2 TAO/alpha (where it answers), half anywhere.
      const pool = { tao, alphaIn: k % 2 === 0 ? tao / 2n + below(50) : below(pick([20, 40, 55])) };
      const q = spotPriceFast(pool);
      if (q < 0) continue;
      answered++;
      expect(BigInt(q)).toBe(spotPrice(pool));
    }
    expect(answered).toBeGreaterThan(10_000);
  });
});

describe('blockEmissionFromFloat = blockEmission', () => {
  it('at, around and between the thresholds, and on 20 000 random issuances', () => {
    const cases: bigint[] = [0n, 1n, 21_000_000n * 10n ** 9n, 21_000_000n * 10n ** 9n - 1n];
    for (let k = 1; k <= 34; k++)
      for (const d of [-2n, -1n, 0n, 1n, 2n, -(1n << 20n), 1n << 20n]) cases.push(thresholdOf(k) + d);
    for (let k = 0; k < 20_000; k++) cases.push(below(55));
    let answered = 0;
    for (const issuance of cases) {
      if (issuance < 0n) continue;
      // As emitSubnet forms it: a sum of two converted parts.
      const part = issuance / 3n;
      const e = blockEmissionFromFloat(toNumber(part) + toNumber(issuance - part));
      if (e === undefined) continue;
      answered++;
      expect(e, `issuance ${issuance}`).toBe(blockEmission(issuance));
    }
    expect(answered).toBeGreaterThan(19_000);
  });
});

describe('rootProportionD on a summed float64 issuance = rootProportionBits', () => {
  it('on edges and 40 000 random networks (young and old)', () => {
    let answered = 0;
    for (let k = 0; k < 40_000; k++) {
      const weighted = k % 97 === 0 ? 0n : below(pick([40, 60, 88]));
      const alphaIn = k % 89 === 0 ? 0n : below(pick([20, 40, 55]));
      const alphaOut = k % 83 === 0 ? 0n : below(pick([20, 40, 55]));
      const issuance = alphaIn + alphaOut;
      const q = rootProportionD(toNumber(weighted), toNumber(alphaIn) + toNumber(alphaOut));
      if (q < 0) continue;
      answered++;
      expect(BigInt(q)).toBe(rootProportionBits(weighted, issuance));
    }
    expect(answered).toBeGreaterThan(35_000);
  });
});

describe('two-word sums = the BigInt sum', () => {
  it('Number(Σ) and Σ > 2^64 on 2 000 random lists of prices (up to 2 048 terms, 2^64 itself included)', () => {
    const two64 = 1n << 64n;
    for (let k = 0; k < 2_000; k++) {
      const n = 1 + Math.floor(rng() * (k % 10 === 0 ? 2048 : 40));
      // Small prices (sums near 1 with many terms), arbitrary ones, exactly 1, and zeros.
      const xs = Array.from({ length: n }, () =>
        pick([0n, two64, below(64), below(64), below(56), two64 / BigInt(n) + below(8) - 4n]),
      ).map((x) => (x < 0n ? 0n : x > two64 ? two64 : x));
      const acc = new Float64Array(2);
      let total = 0n;
      let wrong = 0; // partial sums whose > 2^64 was misjudged (checked without an expect per term)
      for (const x of xs) {
        if (!addWords(x, acc)) wrong++;
        total += x;
        if (wordSumExceeds64(acc) !== total > two64) wrong++;
      }
      expect(wrong).toBe(0);
      expect(wordSumToNumber(acc)).toBe(Number(total));
    }
  });
  it('declines a term above 2^64', () => {
    const acc = new Float64Array(2);
    expect(addWords((1n << 64n) + 1n, acc)).toBe(false);
    expect(Array.from(acc)).toEqual([0, 0]);
  });
  it('decides Σ > 2^64 at its edge', () => {
    const at = (xs: bigint[]) => {
      const acc = new Float64Array(2);
      for (const x of xs) addWords(x, acc);
      return wordSumExceeds64(acc);
    };
    const half = 1n << 63n;
    expect(at([half, half])).toBe(false);
    expect(at([half, half, 1n])).toBe(true);
    expect(at([half + (1n << 31n), half - (1n << 31n)])).toBe(false);
    expect(at([(1n << 64n) - 1n, 1n])).toBe(false);
    expect(at([(1n << 64n) - 1n, 2n])).toBe(true);
  });
});

describe('productShift32 = ⌊burn·f / 2^32⌋ (the burn decay)', () => {
  it('for the decay factors of several half-lives, on edges and 20 000 random burns below 2^36', () => {
    for (const halfLife of [1, 2, 360, 7_200, 100_000]) {
      const f = burnDecayFactor(halfLife);
      const fHigh = Number(f >> 16n);
      const fLow = Number(f & 0xffffn);
      const burns = [0n, 1n, 500_000n, 1_000_000_000n, (1n << 36n) - 1n];
      for (let k = 0; k < 4_000; k++) burns.push(below(36));
      for (const burn of burns) expect(BigInt(productShift32(Number(burn), fHigh, fLow))).toBe((burn * f) >> 32n);
    }
    // The largest factor below 1 and the largest burn: the partial products at their bounds.
    const f = (1n << 32n) - 1n;
    const burn = (1n << 36n) - 1n;
    expect(BigInt(productShift32(Number(burn), Number(f >> 16n), Number(f & 0xffffn)))).toBe((burn * f) >> 32n);
  });
});

describe('priceShareHighs on a thousand subnets = ⌊subnetShares / 2^32⌋', () => {
  it('answers nearly every block, with the BigInt shares, with and without the MinerBurned weighting', () => {
    let answered = 0;
    const rounds = 40;
    for (let k = 0; k < rounds; k++) {
      const n = 1024 - (k % 3);
      // Moving prices of a young network: each near 1/n of 1 TAO/alpha, spread by a factor of 10.
      const subnets = Array.from({ length: n }, () => ({
        movingPrice: ((1n << 64n) / BigInt(n)) * BigInt(1 + Math.floor(rng() * 10)) + below(40),
        minerBurned: 0n,
      }));
      const weighting = k % 2 === 0;
      const out = new Float64Array(n);
      if (!priceShareHighs(subnets, weighting, out)) continue;
      answered++;
      const shares = subnetShares('current', subnets as unknown as SubnetState[], weighting);
      expect(Array.from(out, BigInt)).toEqual(shares.map((x) => x >> 32n));
    }
    expect(answered).toBeGreaterThanOrEqual(rounds - 2);
  });
});
