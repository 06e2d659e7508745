// Root Reborn baskets (protocol-2026h2.md §2.3–§2.4): the deposit queue and its one-hotkey-per-block
// flush, shares minted at net asset value, claims; exact, and conserving every RAO.
import { describe, expect, it } from 'vitest';
import { I96F32, U64F64, U96F32 } from '../sim/chain/fixed/fixed.ts';
import { type Pool, sellAlpha, spotPrice } from '../sim/chain/network/pool.ts';
import {
  type BasketBook,
  type BasketEffects,
  type BasketMarket,
  basketNav,
  claim,
  emptyBasketBook,
  enqueueDeposit,
  flushBlock,
  flushHotkey,
  owedShares,
  ROOT_SLOT,
  rebaseClaimed,
} from '../sim/chain/network/root-baskets.ts';
import { epochRootSplit } from '../sim/chain/network/root-dividend-split.ts';

const NET = 1;
const H = 7;
const C = 70;

interface World {
  pools: Record<number, Pool>;
  rootRegistered: Set<number>;
  stakersRoot: Record<number, bigint>;
  threshold: bigint;
}
function world(over: Partial<World> = {}): World {
  return {
    pools: { [NET]: { tao: 10n ** 12n, alphaIn: 10n ** 12n } },
    rootRegistered: new Set([H]),
    stakersRoot: { [H]: 2_000_000n },
    threshold: 500_000n,
    ...over,
  };
}
/** A market over constant-product pools; the realizable value is the fee-free sale, floored. */
function market(w: World): BasketMarket {
  return {
    subnetExists: (n) => w.pools[n] !== undefined,
    rootRegistered: (h) => w.rootRegistered.has(h),
    spotPrice: (n) => spotPrice(w.pools[n]) << 32n, // U96F32 → U64F64
    realizable: (n, x) => (x === 0n ? 0n : (w.pools[n].tao * x) / (w.pools[n].alphaIn + x)),
    stakersRoot: (h) => w.stakersRoot[h] ?? 0n,
    threshold: w.threshold,
  };
}
const noEffects = (): BasketEffects => ({ staked: [], recycled: [] });
const queued = (book: BasketBook) =>
  Object.values(book.pending).reduce((t, q) => t + Object.values(q).reduce((a, x) => a + x, 0n), 0n);

