// The scenario file (`taosim-scenario/v1`), declared once: every field, its type and range, its
// default and what it means. The TypeScript types, the validation, the JSON Schema
// (schemas/scenario.schema.json) and docs/reference/scenario.md all come from here.
// Fields whose range depends on other fields (`boundedLater`) are range-checked in ./scenario.ts.

import { z } from 'zod';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { U64_MAX, U64F64 } from '../chain/fixed/fixed.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';
import type { EmissionGateRule } from '../chain/network/emission-gate.ts';
import { MAX_MECHANISM_COUNT } from '../chain/network/mechanisms.ts';
import { PROTOCOL_PRESETS, type PresetName, type ProtocolRules } from '../chain/network/protocol-rules.ts';
import { NEW_SUBNET_DEFAULTS } from '../chain/params.ts';
import {
  bool,
  boundedLater,
  expecting,
  int,
  num,
  numOrExpr,
  obj,
  oneOf,
  refuse,
  section,
  seed,
  str,
} from '../schema/fields.ts';
import { taoNumberToRao } from '../util/amount.ts';
import { parseIsoDate } from '../util/date.ts';

export const SCENARIO_FORMAT = 'taosim-scenario/v1';
/** Variables a time-dependent parameter's expression may use: time since the start of the run. */
export const TIME_VARIABLES = ['days', 'months', 'years'] as const;

/** TAO (a JSON number) to RAO, rounded to the nearest RAO. */
export function taoToRao(tao: number): bigint {
  return BigInt(Math.round(tao * 1e9));
}

const u16 = (min = 0) => int(min, U16_MAX);
const taoAmount = () => num(0, 21e6, 'an amount in TAO (a number ≥ 0)');
const timeExpr = (min: number, max: number) => numOrExpr(min, max, TIME_VARIABLES);
/** Present or null ("none"); absent is null. */
const orNone = <T extends z.ZodType>(s: T) => s.nullable().default(null);

/** A RAO amount: a decimal string of digits, or a safe non-negative JSON integer; at most u64. */
const raoAmount = () => {
  const e = expecting('a non-negative integer amount in RAO (a decimal string, or a safe JSON integer)');
  return z.union([z.string(e).regex(/^[0-9]{1,20}$/, e), z.number(e).int(e).min(0, e)], e).transform((v, ctx) => {
    const x = BigInt(v);
    if (x > U64_MAX) refuse(ctx, `an amount that fits in u64 (at most ${U64_MAX})`);
    return x;
  });
};

/** Per-subnet settings (hyperparameters and registration limits), with a new subnet's values (protocol.md §5.4, §7). */

/** MechanismEmissionSplit as a scenario gives it: u16 shares summing to 65535, one per mechanism at most. */
function mechanismSplit() {
  return z
    .array(u16(), expecting('an array of u16 shares summing to 65535'))
    .min(1, expecting('an array of u16 shares summing to 65535'))
    .max(MAX_MECHANISM_COUNT, expecting(`at most ${MAX_MECHANISM_COUNT} shares`))
    .refine((a) => a.reduce((x, y) => x + y, 0) === U16_MAX, expecting('u16 shares summing to 65535'));
}

