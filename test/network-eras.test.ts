// The root and flow eras on small hand-checked networks (protocol.md §4.9, §4.3 history).
import { describe, expect, it } from 'vitest';
import { I64F64, U64F64 } from '../sim/chain/fixed/fixed.ts';
import { rootEmissionValues, runRootCoinbase } from '../sim/chain/network/root-emission.ts';
import { emaRetention, subnetShares, updateFlowEma } from '../sim/chain/network/subnet-shares.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

describe('root era', () => {
  it('root stake 3:1 weighting one subnet each: shares ∝ sigmoid(10 (trust − κ)) × rank', () => {
    const net = testNetwork('root');
    addSubnet(net, { netuid: 1 });
    addSubnet(net, { netuid: 2 });
    net.rootStake = [3_000_000_000_000n, 1_000_000_000_000n];
    net.rootWeights.set(0, { netuids: [1, 2], values: [65535, 0] });
    net.rootWeights.set(1, { netuids: [1, 2], values: [0, 65535] });
    const v = rootEmissionValues(net, 1_000_000_000n);
    // trust = rank = 0.75 and 0.25; sigmoid(±2.5) = 0.92414 / 0.07586 (κ = 32767/65535 ≈ 0.5)
    const c1 = 1 / (1 + Math.exp(-10 * (0.75 - 32767 / 65535)));
    const c2 = 1 / (1 + Math.exp(-10 * (0.25 - 32767 / 65535)));
    const share1 = (c1 * 0.75) / (c1 * 0.75 + c2 * 0.25);
    expect(Number(v.get(1)) / 1e9).toBeCloseTo(share1, 6);
    expect(Number(v.get(2)) / 1e9).toBeCloseTo(1 - share1, 6);
    expect(v.get(1)! + v.get(2)!).toBeLessThanOrEqual(1_000_000_000n);
  });
  it("the coinbase accumulates each subnet's value as pending TAO and recycles the rest", () => {
    const net = testNetwork('root');
    const a = addSubnet(net, { netuid: 1 });
    const b = addSubnet(net, { netuid: 2 });
    net.rootStake = [1n, 1n];
    net.rootWeights.set(0, { netuids: [1, 2], values: [65535, 65535] });
    net.rootWeights.set(1, { netuids: [1, 2], values: [65535, 65535] });
    const recycled = runRootCoinbase(net, 1_000_000_000n, 1);
    expect(a.pendingTao).toBe(b.pendingTao);
    expect(a.pendingTao + b.pendingTao + recycled).toBe(1_000_000_000n);
    expect(Number(a.pendingTao)).toBeCloseTo(5e8, -1);
  });
});

describe('flow era', () => {
  it("shares are the positive part of each subnet's flow EMA; negative flow gets nothing", () => {
    const net = testNetwork('flow');
    const a = addSubnet(net, { netuid: 1 });
    const b = addSubnet(net, { netuid: 2 });
    const c = addSubnet(net, { netuid: 3 });
    a.flowEma = I64F64.fromInt(300);
    b.flowEma = I64F64.fromInt(100);
    c.flowEma = I64F64.fromInt(-500);
    const [sa, sb, sc] = subnetShares('flow', [a, b, c], false);
    expect(U64F64.toNumber(sa)).toBeCloseTo(0.75, 12);
    expect(U64F64.toNumber(sb)).toBeCloseTo(0.25, 12);
    expect(sc).toBe(0n);
  });
  it('the flow EMA halves toward a new level over its half-life', () => {
    const net = testNetwork('flow');
    const s = addSubnet(net, { netuid: 1 });
    const retention = emaRetention(100);
    for (let i = 0; i < 100; i++) {
      s.netFlow = 1000n;
      updateFlowEma(s, retention);
    }
    expect(I64F64.toNumber(s.flowEma)).toBeCloseTo(500, 0); // 1000 × (1 − 2^−1)
    expect(s.netFlow).toBe(0n);
  });
});
