// The scenario file (`taosim-scenario/v1`): types, validation and defaults. A scenario is data; every
// default a run uses is filled in here, so the resolved scenario written to run.json says exactly
// what ran. Reference: docs/reference/scenario.md.

import { RAO_PER_TAO } from '../sim/chain/emission/block-emission.ts';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { ERA_PRESETS, type EmissionEra, type ProtocolRules } from '../sim/chain/network/protocol-rules.ts';
import { UsageError } from '../sim/util/errors.ts';
import { readJsonFile } from '../sim/util/json.ts';
import { Reader } from '../sim/util/validate.ts';
import { parseIsoDate } from '../sim/util/date.ts';
import { compileExpression } from '../sim/util/expression.ts';
import { readPriceSeries } from '../models/market/price-series.ts';
import { dirname, resolve } from 'node:path';

export const SCENARIO_FORMAT = 'taosim-scenario/v1';
export const BLOCKS_PER_DAY = 7200;
/** Variables a time-dependent parameter's expression may use: time since the start of the run. */
export const TIME_VARIABLES = ['days', 'months', 'years'] as const;

/** Per-subnet settings (hyperparameters and registration limits). */
export interface SubnetSettings {
  tempo: number;
  maxUids: number;
  maxValidators: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  weightsRateLimit: number;
  commitReveal: boolean;
  revealPeriodEpochs: number;
  kappa: number;
  bondsPenalty: number;
  bondsMovingAverage: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  /** Initial registration burn, minimum and maximum (TAO). */
  burnTao: number;
  minBurnTao: number;
  maxBurnTao: number;
}

export interface Scenario {
  format: string;
  name: string;
  description: string;
  seed: number | string;
  /** 'exact': the chain's fixed-point epoch; 'fast': the Float64 epoch (docs/explanation/exactness.md). */
  epoch: 'exact' | 'fast';
  durationBlocks: number;
  start: { date: string; block: number; issuance: bigint };
  protocol: { preset: EmissionEra; rules: ProtocolRules };
  subnets: {
    count: number;
    initialUids: number;
    validators: number;
    /** New subnet registrations attempted per day (Poisson); at the limit the cheapest subnet goes. */
    registrationsPerDay: number;
    settings: SubnetSettings;
    overrides: ({ netuid: number } & Partial<SubnetSettings>)[];
  };
  pools: { taoMedian: number; taoSpread: number; priceMedian: number; priceSpread: number };
  stake: { validators: number; alphaPerSubnet: number; rootTotal: number; concentration: number };
  validators: {
    model: 'honest';
    noise: number;
    weightsEveryBlocks: number | null;
    /** The incentive curve exponent; a number or an expression of time. */
    scoreExponent: number | string;
    /** The smallest validators, this fraction of them, evaluate only every `lazyEveryTempos` tempos. */
    lazyFraction: number;
    lazyEveryTempos: number;
    /** What one evaluation (one weight setting on one subnet) costs, USD. */
    evaluationCostUsd: number;
    /** The smallest validators, this many, copy the visible consensus instead of evaluating. */
    copiers: number;
    /** An attacking group: the validators just above the copiers, with miners of their own. */
    attack: {
      model: 'cabal' | 'under-weighting';
      validators: number;
      ownMiners: number;
      selfWeight: number;
      competitorFactor: number;
    } | null;
  };
  miners: {
    model: 'static-quality' | 'economic';
    qualityMin: number;
    qualityMax: number;
    arrivalsPerSubnetPerDay: number;
    budgetTao: number;
    /** economic miners only (models/miners/economics.ts); a number, or an expression of days, months, years */
    costUsdPerHour: number | string;
    costDeclinePerYear: number;
    exitAfterDays: number;
    paybackDays: number;
    /** Quality lost per day as the task moves on (fraction of the current quality); number or expression of time. */
    qualityDecayPerDay: number | string;
    /** An upgrade costs this much and closes this fraction of the gap to quality 1. */
    upgradeCostUsd: number;
    /** Improvement per upgrade (a number or an expression of time). */
    upgradeGain: number | string;
    /** Chance per day of copying the best public model (quality = best × copyFraction). */
    copyProbabilityPerDay: number;
    copyFraction: number;
    /** A miner whose daily margin exceeds this registers one more uid with the same model (null: never). */
    sybilMarginUsd: number | null;
  };
  market: {
    taoPriceUsd: {
      model: 'constant' | 'gbm' | 'series';
      start: number;
      /** Annual drift μ: a number or an expression of time. */
      drift: number | string;
      volatility: number;
      /** series: the CSV file (day,price_usd) and its prices by day, loaded and checked at load. */
      file: string | null;
      series: number[];
    };
    stakeFlowTaoPerDay: number | string;
    /** Stakers that follow yields (models/stakers/yield-following.ts); null = none. */
    stakers: { model: 'yield-following'; capitalTao: number; inertia: number; sensitivity: number } | null;
  };
  metrics: { sampleEveryBlocks: number };
}

