// One subnet's chain state: its neurons (the epoch's per-uid state), who holds each uid, stakes, its
// pool and alpha, pending emission, registration price and epoch schedule (protocol.md §2, §4, §5).

import { toNumber } from '../fixed/exact-quotient.ts';
import type { YumaParams } from '../yuma/epoch.ts';
import { type NeuronState, newNeuronState } from '../yuma/neurons.ts';
import type { EpochConsensus } from '../yuma/null-consensus.ts';
import type { Pool } from './pool.ts';
import type { Reservoirs } from './protocol-liquidity.ts';

/** Pending alpha accumulated by the coinbase each block and drained at the subnet's epoch (§4.4). */
export interface PendingEmission {
  server: bigint;
  validator: bigint;
  root: bigint;
  owner: bigint;
  /**
   * dTAO launch era: root alpha already sold for TAO since the last epoch (PendingAlphaSwapped). Not
   * outstanding alpha, but the epoch still runs on pending + swapped, so miners get half of both.
   */
  swapped: bigint;
  /** dTAO launch era: the TAO that sold root alpha bought (PendingRootDivs), paid to root stakers at the epoch, RAO. */
  rootTao: bigint;
  /** For metrics: alpha emitted to the subnet since the last epoch (owner cut and root share included). */
  emitted: bigint;
  /** For metrics: root alpha recycled since the last epoch (root sell off). */
  recycled: bigint;
}

/** Nothing pending: the state after an epoch drained it. */
export function emptyPending(): PendingEmission {
  return { server: 0n, validator: 0n, root: 0n, owner: 0n, swapped: 0n, rootTao: 0n, emitted: 0n, recycled: 0n };
}

/** A weight commit waiting for its reveal epoch (§6). */
export interface WeightCommit {
  uid: number;
  hotkey: number;
  dests: readonly number[];
  values: ArrayLike<number>;
  commitBlock: number;
  commitEpoch: number;
}

/** What a subnet is created with (its hyperparameters, owner, pool and registration price). */
export interface SubnetConfig {
  netuid: number;
  /** Block of creation. */
  block: number;
  tempo: number;
  params: YumaParams;
  maxUids: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  weightsRateLimit: number;
  commitReveal: boolean;
  revealPeriodEpochs: number;
  /** Owner's coldkey and hotkey (agent ids). */
  ownerColdkey: number;
  ownerHotkey: number;
  pool: Pool;
  /** SubnetAlphaOut: alpha outside the pool (stakes, pending, protocol-held), alpha RAO. */
  alphaOut: bigint;
  /** SubnetMovingPrice as U64F64 bits. */
  movingPrice: bigint;
  /** Registration burn price, its minimum and maximum, RAO. */
  burn: bigint;
  minBurn: bigint;
  maxBurn: bigint;
  /** SubnetEpochConsensus: Yuma (absent = Yuma) or Null (protocol-2026h2.md §4.4). */
  epochConsensus?: EpochConsensus;
}

/**
 * A subnet with several mechanisms (protocol-2026h2.md §5.3). Mechanism 0 is the subnet's `neurons`;
 * `extra` holds mechanisms 1 … count − 1, each with its own weights, bonds and LastUpdate. Uids,
 * registration blocks and validator permits are shared: they move in step with `neurons`.
 */
export interface SubnetMechanisms {
  /** MechanismEmissionSplit: u16 shares summing to 65535; absent = an even split. */
  split?: number[];
  extra: NeuronState[];
}

