// The storage `taosim snapshot` reads: each item's pallet, name (the chain's spelling), key hashers
// and value type, as subtensor declares them (pallets/subtensor/src/lib.rs; checked against
// opentensor/subtensor @ 14bc6f9 = spec 425 and the newest RaoFoundation/subtensor main read, which
// has the spec-456+ code, protocol-2026h2.md §1). Across the supported runtimes these items keep
// their bytes: value types were renamed (u64 → TaoCurrency → TaoBalance, u16 → PerU16) but encode
// the same; the ones a runtime added carry `since`, and are not read before it.
//
// `fallback` is the chain's ValueQuery default when the code states it as a constant: a key absent
// from storage reads as that value. Items without one are OptionQuery, or default to a runtime
// configuration constant (T::InitialTempo …) that storage does not hold: an absent key then leaves
// the field unknown, and the state's `assumptions` say so.

import { SPEC_VERSIONS } from '../state/format.ts';
import type { Hasher } from './storage-keys.ts';

/** Value types, as @polkadot/types names them (fixed-point values are read as their bits). */
export type ValueType =
  | 'bool'
  | 'u8'
  | 'u16'
  | 'i16'
  | 'u64'
  | 'u128'
  | 'i128'
  | 'AccountId32'
  | 'Vec<bool>'
  | 'Vec<u64>'
  | 'Vec<(u16,u16)>'
  | 'Vec<(u64,AccountId32)>'
  | '(u16,u16)'
  | '(Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes)';

export interface StorageItem {
  readonly pallet: string;
  readonly name: string;
  /** Hashers of the key parts, outermost first (empty: a StorageValue). */
  readonly keys: readonly Hasher[];
  readonly value: ValueType;
  /** The value an absent key reads as (a constant default in the chain's code). */
  readonly fallback?: Decoded;
  /** The first runtime spec version that has the item. */
  readonly since?: number;
}

/** A decoded value: numbers for u8/u16/i16, bigint for u64 and wider, addresses as SS58 strings. */
export type Decoded = boolean | number | bigint | string | null | readonly Decoded[];

/**
 * The runtime spec versions whose storage layout is known here: those taosim-state/v1 accepts
 * (sim/state/format.ts), from before the gate (spec 440) to the newest runtime read (475).
 */
export const SUPPORTED_SPECS = SPEC_VERSIONS;

export function describeSupportedSpecs(): string {
  return `${SUPPORTED_SPECS.min}–${SUPPORTED_SPECS.max}`;
}

/** The zero account: subtensor's DefaultAccount / DefaultSubnetOwner (decoded from zero bytes). */
export const ZERO_ACCOUNT = '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM';

const S = 'SubtensorModule';
const value = (name: string, v: ValueType, extra: Partial<StorageItem> = {}): StorageItem => ({
  pallet: S,
  name,
  keys: [],
  value: v,
  ...extra,
});
const bySubnet = (name: string, v: ValueType, extra: Partial<StorageItem> = {}): StorageItem => ({
  pallet: S,
  name,
  keys: ['Identity'],
  value: v,
  ...extra,
});

/** Timestamp::Now (ms since the Unix epoch): the block's time. */
export const TIMESTAMP_NOW: StorageItem = { pallet: 'Timestamp', name: 'Now', keys: [], value: 'u64' };

export const GLOBAL_ITEMS = {
  totalIssuance: value('TotalIssuance', 'u64'),
  totalStake: value('TotalStake', 'u64', { fallback: 0n }),
  taoWeight: value('TaoWeight', 'u64'),
  stakeThreshold: value('StakeThreshold', 'u64', { fallback: 0n }),
  subnetOwnerCut: value('SubnetOwnerCut', 'u16'),
  subnetMovingAlpha: value('SubnetMovingAlpha', 'i128'),
  subnetLimit: value('SubnetLimit', 'u16', { fallback: 128 }),
  networkMinLockCost: value('NetworkMinLockCost', 'u64'),
  networkLastLockCost: value('NetworkLastLockCost', 'u64'),
  networkLockReductionInterval: value('NetworkLockReductionInterval', 'u64'),
  // The emission gate (protocol-2026h2.md §1): spec 440 added the bar, quantile and exponent, 441 the rank.
  gateBar: value('EmissionGateBar', 'u128', { fallback: 0n, since: 440 }),
  gateQuantile: value('EmissionBarQuantile', 'u128', { since: 440 }),
  gateExponent: value('EmissionGateExponent', 'u128', { fallback: 3n << 64n, since: 440 }),
  gateRank: value('EmissionBarRank', 'u16', { fallback: 32, since: 441 }),
} as const satisfies Record<string, StorageItem>;

/** Which subnets exist: NetworksAdded[netuid] = true. */
export const NETWORKS_ADDED = bySubnet('NetworksAdded', 'bool', { fallback: false });