const SUBNET_SETTING_FIELDS = {
  tempo: u16(1).default(NEW_SUBNET_DEFAULTS.tempo).describe('blocks between epochs'),
  maxUids: u16(1).default(256).describe('uid slots'),
  maxValidators: u16().default(NEW_SUBNET_DEFAULTS.maxAllowedValidators).describe('validator permits'),
  immunityPeriod: u16().default(5000).describe('blocks a new uid cannot be pruned'),
  minAllowedWeights: u16().default(1).describe('fewest weights a validator may set'),
  weightsRateLimit: u16().default(100).describe('blocks between weight settings of one validator'),
  commitReveal: bool().default(true).describe('weights are committed and revealed later'),
  revealPeriodEpochs: u16(1).default(1).describe('epochs until committed weights are revealed'),
  kappa: u16().default(NEW_SUBNET_DEFAULTS.kappa).describe('consensus majority, u16 proportion'),
  bondsPenalty: u16().default(NEW_SUBNET_DEFAULTS.bondsPenalty).describe('bonds penalty β, u16 proportion'),
  bondsMovingAverage: int(0, 1_000_000)
    .default(NEW_SUBNET_DEFAULTS.bondsMovingAverage)
    .describe('bonds EMA, millionths'),
  yuma3: bool().default(NEW_SUBNET_DEFAULTS.yuma3).describe('Yuma3 bonds'),
  liquidAlpha: bool().default(NEW_SUBNET_DEFAULTS.liquidAlpha).describe('liquid alpha (per-bond EMA rates)'),
  alphaLow: u16().default(NEW_SUBNET_DEFAULTS.alphaLow).describe('liquid alpha: lowest rate, u16 proportion'),
  alphaHigh: u16()
    .default(NEW_SUBNET_DEFAULTS.alphaHigh)
    .describe('liquid alpha: highest rate, u16 proportion (≥ alphaLow)'),
  alphaSigmoidSteepness: int(-32768, 32767)
    .default(NEW_SUBNET_DEFAULTS.alphaSigmoidSteepness)
    .describe('liquid alpha: sigmoid steepness'),
  burnTao: taoAmount().default(1).describe('initial registration burn, TAO'),
  minBurnTao: taoAmount().default(0.0005).describe('lowest registration burn, TAO'),
  maxBurnTao: taoAmount().default(100).describe('highest registration burn, TAO (≥ minBurnTao)'),
  emissionEnabled: bool()
    .optional()
    .describe(
      'SubnetEmissionEnabled (protocol-2026h2.md §1 step 5): false = a starting subnet gets no share of the TAO emission (like a mainnet subnet not yet started); true when absent. Subnets registered during the run follow the registration rule (queue-473 registers them off)',
    ),
  epochConsensus: oneOf(['yuma', 'null'])
    .default('yuma')
    .describe(
      "the subnet's epoch algorithm (SubnetEpochConsensus, specs 474/475): yuma, or null (the largest-stake validator's weights pay the miners, stake pays the validators; no bonds)",
    ),
  mechanisms: int(1, MAX_MECHANISM_COUNT)
    .optional()
    .describe(
      'mechanisms: weight matrices, one epoch each on a share of the emission (protocol-2026h2.md §5.3); maxUids × mechanisms ≤ 256; 1 when absent, and for subnets registered during the run',
    ),
  mechanismSplit: mechanismSplit()
    .optional()
    .describe(
      "MechanismEmissionSplit: each mechanism's u16 share of the emission, summing to 65535, at most one per mechanism (missing shares 0); even when absent",
    ),
};

/** The same fields, each optional (a subnet override sets only some). */
const SUBNET_OVERRIDE_FIELDS = Object.fromEntries(
  Object.entries(SUBNET_SETTING_FIELDS).map(([k, s]) => [k, s.unwrap().optional()]),
) as {
  [K in keyof typeof SUBNET_SETTING_FIELDS]: z.ZodOptional<ReturnType<(typeof SUBNET_SETTING_FIELDS)[K]['unwrap']>>;
};

/**
 * Validator uids per subnet at the start: one number for every subnet, or a count per subnet drawn
 * from the run's seed (an empirical list, or a rounded lognormal).
 */
