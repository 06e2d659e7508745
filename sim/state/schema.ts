// The chain state file (`taosim-state/v1`), declared once: what a snapshot of the network at one
// block holds, every field named after the chain storage it comes from (docs/reference/state.md).
// The TypeScript types, the validation, the JSON Schema (schemas/state.schema.json) and the field
// table of the reference all come from here; the checks across fields are in ./format.ts.
//
// Conventions (the same everywhere in the file):
// - Amounts (TAO or a subnet's alpha) are in RAO as the chain stores them: decimal strings when
//   written; a JSON integer is accepted on input only while it is a safe integer. Read as bigint.
// - Other u64 values the chain keeps as proportions of u64::MAX (TaoWeight, child-key proportions)
//   are written the same way.
// - Fixed-point values are the chain's bits, as a decimal string under the type's name:
//   `"movingPrice": { "I96F32": "4294967296" }` is 1.0. Read as `{ I96F32: bigint }`.
// - u16 values, block numbers and flags are JSON numbers and booleans.
// - Every field past the header is optional: absent means unknown (a scenario starting from the
//   file supplies or assumes it), never a default filled in by the parser. `null` appears only where
//   the chain itself has "none" (FirstEmissionBlockNumber of a subnet that has not started).

import { z } from 'zod';
import { U64_MAX } from '../chain/fixed/fixed.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';
import { MAX_MECHANISM_COUNT } from '../chain/network/mechanisms.ts';
import { bool, expecting, int, num, obj, refuse, str } from '../schema/fields.ts';

export const STATE_FORMAT = 'taosim-state/v1';

const u16 = (min = 0) => int(min, U16_MAX);
/** A block number (or a count of blocks): a JSON integer. */
const block = () => {
  const e = expecting('a block number (an integer ≥ 0)');
  return z.number(e).int(e).min(0, e).max(Number.MAX_SAFE_INTEGER, e);
};

/** An unsigned integer up to u64::MAX as a decimal string, or a safe non-negative JSON integer; read as bigint. */
const u64 = (what: string) => {
  const e = expecting(`${what} (a decimal string, or a safe JSON integer)`);
  return z
    .union([z.string(e).regex(/^[0-9]{1,20}$/, e), z.number(e).int(e).min(0, e).max(Number.MAX_SAFE_INTEGER, e)], e)
    .transform((v, ctx) => {
      const x = BigInt(v);
      if (x > U64_MAX) refuse(ctx, `a value that fits in u64 (at most ${U64_MAX})`);
      return x;
    })
    .meta({
      anyOf: [
        { type: 'string', pattern: '^[0-9]{1,20}$' },
        { type: 'integer', minimum: 0 },
      ],
    });
};
/** TAO in RAO (10⁻⁹ TAO). */
const tao = () => u64('an amount in RAO');
/** A subnet's alpha in alpha RAO (10⁻⁹ alpha). */
const alpha = () => u64('an amount in alpha RAO');

/** The fixed-point types the chain stores, their total bits and whether they are signed. */
export const FIXED_TYPES = {
  I96F32: { bits: 128, signed: true },
  U96F32: { bits: 128, signed: false },
  U64F64: { bits: 128, signed: false },
  I64F64: { bits: 128, signed: true },
  I32F32: { bits: 64, signed: true },
} as const;
export type FixedType = keyof typeof FIXED_TYPES;

/** A fixed-point value as `{ "<TYPE>": "<bits as a decimal string>" }`; read as `{ TYPE: bigint }`. */
const fixed = <T extends FixedType>(type: T) => {
  const { bits, signed } = FIXED_TYPES[type];
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const what = `the ${type} bits as a decimal string in [${min}, ${max}]`;
  const e = expecting(what);
  const digits = z
    .string(e)
    .regex(signed ? /^-?[0-9]{1,40}$/ : /^[0-9]{1,40}$/, e)
    .transform((v, ctx) => {
      const x = BigInt(v);
      if (x < min || x > max) refuse(ctx, what);
      return x;
    });
  return z
    .strictObject({ [type]: digits } as { [K in T]: typeof digits }, {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `unknown field "${iss.keys[0]}" (allowed: ${type})`
          : `{ "${type}": "<bits as a decimal string>" }`,
    })
    .meta({ description: `${type} bits` });
};