export interface SubnetState extends Omit<SubnetConfig, 'block'> {
  /** Block the subnet was created. */
  createdAt: number;
  neurons: NeuronState;
  /** Hotkey (agent id) holding each uid. */
  hotkeys: number[];
  /** The inverse: uid of each registered hotkey. */
  uidOf: Map<number, number>;
  /** Bumped whenever a uid changes hands or what its holder does (lets observers cache per-uid views). */
  hotkeysVersion: number;
  /** Alpha staked on each uid's hotkey on this subnet (incl. nominators), alpha RAO. */
  alphaStake: bigint[];
  /** `Emission` of the last epoch per uid (alpha RAO): the pruning key. */
  emission: bigint[];
  /** Alpha bought by the protocol with excess TAO (SubnetProtocolAlpha). */
  protocolAlpha: bigint;
  /** FirstEmissionBlockNumber: emission starts the block after. */
  firstEmissionBlock: number;
  /** SubnetEmissionEnabled (protocol-2026h2.md §1 step 5, §3); absent = enabled. */
  emissionEnabled?: boolean;
  /** OwnerCutEnabled (since spec 441; an owner or root call): false = no owner cut, it stays in alpha_out; absent = enabled. */
  ownerCutEnabled?: boolean;
  pending: PendingEmission;
  /** Fraction of last tempo's miner incentive withheld (owner's uids), U64F64 bits. */
  minerBurned: bigint;
  /** Alpha burned (owner incentive, not recycled): stays in alphaOut. */
  alphaBurned: bigint;
  /** Alpha left undistributed by rounding (dust): stays in alphaOut. */
  alphaDust: bigint;
  /** Root dividends paid at epochs, held as alpha for root stakers to claim. */
  rootDividendsAlpha: bigint;
  /** Owner cut held for an owner whose hotkey has no uid. */
  ownerAlphaHeld: bigint;
  /** Stake of hotkeys that lost their uid: still theirs and outstanding, no longer on a uid. */
  detachedAlpha: bigint;
  /** Root era: TAO accumulated for the next epoch (no pools then), RAO. */
  pendingTao: bigint;
  /** Running totals since creation, for metrics: TAO put into the pool by the coinbase (injection and
   * chain buys), alpha injected into the pool, alpha emitted to participants (alpha_out). */
  totals: { taoInjected: bigint; alphaInjected: bigint; alphaEmitted: bigint };
  /** Flow era: net TAO staked into the pool this block (buys − sells), RAO. */
  netFlow: bigint;
  /** Flow era: EMA of the net flow, I64F64 bits (signed). */
  flowEma: bigint;
  registrationsThisInterval: number;
  // Epoch schedule (§2.2 / §2.3)
  lastEpochBlock: number;
  pendingEpochAt: number;
  blocksSinceLastStep: number;
  epochIndex: number;
  commits: WeightCommit[];
  /** Set when the subnet is dissolved; agents acting on it stop. */
  dissolved: boolean;
  /** SubnetEpochConsensus (protocol-2026h2.md §4.4): which epoch algorithm the subnet runs. */
  epochConsensus: EpochConsensus;
  /** Only on a subnet with more than one mechanism (./mechanisms.ts); absent = one. */
  mechanisms?: SubnetMechanisms;
  /**
   * A subnet built from a state file: the uids and validator uids it started the run with (the
   * agents' groups count validator ranks and the attackers' miners among them); absent otherwise.
   */
  genesisRoster?: { uids: number; validators: number };
  /**
   * BalancerTaoReservoir / BalancerAlphaReservoir (protocol-2026h2.md §4.1): protocol liquidity
   * materialised but not price-active. Only the `reservoir-475` injection rule fills them; absent = 0.
   */
  reservoirs?: Reservoirs;
}

