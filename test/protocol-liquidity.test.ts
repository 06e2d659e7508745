// The newest coinbase's injection with the balancer reservoirs (protocol-2026h2.md §4.1): the swap
// pallet's own tests of `adjust_protocol_liquidity`, the chain buy before the injection's admission,
// dissolution folding the reservoirs back, and the rule's place in the presets.
import { describe, expect, it } from 'vitest';
import { runPoolCoinbase } from '../sim/chain/network/coinbase.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { PERQUINTILL, type Pool } from '../sim/chain/network/pool.ts';
import { adjustProtocolLiquidity, type Reservoirs } from '../sim/chain/network/protocol-liquidity.ts';
import { PROTOCOL_PRESETS } from '../sim/chain/network/protocol-rules.ts';
import { alphaAccounted, alphaIssuance, type SubnetState } from '../sim/chain/network/subnet.ts';
import { dissolveSubnet } from '../sim/chain/network/subnet-registration.ts';
import { advanceRun, finishRun, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const HALF = PERQUINTILL / 2n;
const balancer = (tao: bigint, alphaIn: bigint): Pool => ({ tao, alphaIn, quoteWeight: HALF });

// pallets/swap/src/pallet/tests (subtensor db24fe48f; RaoFoundation tests/adjust_protocol_liquidity.rs):
// what the chain asserts, exactly. The chain's mock leaves the reserves to the test; here the price-active
// part is added to the pool, as the coinbase does (the chain's third test adds it by hand).
describe('adjust_protocol_liquidity: the chain tests', () => {
  it('materializes_tao_when_reservoiring_tao: 1000/1000, adjust(200000, 1000) → active (0, 1000), TAO reservoir 200000', () => {
    const pool = balancer(1_000n, 1_000n);
    const r: Reservoirs = { tao: 0n, alpha: 0n };
    expect(adjustProtocolLiquidity(pool, r, 200_000n, 1_000n)).toEqual({ tao: 0n, alpha: 1_000n });
    expect(r).toEqual({ tao: 200_000n, alpha: 0n });
    expect(pool).toEqual({ tao: 1_000n, alphaIn: 2_000n, quoteWeight: 333_333_333_333_333_333n }); // 1/3, floored
  });

  it('materializes_alpha_when_reservoiring_alpha: 1000/1000, adjust(1000, 200000) → active (1000, 0), alpha reservoir 200000', () => {
    const pool = balancer(1_000n, 1_000n);
    const r: Reservoirs = { tao: 0n, alpha: 0n };
    expect(adjustProtocolLiquidity(pool, r, 1_000n, 200_000n)).toEqual({ tao: 1_000n, alpha: 0n });
    expect(r).toEqual({ tao: 0n, alpha: 200_000n });
    expect(pool).toEqual({ tao: 2_000n, alphaIn: 1_000n, quoteWeight: 666_666_666_666_666_666n }); // 2/3, floored
  });

  it('retries_reservoir_with_new_injection: then, at 1000/2000, adjust(1000, 200000) releases everything', () => {
    const pool = balancer(1_000n, 1_000n);
    const r: Reservoirs = { tao: 0n, alpha: 0n };
    adjustProtocolLiquidity(pool, r, 200_000n, 1_000n);
    expect([pool.tao, pool.alphaIn]).toEqual([1_000n, 2_000n]);
    const active = adjustProtocolLiquidity(pool, r, 1_000n, 200_000n);
    expect(active.tao >= 1_000n && active.alpha >= 200_000n).toBe(true);
    expect(active).toEqual({ tao: 201_000n, alpha: 200_000n });
    expect(r).toEqual({ tao: 0n, alpha: 0n });
  });

  it('does_not_materialize_reservoir_amounts: 1e6/1e6 with reservoirs 10000/20000, adjust(300, 400) → active (10300, 20400)', () => {
    const pool = balancer(1_000_000n, 1_000_000n);
    const r: Reservoirs = { tao: 10_000n, alpha: 20_000n };
    expect(adjustProtocolLiquidity(pool, r, 300n, 400n)).toEqual({ tao: 10_300n, alpha: 20_400n });
    expect(r).toEqual({ tao: 0n, alpha: 0n });
  });

  it('a constant-product pool takes everything: the reservoirs stay empty', () => {
    const pool = { tao: 1_000n, alphaIn: 1_000n };
    const r: Reservoirs = { tao: 0n, alpha: 0n };
    expect(adjustProtocolLiquidity(pool, r, 200_000n, 1_000n)).toEqual({ tao: 200_000n, alpha: 1_000n });
    expect(r).toEqual({ tao: 0n, alpha: 0n });
  });
});

/**
 * One subnet on a balancer pool of 0.01 TAO / 0.01 alpha at w_q = 0.5 (price 1), TaoWeight 1 and
 * root stake = alpha issuance = 10^7 (root proportion exactly 0.5), one TAO minted: the injection
 * cap is 0.5 × 1 alpha, so tao_in = alpha_in = 5·10^8 and the excess 5·10^8 TAO buys alpha first.
 */
function smallBalancerSubnet(injection: 'refuse' | 'reservoir-475') {
  const net = testNetwork('current', { pool: 'balancer', injection, taoWeight: (1n << 64n) - 1n });
  net.rootTotal = 10_000_000n;
  const s = addSubnet(net, { netuid: 1, tao: 10_000_000n, alphaIn: 10_000_000n, movingPrice: 1 });
  s.pool.quoteWeight = HALF;
  return { net, s };
}

// Every number below is worked by hand (integers; the pool's weights are equal, so the buy is the
// exact constant product):
//   fee = floor(5·10^8 · 33 / 65535) = 251,773;  a = 5·10^8 − fee = 499,748,227
//   bought = floor(10^7 · a / (10^7 + a)) = floor(4,997,482,270,000,000 / 509,748,227) = 9,803,824
//   after the buy: T = 510,000,000, A = 10^7 − 9,803,824 = 196,176
//   admission of (5·10^8, 5·10^8) after the buy: w_q' = A(T + ΔT) / (T(A + ΔA) + A(T + ΔT)) ≈ 0.00078 < 0.01;
//   (0, 5·10^8): ≈ 0.00039, refused; (5·10^8, 0): w_q' = (T + ΔT) / (2T + ΔT) = 1.01/1.52 → admitted,
//   floor(10^18 · 1,010,000,000 / 1,520,000,000) = 664,473,684,210,526,315.
//   Admitted on the reserves before the buy (the older order) it would have kept w_q = 0.5.
describe('the newest coinbase buys first, then admits the injection on the pool after the buy (hand-derived)', () => {
  it('reservoir-475: the TAO becomes price-active, the alpha (all minted) waits in the reservoir; nothing recycled', () => {
    const { net, s } = smallBalancerSubnet('reservoir-475');
    const recycled = runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(s.protocolAlpha).toBe(9_803_824n);
    expect(s.pool).toEqual({ tao: 1_010_000_000n, alphaIn: 196_176n, quoteWeight: 664_473_684_210_526_315n });
    expect(s.reservoirs).toEqual({ tao: 0n, alpha: 500_000_000n });
    expect(recycled).toBe(0n);
    expect(s.totals.taoInjected).toBe(1_000_000_000n); // the buy and the price-active TAO
    expect(s.totals.alphaInjected).toBe(0n);
    // The reservoir's alpha counts in the subnet's issuance (get_alpha_issuance, db24fe48f).
    expect(alphaIssuance(s)).toBe(196_176n + s.alphaOut + 500_000_000n);
  });

  it('refuse (the rule before 475): the same injection is refused whole, its TAO recycled, its alpha never minted', () => {
    const { net, s } = smallBalancerSubnet('refuse');
    const recycled = runPoolCoinbase(net, 1_000_000_000n, 1);
    expect(s.pool).toEqual({ tao: 510_000_000n, alphaIn: 196_176n, quoteWeight: HALF });
    expect(s.reservoirs).toBeUndefined();
    expect(recycled).toBe(500_000_000n);
  });

  it('the next block retries the reservoir with the new injection', () => {
    const { net, s } = smallBalancerSubnet('reservoir-475');
    runPoolCoinbase(net, 1_000_000_000n, 1);
    const issuanceBefore = alphaIssuance(s);
    runPoolCoinbase(net, 1_000_000_000n, 2);
    // The pool is now TAO-heavy: the pending alpha (two blocks' alpha_in) is still refused, the TAO taken.
    expect(s.reservoirs?.tao).toBe(0n);
    expect(s.reservoirs!.alpha > 500_000_000n).toBe(true);
    expect(alphaIssuance(s) > issuanceBefore).toBe(true);
  });
});

describe('dissolution folds the reservoirs into the pool first (do_dissolve_network, db24fe48f)', () => {
  it('the reservoir TAO is paid out with the pool TAO: TAO is conserved to the RAO', () => {
    const net = testNetwork('current', { pool: 'balancer', injection: 'reservoir-475' });
    const s = addSubnet(net, { netuid: 1, tao: 1_000n, alphaIn: 1_000n, alphaOut: 100n, hotkeys: [7] });
    s.alphaStake[0] = 50n;
    s.reservoirs = { tao: 100n, alpha: 100n };
    net.balance = new Array(8).fill(0n);
    const before = taoHeld(net);
    dissolveSubnet(net, s, 0);
    expect(s.reservoirs).toEqual({ tao: 0n, alpha: 0n });
    expect(net.balance[7]).toBe(550n); // half the outstanding alpha: half of 1000 + 100
    expect(net.balance[0]).toBe(550n);
    expect(taoHeld(net)).toBe(before);
  });
});

describe('the injection rule in the presets', () => {
  it('spec-475 and today hold the reservoirs; every earlier preset leaves the rule unset (refuse)', () => {
    expect(PROTOCOL_PRESETS['spec-475'].injection).toBe('reservoir-475');
    expect(PROTOCOL_PRESETS.today.injection).toBe('reservoir-475');
    for (const p of ['root', 'dtao', 'flow', 'current', 'spec-440', 'spec-441', 'spec-442', 'spec-473'] as const)
      expect('injection' in PROTOCOL_PRESETS[p]).toBe(false);
  });

  it('is overridable on its own, and a wrong value is refused with its JSON path', () => {
    const rules = (protocol: unknown) =>
      parseScenario({ format: 'taosim-scenario/v1', protocol }, 'inline').protocol.rules;
    expect(rules({ preset: 'today', overrides: { injection: 'refuse' } })).toEqual({
      ...PROTOCOL_PRESETS.today,
      injection: 'refuse',
    });
    expect(rules({ preset: 'current', overrides: { injection: 'reservoir-475' } })).toEqual({
      ...PROTOCOL_PRESETS.current,
      injection: 'reservoir-475',
    });
    expect(() => rules({ preset: 'today', overrides: { injection: 'reservoir' } })).toThrow(
      /expected "refuse" or "reservoir-475"/,
    );
  });
});

// A month of `today` on balancer pools pushed to the bounds: half the subnets start at w_q = 0.01 with
// a tenth of their pool alpha moved into the alpha reservoir (alpha-only additions are refused there),
// the others at w_q = 0.99 with a tenth of their pool TAO in the TAO reservoir (TAO-only additions
// refused). Moving liquidity between a pool and its reservoir keeps both ledgers whole, so every check
// below is exact. A registration at the subnet limit prunes (and dissolves, folding reservoirs back)
// through the queue; the newcomer starts with emission disabled.
describe('a month of `today` with balancer pools at the bounds conserves TAO and alpha to the RAO', () => {
  it('4 subnets × 16 uids, checked every day', { timeout: 600_000 }, () => {
    const days = 30;
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'reservoirs-at-the-bounds',
        duration: { days },
        subnets: { count: 4, initialUids: 16, validators: 4, registrationsPerDay: 0.05 },
        stake: { validators: 6 },
        protocol: { preset: 'today', overrides: { subnetLimit: 4, pool: 'balancer' } },
      },
      'inline',
    );
    const run = startRun(sc, 3);
    const net = run.state.net;
    net.subnets.forEach((s, i) => {
      if (i % 2 === 0) {
        s.pool.quoteWeight = PERQUINTILL / 100n;
        s.reservoirs = { tao: 0n, alpha: s.pool.alphaIn / 10n };
        s.pool.alphaIn -= s.reservoirs.alpha;
      } else {
        s.pool.quoteWeight = PERQUINTILL - PERQUINTILL / 100n;
        s.reservoirs = { tao: s.pool.tao / 10n, alpha: 0n };
        s.pool.tao -= s.reservoirs.tao;
      }
    });
    expect(taoHeld(net)).toBe(net.issuance);
    let heldAlpha = 0;
    let heldTao = 0;
    let releasedAlpha = 0;
    let foldedTao = 0n;
    let last: SubnetState[] = [...net.subnets];
    let lastTao = new Map(last.map((s) => [s, s.reservoirs?.tao ?? 0n]));
    let lastAlpha = new Map(last.map((s) => [s, s.reservoirs?.alpha ?? 0n]));
    for (let d = 1; d <= days; d++) {
      advanceRun(run, sc.start.block + d * 7200);
      expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
      expect(taoHeld(net)).toBe(net.issuance); // reservoir TAO included
      for (const s of net.subnets) {
        expect(alphaAccounted(s)).toBe(s.alphaOut);
        expect(alphaIssuance(s)).toBe(s.pool.alphaIn + s.alphaOut + (s.reservoirs?.alpha ?? 0n));
        if ((s.reservoirs?.alpha ?? 0n) > 0n) heldAlpha++;
        if ((s.reservoirs?.tao ?? 0n) > 0n) heldTao++;
      }
      for (const s of last) {
        // A dissolved subnet's TAO reservoir, as it stood at the previous day's end.
        if (s.dissolved) foldedTao += lastTao.get(s) ?? 0n;
        else if ((lastAlpha.get(s) ?? 0n) > 0n && s.reservoirs?.alpha === 0n) releasedAlpha++;
      }
      last = [...net.subnets];
      lastTao = new Map(last.map((s) => [s, s.reservoirs?.tao ?? 0n]));
      lastAlpha = new Map(last.map((s) => [s, s.reservoirs?.alpha ?? 0n]));
    }
    finishRun(run);
    // The reservoirs were used: alpha and TAO waited in them at day ends, held alpha was later
    // released into its pool, and a subnet was dissolved with TAO in its reservoir.
    expect(heldAlpha).toBeGreaterThan(0);
    expect(heldTao).toBeGreaterThan(0);
    expect(releasedAlpha).toBeGreaterThan(0);
    expect(foldedTao).toBeGreaterThan(0n);
  });
});