/** An SS58 account address (base58; the checksum is not verified). */
const account = () => {
  const e = expecting('an SS58 address (base58, 40 to 60 characters)');
  return z.string(e).regex(/^[1-9A-HJ-NP-Za-km-z]{40,60}$/, e);
};

const share = () => num(0, 1, 'a ratio in [0, 1]');

export const GLOBAL_SCHEMA = obj({
  totalIssuance: tao().optional().describe('TotalIssuance: all TAO issued, RAO'),
  totalStake: tao().optional().describe('TotalStake: all TAO staked, RAO'),
  taoWeight: u64('a u64 proportion of u64::MAX')
    .optional()
    .describe('TaoWeight: root stake weight, u64 proportion of u64::MAX'),
  stakeThreshold: tao().optional().describe('StakeThreshold: least stake for a validator permit, RAO'),
  subnetOwnerCut: u16().optional().describe('SubnetOwnerCut: owner share of alpha emission, u16 proportion'),
  subnetMovingAlpha: fixed('I96F32').optional().describe('SubnetMovingAlpha: moving-price EMA factor'),
  emissionGate: obj({
    bar: fixed('U64F64').optional().describe('EmissionGateBar θ (0 = not computed yet)'),
    rank: u16().optional().describe('EmissionBarRank N (0 = quantile mode)'),
    quantile: fixed('U64F64').optional().describe('EmissionBarQuantile q'),
    exponent: fixed('U64F64').optional().describe('EmissionGateExponent h'),
  })
    .optional()
    .describe('the emission gate (protocol-2026h2.md §1)'),
  subnetLimit: u16().optional().describe('SubnetLimit: most subnets'),
  networkMinLockCost: tao().optional().describe('NetworkMinLockCost: least subnet registration lock, RAO'),
  networkLastLockCost: tao().optional().describe('NetworkLastLockCost: last subnet registration lock paid, RAO'),
  networkLastLockBlock: block().optional().describe('NetworkLastLockBlock: block of the last subnet registration'),
  networkLockReductionInterval: block()
    .optional()
    .describe('NetworkLockReductionInterval: blocks over which the lock cost decays'),
});

export const HYPERPARAMETERS_SCHEMA = obj({
  kappa: u16().optional().describe('Kappa: consensus majority, u16 proportion'),
  bondsPenalty: u16().optional().describe('BondsPenalty β, u16 proportion'),
  bondsMovingAverage: block().optional().describe('BondsMovingAverage: bonds EMA, millionths'),
  immunityPeriod: u16().optional().describe('ImmunityPeriod: blocks a new uid cannot be pruned'),
  activityCutoff: u16().optional().describe('ActivityCutoff: blocks after which a silent validator is inactive'),
  minAllowedWeights: u16().optional().describe('MinAllowedWeights'),
  maxAllowedValidators: u16().optional().describe('MaxAllowedValidators: validator permits'),
  weightsRateLimit: block().optional().describe('WeightsSetRateLimit: blocks between weight settings'),
  revealPeriodEpochs: block().optional().describe('RevealPeriodEpochs: epochs until committed weights are revealed'),
  rho: u16().optional().describe('Rho'),
  alphaLow: u16().optional().describe('AlphaValues.0: liquid alpha lowest rate, u16 proportion'),
  alphaHigh: u16().optional().describe('AlphaValues.1: liquid alpha highest rate, u16 proportion'),
  alphaSigmoidSteepness: int(-32768, 32767).optional().describe('AlphaSigmoidSteepness (i16)'),
  burn: tao().optional().describe('Burn: uid registration burn now, RAO'),
  minBurn: tao().optional().describe('MinBurn, RAO'),
  maxBurn: tao().optional().describe('MaxBurn, RAO'),
});

export const PENDING_SCHEMA = obj({
  serverEmission: alpha().optional().describe('PendingServerEmission, alpha RAO'),
  validatorEmission: alpha().optional().describe('PendingValidatorEmission, alpha RAO'),
  rootAlphaDivs: alpha().optional().describe('PendingRootAlphaDivs, alpha RAO'),
  ownerCut: alpha().optional().describe('PendingOwnerCut, alpha RAO'),
});

