// Concentration: how unequal root stake, miner incentive and validator dividends are (Gini), and
// how few validators hold a majority of root stake (Nakamoto coefficient).

import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Row, type SkippedChart } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { median, sig } from '../stats.ts';
import { dayOf, noDailySample, type RunContext } from './context.ts';

const TITLE = 'Concentration of stake, incentive and dividends';

export function concentrationChart(ctx: RunContext): Chart | SkippedChart {
  const missing = noDailySample(ctx);
  if (missing) return { name: 'stake_concentration', title: TITLE, reason: `${missing}.` };
  const days = ctx.daily.numbers('day');
  const rootGini = ctx.daily.numbers('root_stake_gini');
  const nakamoto = ctx.daily.numbers('root_stake_nakamoto');
  // Subnet-level Ginis: the median over all of the day's epochs on all subnets.
  const perDay = new Map<number, { inc: number[]; div: number[] }>();
  const epochDay = ctx.epochs.numbers('day');
  const inc = ctx.epochs.numbers('incentive_gini');
  const div = ctx.epochs.numbers('dividend_gini');
  epochDay.forEach((d, i) => {
    const k = dayOf(ctx, d);
    if (k === null) return;
    const acc = perDay.get(k) ?? { inc: [], div: [] };
    acc.inc.push(inc[i]);
    acc.div.push(div[i]);
    perDay.set(k, acc);
  });
  const rows: Row[] = [
    ...days.map((day, i) => ({ day: sig(day), measure: 'root stake Gini', value: sig(rootGini[i]) })),
    ...[...perDay.keys()]
      .sort((a, b) => a - b)
      .flatMap((day) => [
        { day, measure: 'miner incentive Gini (median subnet)', value: sig(median(perDay.get(day)!.inc)) },
        { day, measure: 'validator dividend Gini (median subnet)', value: sig(median(perDay.get(day)!.div)) },
      ]),
    ...days.map((day, i) => ({ day: sig(day), measure: 'root stake Nakamoto coefficient', value: nakamoto[i] })),
  ];
  const x = dayAxis();
  const last = (xs: number[]) => xs.at(-1) ?? NaN;
  return chart({
    name: 'stake_concentration',
    title: TITLE,
    caption:
      `Gini coefficients (0 = equal, 1 = one holder takes all) and the number of validators holding a majority of root stake; ` +
      `at the end: root stake Gini ${formatNumber(last(rootGini), 2)}, Nakamoto coefficient ${formatNumber(last(nakamoto), 0)}.`,
    columns: ['day', 'measure', 'value'],
    rows,
    spec: {
      vconcat: [
        {
          width: 560,
          height: 200,
          transform: [{ filter: "datum.measure !== 'root stake Nakamoto coefficient'" }],
          mark: { type: 'line', point: perDay.size <= 40 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: 'Gini coefficient (0–1)' },
            color: { field: 'measure', type: 'nominal', title: 'Measure' },
          },
        },
        {
          width: 560,
          height: 90,
          transform: [{ filter: "datum.measure === 'root stake Nakamoto coefficient'" }],
          mark: { type: 'line', interpolate: 'step-after', color: '#54a24b' },
          encoding: {
            x,
            y: {
              field: 'value',
              type: 'quantitative',
              scale: { zero: true },
              axis: { tickMinStep: 1 },
              title: 'Nakamoto (validators)',
            },
          },
        },
      ],
    },
  });
}