const VALIDATOR_COUNT_LIST = obj({
  values: z
    .array(u16(1), expecting('an array of integers in [1, 65535]'))
    .min(1, expecting('a non-empty array of integers in [1, 65535]'))
    .describe("the empirical counts, e.g. mainnet's validators per subnet"),
  draw: oneOf(['shuffle', 'sample'])
    .default('shuffle')
    .describe(
      'shuffle: the values dealt to the subnets in a seeded order, each once (exactly subnets.count values); sample: each subnet draws one value, with replacement',
    ),
});
const VALIDATOR_COUNT_LOGNORMAL = obj({
  median: num(1, U16_MAX).describe('lognormal: median count'),
  spread: num(0, 5).describe('lognormal: log-spread σ'),
  min: u16(1).default(1).describe('lognormal: fewest (draws are rounded, then clamped to [min, max])'),
  max: u16(1).describe('lognormal: most'),
});
export const VALIDATOR_COUNTS = z.union(
  // The number's bounds depend on other fields (checked in ./scenario.ts), but it must be a number
  // here, or every object would pass as one.
  [z.number().meta({ type: 'integer', minimum: 1, maximum: U16_MAX }), VALIDATOR_COUNT_LIST, VALIDATOR_COUNT_LOGNORMAL],
  expecting('an integer, { "values": [...] } or { "median", "spread", "min", "max" }'),
);
export type ValidatorCounts = z.output<typeof VALIDATOR_COUNTS>;

/**
 * One entry of `subnets.mix`: settings given to a seeded choice of the starting subnets, as a share
 * of them or a number of them.
 */
const MIX_ENTRY = obj({
  share: num(0, 1).optional().describe('the share of the starting subnets that get these settings (rounded)'),
  subnets: int(0, U16_MAX).optional().describe('or: how many of them'),
  settings: obj(SUBNET_OVERRIDE_FIELDS).describe('any fields of subnets.settings'),
}).superRefine((m, ctx) => {
  if ((m.share === undefined) === (m.subnets === undefined)) refuse(ctx, 'either "share" or "subnets", not both');
});
export type MixEntry = z.output<typeof MIX_ENTRY>;

const SUBNET_SETTINGS = section(SUBNET_SETTING_FIELDS).describe(
  "every subnet's settings (a new subnet's values by default)",
);
export type SubnetSettings = z.output<typeof SUBNET_SETTINGS>;
export const DEFAULT_SUBNET_SETTINGS: SubnetSettings = SUBNET_SETTINGS.parse(undefined);

/** The emission gate's parameters as a scenario writes them (numbers; held as U64F64 bits). */
const EMISSION_GATE = obj({
  mode: oneOf(['rank', 'quantile']).describe(
    'bar: the rank-th largest share, or where the running sum reaches quantile',
  ),
  rank: u16(1).default(32).describe('rank mode: the bar is the rank-th largest positive share'),
  quantile: num(0, 1).default(0.61).describe('quantile mode: share mass above the bar'),
  exponent: num(0, 1000).default(3).describe('Hill exponent h'),
  barInterval: int(0, 1e9).default(360).describe('blocks between bar recomputations (absolute block number)'),
}).transform(
  (g): EmissionGateRule => ({
    ...g,
    quantile: U64F64.fromNum(g.quantile),
    exponent: U64F64.fromNum(g.exponent),
  }),
);

/** The rules of preset `preset` with `overrides` applied. */
export function presetRules(preset: PresetName, overrides: Partial<ProtocolRules>): ProtocolRules {
  return { ...PROTOCOL_PRESETS[preset], ...overrides };
}

