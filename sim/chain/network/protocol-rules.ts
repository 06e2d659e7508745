// The protocol rules a run uses: a named era preset plus overrides (docs/explanation/eras.md).
// Every default cites protocol.md.

import { BLOCKS_PER_DAY } from '../emission/block-emission.ts';
import { U64F64 } from '../fixed/fixed.ts';
import { type EmissionGateRule, QUANTILE_EMISSION_GATE, RANK_EMISSION_GATE } from './emission-gate.ts';
import type { SchedulerKind } from './epoch-schedule.ts';
import type { RootDividendRule } from './root-basket-payout.ts';

export type EmissionEra = 'root' | 'dtao' | 'flow' | 'current';
export type RegistrationPricing = 'decay' | 'interval';
export type SubnetRegistrationRule = 'lock' | 'queue-473';
/**
 * How the coinbase's injection enters a pool whose balancer weights it would push out of range:
 * 'refuse' = not at all (the TAO recycled, the alpha not minted); 'reservoir-475' = the newest
 * coinbase (protocol-2026h2.md §4.1): what cannot become price-active waits in the balancer reservoirs.
 */
export type InjectionRule = 'refuse' | 'reservoir-475';

export interface ProtocolRules {
  era: EmissionEra;
  scheduler: SchedulerKind;
  /** Epochs allowed per block under the current scheduler (0 = no cap). */
  maxEpochsPerBlock: number;
  /** TaoWeight as the chain stores it (u64; weight = value / (2^64 − 1)). */
  taoWeight: bigint;
  /** Owner cut of alpha emission, u16 proportion (11796 = 18 %). */
  ownerCut: number;
  /** Pool model: constant product (dTAO as launched) or the weighted balancer pool (2026). */
  pool: 'constant-product' | 'balancer';
  /** Alpha injection cap: the root proportion of alpha emission (current) or the alpha emission (dtao). */
  injectionCap: 'root-proportion' | 'alpha-emission';
  /**
   * The injection's admission (protocol-2026h2.md §4.1): absent or 'refuse' = all or nothing;
   * 'reservoir-475' = the balancer reservoirs. Set by the runtime preset spec-475; no era preset sets it.
   */
  injection?: InjectionRule;
  /** Weight subnet shares by 1 − MinerBurned (current, §4.3). */
  minerBurnedWeighting: boolean;
  /** The Hill emission gate on subnet shares (specs 440/441, protocol-2026h2.md §1); null = no gate. */
  emissionGate: EmissionGateRule | null;
  /**
   * Root dividends (protocol-2026h2.md §2): absent or 'sell' = today's model (protocol.md §4.5); the
   * Root Reborn baskets with the spec-441 split or its spec-442 fix otherwise. Set by the runtime
   * presets from spec-441 on; no era preset sets it.
   */
  rootDividends?: RootDividendRule;
  /** Half-life of the net-flow EMA in blocks (flow era). */
  flowHalfLifeBlocks: number;
  // Registration (§5.1, §5.2)
  registrationPricing: RegistrationPricing;
  burnHalfLife: number;
  /** BurnIncreaseMult as U64F64 bits (1.26). */
  burnIncreaseMult: bigint;
  adjustmentInterval: number;
  targetRegistrationsPerInterval: number;
  minNonImmuneUids: number;
  immuneOwnerUidsLimit: number;
  subnetLimit: number;
  /**
   * How subnets are registered: 'lock' = at once, pruning in the same call (protocol.md §5.6);
   * 'queue-473' = with the registration queue, escrow and phased dissolution (protocol-2026h2.md §3).
   */
  subnetRegistration: SubnetRegistrationRule;
  /** Root network (root era): tempo, rho and kappa of the root sigmoid (§4.9). */
  rootTempo: number;
  rootRho: number;
  rootKappa: number;
  /** Activity cutoff: thousandths of tempo (current) or absolute blocks (legacy). */
  activityCutoffFactorMilli: number | null;
  activityCutoffBlocks: number;
}