const SUBNET_SETTING_KEYS = [
  'tempo', 'maxUids', 'maxValidators', 'immunityPeriod', 'minAllowedWeights', 'weightsRateLimit', 'commitReveal',
  'revealPeriodEpochs', 'kappa', 'bondsPenalty', 'bondsMovingAverage', 'yuma3', 'liquidAlpha', 'alphaLow', 'alphaHigh',
  'alphaSigmoidSteepness', 'burnTao', 'minBurnTao', 'maxBurnTao',
] as const;

/** A new subnet's settings (protocol.md §5.4, §7). */
export const DEFAULT_SUBNET_SETTINGS: SubnetSettings = {
  tempo: NEW_SUBNET_DEFAULTS.tempo,
  maxUids: 256,
  maxValidators: NEW_SUBNET_DEFAULTS.maxAllowedValidators,
  immunityPeriod: 5000,
  minAllowedWeights: 1,
  weightsRateLimit: 100,
  commitReveal: true,
  revealPeriodEpochs: 1,
  kappa: NEW_SUBNET_DEFAULTS.kappa,
  bondsPenalty: NEW_SUBNET_DEFAULTS.bondsPenalty,
  bondsMovingAverage: NEW_SUBNET_DEFAULTS.bondsMovingAverage,
  yuma3: NEW_SUBNET_DEFAULTS.yuma3,
  liquidAlpha: NEW_SUBNET_DEFAULTS.liquidAlpha,
  alphaLow: NEW_SUBNET_DEFAULTS.alphaLow,
  alphaHigh: NEW_SUBNET_DEFAULTS.alphaHigh,
  alphaSigmoidSteepness: NEW_SUBNET_DEFAULTS.alphaSigmoidSteepness,
  burnTao: 1,
  minBurnTao: 0.0005,
  maxBurnTao: 100,
};

const RULE_OVERRIDES = [
  'scheduler', 'maxEpochsPerBlock', 'taoWeight', 'ownerCut', 'pool', 'injectionCap', 'minerBurnedWeighting', 'flowHalfLifeBlocks',
  'registrationPricing', 'burnHalfLife', 'adjustmentInterval', 'targetRegistrationsPerInterval', 'minNonImmuneUids',
  'immuneOwnerUidsLimit', 'subnetLimit', 'rootTempo', 'rootRho', 'rootKappa', 'activityCutoffBlocks',
] as const;

/** TAO (a JSON number) to RAO, rounded to the nearest RAO. */
export function taoToRao(tao: number): bigint {
  return BigInt(Math.round(tao * 1e9));
}

export function loadScenario(file: string): Scenario {
  return parseScenario(readJsonFile(file), file);
}