export function createSubnet(c: SubnetConfig): SubnetState {
  const block = c.block;
  // Every field is written out (not spread from the config): a spread of this many properties gives
  // each subnet object its own hidden class, which makes every per-block access to a subnet's fields
  // megamorphic. The key order is the spread's (SubnetConfig's order, then the state's own fields).
  return {
    netuid: c.netuid,
    tempo: c.tempo,
    params: c.params,
    maxUids: c.maxUids,
    immunityPeriod: c.immunityPeriod,
    minAllowedWeights: c.minAllowedWeights,
    weightsRateLimit: c.weightsRateLimit,
    commitReveal: c.commitReveal,
    revealPeriodEpochs: c.revealPeriodEpochs,
    ownerColdkey: c.ownerColdkey,
    ownerHotkey: c.ownerHotkey,
    pool: c.pool,
    alphaOut: c.alphaOut,
    movingPrice: c.movingPrice,
    burn: c.burn,
    minBurn: c.minBurn,
    maxBurn: c.maxBurn,
    createdAt: block,
    neurons: newNeuronState(0, block),
    hotkeys: [],
    uidOf: new Map(),
    hotkeysVersion: 0,
    alphaStake: [],
    emission: [],
    protocolAlpha: 0n,
    firstEmissionBlock: block,
    pending: emptyPending(),
    minerBurned: 0n,
    alphaBurned: 0n,
    alphaDust: 0n,
    rootDividendsAlpha: 0n,
    ownerAlphaHeld: 0n,
    detachedAlpha: 0n,
    pendingTao: 0n,
    totals: { taoInjected: 0n, alphaInjected: 0n, alphaEmitted: 0n },
    netFlow: 0n,
    flowEma: 0n,
    registrationsThisInterval: 0,
    // New subnets are staggered: LastEpochBlock = now − (netuid mod τ) (§2.2).
    lastEpochBlock: block - (c.netuid % Math.max(1, c.tempo)),
    pendingEpochAt: 0,
    blocksSinceLastStep: 0,
    epochIndex: 0,
    commits: [],
    dissolved: false,
    epochConsensus: c.epochConsensus ?? 'yuma',
  };
}

/** Put `hotkey` on `uid` (a new uid or a replaced one), keeping the inverse map in step. */
export function assignUid(s: SubnetState, uid: number, hotkey: number): void {
  if (uid < s.hotkeys.length) s.uidOf.delete(s.hotkeys[uid]);
  s.hotkeys[uid] = hotkey;
  s.uidOf.set(hotkey, uid);
  s.hotkeysVersion++;
}

/** The epoch state of every mechanism of the subnet, mechanism 0 first. */
export function mechanismStates(s: SubnetState): NeuronState[] {
  return s.mechanisms ? [s.neurons, ...s.mechanisms.extra] : [s.neurons];
}

/** The subnet owner's uid: the owner hotkey's uid if it is registered. */
export function ownerUid(s: SubnetState): number | null {
  return s.uidOf.get(s.ownerHotkey) ?? null;
}

/**
 * Alpha issuance of the subnet: SubnetAlphaIn + SubnetAlphaOut (its halving clock, §4.1), plus the
 * alpha held in the balancer reservoir (minted, outside the pool; protocol-2026h2.md §4.1).
 */
export function alphaIssuance(s: SubnetState): bigint {
  const r = s.reservoirs;
  return r === undefined ? s.pool.alphaIn + s.alphaOut : s.pool.alphaIn + s.alphaOut + r.alpha;
}

/**
 * alphaIssuance as a float64 without the BigInt sum: the sum of the converted parts, within 2^-51
 * (relative) of the issuance (each part rounded once, each of the one or two additions once).
 */
export function alphaIssuanceD(s: SubnetState): number {
  const r = s.reservoirs;
  const d = toNumber(s.pool.alphaIn) + toNumber(s.alphaOut);
  return r === undefined ? d : d + toNumber(r.alpha);
}

/** Alpha outstanding that the model can point to; equals alphaOut when nothing leaked (tested). */
export function alphaAccounted(s: SubnetState): bigint {
  let t = s.protocolAlpha + s.alphaBurned + s.alphaDust + s.rootDividendsAlpha + s.ownerAlphaHeld + s.detachedAlpha;
  t += s.pending.server + s.pending.validator + s.pending.root + s.pending.owner;
  for (const x of s.alphaStake) t += x;
  return t;
}

/** `sudo_set_owner_cut_enabled` (the subnet's owner or root; OwnerCutEnabled, since spec 441). */
export function setOwnerCutEnabled(s: SubnetState, enabled: boolean): void {
  s.ownerCutEnabled = enabled;
}