const TAO_WEIGHT_DTAO_MIGRATION = 3_320_413_933_267_719_290n; // 0.18, migrate_rao.rs:64

/** What all eras share (the rules that did not change between them). */
const COMMON: Omit<ProtocolRules, 'era'> = {
  scheduler: 'legacy',
  maxEpochsPerBlock: 0,
  taoWeight: TAO_WEIGHT_DTAO_MIGRATION,
  ownerCut: 11796,
  pool: 'constant-product',
  injectionCap: 'alpha-emission',
  minerBurnedWeighting: false,
  emissionGate: null,
  flowHalfLifeBlocks: 30 * BLOCKS_PER_DAY,
  registrationPricing: 'interval',
  burnHalfLife: 360,
  burnIncreaseMult: U64F64.fromNum(1.26),
  adjustmentInterval: 100,
  targetRegistrationsPerInterval: 2,
  minNonImmuneUids: 10,
  immuneOwnerUidsLimit: 1,
  subnetLimit: 128,
  subnetRegistration: 'lock',
  rootTempo: 100,
  rootRho: 10,
  rootKappa: 32767,
  activityCutoffFactorMilli: null,
  activityCutoffBlocks: 5000,
};

/** The four era presets; see docs/explanation/eras.md for what each one is and its sources. */
export const ERA_PRESETS: Record<EmissionEra, ProtocolRules> = {
  // Oct 2023 – Feb 2025: root validators weight subnets; no pools; 32 subnet slots (2023).
  root: { ...COMMON, era: 'root', taoWeight: 0n, subnetLimit: 32 },
  // Feb 2025: price-EMA shares, alpha pools, injection capped at the alpha emission.
  dtao: { ...COMMON, era: 'dtao' },
  // Nov 2025: shares from the EMA of net TAO staking inflow (30-day half-life).
  flow: { ...COMMON, era: 'flow' },
  // The code read in protocol.md (June 2026): price shares × (1 − MinerBurned), root-proportion
  // injection cap, dynamic tempo scheduler, per-block registration price decay.
  current: {
    ...COMMON,
    era: 'current',
    scheduler: 'current',
    maxEpochsPerBlock: 2,
    injectionCap: 'root-proportion',
    minerBurnedWeighting: true,
    registrationPricing: 'decay',
    activityCutoffFactorMilli: 13_889,
  },
};

/**
 * Presets for the runtimes after `current`, named by the runtime spec version that started each
 * (docs/explanation/eras.md). Each is the previous one plus the rules that runtime made live, so a
 * later preset holds every earlier change. Their emission shares are `current`'s (era 'current').
 * Null consensus (specs 474/475) is opt-in per subnet, not a preset rule: subnets stay on Yuma.
 */
export type RuntimePreset = 'spec-440' | 'spec-441' | 'spec-442' | 'spec-473' | 'spec-475';
const spec440: ProtocolRules = { ...ERA_PRESETS.current, emissionGate: QUANTILE_EMISSION_GATE };
const spec441: ProtocolRules = { ...spec440, emissionGate: RANK_EMISSION_GATE, rootDividends: 'baskets-441' };
const spec442: ProtocolRules = { ...spec441, rootDividends: 'baskets-442' };
const spec473: ProtocolRules = { ...spec442, subnetRegistration: 'queue-473' };
const spec475: ProtocolRules = { ...spec473, scheduler: 'mainline-475', injection: 'reservoir-475' };
export const RUNTIME_PRESETS: Record<RuntimePreset, ProtocolRules> = {
  'spec-440': spec440,
  'spec-441': spec441,
  'spec-442': spec442,
  'spec-473': spec473,
  'spec-475': spec475,
};

/** Every preset a scenario may name: the four eras, the runtime presets, and `today` (the newest runtime). */
export type PresetName = EmissionEra | RuntimePreset | 'today';
export const PROTOCOL_PRESETS: Record<PresetName, ProtocolRules> = {
  ...ERA_PRESETS,
  ...RUNTIME_PRESETS,
  today: spec475,
};