/** Protocol rules a scenario may override (the era preset gives the others). */
const RULE_OVERRIDES = section({
  scheduler: oneOf(['current', 'legacy', 'mainline-475'])
    .optional()
    .describe(
      "epoch scheduler: current (protocol.md §2.2), legacy (§2.3), or mainline-475 (current with the newer chain's BlocksSinceLastStep cap and retry and its per-block epoch cap for Null subnets)",
    ),
  maxEpochsPerBlock: int(0, 1e9).optional().describe('epochs per block under the current scheduler (0 = no cap)'),
  taoWeight: raoAmount().optional().describe('TaoWeight as the chain stores it (u64; a decimal string allowed)'),
  ownerCut: u16().optional().describe("owner's cut of alpha emission, u16 proportion"),
  pool: oneOf(['constant-product', 'balancer']).optional().describe('pool model'),
  injectionCap: oneOf(['root-proportion', 'alpha-emission']).optional().describe('alpha injection cap'),
  injection: oneOf(['refuse', 'reservoir-475'])
    .optional()
    .describe(
      'an injection a balancer pool cannot take: refused (refuse) or held in the balancer reservoirs until it can (reservoir-475, protocol-2026h2.md §4.1)',
    ),
  minerBurnedWeighting: bool().optional().describe('weight subnet shares by 1 − MinerBurned'),
  emissionGate: EMISSION_GATE.nullable()
    .optional()
    .describe('the Hill emission gate on subnet shares (protocol-2026h2.md §1); null = off'),
  flowHalfLifeBlocks: int(0, 1e9).optional().describe('half-life of the net-flow EMA, blocks'),
  registrationPricing: oneOf(['decay', 'interval']).optional().describe('how the registration burn moves'),
  burnHalfLife: int(0, 1e9).optional().describe('decay pricing: burn half-life, blocks'),
  adjustmentInterval: int(0, 1e9).optional().describe('interval pricing: blocks per adjustment'),
  targetRegistrationsPerInterval: int(0, 1e9).optional().describe('interval pricing: target registrations'),
  minNonImmuneUids: int(0, 1e9).optional().describe('uids that must stay prunable'),
  immuneOwnerUidsLimit: int(0, 1e9).optional().describe("owner's immune uids"),
  subnetLimit: int(0, 1e9).optional().describe('most subnets'),
  subnetRegistration: oneOf(['lock', 'queue-473'])
    .optional()
    .describe('subnet registration: at once (lock) or with the queue and escrow (queue-473, protocol-2026h2.md §3)'),
  rootDividends: oneOf(['sell', 'baskets-441', 'baskets-442'])
    .optional()
    .describe(
      "root dividends: sold for root stakers (sell, protocol.md §4.5) or Root Reborn baskets with spec 441's split or spec 442's fix (protocol-2026h2.md §2)",
    ),
  rootTempo: int(0, 1e9).optional().describe('root network tempo'),
  rootRho: int(0, 1e9).optional().describe('root sigmoid rho'),
  rootKappa: u16().optional().describe('root sigmoid kappa, u16 proportion'),
  activityCutoffBlocks: int(0, 1e9).optional().describe('activity cutoff, blocks (legacy scheduler)'),
}) satisfies z.ZodType<Partial<ProtocolRules>>;

const PRESET_NAMES = Object.keys(PROTOCOL_PRESETS) as [PresetName, ...PresetName[]];

const ATTACK = obj({
  model: oneOf(['cabal', 'under-weighting'])
    .default('cabal')
    .describe('a cabal self-weights its miners; an under-weighter scales competitors down'),
  validators: int(1, 4096).default(1).describe('attacking validators: those ranked just above the copiers'),
  ownMiners: int(1, U16_MAX).default(4).describe("the attackers' miners: the last uids of the start"),
  selfWeight: num(0, 1).default(1).describe('cabal: weight put on its own miners'),
  competitorFactor: num(0, 1).default(0.2).describe("under-weighting: factor on everyone else's scores"),
  netuids: z
    .array(boundedLater(1, U16_MAX), expecting('an array of netuids'))
    .optional()
    .describe(
      "the subnets the group attacks (its ranks are counted among each subnet's validators); absent: every subnet",
    ),
});

const STAKERS = obj({
  model: oneOf(['yield-following'], 'a known staker model: yield-following')
    .default('yield-following')
    .describe('the staker model (docs/models.md)'),
  capitalTao: num(0, 21e6).default(100_000).describe('TAO the stakers move between subnets'),
  inertia: num(0, 1).default(0.9).describe('share of the allocation kept each day'),
  sensitivity: num(0, 20).default(1).describe('how sharply they follow yields'),
});