describe('deposit (protocol-2026h2.md §2.3)', () => {
  it("§2's test: TaoWeight 1, root 2,000,000, alpha 10,000,000, pool 10¹²/10¹², pending_root 1,000,000 → shares at par", () => {
    // The epoch: h is the only dividend recipient, root-registered, so it gets the whole root pot.
    const recipient = {
      hotkey: H,
      dividend: U96F32.fromInt(1000n),
      alpha: 10_000_000n,
      root: 2_000_000n,
      rootRegistered: true,
    };
    const split = epochRootSplit([recipient], 0n, 1_000_000n, U96F32.one, '442');
    const credit = U96F32.toInt(split.root[0]);
    expect(credit).toBe(1_000_000n);

    const w = world();
    const m = market(w);
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, credit);
    const fx = flushBlock(book, m);
    const b = book.baskets[H];
    // The chain test's assertions: shares > 0, escrow alpha > 0, rate > 0, NAV ≤ shares, |NAV − shares| ≤ shares/100.
    const nav = basketNav(m, b);
    expect(b.shares).toBeGreaterThan(0n);
    expect(b.holdings[NET]).toBeGreaterThan(0n);
    expect(b.rate).toBeGreaterThan(0n);
    expect(nav).toBeLessThanOrEqual(b.shares);
    expect(b.shares - nav).toBeLessThanOrEqual(b.shares / 100n);
    // Exactly: 10¹²·10⁶/(10¹²+10⁶) = 999,999 RAO of value, minted 1:1 at the first deposit.
    expect(fx.staked).toEqual([{ hotkey: H, netuid: NET, alpha: 1_000_000n }]);
    expect(b.shares).toBe(999_999n);
    expect(b.rate).toBe(I96F32.div(I96F32.fromInt(999_999n), I96F32.fromInt(2_000_000n)));
    expect(queued(book)).toBe(0n);
  });

  it('a later deposit mints at NAV: floor(value·P/N); the escrow root slot earns its part unminted', () => {
    const w = world();
    const m = market(w);
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, 1_000_000n);
    flushBlock(book, m);
    book.baskets[H].holdings[ROOT_SLOT] = 2_000_000n; // the fund holds root cash: half of h's root stake
    const P = book.baskets[H].shares;
    const N = basketNav(m, book.baskets[H]);
    enqueueDeposit(book, H, NET, 1_000_000n);
    flushHotkey(book, m, H, noEffects());
    const added = m.realizable(NET, 2_000_000n)! - m.realizable(NET, 1_000_000n)!;
    const stakersValue = (added * 2_000_000n) / 4_000_000n;
    expect(book.baskets[H].shares - P).toBe((stakersValue * P) / N);
    expect(book.baskets[H].shares - P).toBe(166_665n);
  });

  it('a credit worth less than the threshold at spot stays queued and merges with the next', () => {
    const m = market(world());
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, 300_000n);
    flushBlock(book, m);
    expect(book.pending[H][NET]).toBe(300_000n);
    expect(book.baskets[H]).toBeUndefined();
    enqueueDeposit(book, H, NET, 300_000n);
    flushHotkey(book, m, H, noEffects());
    expect(book.pending[H]).toBeUndefined();
    expect(book.baskets[H].holdings[NET]).toBe(600_000n);
  });

  it('recycles credits nobody can receive: no root UID, a gone subnet, no stakers on root', () => {
    for (const w of [world({ rootRegistered: new Set() }), world({ stakersRoot: {} })]) {
      const book = emptyBasketBook();
      enqueueDeposit(book, H, NET, 1_000_000n);
      const fx = flushBlock(book, market(w));
      expect(fx.recycled).toEqual([{ netuid: NET, alpha: 1_000_000n }]);
      expect(queued(book)).toBe(0n);
    }
    const book = emptyBasketBook();
    enqueueDeposit(book, H, 9, 1_000_000n);
    expect(flushBlock(book, market(world())).recycled).toEqual([{ netuid: 9, alpha: 1_000_000n }]);
  });

  it('a dust deposit (no share minted) rolls back and goes back to the queue, origin by origin in a batch', () => {
    const w = world({
      threshold: 0n,
      pools: { [NET]: { tao: 10n ** 12n, alphaIn: 10n ** 12n }, 2: { tao: 1n, alphaIn: 10n ** 9n } },
    });
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, 1_000_000n);
    enqueueDeposit(book, H, 2, 1n); // realizable floor(1·1/(10⁹+1)) = 0: mints nothing
    const fx = flushBlock(book, market(w));
    // The batch as a whole mints (the first origin carries it), so both credits are staked.
    expect(fx.staked.map((s) => s.netuid)).toEqual([NET, 2]);
    enqueueDeposit(book, H, 2, 1n);
    flushHotkey(book, market(w), H, noEffects());
    expect(book.pending[H]).toEqual({ 2: 1n });
    expect(book.baskets[H].holdings[2]).toBe(1n);
  });

  it('the drain flushes one hotkey per block in order, and spends a block resetting the cursor', () => {
    const w = world({ rootRegistered: new Set([3, H]), stakersRoot: { 3: 1_000_000n, [H]: 1_000_000n } });
    const m = market(w);
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, 1_000_000n);
    enqueueDeposit(book, 3, NET, 1_000_000n);
    expect(flushBlock(book, m).staked.map((s) => s.hotkey)).toEqual([3]);
    enqueueDeposit(book, 3, NET, 1_000_000n);
    expect(flushBlock(book, m).staked.map((s) => s.hotkey)).toEqual([H]);
    expect(flushBlock(book, m).staked).toEqual([]); // nothing after H: reset
    expect(book.cursor).toBeNull();
    expect(flushBlock(book, m).staked.map((s) => s.hotkey)).toEqual([3]);
  });
});