export function parseScenario(json: unknown, file: string): Scenario {
  const r = new Reader(file);
  const top = r.object(json, '$', [
    'format', 'name', 'description', 'seed', 'duration', 'start', 'protocol', 'subnets', 'pools', 'stake', 'validators', 'miners', 'market', 'metrics', 'epoch',
  ]);
  if (top.format !== SCENARIO_FORMAT) r.fail('$.format', `"${SCENARIO_FORMAT}"`, top.format);
  const str = (v: unknown, p: string, dflt: string): string => {
    if (v === undefined) return dflt;
    if (typeof v !== 'string') r.fail(p, 'a string', v);
    return v as string;
  };
  const num = (v: unknown, p: string, dflt: number, min: number, max: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) r.fail(p, `a number in [${min}, ${max}]`, v);
    return v as number;
  };
  const int = (v: unknown, p: string, dflt: number, min: number, max: number): number => (v === undefined ? dflt : r.int(v, p, min, max));
  const bool = (v: unknown, p: string, dflt: boolean): boolean => (v === undefined ? dflt : r.boolean(v, p));
  /** A number, or a mathjs expression of the given variables (checked now, evaluated during the run). */
  const numOrExpr = (v: unknown, p: string, dflt: number, min: number, max: number, vars: readonly string[]): number | string => {
    if (typeof v !== 'string') return num(v, p, dflt, min, max);
    compileExpression(v, vars, file, p);
    return v;
  };
  const obj = (v: unknown, p: string, keys: readonly string[]) => r.object(v ?? {}, p, keys);

  const seed = top.seed === undefined ? 1 : typeof top.seed === 'string' || (typeof top.seed === 'number' && Number.isSafeInteger(top.seed)) ? top.seed : r.fail('$.seed', 'an integer or a string', top.seed);

  const dur = obj(top.duration, '$.duration', ['days', 'blocks']);
  if (dur.days !== undefined && dur.blocks !== undefined) r.fail('$.duration', 'either "days" or "blocks", not both', dur);
  const durationBlocks =
    dur.blocks !== undefined ? r.int(dur.blocks, '$.duration.blocks', 1, 100 * 365 * BLOCKS_PER_DAY) : Math.round(num(dur.days, '$.duration.days', 30, 1 / BLOCKS_PER_DAY, 100 * 365) * BLOCKS_PER_DAY);

  const st = obj(top.start, '$.start', ['date', 'block', 'issuanceTao']);
  const date = str(st.date, '$.start.date', '2025-07-01');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || parseIsoDate(date) === null) r.fail('$.start.date', 'a date YYYY-MM-DD', date);
  const issuanceTao = num(st.issuanceTao, '$.start.issuanceTao', 8_900_000, 0, 21_000_000);
  const start = { date, block: int(st.block, '$.start.block', 5_900_000, 0, 2 ** 40), issuance: taoToRao(issuanceTao) };

  const pr = obj(top.protocol, '$.protocol', ['preset', 'overrides']);
  const preset = str(pr.preset, '$.protocol.preset', 'current');
  if (!(preset in ERA_PRESETS)) r.fail('$.protocol.preset', `one of ${Object.keys(ERA_PRESETS).join(', ')}`, preset);
  const rules = resolveRules(r, ERA_PRESETS[preset as EmissionEra], pr.overrides);

  const sn = obj(top.subnets, '$.subnets', ['count', 'initialUids', 'validators', 'registrationsPerDay', 'settings', 'overrides']);
  const settings = parseSettings(r, sn.settings, '$.subnets.settings', DEFAULT_SUBNET_SETTINGS, false) as SubnetSettings;
  const count = int(sn.count, '$.subnets.count', 8, 1, rules.subnetLimit);
  const initialUids = int(sn.initialUids, '$.subnets.initialUids', 64, 1, settings.maxUids);
  const validators = int(sn.validators, '$.subnets.validators', Math.min(16, initialUids), 1, Math.min(initialUids, settings.maxValidators));
  const overrides = (sn.overrides === undefined ? [] : r.array(sn.overrides, '$.subnets.overrides')).map((o, i) => {
    const p = `$.subnets.overrides[${i}]`;
    const rec = r.object(o, p, ['netuid', ...SUBNET_SETTING_KEYS]);
    const netuid = r.int(rec.netuid, `${p}.netuid`, 1, count);
    const { netuid: _n, ...rest } = rec;
    return { netuid, ...parseSettings(r, rest, p, settings, true) };
  });

  const po = obj(top.pools, '$.pools', ['taoMedian', 'taoSpread', 'priceMedian', 'priceSpread']);
  const pools = {
    taoMedian: num(po.taoMedian, '$.pools.taoMedian', 20_000, 1, 10_000_000),
    taoSpread: num(po.taoSpread, '$.pools.taoSpread', 1, 0, 5),
    priceMedian: num(po.priceMedian, '$.pools.priceMedian', 0.02, 1e-6, 1000),
    priceSpread: num(po.priceSpread, '$.pools.priceSpread', 1, 0, 5),
  };
  const sk = obj(top.stake, '$.stake', ['validators', 'alphaPerSubnet', 'rootTotal', 'concentration']);
  const stake = {
    validators: int(sk.validators, '$.stake.validators', Math.max(64, validators), validators, 4096),
    alphaPerSubnet: num(sk.alphaPerSubnet, '$.stake.alphaPerSubnet', 300_000, 0, 21_000_000),
    rootTotal: num(sk.rootTotal, '$.stake.rootTotal', 2_000_000, 0, 21_000_000),
    concentration: num(sk.concentration, '$.stake.concentration', 1.2, 0, 10),
  };
  const va = obj(top.validators, '$.validators', ['model', 'noise', 'weightsEveryBlocks', 'scoreExponent', 'lazyFraction', 'lazyEveryTempos', 'evaluationCostUsd', 'copiers', 'attack']);
  const at = va.attack === undefined ? null : obj(va.attack, '$.validators.attack', ['model', 'validators', 'ownMiners', 'selfWeight', 'competitorFactor']);
  const atModel = at ? str(at.model, '$.validators.attack.model', 'cabal') : null;
  if (atModel !== null && atModel !== 'cabal' && atModel !== 'under-weighting') r.fail('$.validators.attack.model', '"cabal" or "under-weighting"', atModel);
  const vmodel = str(va.model, '$.validators.model', 'honest');
  if (vmodel !== 'honest') r.fail('$.validators.model', 'a known validator model: honest', vmodel);
  const mi = obj(top.miners, '$.miners', ['model', 'qualityMin', 'qualityMax', 'arrivalsPerSubnetPerDay', 'budgetTao', 'costUsdPerHour', 'costDeclinePerYear', 'exitAfterDays', 'paybackDays', 'qualityDecayPerDay', 'upgradeCostUsd', 'upgradeGain', 'copyProbabilityPerDay', 'copyFraction', 'sybilMarginUsd']);
  const mmodel = str(mi.model, '$.miners.model', 'static-quality');
  if (mmodel !== 'static-quality' && mmodel !== 'economic') r.fail('$.miners.model', 'a known miner model: static-quality, economic', mmodel);
  const qualityMin = num(mi.qualityMin, '$.miners.qualityMin', 0, 0, 1);
  const qualityMax = num(mi.qualityMax, '$.miners.qualityMax', 1, qualityMin, 1);
  const ma = obj(top.market, '$.market', ['taoPriceUsd', 'stakeFlowTaoPerDay', 'stakers']);
  const sk2 = ma.stakers === undefined ? null : obj(ma.stakers, '$.market.stakers', ['model', 'capitalTao', 'inertia', 'sensitivity']);
  if (sk2 && str(sk2.model, '$.market.stakers.model', 'yield-following') !== 'yield-following') r.fail('$.market.stakers.model', 'a known staker model: yield-following', sk2.model);
  const tp = obj(ma.taoPriceUsd, '$.market.taoPriceUsd', ['model', 'start', 'drift', 'volatility', 'file']);
  const pmodel = str(tp.model, '$.market.taoPriceUsd.model', 'constant');
  if (pmodel !== 'constant' && pmodel !== 'gbm' && pmodel !== 'series') r.fail('$.market.taoPriceUsd.model', '"constant", "gbm" or "series"', pmodel);
  const priceFile = tp.file === undefined ? null : str(tp.file, '$.market.taoPriceUsd.file', '');
  if (pmodel === 'series' && priceFile === null) r.fail('$.market.taoPriceUsd.file', 'a CSV file of day,price_usd rows for model "series"', undefined);
  const series = priceFile === null ? [] : readPriceSeries(resolve(dirname(file), priceFile));
  const me = obj(top.metrics, '$.metrics', ['sampleEveryBlocks']);
  const epoch = str(top.epoch, '$.epoch', 'exact');
  if (epoch !== 'exact' && epoch !== 'fast') r.fail('$.epoch', '"exact" or "fast"', epoch);

  const scenario: Scenario = {
    format: SCENARIO_FORMAT,
    name: str(top.name, '$.name', 'unnamed'),
    description: str(top.description, '$.description', ''),
    seed: seed as number | string,
    epoch: epoch as 'exact' | 'fast',
    durationBlocks,
    start,
    protocol: { preset: preset as EmissionEra, rules },
    subnets: { count, initialUids, validators, registrationsPerDay: num(sn.registrationsPerDay, '$.subnets.registrationsPerDay', 0, 0, 100), settings, overrides },
    pools,
    stake,
    validators: {
      model: 'honest',
      noise: num(va.noise, '$.validators.noise', 0.1, 0, 10),
      scoreExponent: numOrExpr(va.scoreExponent, '$.validators.scoreExponent', 1, 0.1, 20, TIME_VARIABLES),
      lazyFraction: num(va.lazyFraction, '$.validators.lazyFraction', 0, 0, 1),
      lazyEveryTempos: int(va.lazyEveryTempos, '$.validators.lazyEveryTempos', 10, 1, 10_000),
      evaluationCostUsd: num(va.evaluationCostUsd, '$.validators.evaluationCostUsd', 0, 0, 1e6),
      copiers: int(va.copiers, '$.validators.copiers', 0, 0, 4096),
      attack: at && {
        model: atModel as 'cabal' | 'under-weighting',
        validators: int(at.validators, '$.validators.attack.validators', 1, 1, 4096),
        ownMiners: int(at.ownMiners, '$.validators.attack.ownMiners', 4, 1, 65535),
        selfWeight: num(at.selfWeight, '$.validators.attack.selfWeight', 1, 0, 1),
        competitorFactor: num(at.competitorFactor, '$.validators.attack.competitorFactor', 0.2, 0, 1),
      },
      weightsEveryBlocks: va.weightsEveryBlocks === undefined ? null : r.int(va.weightsEveryBlocks, '$.validators.weightsEveryBlocks', 1, 1_000_000) },
    miners: {
      model: mmodel as 'static-quality' | 'economic',
      qualityMin,
      qualityMax,
      arrivalsPerSubnetPerDay: num(mi.arrivalsPerSubnetPerDay, '$.miners.arrivalsPerSubnetPerDay', 2, 0, 10_000),
      budgetTao: num(mi.budgetTao, '$.miners.budgetTao', 5, 0, 1_000_000),
      costUsdPerHour: numOrExpr(mi.costUsdPerHour, '$.miners.costUsdPerHour', 1.5, 0, 10_000, TIME_VARIABLES),
      costDeclinePerYear: num(mi.costDeclinePerYear, '$.miners.costDeclinePerYear', 0.3, 0, 0.99),
      exitAfterDays: int(mi.exitAfterDays, '$.miners.exitAfterDays', 3, 1, 3650),
      paybackDays: num(mi.paybackDays, '$.miners.paybackDays', 30, 1, 3650),
      qualityDecayPerDay: numOrExpr(mi.qualityDecayPerDay, '$.miners.qualityDecayPerDay', 0, 0, 1, TIME_VARIABLES),
      upgradeCostUsd: num(mi.upgradeCostUsd, '$.miners.upgradeCostUsd', 500, 0, 1e9),
      upgradeGain: numOrExpr(mi.upgradeGain, '$.miners.upgradeGain', 0, 0, 1, TIME_VARIABLES),
      copyProbabilityPerDay: num(mi.copyProbabilityPerDay, '$.miners.copyProbabilityPerDay', 0, 0, 1),
      copyFraction: num(mi.copyFraction, '$.miners.copyFraction', 0.95, 0, 1),
      sybilMarginUsd: mi.sybilMarginUsd === undefined || mi.sybilMarginUsd === null ? null : num(mi.sybilMarginUsd, '$.miners.sybilMarginUsd', 0, 0, 1e9),
    },
    market: {
      taoPriceUsd: {
        model: pmodel as 'constant' | 'gbm',
        start: num(tp.start, '$.market.taoPriceUsd.start', 300, 0.01, 1e6),
        drift: numOrExpr(tp.drift, '$.market.taoPriceUsd.drift', 0, -10, 10, TIME_VARIABLES),
        volatility: num(tp.volatility, '$.market.taoPriceUsd.volatility', 0.8, 0, 10),
        file: priceFile,
        series,
      },
      stakeFlowTaoPerDay: numOrExpr(ma.stakeFlowTaoPerDay, '$.market.stakeFlowTaoPerDay', 50, 0, 1e7, TIME_VARIABLES),
      stakers: sk2 && {
        model: 'yield-following',
        capitalTao: num(sk2.capitalTao, '$.market.stakers.capitalTao', 100_000, 0, 21_000_000),
        inertia: num(sk2.inertia, '$.market.stakers.inertia', 0.9, 0, 1),
        sensitivity: num(sk2.sensitivity, '$.market.stakers.sensitivity', 1, 0, 20),
      },
    },
    metrics: { sampleEveryBlocks: int(me.sampleEveryBlocks, '$.metrics.sampleEveryBlocks', BLOCKS_PER_DAY, 1, 1e9) },
  };
  checkCombinations(r, scenario);
  return scenario;
}

