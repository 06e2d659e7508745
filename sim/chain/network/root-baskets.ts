// Root Reborn baskets (protocol-2026h2.md §2.3–§2.4): each validator hotkey's root dividends are
// queued, then deposited "in place" as alpha staked on that hotkey under the fund's escrow coldkey;
// the deposit mints fund shares at the realizable net asset value it added, and root stakers redeem
// their shares for TAO staked on root. Pure and exact: the state is plain data, the market (pools,
// registrations, root stakes) is read through `BasketMarket`, and every transfer of alpha or TAO is
// returned as an effect for the caller to apply, so no RAO is created or lost here.
//
// Not modelled (say so where used): the claim's dust consolidation and per-row dust skipping
// (specs 451/468; the consolidation is skipped by the chain when the threshold is 0), curated root
// weights (retired, spec 469) and validator-initiated basket trading.

import { I96F32, U64_MAX, U64F64 } from '../fixed/fixed.ts';

/** The netuid of the fund's root slot: TAO held 1:1 as the escrow's root stake on the hotkey. */
export const ROOT_SLOT = 0;

export interface Basket {
  /** BasketShares[h]: outstanding fund shares P. */
  shares: bigint;
  /** BasketRate[h]: shares per unit of stakers' root stake, I96F32 bits. */
  rate: bigint;
  /** The escrow's holdings on h: alpha per origin netuid; ROOT_SLOT holds TAO. */
  holdings: Record<number, bigint>;
  /** BasketClaimed[h][coldkey]: signed, in shares. */
  claimed: Record<number, bigint>;
}

export interface BasketBook {
  baskets: Record<number, Basket>;
  /** PendingBasketDeposits[hotkey][origin netuid]: queued root-dividend alpha. */
  pending: Record<number, Record<number, bigint>>;
  /** The last hotkey the per-block drain flushed; null = start from the lowest. */
  cursor: number | null;
}

export function emptyBasketBook(): BasketBook {
  return { baskets: {}, pending: {}, cursor: null };
}

/** What the baskets read from the chain. */
export interface BasketMarket {
  subnetExists(netuid: number): boolean;
  rootRegistered(hotkey: number): boolean;
  /** Spot price TAO per alpha, U64F64 bits. */
  spotPrice(netuid: number): bigint;
  /**
   * TAO out of a fee-free simulated sale of `alpha` on `netuid` (`try_realizable_tao_for_alpha`):
   * 0 for 0, 1:1 for stable subnets; null when the pool is terminally shallow. Changes nothing.
   */
  realizable(netuid: number, alpha: bigint): bigint | null;
  /** Root stake of the hotkey's real stakers (the escrow's own root slot excluded), RAO. */
  stakersRoot(hotkey: number): bigint;
  /** RootClaimableThreshold[ROOT], whole RAO. */
  threshold: bigint;
}

/** Alpha or TAO moved by a basket operation; the caller applies it to stakes, pools and issuance. */
export interface BasketEffects {
  /** Alpha newly staked to (h, escrow) on a netuid (it now counts in h's stake there). */
  staked: { hotkey: number; netuid: number; alpha: bigint }[];
  /** Alpha recycled on its origin subnet (SubnetAlphaOut −= it). */
  recycled: { netuid: number; alpha: bigint }[];
}

function basketOf(book: BasketBook, hotkey: number): Basket {
  let b = book.baskets[hotkey];
  if (!b) {
    b = { shares: 0n, rate: 0n, holdings: {}, claimed: {} };
    book.baskets[hotkey] = b;
  }
  return b;
}

/** floor(a·b/d) in u128, saturated to u64; 0 when d = 0. */
export function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) return 0n;
  const r = (a * b) / d;
  const max = U64_MAX;
  return r > max ? max : r;
}

/** `basket_payout_from`: a claimant's share of a value, min(floor(owed·value/P), value). */
export function payoutFrom(owed: bigint, value: bigint, shares: bigint): bigint {
  const x = mulDiv(owed, value, shares);
  return x < value ? x : value;
}

/** A holding's realizable value: the root slot 1:1, null when terminal. */
function rowValue(m: BasketMarket, netuid: number, x: bigint): bigint | null {
  return netuid === ROOT_SLOT ? x : m.realizable(netuid, x);
}

/** The realizable NAV of a basket: Σ of its holdings' values, terminal rows counting 0. */
export function basketNav(m: BasketMarket, b: Basket): bigint {
  let n = 0n;
  const holdings = b.holdings;
  // for-in visits integer keys in ascending order, as Object.entries does, without building pairs.
  for (const k in holdings) n += rowValue(m, Number(k), holdings[k]) ?? 0n;
  return n;
}

/** Queue a root dividend credit (`enqueue_basket_deposit`), merging with what is already queued. */
export function enqueueDeposit(book: BasketBook, hotkey: number, netuid: number, alpha: bigint): void {
  if (alpha === 0n) return;
  const q = book.pending[hotkey] ?? {};
  q[netuid] = (q[netuid] ?? 0n) + alpha;
  book.pending[hotkey] = q;
}

