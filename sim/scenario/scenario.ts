// The scenario file (`taosim-scenario/v1`): loading, the checks that span several fields, and the
// resolved scenario a run uses. The format itself (fields, types, ranges, defaults) is declared in
// ./schema.ts; every default a run uses is filled in, so the resolved scenario written to run.json
// says exactly what ran. Reference: docs/reference/scenario.md (generated from the schema).

import { dirname, resolve } from 'node:path';
import { readPriceSeries } from '../../models/market/price-series.ts';
import { RAO_PER_TAO } from '../chain/emission/block-emission.ts';
import { thresholdOf } from '../chain/emission/halving-schedule.ts';
import { MECHANISM_UID_LIMIT } from '../chain/network/mechanisms.ts';
import type { PresetName, ProtocolRules } from '../chain/network/protocol-rules.ts';
import { parseWith } from '../schema/parse.ts';
import { presetForSpecVersion } from '../state/format.ts';
import { readStartState } from '../state/read-start-state.ts';
import type { StartState } from '../state/start-state.ts';
import { UsageError } from '../util/errors.ts';
import { readJsonFile } from '../util/json.ts';
import { Reader } from '../util/validate.ts';
import {
  type MixEntry,
  type ParsedScenario,
  presetRules,
  SCENARIO_SCHEMA,
  taoToRao,
  type ValidatorCounts,
} from './schema.ts';

export { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
export {
  DEFAULT_SUBNET_SETTINGS,
  type MixEntry,
  SCENARIO_FORMAT,
  type SubnetSettings,
  TIME_VARIABLES,
  taoToRao,
  type ValidatorCounts,
} from './schema.ts';

type Parsed = ParsedScenario;
/** The resolved scenario: the file's fields with every default filled in and the duration in blocks. */
export type Scenario = Omit<Parsed, '$schema' | 'duration' | 'protocol' | 'subnets' | 'stake' | 'market'> & {
  durationBlocks: number;
  protocol: { preset: PresetName; rules: ProtocolRules };
  subnets: Parsed['subnets'] & { validators: ValidatorCounts };
  stake: Parsed['stake'] & { validators: number };
  market: Parsed['market'] & { taoPriceUsd: Parsed['market']['taoPriceUsd'] & { series: number[] } };
  /**
   * The state file's contents when the scenario starts from one (start.state), else absent. Not
   * part of the scenario as run.json records it (scenarioRecord): run.json names the file, its hash
   * and the provenance of every value instead.
   */
  startState?: StartState;
};

/** The scenario as run.json records it: the resolved fields and the seed, without a state file's contents. */
export function scenarioRecord(sc: Scenario, seed: number | string): Record<string, unknown> {
  const { startState: _state, ...rest } = sc;
  return { ...rest, seed };
}

// Sections by name, for functions that read parts of one rather than the whole scenario.
export type SubnetsSection = Scenario['subnets'];
export type ValidatorsSection = Scenario['validators'];

export function loadScenario(file: string): Scenario {
  return parseScenario(readJsonFile(file), file);
}

/** `o` with `key` set to `value` at its place in `order` (the schema's field order: the bytes of run.json). */
function placed<T extends object, K extends string, V>(
  o: T,
  order: readonly string[],
  key: K,
  value: V,
): T & Record<K, V> {
  const all: Record<string, unknown> = { ...o, [key]: value };
  return Object.fromEntries(order.filter((k) => k in all).map((k) => [k, all[k]])) as T & Record<K, V>;
}

export function parseScenario(json: unknown, file: string): Scenario {
  const { $schema: _schema, duration, protocol: p, ...parsed } = parseWith(SCENARIO_SCHEMA, json, file);
  const r = new Reader(file);
  const startState = parsed.start.state === undefined ? undefined : loadStartState(file, parsed.start.state);
  const preset =
    p.preset ?? (startState?.specVersion === undefined ? 'current' : presetForSpecVersion(startState.specVersion));
  // A state's own rules (TaoWeight, owner cut) sit between the preset's and the scenario's overrides.
  const overrides = startState ? { ...startState.rules, ...p.overrides } : p.overrides;
  const s = { ...parsed, protocol: { preset, rules: presetRules(preset, overrides) } };
  if (startState) Object.assign(s, fromState(s, startState));
  const sn = s.subnets;
  const { settings, initialUids } = sn;
  r.int(sn.count, '$.subnets.count', 1, s.protocol.rules.subnetLimit);
  r.int(initialUids, '$.subnets.initialUids', 1, settings.maxUids);
  const validators = checkValidatorCounts(
    r,
    sn.validators === undefined ? Math.min(16, initialUids) : sn.validators,
    sn.count,
    Math.min(initialUids, settings.maxValidators),
  );
  const most = mostValidators({ validators });
  const netuids = startState ? startState.subnets.map((x) => x.netuid) : null;
  const checkNetuid = (netuid: number, path: string) => {
    if (netuids === null) r.int(netuid, path, 1, sn.count);
    else if (!netuids.includes(netuid)) r.fail(path, `a netuid of the state file (${netuids.length} subnets)`, netuid);
  };
  sn.overrides.forEach((o, i) => {
    checkNetuid(o.netuid, `$.subnets.overrides[${i}].netuid`);
  });
  s.validators.attack?.netuids?.forEach((n, i) => {
    checkNetuid(n, `$.validators.attack.netuids[${i}]`);
  });
  const stakeValidators = r.int(
    s.stake.validators === undefined ? Math.max(64, most) : s.stake.validators,
    '$.stake.validators',
    most,
    4096,
  );
  if (s.miners.qualityMax < s.miners.qualityMin)
    r.fail('$.miners.qualityMax', `a number in [${s.miners.qualityMin}, 1]`, s.miners.qualityMax);
  const price = s.market.taoPriceUsd;
  const series = price.file === null ? [] : readPriceSeries(resolve(dirname(file), price.file));

  const order = Object.keys(SCENARIO_SCHEMA.shape);
  const scenario: Scenario = {
    ...s,
    durationBlocks: duration,
    subnets: placed(sn, Object.keys(SCENARIO_SCHEMA.shape.subnets.unwrap().shape), 'validators', validators),
    stake: placed(s.stake, Object.keys(SCENARIO_SCHEMA.shape.stake.unwrap().shape), 'validators', stakeValidators),
    market: { ...s.market, taoPriceUsd: { ...price, series } },
  };
  checkCombinations(r, scenario, startState !== undefined);
  const resolved = placed(
    scenario,
    order.map((k) => (k === 'duration' ? 'durationBlocks' : k)),
    'durationBlocks',
    duration,
  );
  if (startState) {
    checkStartAssumptions(r, resolved, startState);
    resolved.startState = startState;
  }
  return resolved;
}

/** The most validator uids any starting subnet can have (the number itself when it is one). */
export function mostValidators(sn: { validators: ValidatorCounts }): number {
  const v = sn.validators;
  if (typeof v === 'number') return v;
  return 'values' in v ? Math.max(...v.values) : v.max;
}

/** `subnets.validators` checked against its bounds: every count in [1, most] (min(initialUids, maxValidators)). */
function checkValidatorCounts(r: Reader, v: ValidatorCounts, count: number, most: number): ValidatorCounts {
  const p = '$.subnets.validators';
  if (typeof v === 'number') return r.int(v, p, 1, most);
  if ('values' in v) {
    v.values.forEach((x, i) => {
      r.int(x, `${p}.values[${i}]`, 1, most);
    });
    if (v.draw === 'shuffle' && v.values.length !== count)
      r.fail(`${p}.values`, `exactly subnets.count (${count}) values for draw "shuffle" (or draw "sample")`, v.values);
    return v;
  }
  r.int(v.max, `${p}.max`, 1, most);
  r.int(v.min, `${p}.min`, 1, v.max);
  return v;
}

/** How many starting subnets a mix entry picks: its count, or its share of them rounded to the nearest. */
export function mixPicks(m: Pick<MixEntry, 'share' | 'subnets'>, count: number): number {
  return m.subnets ?? Math.round((m.share ?? 0) * count);
}

/** Entries setting the same field pick different subnets, so their picks must fit in the subnets. */
function checkMix(r: Reader, mix: readonly MixEntry[], count: number): void {
  const picked = new Map<string, number>();
  mix.forEach((m, i) => {
    const n = mixPicks(m, count);
    if (m.subnets !== undefined && n > count)
      r.fail(`$.subnets.mix[${i}].subnets`, `at most subnets.count (${count})`, n);
    for (const field of Object.keys(m.settings)) {
      const total = (picked.get(field) ?? 0) + n;
      if (total > count)
        r.fail(
          `$.subnets.mix[${i}]`,
          `entries setting "${field}" to pick at most subnets.count (${count}) subnets in all (these pick ${total})`,
          m.share ?? m.subnets,
        );
      picked.set(field, total);
    }
  });
}

/**
 * The most alpha a subnet of the scenario may have issued (pool + outstanding) at the start: just
 * below its first alpha halving, half the 21M alpha supply. A subnet at the supply emits no alpha at
 * all (protocol.md §4.1) and one just below it next to none; the scenario's subnets are established
 * ones emitting at the full rate (mid-2025 subnets had issued a few million alpha at most).
 */
export const GENESIS_ALPHA_ISSUANCE_LIMIT = thresholdOf(1);

/** The state file `name` names, read relative to the scenario file (a UsageError naming it if unreadable or invalid). */
function loadStartState(scenarioFile: string, name: string): StartState {
  return readStartState(resolve(dirname(scenarioFile), name), name);
}

/** What a state file replaces in the scenario: the start's block, date and issuance, the subnet count. */
function fromState<S extends Pick<Parsed, 'start' | 'subnets'>>(s: S, st: StartState): Pick<S, 'start' | 'subnets'> {
  return {
    start: {
      ...s.start,
      block: st.block,
      date: st.date ?? s.start.date,
      issuance: st.issuance ?? s.start.issuance,
    },
    subnets: { ...s.subnets, count: st.subnets.length },
  };
}

/** A state start's checks: its attack per targeted subnet, and an explicit rule for any pool TAO the file lacks. */
function checkStartAssumptions(r: Reader, s: Scenario, st: StartState): void {
  const attack = s.validators.attack;
  for (const x of st.subnets) {
    if (attack && (attack.netuids === undefined || attack.netuids.includes(x.netuid))) {
      const v = x.validators ?? mostValidators(s.subnets);
      if (attack.validators + s.validators.copiers >= v)
        r.fail(
          '$.validators.attack.validators',
          `fewer than subnet ${x.netuid}'s validators in the state less copiers (${v - s.validators.copiers})`,
          attack.validators,
        );
      const miners = (x.uids ?? s.subnets.initialUids) - v;
      if (attack.ownMiners > miners)
        r.fail(
          '$.validators.attack.ownMiners',
          `at most subnet ${x.netuid}'s miners in the state (${miners})`,
          attack.ownMiners,
        );
    }
  }
  const lacking = st.subnets.filter((x) => x.poolTao === undefined && x.alphaIn !== undefined);
  const rule = s.start.assume?.poolTao ?? null;
  const uncovered = lacking.filter(
    (x) =>
      !(
        rule &&
        (rule.tao?.[x.netuid] !== undefined || rule.prices?.[x.netuid] !== undefined || rule.price !== undefined)
      ),
  );
  if (uncovered.length > 0)
    throw new UsageError(
      `the state file gives no pool TAO or price for ${uncovered.length} subnets (netuids ${uncovered
        .slice(0, 8)
        .map((x) => x.netuid)
        .join(
          ', ',
        )}${uncovered.length > 8 ? ', …' : ''}); state the assumption: start.assume.poolTao { "price": TAO per alpha } (or "prices"/"tao" by netuid)`,
      r.file,
      '$.start.assume.poolTao',
    );
}

/** Combinations no single field can rule out. */
function checkCombinations(r: Reader, s: Scenario, fromState: boolean): void {
  const mix = s.subnets.mix ?? [];
  checkMix(r, mix, s.subnets.count);
  const all = [
    { p: '$.subnets.settings', x: s.subnets.settings },
    ...s.subnets.overrides.map((o, i) => ({ p: `$.subnets.overrides[${i}]`, x: { ...s.subnets.settings, ...o } })),
    ...mix.map((m, i) => ({ p: `$.subnets.mix[${i}].settings`, x: { ...s.subnets.settings, ...m.settings } })),
  ];
  all.forEach(({ p, x }, i) => {
    if (x.alphaLow > x.alphaHigh) r.fail(`${p}.alphaHigh`, `a value ≥ alphaLow (${x.alphaLow})`, x.alphaHigh);
    if (x.minBurnTao > x.maxBurnTao) r.fail(`${p}.maxBurnTao`, `a value ≥ minBurnTao (${x.minBurnTao})`, x.maxBurnTao);
    if (!fromState && s.subnets.initialUids > x.maxUids)
      r.fail('$.subnets.initialUids', `at most maxUids (${x.maxUids})${i ? ` of ${p}` : ''}`, s.subnets.initialUids);
    // The chain refuses more mechanisms than fit 256 uids, and a split longer than the count (protocol-2026h2.md §5.3).
    const mechanisms = x.mechanisms ?? 1;
    if (mechanisms * x.maxUids > MECHANISM_UID_LIMIT)
      r.fail(
        `${p}.mechanisms`,
        `at most ${Math.floor(MECHANISM_UID_LIMIT / x.maxUids)} (maxUids ${x.maxUids} × mechanisms ≤ ${MECHANISM_UID_LIMIT})`,
        mechanisms,
      );
    if (x.mechanismSplit && x.mechanismSplit.length > mechanisms)
      r.fail(`${p}.mechanismSplit`, `at most ${mechanisms} shares (one per mechanism)`, x.mechanismSplit);
    const owners = s.agents?.owners;
    if (owners && owners.mechanisms * x.maxUids > MECHANISM_UID_LIMIT)
      r.fail(
        '$.agents.owners.mechanisms',
        `at most ${Math.floor(MECHANISM_UID_LIMIT / x.maxUids)} (maxUids ${x.maxUids}${i ? ` of ${p}` : ''} × mechanisms ≤ ${MECHANISM_UID_LIMIT})`,
        owners.mechanisms,
      );
  });
  const split = s.agents?.owners?.mechanismSplit;
  if (split && s.agents?.owners && split.length > s.agents.owners.mechanisms)
    r.fail('$.agents.owners.mechanismSplit', `at most ${s.agents.owners.mechanisms} shares (one per mechanism)`, split);
  // Copiers and attackers are ranks among the validators of the subnet with the most of them.
  const most = mostValidators(s.subnets);
  if (most > s.stake.validators)
    r.fail('$.stake.validators', `at least subnets.validators (${most})`, s.stake.validators);
  // From a state, the validators and pools are the file's: checked subnet by subnet (checkStartAssumptions).
  if (fromState) return;
  if (s.validators.copiers >= most)
    r.fail('$.validators.copiers', `fewer than subnets.validators (${most})`, s.validators.copiers);
  const attack = s.validators.attack;
  if (attack && attack.validators + s.validators.copiers >= most) {
    r.fail(
      '$.validators.attack.validators',
      `fewer than subnets.validators − copiers (${most - s.validators.copiers})`,
      attack.validators,
    );
  }
  if (attack && attack.ownMiners > s.subnets.initialUids - most) {
    r.fail(
      '$.validators.attack.ownMiners',
      `at most the miners at the start (${s.subnets.initialUids - most})`,
      attack.ownMiners,
    );
  }
  // The median subnet's alpha (its pool plus the validators' stake) must leave room below the limit;
  // pools drawn above it are clipped at genesis, with a warning (sim/run/genesis.ts).
  const medianAlpha = s.pools.taoMedian / s.pools.priceMedian + s.stake.alphaPerSubnet;
  const limit = Number(GENESIS_ALPHA_ISSUANCE_LIMIT / RAO_PER_TAO);
  if (s.protocol.rules.era !== 'root' && medianAlpha >= limit) {
    throw new UsageError(
      `the median subnet would start at or past its first alpha halving: pools.taoMedian / pools.priceMedian ` +
        `(${Math.round(s.pools.taoMedian / s.pools.priceMedian)} alpha in its pool) plus stake.alphaPerSubnet (${s.stake.alphaPerSubnet}) ` +
        `is ${Math.round(medianAlpha)} alpha issued, expected less than ${limit}; lower pools.taoMedian or stake.alphaPerSubnet, or raise pools.priceMedian`,
      r.file,
      '$.pools.priceMedian',
    );
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
