// The pool-era coinbase against the chain's coinbase tests (protocol.md §9.6) and conservation.
import { describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { runPoolCoinbase } from '../sim/chain/network/coinbase.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const U64_MAX = (1n << 64n) - 1n;

describe('coinbase (protocol.md 9.6)', () => {
  it('test_pending_emission: tao weight 1, root proportion 0.25, price 2, no owner cut → 500/375/125 M per block', () => {
    const net = testNetwork('current', { taoWeight: U64_MAX, ownerCut: 0 });
    // root proportion = R / (R + alpha issuance) = 0.25 with R = 1e15 and alpha issuance 3e15.
    net.rootTotal = 1_000_000_000_000_000n;
    const s = addSubnet(net, {
      netuid: 1,
      tao: 4_000_000_000_000_000n,
      alphaIn: 2_000_000_000_000_000n,
      alphaOut: 1_000_000_000_000_000n,
      movingPrice: 2,
    });
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(Number(s.pending.server)).toBeCloseTo(500_000_000, -1);
    expect(Math.abs(Number(s.pending.validator) - 375_000_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(s.pending.root) - 125_000_000)).toBeLessThanOrEqual(1);
    expect(s.pending.owner).toBe(0n);
  });
  it('test_coinbase_alpha_issuance_base: equal prices 1, emission 1e6 RAO → each pool gets 500000 alpha', () => {
    const net = testNetwork('dtao');
    const a = addSubnet(net, { netuid: 1, movingPrice: 1 });
    const b = addSubnet(net, { netuid: 2, movingPrice: 1 });
    const before = [a.pool.alphaIn, b.pool.alphaIn];
    runPoolCoinbase(net, 1_000_000n, 1);
    expect(a.pool.alphaIn - before[0]).toBe(500_000n);
    expect(b.pool.alphaIn - before[1]).toBe(500_000n);
  });
  it('test_coinbase_alpha_issuance_different: prices 1 and 2 → 333333 alpha each, TAO 333333 / 666666', () => {
    const net = testNetwork('dtao');
    const a = addSubnet(net, { netuid: 1, movingPrice: 1, tao: 1_000_000_000_000n, alphaIn: 1_000_000_000_000n });
    const b = addSubnet(net, { netuid: 2, movingPrice: 2, tao: 2_000_000_000_000n, alphaIn: 1_000_000_000_000n });
    const taoBefore = [a.pool.tao, b.pool.tao];
    const alphaBefore = [a.pool.alphaIn, b.pool.alphaIn];
    const recycled = runPoolCoinbase(net, 1_000_000n, 1);
    expect(a.pool.alphaIn - alphaBefore[0]).toBe(333_333n);
    expect(b.pool.alphaIn - alphaBefore[1]).toBe(333_333n);
    expect(a.pool.tao - taoBefore[0]).toBe(333_333n);
    expect(b.pool.tao - taoBefore[1]).toBe(666_666n);
    expect(recycled).toBe(1n); // the fractions of a RAO left over are recycled
  });
  it('test_coinbase_tao_issuance_different_prices: moving prices 0.1 / 0.2 split TAO 1/3 : 2/3', () => {
    const net = testNetwork('dtao');
    const a = addSubnet(net, { netuid: 1, movingPrice: 0.1 });
    const b = addSubnet(net, { netuid: 2, movingPrice: 0.2 });
    const before = [a.pool.tao, b.pool.tao];
    runPoolCoinbase(net, 300_000_000n, 1);
    // 0.1 and 0.2 are not exact in U64F64: the shares are 1/3 and 2/3 within a RAO.
    expect(Number(a.pool.tao - before[0])).toBeCloseTo(100_000_000, -1);
    expect(Number(b.pool.tao - before[1])).toBeCloseTo(200_000_000, -1);
  });
  it('test_owner_cut_base: owner cut 0 → nothing pending; owner cut 65535 → the whole alpha emission (1e9)', () => {
    const none = testNetwork('dtao', { ownerCut: 0 });
    const s0 = addSubnet(none, { netuid: 1 });
    runPoolCoinbase(none, 1_000_000_000n, 1);
    expect(s0.pending.owner).toBe(0n);
    const all = testNetwork('dtao', { ownerCut: 65535 });
    const s1 = addSubnet(all, { netuid: 1 });
    runPoolCoinbase(all, 1_000_000_000n, 1);
    expect(s1.pending.owner).toBe(1_000_000_000n);
  });
  it('the owner gets 18 % of alpha emission by default (11796/65535), miners and validators split the rest', () => {
    const net = testNetwork('dtao');
    const s = addSubnet(net, { netuid: 1, movingPrice: 0.5 });
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(s.pending.owner).toBe(179_995_422n); // floor(1e9 × bits(11796/65535) / 2^32)
    expect(s.pending.server).toBe(410_002_288n); // floor(1e9 × (2^32 − 773074452) / 2^33)
    expect(s.pending.validator + s.pending.root + s.alphaDust).toBe(1_000_000_000n - 179_995_422n - 410_002_288n);
  });
  it('current era: alpha injection is capped at root proportion × alpha emission; the excess TAO buys alpha', () => {
    const net = testNetwork('current');
    net.rootTotal = 0n; // root proportion 0: no alpha may be injected
    const s = addSubnet(net, { netuid: 1, movingPrice: 1 });
    const before = { tao: s.pool.tao, alphaIn: s.pool.alphaIn };
    const recycled = runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(recycled).toBe(0n);
    expect(s.pool.tao - before.tao).toBe(1_000_000_000n); // all of it as a chain buy
    expect(s.protocolAlpha > 0n).toBe(true);
    expect(s.pool.alphaIn).toBe(before.alphaIn - s.protocolAlpha);
  });
  it('subnets that burned all miner emission get no share when others did not (current era)', () => {
    const net = testNetwork('current');
    net.rootTotal = 10n ** 18n;
    const a = addSubnet(net, { netuid: 1, movingPrice: 1 });
    const b = addSubnet(net, { netuid: 2, movingPrice: 1 });
    a.minerBurned = U64F64.one;
    const before = [a.pool.tao + 0n, b.pool.tao + 0n];
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(a.pool.tao).toBe(before[0]);
    expect(b.pool.tao - before[1]).toBe(1_000_000_000n);
  });
});
