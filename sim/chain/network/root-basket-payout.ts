// Root Reborn in the payout path (protocol-2026h2.md §2.2–§2.3), behind the rule `rootDividends`
// (absent or 'sell' = today's root dividends, see distribution.ts). At an epoch the validator and root
// pots are split by root-split-form; each hotkey's root share, less its take, is queued for its basket
// and held meanwhile in the subnet's `rootDividendsAlpha`; every block one queued hotkey is flushed and
// its credits become alpha staked on that hotkey (they count in its stake weight from then on), or
// are recycled. Root stakers redeem their shares with `claimRootBasket` (the root-claims agent kind).
//
// taosim's stand-ins (docs/reference/protocol-2026h2.md §2): a hotkey is root-registered when
// `NetworkState.rootRegistered` lists it or, absent that list, when it has root stake; the escrow's
// own root slot (claim surplus) is counted in the hotkey's root stake; the realizable value is the fee-free
// pool quote in one swap; RootClaimableThreshold[ROOT] is the chain default 500,000 RAO.

import { U96F32 } from '../fixed/fixed.ts';
import { taoWeightI64F64 } from '../yuma/stake.ts';
import { type NetworkState, subnetByNetuid } from './network-state.ts';
import { quoteSellAlpha, sellAlpha, spotPrice } from './pool.ts';
import {
  type BasketEffects,
  type BasketMarket,
  type ClaimResult,
  claim,
  emptyBasketBook,
  enqueueDeposit,
  flushBlock,
  ROOT_SLOT,
} from './root-baskets.ts';
import { epochRootSplit, type RootSplitForm, type SplitRecipient } from './root-dividend-split.ts';
import type { SubnetState } from './subnet.ts';
import { splitTake } from './take.ts';

/** How root dividends are paid: sold for TAO (today's model), or into baskets by the 441 or 442 split. */
export type RootDividendRule = 'sell' | 'baskets-441' | 'baskets-442';

/** RootClaimableThreshold[ROOT], chain default (RAO). */
export const ROOT_CLAIMABLE_THRESHOLD = 500_000n;

export function basketSplitForm(rule: RootDividendRule | undefined): RootSplitForm | null {
  return rule === 'baskets-441' ? '441' : rule === 'baskets-442' ? '442' : null;
}

/** A hotkey earns root dividends when it is on root (`net.rootRegistered`, else: it has root stake). */
function onRoot(net: NetworkState, hotkey: number): boolean {
  return net.rootRegistered ? net.rootRegistered.includes(hotkey) : (net.rootStake[hotkey] ?? 0n) > 0n;
}

/** What the basket epoch paid, per uid (alpha RAO). */
export interface BasketEpochPay {
  validatorAlpha: bigint[];
  /** Each uid's root share (take included), floored. */
  validatorRoot: bigint[];
  /** The take out of each root share, staked to the hotkey. */
  rootTake: bigint[];
  /** Each uid's root weight floored (for the TAO of sold root alpha, if any). */
  rootPart: bigint[];
  rootPartTotal: bigint;
  /** Σ of root shares staked or queued. */
  rootPaid: bigint;
  /** The root pot recycled because no recipient could receive it. */
  recycledRoot: bigint;
}

/**
 * Split the epoch's validator pot and root pot (protocol-2026h2.md §2.2) over the uids with a dividend,
 * stake each root share's take on its hotkey and queue the rest for its basket.
 */
export function payRootToBaskets(
  net: NetworkState,
  s: SubnetState,
  dividends: bigint[],
  rootStake: bigint[],
  validatorPot: bigint,
  rootPot: bigint,
  form: RootSplitForm,
): BasketEpochPay {
  const n = dividends.length;
  const uids: number[] = [];
  const recipients: SplitRecipient[] = [];
  for (let uid = 0; uid < n; uid++) {
    if (dividends[uid] === 0n) continue;
    const hotkey = s.hotkeys[uid];
    uids.push(uid);
    recipients.push({
      hotkey,
      dividend: U96F32.fromInt(dividends[uid]),
      alpha: s.alphaStake[uid],
      root: rootStake[uid],
      rootRegistered: onRoot(net, hotkey),
    });
  }
  const w = taoWeightI64F64(net.rules.taoWeight) >> 32n; // U96F32
  const split = epochRootSplit(recipients, validatorPot, rootPot, w, form);
  const pay: BasketEpochPay = {
    validatorAlpha: new Array(n).fill(0n),
    validatorRoot: new Array(n).fill(0n),
    rootTake: new Array(n).fill(0n),
    rootPart: new Array(n).fill(0n),
    rootPartTotal: 0n,
    rootPaid: 0n,
    recycledRoot: split.recycledRoot,
  };
  net.baskets ??= emptyBasketBook();
  uids.forEach((uid, i) => {
    pay.validatorAlpha[uid] = U96F32.toInt(split.alpha[i]);
    const root = split.root[i];
    const take = net.delegation?.delegateTakes.get(s.hotkeys[uid]);
    const parts = take === undefined ? null : splitTake(root, take);
    const queued = parts ? parts.nominators : U96F32.toInt(root);
    if (parts) s.alphaStake[uid] += parts.take;
    s.rootDividendsAlpha += queued;
    enqueueDeposit(net.baskets as NonNullable<typeof net.baskets>, s.hotkeys[uid], s.netuid, queued);
    pay.rootTake[uid] = parts ? parts.take : 0n;
    pay.validatorRoot[uid] = pay.rootTake[uid] + queued;
    pay.rootPaid += pay.validatorRoot[uid];
    pay.rootPart[uid] = U96F32.toInt(split.parts[i].rootDiv);
    pay.rootPartTotal += pay.rootPart[uid];
  });
  s.alphaOut -= split.recycledRoot;
  return pay;
}