/** Figures the public data has but the chain does not store as such: derived, for calibration only. */
export const AGGREGATES_SCHEMA = obj({
  validatorCount: u16().optional().describe('uids holding ValidatorPermit'),
  validatorStakeHhi: share().optional().describe('Herfindahl index of permitted validators’ stake weight'),
  ownerAlpha: alpha().optional().describe('alpha the owner coldkey holds on the subnet, alpha RAO'),
  ownerStakeShare: share().optional().describe('alpha staked on the owner hotkey / alpha staked by wallets'),
  ownerDividendShare: share().optional().describe('owner hotkey’s mean share of the subnet’s dividends'),
  alphaStakedTotal: alpha().optional().describe('TotalAlphaStaked as read (the data’s own total), alpha RAO'),
});

export const SUBNET_SCHEMA = obj({
  netuid: u16().describe('the subnet number'),
  name: str().optional().describe('SubnetIdentities name (informative)'),
  registeredAt: block().optional().describe('NetworkRegisteredAt: registration block'),
  firstEmissionBlock: z
    .union([block(), z.null()], expecting('a block number (an integer ≥ 0) or null'))
    .optional()
    .describe('FirstEmissionBlockNumber; null = none (the subnet has not started)'),
  tempo: u16().optional().describe('Tempo: blocks between epochs'),
  lastEpochBlock: block().optional().describe('LastMechansimStepBlock (chain spelling): block of the last epoch'),
  emissionEnabled: bool().optional().describe('SubnetEmissionEnabled'),
  commitReveal: bool().optional().describe('CommitRevealWeightsEnabled'),
  yuma3: bool().optional().describe('Yuma3On'),
  liquidAlpha: bool().optional().describe('LiquidAlphaOn'),
  mechanismCount: int(1, MAX_MECHANISM_COUNT).optional().describe('MechanismCountCurrent'),
  hyperparameters: HYPERPARAMETERS_SCHEMA.optional().describe('the subnet’s hyperparameters'),
  taoIn: tao().optional().describe('SubnetTAO: TAO reserve of the pool, RAO'),
  alphaIn: alpha().optional().describe('SubnetAlphaIn: alpha reserve of the pool, alpha RAO'),
  alphaOut: alpha().optional().describe('SubnetAlphaOut: alpha outside the pool, alpha RAO'),
  alphaIssued: alpha().optional().describe('alpha issued = SubnetAlphaIn + SubnetAlphaOut, alpha RAO'),
  protocolAlpha: alpha().optional().describe('SubnetProtocolAlpha: protocol-owned alpha, alpha RAO'),
  alphaBurned: alpha().optional().describe('AlphaBurned: cumulative alpha burned, alpha RAO'),
  movingPrice: fixed('I96F32').optional().describe('SubnetMovingPrice'),
  minerBurned: fixed('U96F32').optional().describe('MinerBurned: share of miner emission burned or recycled'),
  owner: account().optional().describe('SubnetOwner: owner coldkey'),
  ownerHotkey: account().optional().describe('SubnetOwnerHotkey'),
  maxUids: u16(1).optional().describe('MaxAllowedUids'),
  registeredUids: u16().optional().describe('SubnetworkN: uids registered'),
  recycledForRegistration: tao().optional().describe('RAORecycledForRegistration: cumulative, RAO'),
  pending: PENDING_SCHEMA.optional().describe('emission accumulated since the last epoch'),
  aggregates: AGGREGATES_SCHEMA.optional().describe('derived figures (not chain storage)'),
});

const uidValue = () => {
  const e = expecting('a pair [uid, u16 value]');
  return z.tuple([u16(), u16()], e);
};

export const NEURON_SCHEMA = obj({
  uid: u16().describe('the uid'),
  hotkey: account().describe('Keys[netuid][uid]'),
  coldkey: account().optional().describe('Owner[hotkey]'),
  registrationBlock: block().optional().describe('BlockAtRegistration'),
  alphaStake: alpha().optional().describe('TotalHotkeyAlpha[hotkey][netuid], alpha RAO'),
  rootStake: tao().optional().describe('TotalHotkeyAlpha[hotkey][0] (root stake), RAO'),
  validatorPermit: bool().optional().describe('ValidatorPermit[netuid][uid]'),
  lastUpdate: block().optional().describe('LastUpdate[netuid][uid]'),
  weights: z.array(uidValue()).optional().describe('Weights[netuid][uid]: [uid, u16] pairs'),
  bonds: z.array(uidValue()).optional().describe('Bonds[netuid][uid]: [uid, u16] pairs'),
});