const NOMINATORS = obj({
  count: int(1, 10_000).default(20).describe('nominators, spread over the starting subnets in turn'),
  capitalTao: num(0, 21e6).default(1000).describe('TAO each nominator stakes at the start'),
  reviewDays: num(1 / BLOCKS_PER_DAY, 3650)
    .default(1)
    .describe('mean days between two looks at the yields (each wait drawn uniformly in [0.5, 1.5] of it)'),
  minGain: num(0, 100)
    .default(0.1)
    .describe("inertia: the best validator's net yield must beat the current one's by this fraction"),
  horizonDays: num(0, 3650)
    .default(7)
    .describe("cost test: the yield gained over this many days must exceed the move's swap fees and slippage"),
});

const VALIDATOR_TAKES = obj({
  policy: oneOf(['competitive'], 'a known take policy: competitive')
    .default('competitive')
    .describe('competitive: lower the take by one step after losing nominated stake, raise it by one step otherwise'),
  initialTake: u16()
    .default(11_796)
    .describe("every validator's take at the start, u16 (the chain's default Delegates 11 796 = 18 %)"),
  step: u16(1).default(655).describe('how far one change moves the take, u16 (655 ≈ 1 %)'),
  reviewDays: num(1 / BLOCKS_PER_DAY, 3650)
    .default(1)
    .describe('days between two reviews of each take'),
  tolerance: num(0, 1).default(0.01).describe('a fall in nominated stake smaller than this fraction is not a loss'),
  minTake: u16().default(0).describe('MinDelegateTake, u16'),
  maxTake: u16().default(11_796).describe('MaxDelegateTake, u16'),
  rateLimitBlocks: int(0, 1e9)
    .default(216_000)
    .describe('TxDelegateTakeRateLimit: blocks between two increases of one hotkey (0 = none)'),
});

const OWNERS = obj({
  mechanisms: int(1, MAX_MECHANISM_COUNT)
    .default(1)
    .describe(
      'mechanisms each owner runs from its first review on (sudo_set_mechanism_count); maxUids × mechanisms ≤ 256',
    ),
  mechanismSplit: mechanismSplit()
    .optional()
    .describe('the split the owners set with it (MechanismEmissionSplit); even when absent'),
  ownerCutToggleProbability: num(0, 1)
    .default(0)
    .describe('chance at each review that an owner flips its OwnerCutEnabled (sudo_set_owner_cut_enabled)'),
  reviewDays: num(1 / BLOCKS_PER_DAY, 3650)
    .default(7)
    .describe('days between two reviews of each owner'),
});

const GOVERNANCE = obj({
  enableEmissionAfterDays: num(0, 3650)
    .default(7)
    .describe(
      'a subnet registered with SubnetEmissionEnabled = false (queue-473) is switched on by root (sudo_set_subnet_emission_enabled) this many days after it was created (checked every 360 blocks)',
    ),
});

const ROOT_CLAIMS = obj({
  intervalDays: num(1 / BLOCKS_PER_DAY, 3650)
    .default(1)
    .describe('mean days between two claims of each root staker (each wait drawn uniformly in [0.5, 1.5] of it)'),
});

const AGENTS = obj({
  nominators: NOMINATORS.optional().describe('nominators moving their stake between validators by net yield'),
  validatorTakes: VALIDATOR_TAKES.optional().describe('validators setting their delegate take'),
  owners: OWNERS.optional().describe('subnet owners running mechanisms and toggling their owner cut'),
  governance: GOVERNANCE.optional().describe("root's switching on of queue-registered subnets' emission"),
  rootClaims: ROOT_CLAIMS.optional().describe('root stakers claiming their Root Reborn basket shares'),
});

const TAO_PRICE = section({
  model: oneOf(['constant', 'gbm', 'series'])
    .default('constant')
    .describe('constant, geometric Brownian motion, or a price series file'),
  start: num(0.01, 1e6).default(300).describe('USD at the start'),
  drift: timeExpr(-10, 10).default(0).describe('gbm: annual drift μ'),
  volatility: num(0, 10).default(0.8).describe('gbm: annual volatility σ'),
  file: orNone(str()).describe('series: a CSV of day,price_usd rows, relative to the scenario file'),
}).superRefine((p, ctx) => {
  if (p.model === 'series' && p.file === null)
    refuse(ctx, 'a CSV file of day,price_usd rows for model "series"', ['file']);
});