/** Drop a hotkey's queue once nothing is left in it (checked once per flush: listing keys is O(credits)). */
function dropIfEmpty(book: BasketBook, hotkey: number, q: Record<number, bigint>): void {
  for (const _ in q) return;
  delete book.pending[hotkey];
}

/** One deposit attempt's result, computed without touching the book. */
interface DepositPlan {
  staked: { netuid: number; alpha: bigint }[];
  recycled: { netuid: number; alpha: bigint }[];
  shares: bigint;
  rateIncrement: bigint;
}

/**
 * Deposit a batch in place (protocol-2026h2.md §2.3): each credit is staked on its origin holding and
 * valued as the realizable value it added there; the stakers' part of that value (the escrow's own
 * root slot earned its part unminted) mints shares at NAV. Null = dust (roll back).
 */
function planDeposit(
  m: BasketMarket,
  b: Basket,
  batch: readonly { netuid: number; alpha: bigint }[],
  totalRoot: bigint,
): DepositPlan | null {
  const nav = basketNav(m, b);
  const plan: DepositPlan = { staked: [], recycled: [], shares: 0n, rateIncrement: 0n };
  let valueAdded = 0n;
  for (const { netuid, alpha } of batch) {
    const held = b.holdings[netuid] ?? 0n;
    const before = m.realizable(netuid, held);
    const after = m.realizable(netuid, held + alpha);
    if (before === null || after === null) {
      plan.recycled.push({ netuid, alpha });
      continue;
    }
    plan.staked.push({ netuid, alpha });
    if (after > before) valueAdded += after - before;
  }
  const escrowRoot = b.holdings[ROOT_SLOT] ?? 0n;
  const value = mulDiv(valueAdded, totalRoot, totalRoot + escrowRoot);
  const P = b.shares;
  if (P === 0n) plan.shares = value;
  else if (nav > 0n) plan.shares = mulDiv(value, P, nav);
  else plan.shares = P <= value / 100n ? value : 0n;
  plan.rateIncrement = I96F32.div(I96F32.fromInt(plan.shares), I96F32.fromInt(totalRoot));
  if (plan.staked.length > 0 && (plan.shares === 0n || plan.rateIncrement === 0n)) return null;
  return plan;
}

function commit(b: Basket, hotkey: number, plan: DepositPlan, fx: BasketEffects): void {
  for (const { netuid, alpha } of plan.staked) {
    b.holdings[netuid] = (b.holdings[netuid] ?? 0n) + alpha;
    fx.staked.push({ hotkey, netuid, alpha });
  }
  fx.recycled.push(...plan.recycled);
  b.shares += plan.shares;
  b.rate = I96F32.add(b.rate, plan.rateIncrement);
}

/**
 * Flush one hotkey's queue (`flush_basket_deposits_for_hotkey`, protocol-2026h2.md §2.3): credits from
 * gone subnets, or of a hotkey without a root UID, are recycled; those whose spot value is below the
 * threshold stay queued; the rest deposit as one batch. A failing multi-origin batch is retried origin
 * by origin; a failing single credit goes back to the queue.
 */
export function flushHotkey(book: BasketBook, m: BasketMarket, hotkey: number, fx: BasketEffects): void {
  const q = book.pending[hotkey];
  if (!q) return;
  const onRoot = m.rootRegistered(hotkey);
  const batch: { netuid: number; alpha: bigint }[] = [];
  // Ascending netuids (integer keys), as Object.entries orders them. The loop deletes only the key
  // it is on, which for-in allows (a deleted key not yet visited would be skipped: none is).
  for (const k in q) {
    const netuid = Number(k);
    const alpha = q[netuid];
    if (!m.subnetExists(netuid) || !onRoot) {
      fx.recycled.push({ netuid, alpha });
      delete q[netuid];
      continue;
    }
    if (U64F64.toInt(U64F64.mul(m.spotPrice(netuid), U64F64.fromInt(alpha))) < m.threshold) continue;
    batch.push({ netuid, alpha });
  }
  for (const c of batch) delete q[c.netuid];
  dropIfEmpty(book, hotkey, q);
  if (batch.length === 0) return;
  const totalRoot = m.stakersRoot(hotkey);
  if (totalRoot === 0n) {
    fx.recycled.push(...batch);
    return;
  }
  const b = basketOf(book, hotkey);
  const whole = planDeposit(m, b, batch, totalRoot);
  if (whole) {
    commit(b, hotkey, whole, fx);
    return;
  }
  for (const c of batch) {
    const single = batch.length > 1 ? planDeposit(m, b, [c], totalRoot) : null;
    if (single) commit(b, hotkey, single, fx);
    else enqueueDeposit(book, hotkey, c.netuid, c.alpha);
  }
}

/**
 * The per-block drain (`flush_pending_basket_deposits_block`): flush the first queued hotkey after the
 * cursor; when none is left after it, this block only resets the cursor. Hotkeys go in ascending id
 * order (the chain walks its storage map's key order; taosim's ids stand in for it).
 */