describe('claim (protocol-2026h2.md §2.4)', () => {
  function funded() {
    const w = world({ threshold: 0n });
    const m = market(w);
    const book = emptyBasketBook();
    enqueueDeposit(book, H, NET, 1_000_000n);
    flushBlock(book, m);
    const sell = (n: number, x: bigint) => sellAlpha(w.pools[n], x);
    return { w, m, book, sell };
  }

  it('the only staker redeems all but the rate truncation dust; TAO and alpha are conserved', () => {
    const { w, m, book, sell } = funded();
    const b = book.baskets[H];
    // floor(rate ⊗ 2,000,000) with rate = 999,999 ⊘ 2,000,000 truncated: one share stays unclaimable.
    expect(owedShares(b, C, 2_000_000n)).toBe(999_998n);
    const poolTao = w.pools[NET].tao;
    const r = claim(book, m, H, C, 2_000_000n, sell);
    expect(r.owed).toBe(999_998n);
    expect(b.shares).toBe(1n);
    // slice floor(1,000,000·999,998/999,999); the sale (fee included) is below the entitlement 999,998.
    expect(r.sold).toEqual([{ netuid: NET, alpha: 999_998n, tao: 999_494n, terminal: false }]);
    expect(r.paid).toBe(999_494n);
    expect(poolTao - w.pools[NET].tao).toBe(r.paid);
    expect(b.holdings).toEqual({ [NET]: 2n });
    // BasketClaimed: the owed shares, plus the rebase for the claim's own root stake credit.
    expect(b.claimed[C]).toBe(999_998n + 499_746n);
  });

  it('a half-staker redeems half; the fund keeps the rest; sale surplus over the entitlement stays as root cash', () => {
    const { w, m, book, sell } = funded();
    const b = book.baskets[H];
    const r = claim(book, m, H, C, 1_000_000n, sell);
    const P0 = 999_999n;
    expect(r.owed).toBe(owedShares({ ...b, shares: P0, claimed: {} }, C, 1_000_000n));
    const slice = (1_000_000n * r.owed) / P0;
    expect(r.sold[0].alpha).toBe(slice);
    const entitlement = (r.owed * 999_999n) / P0;
    expect(r.paid).toBe(r.sold[0].tao < entitlement ? r.sold[0].tao : entitlement);
    // Conservation: alpha in the fund + alpha sold = alpha deposited; TAO sold = paid + root cash.
    expect(b.holdings[NET] + r.sold[0].alpha).toBe(1_000_000n);
    expect(r.sold[0].tao).toBe(r.paid + (b.holdings[ROOT_SLOT] ?? 0n));
    expect(b.shares).toBe(P0 - r.owed);
    expect(w.pools[NET].alphaIn).toBe(10n ** 12n + slice);
  });

  it('stake added after a deposit does not inherit past rate (BasketClaimed rebase)', () => {
    const { book } = funded();
    const b = book.baskets[H];
    const before = owedShares(b, C, 1_000_000n);
    rebaseClaimed(book, H, C, 1_000_000n);
    expect(owedShares(b, C, 2_000_000n)).toBe(before);
    rebaseClaimed(book, H, C, -1_000_000n);
    expect(owedShares(b, C, 1_000_000n)).toBe(before);
  });

  it('a claim worth less than the threshold is a no-op', () => {
    const { m, book, sell } = funded();
    const r = claim(book, { ...m, threshold: 10n ** 9n }, H, C, 2_000_000n, sell);
    expect(r.owed).toBe(0n);
    expect(book.baskets[H].shares).toBe(999_999n);
  });

  it('spot prices are read as U64F64', () => {
    expect(market(world()).spotPrice(NET)).toBe(U64F64.one);
  });

  it('a sequence of credits, drains and claims on two hotkeys and two subnets loses and creates no RAO', () => {
    const w = world({
      pools: { [NET]: { tao: 10n ** 12n, alphaIn: 10n ** 12n }, 2: { tao: 2n * 10n ** 12n, alphaIn: 10n ** 12n } },
      rootRegistered: new Set([3, H]),
      stakersRoot: { 3: 5_000_000n, [H]: 2_000_000n },
    });
    const m = market(w);
    const book = emptyBasketBook();
    const alphaIn: Record<number, bigint> = { [NET]: 0n, 2: 0n };
    const alphaOut: Record<number, bigint> = { [NET]: 0n, 2: 0n };
    let taoSold = 0n;
    let taoPaid = 0n;
    const poolTao0 = w.pools[NET].tao + w.pools[2].tao;
    const account = (fx: BasketEffects) => {
      for (const r of fx.recycled) alphaOut[r.netuid] += r.alpha;
    };
    for (let i = 1; i <= 40; i++) {
      const h = i % 2 === 0 ? H : 3;
      const netuid = i % 3 === 0 ? 2 : NET;
      const credit = BigInt(137_000 * i);
      enqueueDeposit(book, h, netuid, credit);
      alphaIn[netuid] += credit;
      account(flushBlock(book, m));
      if (i % 7 === 0) {
        const r = claim(book, m, h, C, (w.stakersRoot[h] * 2n) / 5n, (n, x) => sellAlpha(w.pools[n], x));
        account(r);
        for (const x of r.sold) alphaOut[x.netuid] += x.alpha;
        for (const x of r.sold) taoSold += x.tao;
        taoPaid += r.paid;
      }
    }
    for (const netuid of [NET, 2]) {
      let held = 0n;
      for (const b of Object.values(book.baskets)) held += b.holdings[netuid] ?? 0n;
      for (const q of Object.values(book.pending)) held += q[netuid] ?? 0n;
      expect(held + alphaOut[netuid]).toBe(alphaIn[netuid]);
    }
    let rootCash = 0n;
    for (const b of Object.values(book.baskets)) rootCash += b.holdings[ROOT_SLOT] ?? 0n;
    expect(taoSold).toBe(poolTao0 - w.pools[NET].tao - w.pools[2].tao);
    expect(taoPaid + rootCash).toBe(taoSold);
    expect(taoPaid).toBeGreaterThan(0n);
  });
});
