// Study: the December 2025 halving (issue "Agents and studies", study 4). A network run that starts a
// few days before issuance reaches 10.5M TAO: TAO minted and injected into pools halve, while each
// subnet's alpha emission (its own halving clock) does not; economic miners see their margins fall
// and some stop. TAO halvings inside the run are reported at the block they happened (observed);
// the later ones, and each subnet's first alpha halving, are projected from the state the run ends in.

import { BLOCK_TIME_MS, BLOCKS_PER_DAY, RAO_PER_TAO } from '../chain/emission/block-emission.ts';
import { blockEmission, projectHalvings, thresholdOf } from '../chain/emission/halving-schedule.ts';
import { alphaIssuance } from '../chain/network/subnet.ts';
import type { Cell, Table } from '../output/index.ts';
import { advanceRun, finishRun, type RunResult, startRun } from '../run/run-scenario.ts';
import { parseScenario, type Scenario } from '../scenario/scenario.ts';
import type { Study } from './study.ts';

export type HalvingsConfig = {
  seed: number | string;
  preset: string;
  subnets: number;
  initialUids: number;
  validators: number;
  daysBefore: number;
  daysAfter: number;
  startDate: string;
  taoPriceUsd: number;
  costUsdPerHour: number;
  arrivalsPerSubnetPerDay: number;
  projectHalvings: number;
};

export const HALVINGS_DEFAULTS: HalvingsConfig = {
  seed: 'halvings',
  preset: 'flow',
  subnets: 16,
  initialUids: 128,
  validators: 8,
  daysBefore: 10,
  daysAfter: 20,
  startDate: '2025-12-04',
  taoPriceUsd: 300,
  costUsdPerHour: 1.5,
  arrivalsPerSubnetPerDay: 5,
  projectHalvings: 3,
};

export interface DayRow {
  day: number;
  minted: number;
  injected: number;
  alphaEmitted: number;
  price: number;
  miners: number;
  exits: number;
  margin: number;
  validatorAlpha: number;
}

function num(x: Cell): number {
  return typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : 0;
}

/** One row per day from the run's tables (TAO and alpha in whole units). */
export function dailyRows(r: RunResult): DayRow[] {
  const table = (name: string) => r.tables.find((t) => t.name === name)!;
  const net = table('network_daily');
  const epochs = table('subnet_epochs');
  const miners = r.tables.find((t) => t.name === 'miners_daily');
  const col = (t: { columns: string[] }, c: string) => t.columns.indexOf(c);
  return net.rows.map((row) => {
    const day = Math.round(num(row[0]));
    const ofDay = epochs.rows.filter((e) => Math.floor(num(e[col(epochs, 'day')])) === day - 1);
    const prices = ofDay.map((e) => num(e[col(epochs, 'price_tao')]));
    const m = miners ? miners.rows.filter((x) => Math.round(num(x[0])) === day) : [];
    return {
      day,
      minted: num(row[col(net, 'minted_rao')]) / 1e9,
      injected: num(row[col(net, 'tao_injected_rao')]) / 1e9,
      alphaEmitted: num(row[col(net, 'alpha_emitted_rao')]) / 1e9,
      price: prices.length ? prices.reduce((a, b) => a + b, 0) / prices.length : 0,
      miners: m.reduce((a, x) => a + num(x[2]), 0),
      exits: m.reduce((a, x) => a + num(x[3]), 0),
      margin: m.length ? m.reduce((a, x) => a + num(x[5]), 0) / m.length : 0,
      validatorAlpha: ofDay.reduce((a, e) => a + num(e[col(epochs, 'validator_alpha_rao')]), 0) / 1e9,
    };
  });
}

/**
 * Runs the scenario to its end, noting for each issuance threshold (ascending) the first block at
 * whose end issuance has reached it; null if the run does not reach it, or had reached it already
 * at the start. Issuance grows by at most one block's emission per block (recycling only lowers
 * it), so the run advances in chunks that cannot cross the next threshold, block by block at the end.
 */
export function runNotingThresholds(
  sc: Scenario,
  seed: number | string,
  thresholds: bigint[],
  onProgress?: (done: number, total: number) => void,
): { result: RunResult; reachedAt: (number | null)[] } {
  const run = startRun(sc, seed);
  const net = run.state.net;
  const reachedAt: (number | null)[] = thresholds.map(() => null);
  let k = 0;
  while (k < thresholds.length && net.issuance >= thresholds[k]) k++;
  for (let at = sc.start.block; k < thresholds.length && at < run.last; ) {
    const e = blockEmission(net.issuance);
    if (e === 0n) break;
    const atLeast = Number((thresholds[k] - net.issuance + e - 1n) / e); // blocks until it can be reached
    at = Math.min(run.last, at + Math.max(1, atLeast - 1));
    advanceRun(run, at, onProgress);
    while (k < thresholds.length && net.issuance >= thresholds[k]) reachedAt[k++] = at;
  }
  advanceRun(run, run.last, onProgress);
  return { result: finishRun(run), reachedAt };
}

/** The study's network: TAO issuance reaches 10.5M (the first halving) `daysBefore` days into the run. */
export function halvingScenario(c: HalvingsConfig): Scenario {
  return parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'halvings',
      duration: { days: c.daysBefore + c.daysAfter },
      start: { date: c.startDate, issuanceTao: 10_500_000 - c.daysBefore * BLOCKS_PER_DAY },
      protocol: { preset: c.preset },
      subnets: { count: c.subnets, initialUids: c.initialUids, validators: c.validators },
      stake: { validators: Math.max(16, c.validators) },
      miners: {
        model: 'economic',
        arrivalsPerSubnetPerDay: c.arrivalsPerSubnetPerDay,
        costUsdPerHour: c.costUsdPerHour,
      },
      market: { taoPriceUsd: { model: 'constant', start: c.taoPriceUsd } },
    },
    'halvings',
  );
}