/** Each network's market view (it reads the network live, so one per network serves every block). */
const markets = new WeakMap<NetworkState, BasketMarket>();

/** The chain as the baskets read it. */
function basketMarket(net: NetworkState): BasketMarket {
  let m = markets.get(net);
  if (!m) {
    m = readMarket(net);
    markets.set(net, m);
  }
  return m;
}

function readMarket(net: NetworkState): BasketMarket {
  return {
    subnetExists: (netuid) => {
      const s = subnetByNetuid(net, netuid);
      return s !== undefined && !s.dissolved;
    },
    rootRegistered: (hotkey) => onRoot(net, hotkey),
    spotPrice: (netuid) => spotPrice((subnetByNetuid(net, netuid) as SubnetState).pool) << 32n, // U96F32 → U64F64
    realizable: (netuid, alpha) => quoteSellAlpha((subnetByNetuid(net, netuid) as SubnetState).pool, alpha),
    // The escrow's own root slot is root stake on the hotkey too (claims leave surplus TAO there).
    stakersRoot: (hotkey) => (net.rootStake[hotkey] ?? 0n) - (net.baskets?.baskets[hotkey]?.holdings[ROOT_SLOT] ?? 0n),
    threshold: ROOT_CLAIMABLE_THRESHOLD,
  };
}

/** Move what a flush did out of the subnets' held root dividends: onto the hotkeys' stake, or recycled. */
function applyEffects(net: NetworkState, fx: BasketEffects): void {
  for (const { hotkey, netuid, alpha } of fx.staked) {
    const s = subnetByNetuid(net, netuid) as SubnetState;
    s.rootDividendsAlpha -= alpha;
    const uid = s.uidOf.get(hotkey);
    if (uid === undefined) s.detachedAlpha += alpha;
    else s.alphaStake[uid] += alpha;
  }
  for (const { netuid, alpha } of fx.recycled) {
    const s = subnetByNetuid(net, netuid);
    if (!s) continue;
    s.rootDividendsAlpha -= alpha;
    s.alphaOut -= alpha;
  }
}

/** The block's basket drain (protocol-2026h2.md §2.3), after the coinbase and its epochs. */
export function flushRootBaskets(net: NetworkState): void {
  if (!net.baskets || !basketSplitForm(net.rules.rootDividends)) return;
  applyEffects(net, flushBlock(net.baskets, basketMarket(net)));
}

/** Take `alpha` of the escrow's position on `hotkey` out of the subnet's stakes (its uid, else detached); what was there. */
function takeEscrowAlpha(s: SubnetState, hotkey: number, alpha: bigint): bigint {
  const uid = s.uidOf.get(hotkey);
  const held = uid === undefined ? s.detachedAlpha : s.alphaStake[uid];
  // Other stakers of the hotkey share its one stake in the model: never take more than it holds.
  const x = alpha < held ? alpha : held;
  if (uid === undefined) s.detachedAlpha -= x;
  else s.alphaStake[uid] -= x;
  return x;
}

/**
 * A root staker's claim on hotkey h's basket (`claim_root`, protocol-2026h2.md §2.4): h's queue is
 * flushed, the staker's owed shares redeemed, the sold alpha swapped through each origin pool (with
 * its fee) and the TAO staked on root for (h, coldkey); a terminal row's slice is recycled. In the
 * model a hotkey's root stake is one amount: the staker's stake is the hotkey's root stake less the
 * escrow's root slot, and the TAO the fund keeps as root cash stays root stake on h as well.
 * Null when no basket rule is on.
 */
export function claimRootBasket(net: NetworkState, hotkey: number, coldkey: number): ClaimResult | null {
  if (!basketSplitForm(net.rules.rootDividends)) return null;
  net.baskets ??= emptyBasketBook();
  const m = basketMarket(net);
  const escrowRoot = net.baskets.baskets[hotkey]?.holdings[ROOT_SLOT] ?? 0n;
  const stake = (net.rootStake[hotkey] ?? 0n) - escrowRoot;
  let taoIn = 0n;
  const out = claim(net.baskets, m, hotkey, coldkey, stake, (netuid, alpha) => {
    const s = subnetByNetuid(net, netuid) as SubnetState;
    const x = takeEscrowAlpha(s, hotkey, alpha);
    s.alphaOut -= x;
    const tao = sellAlpha(s.pool, x);
    taoIn += tao;
    return tao;
  });
  applyEffects(net, out);
  for (const r of out.sold) {
    if (!r.terminal) continue;
    const s = subnetByNetuid(net, r.netuid) as SubnetState;
    s.alphaOut -= takeEscrowAlpha(s, hotkey, r.alpha);
  }
  net.rootStake[hotkey] = (net.rootStake[hotkey] ?? 0n) + taoIn;
  net.rootTotal += taoIn;
  return out;
}
