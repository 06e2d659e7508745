import { describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { updateMovingPrice } from '../sim/chain/network/moving-price.ts';
import { buyAlpha, inject, sellAlpha, spotPrice } from '../sim/chain/network/pool.ts';

describe('moving price (protocol.md §4.6, 9.6 test_coinbase_moving_prices)', () => {
  it('with SubnetMovingAlpha 0.1, 14 updates at n_b = 201600 from 0 toward spot 1.0 give ≈ 0.512325', () => {
    let p = 0n;
    for (let i = 0; i < 14; i++) p = updateMovingPrice(p, U64F64.one, 201_600n, U64F64.fromNum(0.1));
    expect(U64F64.toNumber(p)).toBeCloseTo(0.512325, 6);
  });
  it('the spot input is capped at 1: a price of 3 moves the EMA toward 1, not 3', () => {
    let p = U64F64.fromNum(0.5);
    for (let i = 0; i < 2000; i++) p = updateMovingPrice(p, U64F64.fromInt(3), 201_600n, U64F64.fromNum(0.1));
    expect(U64F64.toNumber(p)).toBeCloseTo(1, 9);
  });
  it("early in a subnet's life the EMA barely moves (a = m·n_b/(n_b + h))", () => {
    const p = updateMovingPrice(0n, U64F64.one, 1n);
    expect(U64F64.toNumber(p)).toBeLessThan(1e-10);
  });
});

describe('constant-product pool', () => {
  it('spot price is TAO/alpha; injection at price keeps it; buys raise it and sells lower it', () => {
    const pool = { tao: 1_000_000_000_000n, alphaIn: 4_000_000_000_000n };
    expect(spotPrice(pool)).toBe(1n << 30n); // 0.25 in U96F32
    inject(pool, 1_000_000n, 4_000_000n);
    expect(spotPrice(pool)).toBe(1n << 30n);
    const before = spotPrice(pool);
    const got = buyAlpha(pool, 10_000_000_000n);
    // 10 TAO less the 33/65535 fee against 1000 TAO / 4000 alpha: ≈ 39.58 alpha
    expect(got).toBe(39584215656n); // fee 5035477, then floor(A·t / (T + t)), worked in integers
    expect(spotPrice(pool) > before).toBe(true);
    const back = sellAlpha(pool, got);
    expect(back < 10_000_000_000n).toBe(true); // round trip loses the two fees
    expect(back).toBe(9990031169n);
  });
});

describe('balancer pool (protocol.md §4.7)', () => {
  const P = 1_000_000_000_000_000_000n;
  it('at equal weights it prices and swaps exactly like the constant product', () => {
    const a = { tao: 1_000_000_000_000n, alphaIn: 4_000_000_000_000n };
    const b = { ...a, quoteWeight: P / 2n };
    expect(spotPrice(b)).toBe(spotPrice(a));
    expect(buyAlpha(b, 10_000_000_000n)).toBe(buyAlpha(a, 10_000_000_000n));
    expect(sellAlpha(b, 5_000_000_000n)).toBe(sellAlpha(a, 5_000_000_000n));
  });
  it('spot price is (w_b / w_q)·T / A', () => {
    const pool = { tao: 1_000_000_000_000n, alphaIn: 3_000_000_000_000n, quoteWeight: P / 4n };
    expect(Number(spotPrice(pool)) / 2 ** 32).toBeCloseTo(1, 9); // 3 × 1/3
  });
  it('an injection off the pool ratio re-weights so the price stays put; out-of-range weights refuse it', () => {
    const pool = { tao: 1_000_000_000_000n, alphaIn: 1_000_000_000_000n, quoteWeight: P / 2n };
    const before = Number(spotPrice(pool)) / 2 ** 32;
    expect(inject(pool, 500_000_000_000n, 100_000_000_000n)).toBe(true);
    expect(pool.quoteWeight! > P / 2n).toBe(true); // more TAO than alpha came in: the TAO weight rises
    expect(Number(spotPrice(pool)) / 2 ** 32).toBeCloseTo(before, 9);
    const skewed = { tao: 1n, alphaIn: 1_000_000_000_000n, quoteWeight: P / 100n };
    expect(inject(skewed, 0n, 1_000_000_000_000_000n)).toBe(false);
    expect(skewed.alphaIn).toBe(1_000_000_000_000n);
  });
  it('with a low TAO weight, buying alpha moves the price less than the constant product', () => {
    const cp = { tao: 1_000_000_000_000n, alphaIn: 1_000_000_000_000n };
    const bal = { tao: 1_000_000_000_000n, alphaIn: 3_000_000_000_000n, quoteWeight: P / 4n }; // same price 1
    buyAlpha(cp, 100_000_000_000n);
    buyAlpha(bal, 100_000_000_000n);
    expect(Number(spotPrice(bal))).toBeLessThan(Number(spotPrice(cp)));
  });
});
