// Study: the December 2025 halving (issue "Agents and studies", study 4). A network run that starts a
// few days before issuance reaches 10.5M TAO: TAO minted and injected into pools halve, while each
// subnet's alpha emission (its own halving clock) does not; economic miners see their margins fall
// and some stop. Then a projection through the second halving from the state the run ends in.

import { parseScenario, type Scenario } from '../scenario/scenario.ts';
import { RAO_PER_TAO, BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { projectHalvings, thresholdOf } from '../chain/emission/halving-schedule.ts';
import { alphaIssuance } from '../chain/network/subnet.ts';
import type { Cell, Table } from '../output/index.ts';
import { runScenario, type RunResult } from '../run/run-scenario.ts';

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
      miners: { model: 'economic', arrivalsPerSubnetPerDay: c.arrivalsPerSubnetPerDay, costUsdPerHour: c.costUsdPerHour },
      market: { taoPriceUsd: { model: 'constant', start: c.taoPriceUsd } },
    },
    'halvings',
  );
}

export function halvingRun(c: HalvingsConfig, onProgress?: (done: number, total: number) => void): { result: RunResult; days: DayRow[] } {
  const result = runScenario(halvingScenario(c), c.seed, onProgress);
  return { result, days: dailyRows(result) };
}

export function halvingsStudy(c: HalvingsConfig, onProgress?: (done: number, total: number) => void): Table[] {
  const { result, days } = halvingRun(c, onProgress); // the run's blocks are nearly all the work
  const n = result.network;
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

  // Projection: TAO halvings from the final issuance at the run's recycling rate; each subnet's first
  // alpha halving at the alpha it now emits per day.
  const recycledPerDay = n.recycled / BigInt(Math.max(1, days.length));
  const startMs = Date.parse(c.startDate) + (c.daysBefore + c.daysAfter) * 86_400_000;
  const projection: Cell[][] = projectHalvings(n.issuance, recycledPerDay, c.projectHalvings).map((h) => [
    'tao',
    h.k,
    Number(h.threshold / RAO_PER_TAO),
    h.blocksFromStart === null ? null : new Date(startMs + Number(h.blocksFromStart) * 12_000).toISOString().slice(0, 10),
  ]);
  for (const s of n.subnets) {
    // The subnet's alpha issuance grows by what is injected into its pool and emitted each day.
    const perDay = Number(s.totals.alphaInjected + s.totals.alphaEmitted) / 1e9 / Math.max(1, days.length);
    const left = Number(thresholdOf(1) - alphaIssuance(s)) / 1e9;
    const daysLeft = perDay > 0 ? left / perDay : null;
    projection.push([`alpha sn${s.netuid}`, 1, 10_500_000, daysLeft === null ? null : new Date(startMs + daysLeft * 86_400_000).toISOString().slice(0, 10)]);
  }
  return [
    {
      name: 'halving_daily',
      columns: ['day', 'tao_minted', 'tao_injected', 'alpha_emitted', 'mean_pool_price_tao', 'active_miners', 'miner_exits', 'mean_miner_margin_usd', 'validator_alpha'],
      rows: days.map((d) => [d.day, d.minted, d.injected, d.alphaEmitted, d.price, d.miners, d.exits, d.margin, d.validatorAlpha]),
    },
    { name: 'halving_before_after', columns: ['metric', 'before', 'after', 'after_over_before'], rows: beforeAfter },
    { name: 'halving_projection', columns: ['what', 'halving', 'threshold', 'projected_date'], rows: projection },
  ];
}