describe('subnet_epochs.csv reports the reservoirs only where they can hold anything', () => {
  const columnsOf = (overrides: Record<string, unknown>, preset = 'today') => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'reservoir-columns',
        duration: { days: 0.1 },
        subnets: { count: 2, initialUids: 8, validators: 2, registrationsPerDay: 0 },
        stake: { validators: 2 },
        protocol: { preset, overrides },
      },
      'inline',
    );
    const run = startRun(sc, 1);
    if (overrides.pool === 'balancer') {
      const s = run.state.net.subnets[0];
      s.pool.quoteWeight = PERQUINTILL / 100n;
      s.reservoirs = { tao: 0n, alpha: s.pool.alphaIn / 10n };
      s.pool.alphaIn -= s.reservoirs.alpha;
    }
    advanceRun(run, run.last);
    const t = finishRun(run).tables.find((x) => x.name === 'subnet_epochs')!;
    return { columns: t.columns.slice(-3), first: t.rows.find((r) => r[2] === 1) };
  };

  it('today on balancer pools: reservoir_tao_rao and reservoir_alpha_rao after tao_injected_rao', () => {
    const { columns, first } = columnsOf({ pool: 'balancer' });
    expect(columns).toEqual(['tao_injected_rao', 'reservoir_tao_rao', 'reservoir_alpha_rao']);
    expect((first!.at(-1) as bigint) > 0n).toBe(true); // subnet 1's alpha still waits at its first epoch
  });

  it('constant-product pools, or the refuse rule: the columns of earlier versions', () => {
    expect(columnsOf({}).columns.at(-1)).toBe('tao_injected_rao');
    expect(columnsOf({ pool: 'balancer', injection: 'refuse' }).columns.at(-1)).toBe('tao_injected_rao');
  });
});
