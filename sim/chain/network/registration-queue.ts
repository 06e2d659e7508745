// Subnet registration with the queue and escrow (live by spec 473, protocol-2026h2.md §3): when
// the network is full, registering prunes the cheapest non-immune subnet (or waits for a slot that
// is already being freed) and the lock is moved into escrow with a queue entry; the subnet is
// created later, once the pruned subnet's storage cleanup has finished, from the escrowed TAO
// exactly. Dissolution is phased: phase 1 (at pruning) stops the subnet's emission and pays its pool
// out to the alpha holders; phase 2 (the cleanup, on_idle) frees its netuid. New subnets start with
// SubnetEmissionEnabled = false. All state is plain data on NetworkState.registrationQueue.

import { U96F32 } from '../fixed/fixed.ts';
import type { NetworkState } from './network-state.ts';
import { spotPrice } from './pool.ts';
import { createSubnet, type SubnetConfig, type SubnetState } from './subnet.ts';
import {
  addSubnet,
  dissolveSubnet,
  type LockState,
  lockCost,
  lowestFreeNetuid,
  subnetToDissolve,
} from './subnet-registration.ts';

/** One NetworkRegistrationQueue entry; its `lock` is held in escrow until it settles. */
export interface QueuedRegistration {
  /** NetworkRegistrationLockId of the entry (its escrow account). */
  id: number;
  /** Registrant's coldkey and hotkey (agent ids). */
  coldkey: number;
  hotkey: number;
  /** TAO moved into escrow at registration, RAO: exactly what seeds the pool. */
  lock: bigint;
  /** Median alpha price at registration (U96F32 bits): the new pool's starting price. */
  medianPrice: bigint;
  /** Block of registration. */
  block: number;
}

export interface RegistrationQueueState {
  /** NetworkRegistrationQueue, first in first out. */
  entries: QueuedRegistration[];
  /** The next NetworkRegistrationLockId. */
  nextId: number;
  /** DissolveCleanupQueue: netuids dissolved whose storage cleanup (phase 2) is still pending. */
  cleanup: number[];
}

export function emptyRegistrationQueue(): RegistrationQueueState {
  return { entries: [], nextId: 0, cleanup: [] };
}

/** TAO held in registration escrow (Σ queued locks), RAO. */
export function escrowHeld(q: RegistrationQueueState | undefined): bigint {
  let t = 0n;
  for (const e of q?.entries ?? []) t += e.lock;
  return t;
}

function queueOf(net: NetworkState): RegistrationQueueState {
  net.registrationQueue ??= emptyRegistrationQueue();
  return net.registrationQueue;
}

/**
 * Median of the subnets' spot prices (U96F32 bits), the lower middle for an even count; 1 with no
 * priced subnet. (The chain's median helper was not read: its even-count rule is an assumption.)
 */
export function medianAlphaPrice(subnets: readonly SubnetState[]): bigint {
  const prices = subnets.map((s) => spotPrice(s.pool)).filter((p) => p > 0n);
  if (prices.length === 0) return U96F32.one;
  prices.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return prices[(prices.length - 1) >> 1];
}

/** What a registration did: created the subnet at once, queued it with its lock in escrow, or failed (null). */
export type RegistrationOutcome =
  | { kind: 'created'; subnet: SubnetState }
  | { kind: 'queued'; entry: QueuedRegistration };

/** Builds a subnet's configuration for a netuid, the TAO that seeds its pool and its owner's coldkey. */
export type SubnetConfigFor = (netuid: number, lock: bigint, owner: number) => SubnetConfig;

/**
 * do_register_network with the queue: with n added subnets and c awaiting cleanup at the limit,
 * wait if a slot is already being freed for nobody (c > queued), else prune the lowest-price
 * non-immune subnet (phase 1 now, cleanup later); either way the lock goes to escrow and the entry
 * is queued. Below the limit the subnet is created at once. Null if the owner cannot pay the lock
 * or the network is full of immune subnets (SubnetLimitReached).
 */
export function registerNetworkQueued(
  net: NetworkState,
  locks: LockState,
  owner: number,
  block: number,
  config: SubnetConfigFor,
  residualHolder: number,
): RegistrationOutcome | null {
  const q = queueOf(net);
  const lock = lockCost(locks, block);
  if ((net.balance[owner] ?? 0n) < lock) return null;
  const medianPrice = medianAlphaPrice(net.subnets);
  if (net.subnets.length + q.cleanup.length >= net.rules.subnetLimit) {
    if (q.cleanup.length <= q.entries.length) {
      const victim = subnetToDissolve(net, block);
      if (victim === null) return null;
      dissolveSubnet(net, victim, residualHolder);
      q.cleanup.push(victim.netuid);
    }
    net.balance[owner] -= lock;
    const entry: QueuedRegistration = { id: q.nextId++, coldkey: owner, hotkey: owner, lock, medianPrice, block };
    q.entries.push(entry);
    return { kind: 'queued', entry };
  }
  net.balance[owner] -= lock;
  return { kind: 'created', subnet: newNetwork(net, locks, owner, lock, medianPrice, block, config) };
}

/**
 * One on_idle step: finish one pending cleanup (phase 2 of a dissolution, freeing its netuid),
 * then, if a slot is free, settle the first queued registration (one per call). Returns the subnet
 * created, if any.
 */
export function processRegistrationQueue(
  net: NetworkState,
  locks: LockState,
  block: number,
  config: SubnetConfigFor,
): { subnet: SubnetState; entry: QueuedRegistration } | null {
  const q = queueOf(net);
  if (q.cleanup.length > 0) q.cleanup.shift();
  if (q.entries.length === 0 || net.subnets.length + q.cleanup.length >= net.rules.subnetLimit) return null;
  const entry = q.entries.shift() as QueuedRegistration;
  return { subnet: newNetwork(net, locks, entry.coldkey, entry.lock, entry.medianPrice, block, config), entry };
}

/**
 * set_new_network_state: the lowest netuid neither added nor awaiting cleanup; the pool holds
 * exactly the TAO paid and alpha = floor(TAO / median price); the lock memory records the payment
 * at this block; emission starts disabled.
 */
function newNetwork(
  net: NetworkState,
  locks: LockState,
  owner: number,
  paid: bigint,
  medianPrice: bigint,
  block: number,
  config: SubnetConfigFor,
): SubnetState {
  const netuid = lowestFreeNetuid([...net.subnets.map((s) => s.netuid), ...queueOf(net).cleanup]);
  const s = createSubnet(config(netuid, paid, owner));
  s.pool.tao = paid;
  s.pool.alphaIn = (paid << 32n) / medianPrice; // TAO ⊘ U96F32 price, floored
  s.alphaOut = 0n;
  s.movingPrice = 0n;
  s.emissionEnabled = false;
  addSubnet(net, locks, s, paid, block);
  return s;
}

/** The SubnetEmissionEnabled switch (a root/sudo call on the chain). */
export function setSubnetEmissionEnabled(s: SubnetState, enabled: boolean): void {
  s.emissionEnabled = enabled;
}
