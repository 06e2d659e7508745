// Study: miner margin thinning (issue "Agents and studies", study 3). Economic miners keep entering
// while the margin they expect covers the registration burn; margins in USD fall as their number
// grows. One-at-a-time sweeps around a base show how the burn floor, the GPU cost decline, the TAO
// price and the incentive curve's shape move the equilibrium number of miners and their margin.
// Whole network runs (scenario + `runScenario`), so pools, prices and registration are the chain's.

import type { Cell, Table } from '../output/index.ts';
import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { Study } from './study.ts';

export type MarginThinningConfig = {
  seed: number | string;
  subnets: number;
  days: number;
  /** Days at the end over which the equilibrium is averaged. */
  settleDays: number;
  arrivalsPerSubnetPerDay: number;
  costUsdPerHour: number;
  baseMinBurnTao: number;
  baseCostDeclinePerYear: number;
  baseTaoPriceUsd: number;
  baseScoreExponent: number;
  minBurnTao: number[];
  costDeclinePerYear: number[];
  taoPriceUsd: number[];
  scoreExponent: number[];
};

export const MARGIN_THINNING_DEFAULTS: MarginThinningConfig = {
  seed: 'margin-thinning',
  subnets: 8,
  days: 30,
  settleDays: 5,
  arrivalsPerSubnetPerDay: 20,
  costUsdPerHour: 2,
  baseMinBurnTao: 0.0005,
  baseCostDeclinePerYear: 0.3,
  baseTaoPriceUsd: 300,
  baseScoreExponent: 1,
  minBurnTao: [0.0005, 1, 3],
  costDeclinePerYear: [0, 0.3, 0.6],
  taoPriceUsd: [100, 300, 600],
  scoreExponent: [1, 2, 4],
};

export interface MarginPoint {
  minBurnTao: number;
  costDeclinePerYear: number;
  taoPriceUsd: number;
  scoreExponent: number;
}

export interface MarginOutcome {
  /** Per day: mean active miners per subnet and their mean margin (USD/day). */
  daily: { day: number; miners: number; margin: number }[];
  settledMiners: number;
  settledMargin: number;
  exits: number;
}

export function marginRun(c: MarginThinningConfig, p: MarginPoint): MarginOutcome {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'margin-thinning',
      duration: { days: c.days },
      protocol: { preset: 'dtao' },
      subnets: {
        count: c.subnets,
        initialUids: 20,
        validators: 5,
        settings: { minBurnTao: p.minBurnTao, burnTao: Math.max(1, p.minBurnTao) },
      },
      stake: { validators: 8 },
      validators: { scoreExponent: p.scoreExponent },
      miners: {
        model: 'economic',
        arrivalsPerSubnetPerDay: c.arrivalsPerSubnetPerDay,
        costUsdPerHour: c.costUsdPerHour,
        costDeclinePerYear: p.costDeclinePerYear,
        budgetTao: Math.max(5, p.minBurnTao * 2),
      },
      market: { taoPriceUsd: { model: 'constant', start: p.taoPriceUsd }, stakeFlowTaoPerDay: 0 },
    },
    'margin-thinning',
  );
  const r = runScenario(sc, c.seed);
  const rows = r.tables.find((t) => t.name === 'miners_daily')!.rows;
  const byDay = new Map<number, { miners: number; margin: number; count: number; exits: number }>();
  for (const row of rows) {
    const day = row[0] as number;
    const e = byDay.get(day) ?? { miners: 0, margin: 0, count: 0, exits: 0 };
    e.miners += row[2] as number;
    e.exits += row[3] as number;
    e.margin += (row[5] as number | null) ?? 0;
    e.count++;
    byDay.set(day, e);
  }
  const daily = [...byDay].map(([day, e]) => ({ day, miners: e.miners / e.count, margin: e.margin / e.count }));
  const settled = daily.slice(-c.settleDays);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    daily,
    settledMiners: avg(settled.map((d) => d.miners)),
    settledMargin: avg(settled.map((d) => d.margin)),
    exits: [...byDay.values()].reduce((a, e) => a + e.exits, 0),
  };
}

export function marginThinningStudy(
  c: MarginThinningConfig,
  onProgress?: (done: number, total: number) => void,
): Table[] {
  const base: MarginPoint = {
    minBurnTao: c.baseMinBurnTao,
    costDeclinePerYear: c.baseCostDeclinePerYear,
    taoPriceUsd: c.baseTaoPriceUsd,
    scoreExponent: c.baseScoreExponent,
  };
  const points: [string, MarginPoint][] = [['base', base]];
  for (const v of c.minBurnTao) if (v !== base.minBurnTao) points.push(['min_burn_tao', { ...base, minBurnTao: v }]);
  for (const v of c.costDeclinePerYear)
    if (v !== base.costDeclinePerYear) points.push(['cost_decline_per_year', { ...base, costDeclinePerYear: v }]);
  for (const v of c.taoPriceUsd)
    if (v !== base.taoPriceUsd) points.push(['tao_price_usd', { ...base, taoPriceUsd: v }]);
  for (const v of c.scoreExponent)
    if (v !== base.scoreExponent) points.push(['score_exponent', { ...base, scoreExponent: v }]);
  const summary: Cell[][] = [];
  const series: Cell[][] = [];
  points.forEach(([varied, p], k) => {
    const o = marginRun(c, p);
    summary.push([
      varied,
      p.minBurnTao,
      p.costDeclinePerYear,
      p.taoPriceUsd,
      p.scoreExponent,
      o.settledMiners,
      o.settledMargin,
      o.exits,
    ]);
    for (const d of o.daily)
      series.push([
        varied,
        p.minBurnTao,
        p.costDeclinePerYear,
        p.taoPriceUsd,
        p.scoreExponent,
        d.day,
        d.miners,
        d.margin,
      ]);
    onProgress?.(k + 1, points.length);
  });
  const params = ['varied', 'min_burn_tao', 'cost_decline_per_year', 'tao_price_usd', 'score_exponent'];
  return [
    {
      name: 'margin_thinning_summary',
      columns: [...params, 'equilibrium_miners_per_subnet', 'equilibrium_margin_usd_per_day', 'exits'],
      rows: summary,
    },
    {
      name: 'margin_thinning_series',
      columns: [...params, 'day', 'miners_per_subnet', 'mean_margin_usd_per_day'],
      rows: series,
    },
  ];
}

export const MARGIN_THINNING_STUDY: Study = {
  name: 'margin-thinning',
  progressUnit: 'runs',
  question:
    'As miners keep entering while it pays, where do their number and their USD margin settle, and what moves that?',
  format: 'taosim-study/margin-thinning/v1',
  defaults: MARGIN_THINNING_DEFAULTS,
  run: marginThinningStudy as Study['run'],
};