function parseSettings(r: Reader, v: unknown, path: string, base: SubnetSettings, partial: boolean): Partial<SubnetSettings> {
  const o = r.object(v ?? {}, path, SUBNET_SETTING_KEYS);
  const out: Partial<SubnetSettings> = partial ? {} : { ...base };
  const u16 = (k: keyof SubnetSettings, min = 0) => r.int(o[k], `${path}.${k}`, min, 65535);
  for (const k of SUBNET_SETTING_KEYS) {
    if (o[k] === undefined) continue;
    const p = `${path}.${k}`;
    switch (k) {
      case 'commitReveal':
      case 'yuma3':
      case 'liquidAlpha':
        (out as Record<string, unknown>)[k] = r.boolean(o[k], p);
        break;
      case 'burnTao':
      case 'minBurnTao':
      case 'maxBurnTao':
        if (typeof o[k] !== 'number' || !Number.isFinite(o[k]) || (o[k] as number) < 0 || (o[k] as number) > 21e6) r.fail(p, 'an amount in TAO (a number ≥ 0)', o[k]);
        (out as Record<string, unknown>)[k] = o[k];
        break;
      case 'bondsMovingAverage':
        out[k] = r.int(o[k], p, 0, 1_000_000);
        break;
      case 'alphaSigmoidSteepness':
        out[k] = r.int(o[k], p, -32768, 32767);
        break;
      case 'tempo':
      case 'maxUids':
      case 'revealPeriodEpochs':
        (out as Record<string, unknown>)[k] = u16(k, 1);
        break;
      default:
        (out as Record<string, unknown>)[k] = u16(k);
    }
  }
  return out;
}

