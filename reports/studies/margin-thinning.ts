// Margin thinning: miners keep entering while it pays. The base run's path, then where miners and
// margins settle as each parameter is varied around the base.

import { type Chart, chart, type Row } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import { position } from '../line-chart.ts';
import type { KeyNumber } from '../report.ts';
import { sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

/** Axis titles, with units, of the parameters the study varies. */
const PARAMS: Record<string, string> = {
  min_burn_tao: 'Minimum registration burn (TAO)',
  cost_decline_per_year: 'Hardware cost decline (fraction per year)',
  tao_price_usd: 'TAO price (USD)',
  score_exponent: 'Score exponent k (validators score quality^k)',
};

const MINERS = 'Miners per subnet (count)';
const MARGIN = 'Mean margin (USD per miner per day)';

function baseChart(f: Frame): Chart {
  const varied = f.str('varied');
  const day = f.numbers('day');
  const miners = f.numbers('miners_per_subnet');
  const margin = f.numbers('mean_margin_usd_per_day');
  const rows: Row[] = day.flatMap((d, i) =>
    varied[i] === 'base'
      ? [{ day: d, miners_per_subnet: sig(miners[i]), mean_margin_usd_per_day: sig(margin[i]) }]
      : [],
  );
  const first = rows[0] ?? {};
  const last = rows.at(-1) ?? {};
  const x = { field: 'day', type: 'quantitative', title: 'Days since start', scale: { nice: false } } as const;
  return chart({
    name: 'margin_thinning_base',
    title: 'Margin thinning in the base run',
    caption:
      `Miners per subnet climb from ${formatNumber(first.miners_per_subnet as number, 0)} to ${formatNumber(last.miners_per_subnet as number, 0)} ` +
      `while the mean margin falls from ${formatNumber(first.mean_margin_usd_per_day as number, 0)} to ${formatNumber(last.mean_margin_usd_per_day as number, 0)} USD a day.`,
    columns: ['day', 'miners_per_subnet', 'mean_margin_usd_per_day'],
    rows,
    spec: {
      vconcat: [
        {
          width: 560,
          height: 160,
          mark: { type: 'line', point: true, color: '#4c78a8' },
          encoding: { x, y: { field: 'miners_per_subnet', type: 'quantitative', title: MINERS } },
        },
        {
          width: 560,
          height: 160,
          mark: { type: 'line', point: true, color: '#f58518' },
          encoding: { x, y: { field: 'mean_margin_usd_per_day', type: 'quantitative', title: MARGIN } },
        },
      ],
    },
  });
}

function equilibriumChart(f: Frame, param: string): Chart {
  const varied = f.str('varied');
  const value = f.numbers(param);
  const miners = f.numbers('equilibrium_miners_per_subnet');
  const margin = f.numbers('equilibrium_margin_usd_per_day');
  const rows: Row[] = value
    .flatMap((v, i) =>
      varied[i] === param || varied[i] === 'base'
        ? [{ [param]: v, base: varied[i] === 'base', miners: sig(miners[i]), margin: sig(margin[i]) }]
        : [],
    )
    .sort((a, b) => (a[param] as number) - (b[param] as number));
  const title = PARAMS[param] ?? param;
  const x = position({ field: param, title });
  const describe = rows
    .map(
      (r) =>
        `${r[param]}: ${formatNumber(r.miners as number, 0)} miners at ${formatNumber(r.margin as number, 0)} USD/day`,
    )
    .join('; ');
  const panel = (field: string, yTitle: string, color: string) => ({
    width: 260,
    height: 180,
    mark: { type: 'line' as const, point: { size: 50 }, color },
    encoding: { x, y: { field, type: 'quantitative' as const, title: yTitle, scale: { zero: true } } },
  });
  return chart({
    name: `margin_thinning_equilibrium_${param}`,
    title: `Equilibrium against ${title.replace(/ \(.*\)$/, '').toLowerCase()}`,
    caption: `Miners per subnet and their mean margin over the last days of the run, varying only this parameter (the rest at base) — ${describe}.`,
    columns: [param, 'base', 'miners', 'margin'],
    rows,
    spec: { hconcat: [panel('miners', MINERS, '#4c78a8'), panel('margin', MARGIN, '#f58518')] },
  });
}

/** The parameters varied around the base (those the summary has a column for). */
function variedParams(summary: Frame): string[] {
  return [...new Set(summary.str('varied'))].filter((v) => v !== 'base' && summary.has(v));
}

function marginThinningKeyNumbers(dir: string): KeyNumber[] {
  const summary = Frame.read(dir, 'margin_thinning_summary.csv');
  const b = summary.str('varied').indexOf('base');
  const num = (col: string) => (b < 0 ? NaN : summary.numbers(col)[b]);
  return [
    { label: 'Base equilibrium: miners per subnet', value: formatNumber(num('equilibrium_miners_per_subnet'), 0) },
    {
      label: 'Base equilibrium: margin (USD per miner per day)',
      value: formatNumber(num('equilibrium_margin_usd_per_day'), 0),
    },
    { label: 'Base run: miners that stopped', value: formatNumber(num('exits'), 0) },
    { label: 'Parameters varied', value: variedParams(summary).join(', ') },
  ];
}

export const marginThinningReport: StudyReporter = {
  keyNumbers: marginThinningKeyNumbers,
  charts: (dir) => {
    const summary = Frame.read(dir, 'margin_thinning_summary.csv');
    return [
      baseChart(Frame.read(dir, 'margin_thinning_series.csv')),
      ...variedParams(summary).map((p) => equilibriumChart(summary, p)),
    ];
  },
};