export const SUBNET_ITEMS = {
  registeredAt: bySubnet('NetworkRegisteredAt', 'u64', { fallback: 0n }),
  firstEmissionBlock: bySubnet('FirstEmissionBlockNumber', 'u64', { fallback: null }),
  tempo: bySubnet('Tempo', 'u16'),
  lastEpochBlock: bySubnet('LastMechansimStepBlock', 'u64', { fallback: 0n }),
  emissionEnabled: bySubnet('SubnetEmissionEnabled', 'bool', { fallback: true }),
  commitReveal: bySubnet('CommitRevealWeightsEnabled', 'bool', { fallback: true }),
  yuma3: { pallet: S, name: 'Yuma3On', keys: ['Blake2_128Concat'], value: 'bool', fallback: false },
  liquidAlpha: { pallet: S, name: 'LiquidAlphaOn', keys: ['Blake2_128Concat'], value: 'bool', fallback: false },
  mechanismCount: { pallet: S, name: 'MechanismCountCurrent', keys: ['Twox64Concat'], value: 'u8', fallback: 1 },
  taoIn: bySubnet('SubnetTAO', 'u64', { fallback: 0n }),
  alphaIn: bySubnet('SubnetAlphaIn', 'u64', { fallback: 0n }),
  alphaOut: bySubnet('SubnetAlphaOut', 'u64', { fallback: 0n }),
  protocolAlpha: bySubnet('SubnetProtocolAlpha', 'u64', { fallback: 0n }),
  movingPrice: bySubnet('SubnetMovingPrice', 'i128', { fallback: 0n }),
  minerBurned: bySubnet('MinerBurned', 'u128', { fallback: 0n }),
  owner: bySubnet('SubnetOwner', 'AccountId32', { fallback: ZERO_ACCOUNT }),
  ownerHotkey: bySubnet('SubnetOwnerHotkey', 'AccountId32', { fallback: ZERO_ACCOUNT }),
  maxUids: bySubnet('MaxAllowedUids', 'u16'),
  registeredUids: bySubnet('SubnetworkN', 'u16', { fallback: 0 }),
  recycledForRegistration: bySubnet('RAORecycledForRegistration', 'u64'),
  pendingServer: bySubnet('PendingServerEmission', 'u64', { fallback: 0n }),
  pendingValidator: bySubnet('PendingValidatorEmission', 'u64', { fallback: 0n }),
  pendingRootAlphaDivs: bySubnet('PendingRootAlphaDivs', 'u64', { fallback: 0n }),
  pendingOwnerCut: bySubnet('PendingOwnerCut', 'u64', { fallback: 0n }),
  identity: {
    pallet: S,
    name: 'SubnetIdentitiesV3',
    keys: ['Blake2_128Concat'],
    value: '(Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes)',
    fallback: null,
  },
} as const satisfies Record<string, StorageItem>;

export const HYPERPARAMETER_ITEMS = {
  kappa: bySubnet('Kappa', 'u16'),
  bondsPenalty: bySubnet('BondsPenalty', 'u16'),
  bondsMovingAverage: bySubnet('BondsMovingAverage', 'u64'),
  immunityPeriod: bySubnet('ImmunityPeriod', 'u16'),
  activityCutoff: bySubnet('ActivityCutoff', 'u16'),
  minAllowedWeights: bySubnet('MinAllowedWeights', 'u16'),
  maxAllowedValidators: bySubnet('MaxAllowedValidators', 'u16'),
  weightsRateLimit: bySubnet('WeightsSetRateLimit', 'u64', { fallback: 100n }),
  revealPeriodEpochs: { pallet: S, name: 'RevealPeriodEpochs', keys: ['Twox64Concat'], value: 'u64', fallback: 1n },
  rho: bySubnet('Rho', 'u16'),
  alphaValues: bySubnet('AlphaValues', '(u16,u16)', { fallback: [45875, 58982] }),
  alphaSigmoidSteepness: bySubnet('AlphaSigmoidSteepness', 'i16'),
  burn: bySubnet('Burn', 'u64'),
  minBurn: bySubnet('MinBurn', 'u64'),
  maxBurn: bySubnet('MaxBurn', 'u64'),
} as const satisfies Record<string, StorageItem>;

export const NEURON_ITEMS = {
  /** Keys[netuid][uid] → hotkey. */
  hotkey: { pallet: S, name: 'Keys', keys: ['Identity', 'Identity'], value: 'AccountId32' },
  registrationBlock: {
    pallet: S,
    name: 'BlockAtRegistration',
    keys: ['Identity', 'Identity'],
    value: 'u64',
    fallback: 0n,
  },
  /** Owner[hotkey] → coldkey. */
  coldkey: { pallet: S, name: 'Owner', keys: ['Blake2_128Concat'], value: 'AccountId32' },
  /** TotalHotkeyAlpha[hotkey][netuid]: alpha stake (root stake on netuid 0). */
  stake: {
    pallet: S,
    name: 'TotalHotkeyAlpha',
    keys: ['Blake2_128Concat', 'Identity'],
    value: 'u64',
    fallback: 0n,
  },
  validatorPermit: bySubnet('ValidatorPermit', 'Vec<bool>', { fallback: [] }),
  /** Keyed by NetUidStorageIndex: netuid + mechanism × 4096; mechanism 0 is the netuid itself. */
  lastUpdate: bySubnet('LastUpdate', 'Vec<u64>', { fallback: [] }),
  weights: { pallet: S, name: 'Weights', keys: ['Identity', 'Identity'], value: 'Vec<(u16,u16)>', fallback: [] },
  bonds: { pallet: S, name: 'Bonds', keys: ['Identity', 'Identity'], value: 'Vec<(u16,u16)>', fallback: [] },
  childKeys: {
    pallet: S,
    name: 'ChildKeys',
    keys: ['Blake2_128Concat', 'Identity'],
    value: 'Vec<(u64,AccountId32)>',
    fallback: [],
  },
  delegateTake: { pallet: S, name: 'Delegates', keys: ['Blake2_128Concat'], value: 'u16' },
  childKeyTake: {
    pallet: S,
    name: 'ChildkeyTake',
    keys: ['Blake2_128Concat', 'Identity'],
    value: 'u16',
    fallback: 0,
  },
} as const satisfies Record<string, StorageItem>;

/** Whether a runtime has the item. */
export function itemLive(item: StorageItem, specVersion: number): boolean {
  return item.since === undefined || specVersion >= item.since;
}
