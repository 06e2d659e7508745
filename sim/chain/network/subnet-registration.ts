// Creating and dissolving subnets (protocol.md §5.6 lock cost; §4.2; economics.md §1.3 on
// deregistration): the lock cost doubles with each registration and decays linearly; when the
// subnet limit is reached the lowest-priced subnet outside its immunity is dissolved to make room.

import { BLOCKS_PER_DAY } from '../emission/block-emission.ts';
import { U64F64 } from '../fixed/fixed.ts';
import type { NetworkState } from './network-state.ts';
import { foldReservoirs } from './protocol-liquidity.ts';
import { createSubnet, type SubnetConfig, type SubnetState } from './subnet.ts';

export const MIN_LOCK = 1000n * 1_000_000_000n;
export const LOCK_REDUCTION_INTERVAL = 14n * BigInt(BLOCKS_PER_DAY);
/** Network immunity of a new subnet: 4 months (economics.md §1.3). */
export const NETWORK_IMMUNITY_BLOCKS = 864_000;

export interface LockState {
  /** Lock paid by the last subnet registration (RAO) and its block; null before any. */
  lastLock: bigint;
  lastLockBlock: number | null;
}

/** lock = max(min, m·last − (last / interval)·(b − lastBlock)), m = 2 after a registration, else 1. */
export function lockCost(l: LockState, block: number): bigint {
  const mult = l.lastLockBlock === null ? 1n : 2n;
  const since = l.lastLockBlock === null ? 0n : BigInt(block - l.lastLockBlock);
  const cost = mult * l.lastLock - (l.lastLock / LOCK_REDUCTION_INTERVAL) * since;
  return cost > MIN_LOCK ? cost : MIN_LOCK;
}

/**
 * The subnet to dissolve when the network is full: lowest moving price (root era: lowest emission
 * value) among subnets past their immunity, ties to the older registration. Null if all are immune.
 */
export function subnetToDissolve(net: NetworkState, block: number): SubnetState | null {
  let best: SubnetState | null = null;
  const key = (s: SubnetState) =>
    net.rules.era === 'root' ? (net.rootEmissionValues.get(s.netuid) ?? 0n) : s.movingPrice;
  for (const s of net.subnets) {
    if (block - s.createdAt < NETWORK_IMMUNITY_BLOCKS) continue;
    if (best === null || key(s) < key(best) || (key(s) === key(best) && s.createdAt < best.createdAt)) best = s;
  }
  return best;
}

/**
 * Dissolve a subnet: its balancer reservoirs are folded into the pool first
 * (protocol-2026h2.md §4.1), then its pool's TAO goes to the alpha holders pro rata (stakes on its
 * uids, to each hotkey's coldkey; the rest, held by no agent, and any pending TAO, to
 * `residualHolder`), and the subnet is removed.
 */
export function dissolveSubnet(net: NetworkState, s: SubnetState, residualHolder: number): void {
  foldReservoirs(s);
  let staked = 0n;
  for (const x of s.alphaStake) staked += x;
  const outstanding = s.alphaOut > staked ? s.alphaOut : staked;
  let paid = 0n;
  if (outstanding > 0n) {
    s.hotkeys.forEach((h, uid) => {
      const tao = (s.pool.tao * s.alphaStake[uid]) / outstanding;
      net.balance[h] = (net.balance[h] ?? 0n) + tao;
      paid += tao;
    });
  }
  net.balance[residualHolder] =
    (net.balance[residualHolder] ?? 0n) + s.pool.tao + s.pendingTao + s.pending.rootTao - paid;
  s.dissolved = true;
  net.subnets = net.subnets.filter((x) => x !== s);
}

/**
 * Register a new subnet for `owner`: pay the lock from the owner's balance (it seeds the pool at
 * price 1, TAO = alpha = lock), dissolving the lowest-priced subnet first if the limit is reached.
 * Returns the new subnet, or null if the owner cannot pay or every subnet is immune.
 */
export function registerSubnet(
  net: NetworkState,
  locks: LockState,
  owner: number,
  block: number,
  config: (netuid: number, lock: bigint) => SubnetConfig,
  residualHolder: number,
): SubnetState | null {
  const lock = lockCost(locks, block);
  if ((net.balance[owner] ?? 0n) < lock) return null;
  if (net.subnets.length >= net.rules.subnetLimit) {
    const victim = subnetToDissolve(net, block);
    if (victim === null) return null;
    dissolveSubnet(net, victim, residualHolder);
  }
  const netuid = lowestFreeNetuid(net.subnets.map((s) => s.netuid));
  net.balance[owner] -= lock;
  const s = createSubnet(config(netuid, lock));
  s.movingPrice = U64F64.fromInt(0);
  addSubnet(net, locks, s, lock, block);
  return s;
}

/** The lowest netuid (from 1) not in `taken`. */
export function lowestFreeNetuid(taken: Iterable<number>): number {
  const used = new Set(taken);
  let netuid = 1;
  while (used.has(netuid)) netuid++;
  return netuid;
}

/** A new subnet joins the network (kept in netuid order); the lock memory records `lock` paid at `block`. */
export function addSubnet(net: NetworkState, locks: LockState, s: SubnetState, lock: bigint, block: number): void {
  net.subnets.push(s);
  net.subnets.sort((a, b) => a.netuid - b.netuid);
  locks.lastLock = lock;
  locks.lastLockBlock = block;
}