export function halvingRun(
  c: HalvingsConfig,
  onProgress?: (done: number, total: number) => void,
): { result: RunResult; days: DayRow[]; sc: Scenario; taoHalvingBlocks: (number | null)[] } {
  const sc = halvingScenario(c);
  const thresholds = Array.from({ length: c.projectHalvings }, (_, i) => thresholdOf(i + 1));
  const { result, reachedAt } = runNotingThresholds(sc, c.seed, thresholds, onProgress);
  return { result, days: dailyRows(result), sc, taoHalvingBlocks: reachedAt };
}

export function halvingsStudy(c: HalvingsConfig, onProgress?: (done: number, total: number) => void): Table[] {
  const { result, days, sc, taoHalvingBlocks } = halvingRun(c, onProgress); // the run's blocks are nearly all the work
  const net = result.network;
  const firstAfter = days.findIndex((d) => d.minted < 5_000);
  const before = days.slice(0, Math.max(1, firstAfter));
  const after = days.slice(firstAfter + 1); // the crossing day mixes both rates
  const mean = (xs: DayRow[], f: (d: DayRow) => number) => xs.reduce((a, d) => a + f(d), 0) / Math.max(1, xs.length);
  const metrics: [string, (d: DayRow) => number][] = [
    ['tao_minted_per_day', (d) => d.minted],
    ['tao_injected_per_day', (d) => d.injected],
    ['alpha_emitted_per_day', (d) => d.alphaEmitted],
    ['mean_pool_price_tao', (d) => d.price],
    ['active_miners', (d) => d.miners],
    ['miner_exits_per_day', (d) => d.exits],
    ['mean_miner_margin_usd_per_day', (d) => d.margin],
    ['validator_alpha_per_day', (d) => d.validatorAlpha],
  ];
  const beforeAfter: Cell[][] = metrics.map(([name, f]) => {
    const b = mean(before, f);
    const a = mean(after, f);
    return [name, b, a, b !== 0 ? a / b : null];
  });

  // TAO halvings: observed at their block where the run crossed the threshold, else projected from
  // the final issuance at the run's recycling rate. Each subnet's first alpha halving: projected at
  // the alpha it now emits per day.
  const end = sc.start.block + sc.durationBlocks;
  const dateOf = (block: number) =>
    new Date(Date.parse(c.startDate) + (block - sc.start.block) * BLOCK_TIME_MS).toISOString().slice(0, 10);
  const recycledPerDay = net.recycled / BigInt(Math.max(1, days.length));
  const projection: Cell[][] = projectHalvings(net.issuance, recycledPerDay, c.projectHalvings).map((h, i) => {
    const observed = taoHalvingBlocks[i];
    const threshold = Number(h.threshold / RAO_PER_TAO);
    if (observed !== null) return ['tao', h.k, threshold, 'observed', observed, dateOf(observed)];
    if (sc.start.issuance >= h.threshold) return ['tao', h.k, threshold, 'before the run', null, null];
    if (h.blocksFromStart === null) return ['tao', h.k, threshold, 'not reached', null, null];
    const block = end + Number(h.blocksFromStart);
    return ['tao', h.k, threshold, 'projected', block, dateOf(block)];
  });
  for (const s of net.subnets) {
    // The subnet's alpha issuance grows by what is injected into its pool and emitted each day.
    const perDay = Number(s.totals.alphaInjected + s.totals.alphaEmitted) / 1e9 / Math.max(1, days.length);
    const left = Number(thresholdOf(1) - alphaIssuance(s)) / 1e9;
    const what = `alpha sn${s.netuid}`;
    if (left <= 0) projection.push([what, 1, 10_500_000, 'reached by the end of the run', null, null]);
    else if (perDay <= 0) projection.push([what, 1, 10_500_000, 'not reached', null, null]);
    else {
      const block = end + Math.ceil((left / perDay) * BLOCKS_PER_DAY);
      projection.push([what, 1, 10_500_000, 'projected', block, dateOf(block)]);
    }
  }
  return [
    {
      name: 'halving_daily',
      columns: [
        'day',
        'tao_minted',
        'tao_injected',
        'alpha_emitted',
        'mean_pool_price_tao',
        'active_miners',
        'miner_exits',
        'mean_miner_margin_usd',
        'validator_alpha',
      ],
      rows: days.map((d) => [
        d.day,
        d.minted,
        d.injected,
        d.alphaEmitted,
        d.price,
        d.miners,
        d.exits,
        d.margin,
        d.validatorAlpha,
      ]),
    },
    { name: 'halving_before_after', columns: ['metric', 'before', 'after', 'after_over_before'], rows: beforeAfter },
    {
      name: 'halving_projection',
      columns: ['what', 'halving', 'threshold', 'status', 'block', 'date'],
      rows: projection,
    },
  ];
}

export const HALVINGS_STUDY: Study = {
  name: 'halvings',
  progressUnit: 'blocks',
  question:
    'What does the December 2025 halving change for subnets, miners and validators, and when do the next ones come?',
  format: 'taosim-study/halvings/v1',
  defaults: HALVINGS_DEFAULTS,
  run: halvingsStudy as Study['run'],
};