function resolveRules(r: Reader, preset: ProtocolRules, overrides: unknown): ProtocolRules {
  const o = r.object(overrides ?? {}, '$.protocol.overrides', RULE_OVERRIDES);
  const rules: ProtocolRules = { ...preset };
  const p = (k: string) => `$.protocol.overrides.${k}`;
  for (const k of RULE_OVERRIDES) {
    const v = o[k];
    if (v === undefined) continue;
    switch (k) {
      case 'scheduler':
        if (v !== 'current' && v !== 'legacy') r.fail(p(k), '"current" or "legacy"', v);
        rules.scheduler = v as 'current' | 'legacy';
        break;
      case 'pool':
        if (v !== 'constant-product' && v !== 'balancer') r.fail(p(k), '"constant-product" or "balancer"', v);
        rules.pool = v as 'constant-product' | 'balancer';
        break;
      case 'injectionCap':
        if (v !== 'root-proportion' && v !== 'alpha-emission') r.fail(p(k), '"root-proportion" or "alpha-emission"', v);
        rules.injectionCap = v as 'root-proportion' | 'alpha-emission';
        break;
      case 'registrationPricing':
        if (v !== 'decay' && v !== 'interval') r.fail(p(k), '"decay" or "interval"', v);
        rules.registrationPricing = v as 'decay' | 'interval';
        break;
      case 'minerBurnedWeighting':
        rules.minerBurnedWeighting = r.boolean(v, p(k));
        break;
      case 'taoWeight':
        rules.taoWeight = r.amount(v, p(k));
        break;
      case 'ownerCut':
      case 'rootKappa':
        rules[k] = r.int(v, p(k), 0, 65535);
        break;
      default:
        (rules as unknown as Record<string, number>)[k] = r.int(v, p(k), 0, 1e9);
    }
  }
  return rules;
}