export const CHILD_KEYS_SCHEMA = obj({
  netuid: u16().describe('the subnet'),
  parent: account().describe('the parent hotkey'),
  children: z
    .array(
      obj({
        hotkey: account().describe('the child hotkey'),
        proportion: u64('a u64 proportion of u64::MAX').describe('share of the parent’s stake, of u64::MAX'),
      }),
    )
    .describe('ChildKeys[parent][netuid]'),
});

export const TAKES_SCHEMA = obj({
  delegate: z
    .array(obj({ hotkey: account(), take: u16().describe('Delegates[hotkey], u16 proportion') }))
    .optional()
    .describe('validator takes (Delegates)'),
  childKey: z
    .array(
      obj({ hotkey: account(), netuid: u16(), take: u16().describe('ChildkeyTake[hotkey][netuid], u16 proportion') }),
    )
    .optional()
    .describe('child-key takes (ChildkeyTake)'),
});

export const DELEGATION_SCHEMA = obj({
  hotkey: account(),
  coldkey: account(),
  netuid: u16(),
  alpha: alpha().describe('the stake: Alpha shares × TotalHotkeyAlpha ÷ TotalHotkeyShares, alpha RAO (RAO on root)'),
});

export const SOURCE_SCHEMA = obj({
  description: str().describe('what produced the file, in words'),
  tool: str().optional().describe('the program that wrote it'),
  url: str().optional().describe('the node or data set it was read from'),
  dataset: str().optional().describe('a data set’s name'),
  commit: str().optional().describe('the data set’s version'),
  licence: str().optional().describe('terms of the source'),
});

/** A netuid as an object key; checked in ./format.ts, where the message can name the key. */
const netuidKey = () => z.string().meta({ pattern: NETUID_KEY.source });
export const NETUID_KEY = /^(0|[1-9][0-9]{0,4})$/;

export const STATE_SCHEMA = obj({
  $schema: str().optional().describe('the JSON Schema editors check this file against (ignored by taosim)'),
  format: z.literal(STATE_FORMAT, expecting(`"${STATE_FORMAT}"`)).describe('the format and its version'),
  block: block().describe('the block the state was read at'),
  specVersion: int(0, 4_294_967_295).describe('runtime spec_version at that block'),
  time: str().describe('the block’s time, UTC ISO 8601 (`2026-08-31T22:23:48Z`)'),
  source: SOURCE_SCHEMA.describe('where the values come from'),
  global: GLOBAL_SCHEMA.describe('network-wide storage values'),
  subnets: z.array(SUBNET_SCHEMA).describe('one entry per subnet, in ascending netuid'),
  neurons: z
    .record(netuidKey(), z.array(NEURON_SCHEMA))
    .optional()
    .describe('per netuid (as a string key): its uids in ascending order'),
  childKeys: z.array(CHILD_KEYS_SCHEMA).optional().describe('child-key relations'),
  takes: TAKES_SCHEMA.optional().describe('validator and child-key takes'),
  delegations: z.array(DELEGATION_SCHEMA).optional().describe('stake per (hotkey, coldkey, netuid)'),
  assumptions: z.array(str()).optional().describe('what the producer assumed or could not read, in words'),
});

/** A state file as read: amounts and bits as bigint, optional fields absent when unknown. */
export type ChainState = z.output<typeof STATE_SCHEMA>;
/** A state file as written in JSON (amounts as strings). */
export type ChainStateJson = z.input<typeof STATE_SCHEMA>;
export type StateGlobal = ChainState['global'];
export type StateSubnet = ChainState['subnets'][number];
export type StateHyperparameters = NonNullable<StateSubnet['hyperparameters']>;
export type StatePending = NonNullable<StateSubnet['pending']>;
export type StateAggregates = NonNullable<StateSubnet['aggregates']>;
export type StateNeuron = NonNullable<ChainState['neurons']>[string][number];
export type StateChildKeys = NonNullable<ChainState['childKeys']>[number];
export type StateTakes = NonNullable<ChainState['takes']>;
export type StateDelegation = NonNullable<ChainState['delegations']>[number];
export type StateSource = ChainState['source'];
