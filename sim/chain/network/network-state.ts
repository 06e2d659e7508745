// The whole chain as the simulation sees it: issuance, subnets, root stake, balances, and the
// accounting that proves conservation (issuance = minted − recycled, to the RAO).

import type { Delegation } from './delegation.ts';
import type { ProtocolRules } from './protocol-rules.ts';
import { escrowHeld, type RegistrationQueueState } from './registration-queue.ts';
import type { BasketBook } from './root-baskets.ts';
import type { SubnetState } from './subnet.ts';

export interface NetworkState {
  rules: ProtocolRules;
  block: number;
  /** The pallet's TotalIssuance (RAO): what block emission reads; recycling lowers it. */
  issuance: bigint;
  /** Σ minted since the run started (RAO). */
  minted: bigint;
  /** Σ recycled since the run started (RAO). */
  recycled: bigint;
  /** Issuance when the run started (RAO). */
  startIssuance: bigint;
  /** Subnets in ascending netuid order (root excluded). */
  subnets: SubnetState[];
  /** Root (netuid 0) TAO stake per hotkey (agent id), RAO; before dTAO, every hotkey's one stake. */
  rootStake: bigint[];
  /** SubnetTAO[0]: total root stake, RAO. */
  rootTotal: bigint;
  /** Free TAO balance per coldkey (agent id), RAO. */
  balance: bigint[];
  /**
   * dtao era: TAO that sold root alpha bought but no root staker could receive (no validator with
   * root stake earned dividends at the epoch, and the floors of the pro-rata split), RAO.
   */
  rootDividendsTao: bigint;
  /** TAO held outside agents' balances and pools before the run (the rest of issuance), RAO. */
  unattributedTao: bigint;
  /** Root era: each subnet's TAO emission per block (RAO), set by the root epoch. */
  rootEmissionValues: Map<number, bigint>;
  /** Root era: root validators' weights over subnets (hotkey → netuids and u16 values). */
  rootWeights: Map<number, { netuids: number[]; values: number[] }>;
  /** EmissionGateBar θ (U64F64 bits) once the emission gate has set it; absent = 0 (never computed). */
  emissionGateBar?: bigint;
  /** Child keys and validator takes (protocol-2026h2.md §5.1–§5.2); absent = none (delegation.ts). */
  delegation?: Delegation;
  /** Subnet registration queue, escrow and cleanup queue (protocol-2026h2.md §3); absent = empty. */
  registrationQueue?: RegistrationQueueState;
  /** Root Reborn baskets and their deposit queue (protocol-2026h2.md §2.3); absent until a basket rule pays one. */
  baskets?: BasketBook;
  /** Uids[ROOT]: the hotkeys registered on root (ascending); absent = every hotkey with root stake. */
  rootRegistered?: number[];
}

/**
 * TAO held anywhere in the model: pools and their balancer reservoirs, balances, root stake, pending
 * and unpaid root dividends, registration escrow, the unattributed rest.
 */
export function taoHeld(net: NetworkState): bigint {
  let t = net.rootTotal + net.rootDividendsTao + net.unattributedTao + escrowHeld(net.registrationQueue);
  for (const b of net.balance) t += b;
  for (const s of net.subnets) t += s.pool.tao + (s.reservoirs?.tao ?? 0n) + s.pendingTao + s.pending.rootTao;
  return t;
}

/**
 * netuid → subnet per subnet list, a cache outside the state: the chain only appends to (and sorts)
 * `net.subnets`, and replaces the list when a subnet is dissolved, so a list's entries never go stale.
 */
const subnetIndex = new WeakMap<readonly SubnetState[], Map<number, SubnetState>>();

/** `net.subnets.find((s) => s.netuid === netuid)`, without the scan (per-block code looks subnets up by netuid). */
export function subnetByNetuid(net: NetworkState, netuid: number): SubnetState | undefined {
  const list = net.subnets;
  let index = subnetIndex.get(list);
  if (!index) {
    index = new Map();
    subnetIndex.set(list, index);
  }
  let s = index.get(netuid);
  if (s === undefined) {
    s = list.find((x) => x.netuid === netuid);
    if (s) index.set(netuid, s);
  }
  return s;
}