const DATE = expecting('a date YYYY-MM-DD');

/** Per-netuid values: `{ "64": 0.05 }`. */
const byNetuid = <T extends z.ZodType>(value: T, what: string) =>
  z.record(
    z.string(expecting('a netuid key')).regex(/^[1-9][0-9]{0,4}$/, expecting('a netuid key (1..65535)')),
    value,
    expecting(what),
  );

/** What a run from a state file assumes where the file lacks a value (start.state only). */
const START_ASSUMPTIONS = section({
  poolTao: orNone(
    obj({
      price: num(1e-9, 1e6)
        .optional()
        .describe('one TAO/alpha price for every subnet not covered otherwise: pool TAO = pool alpha × price'),
      spread: num(0, 5)
        .default(0)
        .describe(
          'with price: each subnet gets price × exp(spread · z), z ~ N(0, 1) drawn from the seed (0: the price itself)',
        ),
      prices: byNetuid(num(1e-9, 1e6), 'an object of netuid → TAO/alpha price')
        .optional()
        .describe('TAO/alpha price by netuid: pool TAO = pool alpha × price'),
      tao: byNetuid(taoAmount(), 'an object of netuid → pool TAO').optional().describe('pool TAO by netuid, TAO'),
    }),
  ).describe(
    "the pools' TAO reserves where the file has no SubnetTAO: tao[netuid], else prices[netuid] × pool alpha, else price (spread by spread) × pool alpha; required when the file lacks any (null: none assumed)",
  ),
  movingPrice: oneOf(['spot'])
    .default('spot')
    .describe("where the file lacks SubnetMovingPrice: the pool's starting spot price (capped at 1)"),
  tempo: u16(1).default(360).describe('tempo of subnets the file gives none'),
});

