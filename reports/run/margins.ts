// Economic miners' USD margins per day: the typical subnet and the spread between subnets.

import { dayAxis } from '../axes.ts';
import { type Chart, chart, ONCE, type Row } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { groupBy, quantile, sig } from '../stats.ts';
import type { RunContext } from './context.ts';

export function minerMarginsChart(ctx: RunContext): Chart | null {
  const m = ctx.minersDaily;
  if (!m || m.length === 0) return null;
  const day = m.numbers('day');
  const margin = m.num('median_margin_usd'); // empty where a subnet had no active miner
  const byDay = groupBy(
    day.map((d, i) => ({ d, v: margin[i] })).filter((r): r is { d: number; v: number } => r.v !== null),
    (r) => r.d,
  );
  const rows: Row[] = [...byDay.keys()]
    .sort((a, b) => a - b)
    .map((d) => {
      const vs = byDay.get(d)!.map((r) => r.v);
      return {
        day: d,
        p25: sig(quantile(vs, 0.25)),
        median: sig(quantile(vs, 0.5)),
        p75: sig(quantile(vs, 0.75)),
        subnets: vs.length,
      };
    });
  if (rows.length === 0) return null;
  const x = dayAxis('Days since start (end of day)');
  const first = rows[0].median as number;
  const last = rows.at(-1)!.median as number;
  return chart({
    name: 'miner_margins',
    title: 'Miner margins (USD per miner per day)',
    caption:
      `Each subnet's median miner margin (income at pool and TAO prices, less hardware cost); line: the median subnet ` +
      `(${formatNumber(first, 0)} → ${formatNumber(last, 0)} USD/day), band: the middle half of subnets.`,
    columns: ['day', 'p25', 'median', 'p75', 'subnets'],
    rows,
    spec: {
      width: 560,
      height: 240,
      layer: [
        {
          mark: { type: 'area', opacity: 0.3, color: '#4c78a8' },
          encoding: {
            x,
            y: { field: 'p25', type: 'quantitative', title: 'Margin (USD per miner per day)' },
            y2: { field: 'p75' },
          },
        },
        {
          mark: { type: 'line', color: '#4c78a8', point: rows.length <= 40 },
          encoding: { x, y: { field: 'median', type: 'quantitative', title: 'Margin (USD per miner per day)' } },
        },
        {
          data: ONCE,
          mark: { type: 'rule', color: '#888888', strokeDash: [2, 2] },
          encoding: { y: { datum: 0, type: 'quantitative', title: 'Margin (USD per miner per day)' } },
        },
      ],
    },
  });
}
