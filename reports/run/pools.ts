// Pool prices per subnet at the end of each day. With many subnets one line each is unreadable:
// the 8 largest pools (by TAO at the end) and the median over all subnets tell the story.

import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Row, type SkippedChart } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { median, sig } from '../stats.ts';
import { RAO, type RunContext, shortOfADay } from './context.ts';
import { subnetPrices } from './prices.ts';

const TOP = 8;
const MEDIAN = 'median, all subnets';

export function poolPricesChart(ctx: RunContext): Chart | SkippedChart | null {
  if (!ctx.epochs.numbers('price_tao').some((p) => p > 0)) return null; // root era: no pools
  const short = shortOfADay(ctx);
  if (short) return { name: 'pool_prices', title: 'Pool prices per subnet', reason: `${short}.` };
  const { endOfDay, lastPoolTao: lastPool } = subnetPrices(ctx);
  const top = [...lastPool]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, TOP)
    .map(([n]) => n)
    .sort((a, b) => a - b);
  const many = lastPool.size > TOP;
  const rows: Row[] = [];
  for (const k of [...endOfDay.keys()].sort((a, b) => a - b)) {
    const prices = endOfDay.get(k)!;
    for (const n of top) if (prices.has(n)) rows.push({ day: k, series: `SN${n}`, price_tao: sig(prices.get(n)!) });
    if (many) rows.push({ day: k, series: MEDIAN, price_tao: sig(median([...prices.values()])) });
  }
  const order = [...top.map((n) => `SN${n}`), ...(many ? [MEDIAN] : [])];
  const lastTao = top.map((n) => lastPool.get(n)! / RAO);
  return chart({
    name: 'pool_prices',
    title: many ? `Pool prices: the ${TOP} largest pools and the median subnet` : 'Pool prices per subnet',
    caption:
      `Spot price of each subnet's alpha at the end of each day (log scale)` +
      (many
        ? `; the ${TOP} pools holding the most TAO at the end (${formatNumber(Math.min(...lastTao), 0)}–${formatNumber(Math.max(...lastTao), 0)} TAO) and, dashed, the median over all ${lastPool.size} subnets.`
        : '.'),
    columns: ['day', 'series', 'price_tao'],
    rows,
    spec: {
      width: 560,
      height: 260,
      mark: { type: 'line', point: endOfDay.size <= 10 },
      encoding: {
        x: dayAxis('Days since start (end of day)'),
        y: {
          field: 'price_tao',
          type: 'quantitative',
          scale: { type: 'log' },
          title: 'Price (TAO per alpha, log scale)',
        },
        color: { field: 'series', type: 'nominal', title: 'Subnet', sort: order, scale: { scheme: 'tableau10' } },
        strokeDash: {
          condition: { test: `datum.series === '${MEDIAN}'`, value: [6, 3] },
          value: [1, 0],
        },
        strokeWidth: { condition: { test: `datum.series === '${MEDIAN}'`, value: 3 }, value: 1.5 },
      },
    },
  });
}