export const SCENARIO_SCHEMA = obj({
  $schema: str().optional().describe('the JSON Schema editors check this file against (ignored by taosim)'),
  format: z.literal(SCENARIO_FORMAT, expecting(`"${SCENARIO_FORMAT}"`)).describe('the format and its version'),
  name: str().default('unnamed').describe('names the default results directory results/<name>'),
  description: str().default('').describe('free text'),
  seed: seed().default(1).describe('root seed; --seed overrides it'),
  epoch: oneOf(['exact', 'fast'])
    .default('exact')
    .describe(
      "exact: the chain's fixed-point Yuma epoch; fast: the same algorithm in Float64 (docs/explanation/exactness.md); --epoch overrides it",
    ),
  duration: section({
    days: num(1 / BLOCKS_PER_DAY, 100 * 365)
      .optional()
      .describe(`days to simulate (${BLOCKS_PER_DAY} blocks a day); 30 when blocks is not given`),
    blocks: int(1, 100 * 365 * BLOCKS_PER_DAY)
      .optional()
      .describe('blocks to simulate'),
  })
    .superRefine((d, ctx) => {
      if (d.days !== undefined && d.blocks !== undefined) refuse(ctx, 'either "days" or "blocks", not both');
    })
    .transform((d) => d.blocks ?? Math.round((d.days ?? 30) * BLOCKS_PER_DAY))
    .describe('how long to run: days or blocks, not both'),
  start: section({
    date: z
      .string(DATE)
      .regex(/^\d{4}-\d{2}-\d{2}$/, DATE)
      .refine((d) => parseIsoDate(d) !== null, DATE)
      .default('2025-07-01')
      .describe('calendar date of the first block'),
    block: int(0, 2 ** 40)
      .default(5_900_000)
      .describe('chain block number of the start'),
    issuanceTao: num(0, 21e6)
      .default(8_900_000)
      .describe('total issuance at the start, TAO (drives block emission and halvings)'),
    state: str()
      .optional()
      .describe(
        'a state file (taosim-state/v1, relative to the scenario file): the run starts from it; its block, date and issuance replace the three fields above, its subnets replace subnets.count, initialUids and validators and the drawn pools; what it lacks is synthesised or assumed (start.assume), as run.json lists under provenance',
      ),
    assume: START_ASSUMPTIONS,
  }).transform(({ date, block, issuanceTao, state, assume }) => ({
    date,
    block,
    issuance: taoNumberToRao(issuanceTao),
    ...(state === undefined ? {} : { state, assume }),
  })),
  protocol: section({
    preset: oneOf(PRESET_NAMES, `one of ${PRESET_NAMES.join(', ')}`)
      .optional()
      .describe(
        "era or runtime preset; today = the newest runtime (docs/explanation/eras.md). Default: current, or with start.state the runtime preset of the state's specVersion",
      ),
    overrides: RULE_OVERRIDES.describe("rules that differ from the preset's"),
  }).transform((p): { preset: PresetName | undefined; overrides: Partial<ProtocolRules> } => ({
    preset: p.preset,
    overrides: Object.fromEntries(Object.entries(p.overrides).filter(([, v]) => v !== undefined)),
  })),
  subnets: section({
    count: boundedLater(1, U16_MAX)
      .default(8)
      .describe('subnets at the start (netuids 1..count), at most the subnet limit'),
    initialUids: boundedLater(1, U16_MAX).default(64).describe('uids registered on each at the start, at most maxUids'),
    validators: VALIDATOR_COUNTS.optional().describe(
      'of those, validator uids (0..v−1), at most maxValidators; default min(16, initialUids). One number for every subnet, or a count per subnet drawn from the seed: from an empirical list (values, draw) or a rounded lognormal (median, spread, min, max). A subnet with v has the v most staked validators',
    ),
    registrationsPerDay: num(0, 100)
      .default(0)
      .describe(
        'new subnet registrations per day (Poisson); at the limit the lowest-priced subnet past its immunity is dissolved',
      ),
    settings: SUBNET_SETTINGS,
    overrides: z
      .array(
        obj({ netuid: boundedLater(1, U16_MAX).describe('the subnet (1..count)'), ...SUBNET_OVERRIDE_FIELDS }),
        expecting('an array'),
      )
      .default([])
      .describe(
        'settings for single subnets, e.g. [{ "netuid": 3, "tempo": 99 }]: netuid (1..count) and any fields of subnets.settings',
      ),
    mix: z
      .array(MIX_ENTRY, expecting('an array'))
      .optional()
      .describe(
        'a heterogeneous network: each entry gives its settings to a seeded choice of the starting subnets, e.g. [{ "share": 0.25, "settings": { "yuma3": true } }]. Entries setting the same field pick different subnets (their shares add up to at most 1); overrides win over the mix; subnets registered during the run get subnets.settings',
      ),
  }),
  pools: section({
    taoMedian: num(1, 10_000_000).default(20_000).describe('pool TAO per subnet: lognormal median'),
    taoSpread: num(0, 5).default(1).describe('pool TAO per subnet: log-spread'),
    priceMedian: num(1e-6, 1000)
      .default(0.02)
      .describe(
        "starting price TAO/alpha: lognormal median. A subnet starts below its first alpha halving (pool alpha plus the validators' stake under 10 500 000, half the 21M alpha supply): a pool drawn deeper is clipped at its drawn price, with a warning naming the subnet (stderr and run.json warnings); a scenario whose median subnet is already there is refused",
      ),
    priceSpread: num(0, 5).default(1).describe('starting price: log-spread'),
  }),
  stake: section({
    validators: boundedLater(1, 4096)
      .optional()
      .describe('global validators, at least subnets.validators; default max(64, subnets.validators)'),
    alphaPerSubnet: num(0, 21e6).default(300_000).describe("alpha staked on each subnet's validators at the start"),
    rootTotal: num(0, 21e6).default(2_000_000).describe('TAO staked on root by the validators'),
    concentration: num(0, 10)
      .default(1.2)
      .describe('validator i (strongest first) holds a share ∝ (i + 1)^−concentration (0: equal)'),
  }),
  validators: section({
    model: oneOf(['honest'], 'a known validator model: honest')
      .default('honest')
      .describe('the validator model (docs/models.md)'),
    noise: num(0, 10).default(0.1).describe('σ of score noise relative to mean miner quality'),
    scoreExponent: timeExpr(0.1, 20).default(1).describe('the incentive curve: validators score quality^k'),
    lazyFraction: num(0, 1)
      .default(0)
      .describe('the smallest validators, this fraction of them, evaluate only every lazyEveryTempos tempos'),
    lazyEveryTempos: int(1, 10_000).default(10).describe('how often lazy validators evaluate, tempos'),
    evaluationCostUsd: num(0, 1e6)
      .default(0)
      .describe('cost of one evaluation (one weight setting on one subnet), USD'),
    copiers: int(0, 4096)
      .default(0)
      .describe('the smallest uid-holding validators, this many, copy the visible consensus'),
    attack: orNone(ATTACK).describe('an attacking group with miners of its own; null: none'),
    weightsEveryBlocks: orNone(int(1, 1_000_000)).describe(
      "how often each validator sets weights; null: the subnet's tempo. Never more often than the subnet's weightsRateLimit allows (the interval is the larger of the two); a validator skips a round the chain would refuse",
    ),
  }),
  miners: section({
    model: oneOf(['static-quality', 'economic'], 'a known miner model: static-quality, economic')
      .default('static-quality')
      .describe('the miner model (docs/models.md)'),
    qualityMin: num(0, 1).default(0).describe('true quality: uniform from'),
    qualityMax: num(0, 1).default(1).describe('true quality: uniform to (≥ qualityMin)'),
    arrivalsPerSubnetPerDay: num(0, 10_000)
      .default(2)
      .describe('new miners per subnet per day (Poisson); each registers if it can pay the burn'),
    budgetTao: num(0, 1_000_000).default(5).describe('TAO a newcomer brings'),
    costUsdPerHour: timeExpr(0, 10_000).default(1.5).describe('economic: hardware cost, USD per hour'),
    costDeclinePerYear: num(0, 0.99).default(0.3).describe('economic: yearly fall of the hardware cost'),
    exitAfterDays: int(1, 3650).default(3).describe('economic: days of negative margin before leaving'),
    paybackDays: num(1, 3650).default(30).describe('economic: horizon over which the burn must pay back'),
    qualityDecayPerDay: timeExpr(0, 1)
      .default(0)
      .describe('economic: quality lost per day as the task moves on (fraction)'),
    upgradeCostUsd: num(0, 1e9).default(500).describe('economic: cost of an upgrade, USD'),
    upgradeGain: timeExpr(0, 1).default(0).describe('economic: share of the gap to quality 1 an upgrade closes'),
    copyProbabilityPerDay: num(0, 1).default(0).describe('economic: chance per day of copying the best public model'),
    copyFraction: num(0, 1).default(0.95).describe("economic: a copy's quality relative to the best"),
    sybilMarginUsd: orNone(num(0, 1e9)).describe(
      'economic: daily margin above which a miner registers one more uid; null: never',
    ),
  }),
  market: section({
    taoPriceUsd: TAO_PRICE,
    stakeFlowTaoPerDay: timeExpr(0, 1e7)
      .default(50)
      .describe('scale of the random net staking flow into each subnet (pool eras)'),
    stakers: orNone(STAKERS).describe('stakers that follow yields; null: none'),
  }),
  agents: AGENTS.optional().describe(
    'the "today\'s chain" agents (docs/explanation/agents.md); each absent (off) unless named',
  ),
  metrics: section({
    sampleEveryBlocks: int(1, 1e9).default(BLOCKS_PER_DAY).describe('how often network_daily.csv gets a row'),
  }),
});

export type ParsedScenario = z.output<typeof SCENARIO_SCHEMA>;