export function flushBlock(book: BasketBook, m: BasketMarket): BasketEffects {
  const fx: BasketEffects = { staked: [], recycled: [] };
  const cursor = book.cursor;
  // The first queued hotkey above the cursor: integer keys enumerate in ascending order.
  let next: number | undefined;
  for (const k in book.pending) {
    const h = Number(k);
    if (cursor === null || h > cursor) {
      next = h;
      break;
    }
  }
  if (next === undefined) {
    book.cursor = null;
    return fx;
  }
  flushHotkey(book, m, next, fx);
  book.cursor = next;
  return fx;
}

/** Shares owed to coldkey c on hotkey h: floor(rate ⊗ stake) − claimed, within [0, P]. */
export function owedShares(b: Basket, coldkey: number, rootStake: bigint): bigint {
  const owed = I96F32.toInt(I96F32.mul(b.rate, I96F32.fromInt(rootStake))) - (b.claimed[coldkey] ?? 0n);
  if (owed <= 0n) return 0n;
  return owed < b.shares ? owed : b.shares;
}

/**
 * A staker's root stake on h changed by `delta` (either sign): BasketClaimed ± floor(rate ⊗ |Δ|), so
 * added stake does not inherit past rate (skipped while the rate is 0).
 */
export function rebaseClaimed(book: BasketBook, hotkey: number, coldkey: number, delta: bigint): void {
  const b = book.baskets[hotkey];
  if (!b || b.rate === 0n || delta === 0n) return;
  // As B's add/remove adjusters: the product is taken on |Δ| and floored, then added or subtracted.
  const step = I96F32.toInt(I96F32.mul(b.rate, I96F32.fromInt(delta < 0n ? -delta : delta)));
  b.claimed[coldkey] = (b.claimed[coldkey] ?? 0n) + (delta < 0n ? -step : step);
}

/** What a claim did, beside the flush's effects. */
export interface ClaimResult extends BasketEffects {
  /** Shares burned. */
  owed: bigint;
  /** Alpha taken out of each holding and sold (or written off, `terminal`). */
  sold: { netuid: number; alpha: bigint; tao: bigint; terminal: boolean }[];
  /** TAO paid to the claimant, to be staked on root for (h, c). */
  paid: bigint;
}

/**
 * Claim (protocol-2026h2.md §2.4): flush h's queue, then redeem the coldkey's owed shares. Each
 * holding gives floor(holding·owed/P) (at least 1 unit while its entitlement is positive): the root
 * slot pays 1:1, a terminal row is written off, other rows are sold through `sell` (which moves the
 * caller's pool and returns the TAO). The claimant gets at most each row's entitlement (all of it when
 * owed = P); the rest stays in the fund as root cash. Not modelled: dust consolidation and row-dust
 * skipping (header).
 */
export function claim(
  book: BasketBook,
  m: BasketMarket,
  hotkey: number,
  coldkey: number,
  rootStake: bigint,
  sell: (netuid: number, alpha: bigint) => bigint,
): ClaimResult {
  const out: ClaimResult = { staked: [], recycled: [], owed: 0n, sold: [], paid: 0n };
  flushHotkey(book, m, hotkey, out);
  const b = book.baskets[hotkey];
  if (!b || b.shares === 0n) return out;
  const owed = owedShares(b, coldkey, rootStake);
  if (owed === 0n) return out;
  const P = b.shares;
  const rows = Object.entries(b.holdings).map(([k, x]) => {
    const netuid = Number(k);
    return { netuid, x, value: rowValue(m, netuid, x) };
  });
  let nonTerminal = 0n;
  for (const r of rows) nonTerminal += r.value ?? 0n;
  const hasTerminal = rows.some((r) => r.value === null);
  if (!hasTerminal && payoutFrom(owed, nonTerminal, P) < m.threshold) return out;
  const plan = rows.map((r) => {
    const entitlement = r.value === null ? 0n : payoutFrom(owed, r.value, P);
    let slice = mulDiv(r.x, owed, P);
    if (slice === 0n && entitlement > 0n) slice = 1n;
    return { ...r, slice, entitlement };
  });
  if (plan.every((r) => r.slice === 0n)) return out; // nothing realised: roll back
  let surplus = 0n;
  for (const r of plan) {
    if (r.slice === 0n) continue;
    b.holdings[r.netuid] = r.x - r.slice;
    if (r.value === null) {
      out.sold.push({ netuid: r.netuid, alpha: r.slice, tao: 0n, terminal: true });
      continue;
    }
    const tao = r.netuid === ROOT_SLOT ? r.slice : sell(r.netuid, r.slice);
    const pay = owed === P || tao < r.entitlement ? tao : r.entitlement;
    if (r.netuid !== ROOT_SLOT) out.sold.push({ netuid: r.netuid, alpha: r.slice, tao, terminal: false });
    out.paid += pay;
    surplus += tao - pay;
  }
  if (surplus > 0n) b.holdings[ROOT_SLOT] = (b.holdings[ROOT_SLOT] ?? 0n) + surplus;
  for (const r of plan) if (b.holdings[r.netuid] === 0n) delete b.holdings[r.netuid];
  b.shares -= owed;
  b.claimed[coldkey] = (b.claimed[coldkey] ?? 0n) + owed;
  rebaseClaimed(book, hotkey, coldkey, out.paid);
  out.owed = owed;
  return out;
}
