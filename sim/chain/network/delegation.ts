// Delegation state of the network and how an epoch's payout applies it (protocol-2026h2.md §5.1–§5.2):
// child-key links with their takes, and validator takes. Empty by default: then the epoch runs on each
// uid's own stake and a validator's dividends go to its hotkey's stake whole, as before.
//
// Modelled within the simulator's per-uid stakes: a link counts only while both its parent and its
// child hold a uid on the subnet (the model keeps alpha stake per uid); CKBurn is 0 (its live value is
// not known); a hotkey's stake is one pool, so the nominators' part of a dividend
// stays in it (the take is reported per uid).

import { U96F32 } from '../fixed/fixed.ts';
import { type ChildKeyLink, inheritedStake, routeDividend } from './child-keys.ts';
import type { NetworkState } from './network-state.ts';
import type { SubnetState } from './subnet.ts';
import { splitTake, type TakeSplit } from './take.ts';

export interface Delegation {
  /** ChildKeys, in the order the chain stores them. */
  childKeys: ChildKeyLink[];
  /** Effective ChildkeyTake (u16) per `${netuid}:${hotkey}`; absent = 0. */
  childkeyTakes: Map<string, number>;
  /** Delegates (u16) per hotkey: its validator take. Absent = no take modelled (one pool). */
  delegateTakes: Map<number, number>;
  /** Owning coldkey per hotkey; absent = the hotkey's own id (agents own their hotkeys). */
  owners: Map<number, number>;
  /** LastTxBlockDelegateTake per hotkey: the block of its last take increase; absent = never (0). */
  takeIncreasedAt?: Map<number, number>;
}

export function emptyDelegation(): Delegation {
  return { childKeys: [], childkeyTakes: new Map(), delegateTakes: new Map(), owners: new Map() };
}

/** The links of `netuid` whose parent and child both hold a uid there; empty when none. */
function activeLinks(net: NetworkState, s: SubnetState): ChildKeyLink[] {
  const links = net.delegation?.childKeys;
  if (!links || links.length === 0) return [];
  return links.filter((l) => l.netuid === s.netuid && s.uidOf.has(l.parent) && s.uidOf.has(l.child));
}

/**
 * The stakes the epoch runs on (protocol.md §3.3): each uid's own alpha and root stake, or, with
 * child keys, what each hotkey holds after lending to children and inheriting from parents.
 */
export function epochStakes(
  net: NetworkState,
  s: SubnetState,
  rootStake: bigint[],
): { alpha: bigint[]; root: bigint[] } {
  const links = activeLinks(net, s);
  if (links.length === 0) return { alpha: s.alphaStake, root: rootStake };
  const own = (stakes: bigint[]) => (h: number) => stakes[s.uidOf.get(h) as number];
  const alpha = s.hotkeys.map((h) => inheritedStake(own(s.alphaStake), links, s.netuid, h));
  const root = s.hotkeys.map((h) => inheritedStake(own(rootStake), links, s.netuid, h));
  return { alpha, root };
}

/**
 * Each uid's validator dividend after child-key routing (protocol-2026h2.md §5.1): a child's dividend
 * is shared with its parents, and each recipient's amounts are summed. Without links: unchanged.
 */
export function routedDividends(net: NetworkState, s: SubnetState, dividends: bigint[], rootStake: bigint[]): bigint[] {
  const links = activeLinks(net, s);
  if (links.length === 0) return dividends;
  const d = net.delegation as Delegation;
  const uidOf = (h: number) => s.uidOf.get(h) as number;
  const out: bigint[] = new Array(dividends.length).fill(0n);
  for (let uid = 0; uid < dividends.length; uid++) {
    if (dividends[uid] === 0n) continue;
    const k = s.hotkeys[uid];
    const routing = routeDividend(links, s.netuid, k, dividends[uid], {
      alpha: (h) => s.alphaStake[uidOf(h)],
      root: (h) => rootStake[uidOf(h)],
      taoWeight: net.rules.taoWeight,
      owner: (h) => d.owners.get(h) ?? h,
      childkeyTake: d.childkeyTakes.get(`${s.netuid}:${k}`) ?? 0,
      ckBurn: 0n,
    });
    for (const { hotkey, amount } of routing.shares) out[uidOf(hotkey)] += amount;
  }
  return out;
}

/** The take split of `amount` paid to the hotkey at `uid`, or null when no take is set for it. */
export function takeSplit(net: NetworkState, s: SubnetState, uid: number, amount: bigint): TakeSplit | null {
  const take = net.delegation?.delegateTakes.get(s.hotkeys[uid]);
  if (take === undefined || amount === 0n) return null;
  return splitTake(U96F32.fromInt(amount), take);
}

/** The chain's bounds on a delegate take and the rate limit on raising it (protocol-2026h2.md §5.2). */
export interface DelegateTakeLimits {
  /** MinDelegateTake, u16 (default 0). */
  min: number;
  /** MaxDelegateTake, u16 (default 11,796 = 18 %). */
  max: number;
  /** TxDelegateTakeRateLimit, blocks between increases (default and mainnet 216,000 = 30 days; 0 = none). */
  rateLimitBlocks: number;
}

export const DEFAULT_DELEGATE_TAKE_LIMITS: DelegateTakeLimits = { min: 0, max: 11_796, rateLimitBlocks: 216_000 };

export type TakeRefusal = 'not-higher' | 'too-high' | 'rate-limit' | 'not-lower' | 'too-low';

/**
 * `increase_take` (subtensor `do_increase_take`): strictly above the current take (when one is set),
 * at most MaxDelegateTake, and not within TxDelegateTakeRateLimit blocks of the hotkey's last increase
 * (`exceeds_tx_delegate_take_rate_limit`: limited while 0 < block − last ≤ limit; a last block of 0 or a
 * limit of 0 never limits). Records the block. Null when accepted, else why it was refused.
 */
export function increaseTake(
  d: Delegation,
  hotkey: number,
  take: number,
  block: number,
  limits: DelegateTakeLimits,
): TakeRefusal | null {
  const current = d.delegateTakes.get(hotkey);
  if (current !== undefined && take <= current) return 'not-higher';
  if (take > limits.max) return 'too-high';
  const last = d.takeIncreasedAt?.get(hotkey) ?? 0;
  if (limits.rateLimitBlocks !== 0 && last !== 0 && block - last <= limits.rateLimitBlocks) return 'rate-limit';
  d.takeIncreasedAt ??= new Map();
  d.takeIncreasedAt.set(hotkey, block);
  d.delegateTakes.set(hotkey, take);
  return null;
}

/**
 * `decrease_take` (subtensor `do_decrease_take`): strictly below the current take (when one is set)
 * and at least MinDelegateTake; not rate limited and it does not restart the increase limit.
 */
export function decreaseTake(
  d: Delegation,
  hotkey: number,
  take: number,
  limits: DelegateTakeLimits,
): TakeRefusal | null {
  const current = d.delegateTakes.get(hotkey);
  if (current !== undefined && take >= current) return 'not-lower';
  if (take < limits.min) return 'too-low';
  d.delegateTakes.set(hotkey, take);
  return null;
}
