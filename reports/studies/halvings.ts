// The December 2025 halving: daily flows around it, and each measure after over before.

import { dayAxis } from '../axes.ts';
import type { Chart, Layer, Row } from '../chart.ts';
import { chart, ONCE } from '../chart.ts';
import { formatCount, formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import type { KeyNumber } from '../report.ts';
import { sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

const PANELS = [
  {
    title: 'TAO per day',
    series: [
      ['tao_minted', 'TAO minted'],
      ['tao_injected', 'TAO injected into pools'],
    ],
  },
  {
    title: 'Alpha per day',
    series: [
      ['alpha_emitted', 'alpha emitted'],
      ['validator_alpha', "validators' alpha"],
    ],
  },
  { title: 'Margin (USD per miner per day)', series: [['mean_miner_margin_usd', 'mean miner margin']] },
] as const;

/** The first day whose TAO minted is clearly below the first day's: the halving happened in it. */
function halvingDay(days: number[], minted: number[]): number | null {
  const i = minted.findIndex((m) => m < 0.9 * minted[0]);
  return i > 0 ? days[i] : null;
}

function dailyChart(f: Frame): { chart: Chart; halving: number | null } {
  const days = f.numbers('day');
  const halving = halvingDay(days, f.numbers('tao_minted'));
  const rows: Row[] = PANELS.flatMap((p) =>
    p.series.flatMap(([col, label]) => {
      const v = f.num(col);
      return days.map((day, i) => ({ day, panel: p.title, series: label, value: sig(v[i]) }));
    }),
  );
  const x = dayAxis('Days since start');
  const rule: Layer[] =
    halving === null
      ? []
      : [
          {
            data: ONCE,
            mark: { type: 'rule', color: '#b22222', strokeDash: [4, 3] },
            encoding: { x: { datum: halving - 0.5, type: 'quantitative', title: x.title } },
          },
        ];
  return {
    halving,
    chart: chart({
      name: 'halving_daily',
      title: 'Daily flows around the halving',
      caption:
        (halving === null ? 'No halving in this window. ' : `The halving falls in day ${halving} (dashed): `) +
        'TAO minted and injected halve, alpha emitted does not (each subnet halves on its own clock); miners’ margins follow competition and prices.',
      columns: ['day', 'panel', 'series', 'value'],
      rows,
      spec: {
        vconcat: PANELS.map((p) => ({
          width: 560,
          height: p.series.length > 1 ? 150 : 110,
          transform: [{ filter: { field: 'panel', equal: p.title } }],
          layer: [
            {
              mark: { type: 'line', point: days.length <= 40 },
              encoding: {
                x,
                y: { field: 'value', type: 'quantitative', title: p.title, scale: { zero: true } },
                color: { field: 'series', type: 'nominal', title: 'Series', legend: { orient: 'right' } },
              },
            },
            ...rule,
          ],
        })),
        resolve: { scale: { color: 'independent', y: 'independent' } },
      },
    }),
  };
}

function beforeAfterChart(f: Frame): Chart {
  const metric = f.str('metric');
  const ratio = f.num('after_over_before');
  const before = f.num('before');
  const after = f.num('after');
  const rows: Row[] = metric.map((m, i) => ({
    metric: m.replace(/_/g, ' '),
    before: sig(before[i]),
    after: sig(after[i]),
    after_over_before: sig(ratio[i]),
  }));
  const x = { field: 'after_over_before', type: 'quantitative', title: 'After ÷ before (ratio)' } as const;
  return chart({
    name: 'halving_before_after',
    title: 'After the halving over before',
    caption: 'Each measure’s daily mean after the halving divided by its mean before: 0.5 is halved, 1 unchanged.',
    columns: ['metric', 'before', 'after', 'after_over_before'],
    rows,
    spec: {
      width: 480,
      height: { step: 24 },
      layer: [
        {
          mark: { type: 'bar', color: '#4c78a8' },
          encoding: { y: { field: 'metric', type: 'nominal', sort: null, title: 'Measure (per day)' }, x },
        },
        ...[0.5, 1].map(
          (v): Layer => ({
            data: ONCE,
            mark: { type: 'rule', color: '#555555', strokeDash: [5, 4] },
            encoding: { x: { datum: v, type: 'quantitative', title: x.title } },
          }),
        ),
      ],
    },
  });
}

/** "1: observed at block 7,972,005 (2025-12-14)", "2: projected 2029-12-11", per TAO halving. */
function taoHalvings(proj: Frame): string[] {
  const what = proj.str('what');
  const k = proj.str('halving');
  if (!proj.has('status')) {
    // Results written before halvings inside the run were observed: projected dates only.
    const date = proj.str('projected_date');
    return what.flatMap((w, i) => (w === 'tao' && date[i] ? [`${k[i]}: ${date[i]}`] : []));
  }
  const status = proj.str('status');
  const block = proj.num('block');
  const date = proj.str('date');
  return what.flatMap((w, i) => {
    if (w !== 'tao') return [];
    if (status[i] === 'observed') return [`${k[i]}: observed at block ${formatCount(block[i] ?? 0)} (${date[i]})`];
    return [`${k[i]}: ${status[i]}${date[i] ? ` ${date[i]}` : ''}`];
  });
}

function halvingsKeyNumbers(dir: string): KeyNumber[] {
  const daily = Frame.read(dir, 'halving_daily.csv');
  const halving = halvingDay(daily.numbers('day'), daily.numbers('tao_minted'));
  const ba = Frame.read(dir, 'halving_before_after.csv');
  const metric = ba.str('metric');
  const val = (m: string, col: string) => {
    const i = metric.indexOf(m);
    return i < 0 ? '—' : formatNumber(ba.numbers(col)[i], 0);
  };
  const proj = Frame.readOptional(dir, 'halving_projection.csv');
  const tao = proj ? taoHalvings(proj) : [];
  return [
    { label: 'Halving in day', value: halving === null ? 'none in the window' : String(halving) },
    {
      label: 'TAO minted per day, before → after',
      value: `${val('tao_minted_per_day', 'before')} → ${val('tao_minted_per_day', 'after')}`,
    },
    {
      label: 'Alpha emitted per day, before → after',
      value: `${val('alpha_emitted_per_day', 'before')} → ${val('alpha_emitted_per_day', 'after')}`,
    },
    ...(tao.length ? [{ label: 'TAO halvings', value: tao.join('; ') }] : []),
  ];
}

export const halvingsReport: StudyReporter = {
  keyNumbers: halvingsKeyNumbers,
  charts: (dir) => [
    dailyChart(Frame.read(dir, 'halving_daily.csv')).chart,
    beforeAfterChart(Frame.read(dir, 'halving_before_after.csv')),
  ],
};
