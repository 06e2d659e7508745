// The emission gate wired into the pool coinbase (rule `emissionGate`, protocol-2026h2.md §1): the
// TAO split follows the gated shares, the bar is kept in NetworkState, and a whole run conserves TAO.
import { describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { runPoolCoinbase } from '../sim/chain/network/coinbase.ts';
import { emissionGate, RANK_EMISSION_GATE } from '../sim/chain/network/emission-gate.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { ERA_PRESETS } from '../sim/chain/network/protocol-rules.ts';
import { priceShares } from '../sim/chain/network/subnet-shares.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

describe('emission gate in the coinbase', () => {
  it('is off in every era preset', () => {
    for (const rules of Object.values(ERA_PRESETS)) expect(rules.emissionGate).toBeNull();
  });

  it('prices 1:2, rank gate: the TAO split is 0.2195 : 0.7805 of the block and θ = 1/3 is stored', () => {
    const net = testNetwork('current', { emissionGate: RANK_EMISSION_GATE });
    const a = addSubnet(net, { netuid: 1, movingPrice: 1 });
    const b = addSubnet(net, { netuid: 2, movingPrice: 2 });
    const before = [a.pool.tao, b.pool.tao];
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(net.emissionGateBar).toBe(priceShares([U64F64.fromInt(1), U64F64.fromInt(2)])[0]);
    // 10^9 × share bits / 2^64, floored: the shares 4049285274661600308 and 14397458799047951307.
    expect(a.pool.tao - before[0]).toBe((1_000_000_000n * 4_049_285_274_661_600_308n) >> 64n);
    expect(b.pool.tao - before[1]).toBe((1_000_000_000n * 14_397_458_799_047_951_307n) >> 64n);
  });

  it('without the gate the same network splits 1/3 : 2/3 and stores no bar', () => {
    const net = testNetwork('current');
    const a = addSubnet(net, { netuid: 1, movingPrice: 1 });
    addSubnet(net, { netuid: 2, movingPrice: 2 });
    const before = a.pool.tao;
    runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(a.pool.tao - before).toBe(333_333_333n);
    expect(net.emissionGateBar).toBeUndefined();
  });

  it('gated shares sum to 1 less the truncation of the renormalisation (at most one ulp per subnet)', () => {
    const prices = [9, 7, 5, 3, 2, 1, 1, 0.5].map((p) => U64F64.fromNum(p));
    const { shares } = emissionGate(priceShares(prices), 0, 0n, { ...RANK_EMISSION_GATE, rank: 3 });
    const sum = shares.reduce((x, y) => x + y, 0n);
    expect(sum).toBeLessThanOrEqual(U64F64.one);
    expect(sum).toBeGreaterThan(U64F64.one - BigInt(shares.length));
  });

  it('a short run with the gate on (scenario override) conserves TAO and keeps a bar', () => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'gate',
        duration: { days: 1 },
        subnets: { count: 4, initialUids: 16, validators: 4 },
        protocol: { preset: 'current', overrides: { emissionGate: { mode: 'rank', rank: 2, barInterval: 360 } } },
      },
      'inline',
    );
    expect(sc.protocol.rules.emissionGate).toEqual({ ...RANK_EMISSION_GATE, rank: 2 });
    const r = runScenario(sc, 1);
    const net = r.network;
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    expect(net.emissionGateBar).toBeGreaterThan(0n);
  });
});