/** Combinations no single field can rule out. */
function checkCombinations(r: Reader, s: Scenario): void {
  const all = [s.subnets.settings, ...s.subnets.overrides.map((o) => ({ ...s.subnets.settings, ...o }))];
  all.forEach((x, i) => {
    const p = i === 0 ? '$.subnets.settings' : `$.subnets.overrides[${i - 1}]`;
    if (x.alphaLow > x.alphaHigh) r.fail(`${p}.alphaHigh`, `a value ≥ alphaLow (${x.alphaLow})`, x.alphaHigh);
    if (x.minBurnTao > x.maxBurnTao) r.fail(`${p}.maxBurnTao`, `a value ≥ minBurnTao (${x.minBurnTao})`, x.maxBurnTao);
    if (s.subnets.initialUids > x.maxUids) r.fail('$.subnets.initialUids', `at most maxUids (${x.maxUids})${i ? ` of ${p}` : ''}`, s.subnets.initialUids);
  });
  if (s.subnets.validators > s.stake.validators) r.fail('$.stake.validators', `at least subnets.validators (${s.subnets.validators})`, s.stake.validators);
  if (s.validators.copiers >= s.subnets.validators) r.fail('$.validators.copiers', `fewer than subnets.validators (${s.subnets.validators})`, s.validators.copiers);
  const attack = s.validators.attack;
  if (attack && attack.validators + s.validators.copiers >= s.subnets.validators) {
    r.fail('$.validators.attack.validators', `fewer than subnets.validators − copiers (${s.subnets.validators - s.validators.copiers})`, attack.validators);
  }
  if (attack && attack.ownMiners > s.subnets.initialUids - s.subnets.validators) {
    r.fail('$.validators.attack.ownMiners', `at most the miners at the start (${s.subnets.initialUids - s.subnets.validators})`, attack.ownMiners);
  }
  const poolTao = s.pools.taoMedian * s.subnets.count;
  if (s.start.issuance < taoToRao(s.stake.rootTotal + poolTao)) {
    throw new UsageError(
      `root stake (${s.stake.rootTotal} TAO) plus pools (about ${poolTao} TAO) exceed the starting issuance (${Number(s.start.issuance / RAO_PER_TAO)} TAO)`,
      r.file,
      '$.start.issuanceTao',
    );
  }
}
