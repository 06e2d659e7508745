// TAO entering subnet pools each day, beside the TAO minted: the gap is what the coinbase did not
// inject (recycled, or held back by the injection cap).

import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Row, type SkippedChart } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { mean, sig } from '../stats.ts';
import { noDailySample, RAO, type RunContext } from './context.ts';

const TITLE = 'TAO minted and injected per day';

export function taoInjectedChart(ctx: RunContext): Chart | SkippedChart {
  const missing = noDailySample(ctx);
  if (missing) return { name: 'tao_injected', title: TITLE, reason: `${missing}.` };
  const days = ctx.daily.numbers('day');
  const minted = ctx.daily.numbers('minted_rao');
  const injected = ctx.daily.numbers('tao_injected_rao');
  // Sampling rows may be more or less than a day apart: express both as per-day rates.
  const rows: Row[] = days.flatMap((day, i) => {
    const span = i === 0 ? day : day - days[i - 1];
    if (!(span > 0)) return [];
    return [
      { day: sig(day), series: 'minted', tao_per_day: sig(minted[i] / RAO / span) },
      { day: sig(day), series: 'injected into subnets', tao_per_day: sig(injected[i] / RAO / span) },
    ];
  });
  const avg = (s: string) => mean(rows.filter((r) => r.series === s).map((r) => r.tao_per_day as number)) ?? 0;
  const root = ctx.unit === 'TAO';
  return chart({
    name: 'tao_injected',
    title: TITLE,
    caption:
      `On average ${formatNumber(avg('minted'), 0)} TAO minted and ${formatNumber(avg('injected into subnets'), 0)} TAO ` +
      (root
        ? 'paid to subnets (root era: their pending TAO) per day.'
        : 'injected into subnet pools (injection and chain buys) per day.'),
    columns: ['day', 'series', 'tao_per_day'],
    rows,
    spec: {
      width: 560,
      height: 220,
      mark: { type: 'line', point: rows.length <= 80 },
      encoding: {
        x: dayAxis('Days since start (end of interval)'),
        y: { field: 'tao_per_day', type: 'quantitative', title: 'TAO per day', scale: { zero: true } },
        color: { field: 'series', type: 'nominal', title: 'Flow', sort: ['minted', 'injected into subnets'] },
        // Minted drawn wide and pale under the injection: the two often coincide.
        strokeWidth: { condition: { test: "datum.series === 'minted'", value: 5 }, value: 2 },
        opacity: { condition: { test: "datum.series === 'minted'", value: 0.45 }, value: 1 },
      },
    },
  });
}
