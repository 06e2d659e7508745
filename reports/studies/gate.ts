// The Hill emission gate: how the TAO shares of the top subnets and the Gini of all shares grow
// with the exponent h, one line per bar rule, against the ungated shares; key numbers also from the
// bar-interval and pruning tables.

import type { Chart } from '../chart.ts';
import { formatCount, formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import { lineChart } from '../line-chart.ts';
import type { KeyNumber } from '../report.ts';
import { sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

interface GateRows {
  rule: string[];
  exponent: (number | null)[];
  top8: number[];
  top32: number[];
  gini: number[];
  below: number[];
  belowShare: number[];
  bar: number[];
}

function readGate(dir: string): GateRows {
  const f = Frame.read(dir, 'gate_concentration.csv');
  return {
    rule: f.str('bar_rule'),
    exponent: f.num('exponent'),
    top8: f.numbers('top8_tao_share'),
    top32: f.numbers('top32_tao_share'),
    gini: f.numbers('gini'),
    below: f.numbers('subnets_below_bar'),
    belowShare: f.numbers('below_bar_tao_share'),
    bar: f.numbers('bar'),
  };
}

const pct = (x: number) => `${formatNumber(100 * x, 1)} %`;

/** How stale the bar is at the chain's interval and at the longest one compared (the second table). */
function barIntervalKeyNumbers(dir: string): KeyNumber[] {
  const f = Frame.readOptional(dir, 'gate_bar_interval.csv');
  if (f === null || f.length === 0) return [];
  const interval = f.numbers('bar_interval_blocks');
  const error = f.numbers('mean_bar_error');
  const top8 = f.numbers('top8_tao_share');
  const last = interval.length - 1;
  return [
    {
      label: `Stored bar off the current one, every ${formatCount(interval[0])} → ${formatCount(interval[last])} blocks`,
      value: `${formatNumber(100 * error[0], 3)} % → ${formatNumber(100 * error[last], 2)} % (top-8 share ${pct(top8[0])} → ${pct(top8[last])})`,
    },
  ];
}

/** Time to pruning: the lowest-priced group's median, and from which rank at least half are pruned. */
function pruningKeyNumbers(dir: string): KeyNumber[] {
  const f = Frame.readOptional(dir, 'gate_pruning.csv');
  if (f === null || f.length === 0) return [];
  const from = f.numbers('price_rank_from');
  const to = f.numbers('price_rank_to');
  const share = f.numbers('pruned_share');
  const days = f.num('median_days_to_pruning');
  const last = f.length - 1;
  const half = share.findIndex((x) => x >= 0.5);
  const bottom = days[last] === null ? 'none pruned' : `${formatNumber(days[last] as number, 0)} days`;
  const halfText = half < 0 ? 'no rank group is half pruned' : `half or more pruned from rank ${from[half]}`;
  return [
    {
      label: `Median time to pruning, price ranks ${from[last]}–${to[last]} (queue always full)`,
      value: `${bottom}; ${halfText}`,
    },
  ];
}

function gateKeyNumbers(dir: string): KeyNumber[] {
  const g = readGate(dir);
  const none = g.rule.indexOf('none');
  // The chain's default (rank 32, h = 3) where the grid has it, else the first gated row.
  const chain = g.rule.findIndex((r, i) => r === 'rank 32' && g.exponent[i] === 3);
  const d = chain >= 0 ? chain : g.rule.findIndex((r) => r !== 'none');
  if (none < 0 || d < 0) return [];
  const label = `${g.rule[d]}, h ${g.exponent[d]}`;
  return [
    { label: `Top-8 TAO share, no gate → ${label}`, value: `${pct(g.top8[none])} → ${pct(g.top8[d])}` },
    { label: `Top-32 TAO share, no gate → ${label}`, value: `${pct(g.top32[none])} → ${pct(g.top32[d])}` },
    {
      label: `Gini of TAO shares, no gate → ${label}`,
      value: `${formatNumber(g.gini[none], 3)} → ${formatNumber(g.gini[d], 3)}`,
    },
    {
      label: `Subnets below the bar (θ ≈ ${formatNumber(g.bar[d], 4)}) and their TAO share`,
      value: `${formatNumber(g.below[d], 1)}, ${pct(g.belowShare[d])}`,
    },
    ...barIntervalKeyNumbers(dir),
    ...pruningKeyNumbers(dir),
  ];
}

function gateCharts(dir: string): Chart[] {
  const g = readGate(dir);
  const none = g.rule.indexOf('none');
  const gated = g.rule.map((_, i) => i).filter((i) => i !== none);
  const rows = gated.map((i) => ({
    bar_rule: g.rule[i],
    exponent: g.exponent[i],
    top8_tao_share: sig(g.top8[i]),
    top32_tao_share: sig(g.top32[i]),
    gini: sig(g.gini[i]),
  }));
  const columns = ['bar_rule', 'exponent', 'top8_tao_share', 'top32_tao_share', 'gini'];
  const x = { field: 'exponent', title: 'Hill exponent h', type: 'ordinal' } as const;
  const series = { field: 'bar_rule', title: 'Bar' };
  const ref = (v: number[]) => (none >= 0 ? [{ y: v[none], label: 'no gate' }] : []);
  const chartOf = (name: string, field: string, title: string, yTitle: string, v: number[], caption: string) =>
    lineChart({
      name,
      title,
      caption,
      columns,
      rows,
      x,
      y: { field, title: yTitle, format: '.0%' },
      series,
      refs: ref(v),
    });
  return [
    chartOf(
      'gate_top8_share',
      'top8_tao_share',
      'Emission gate: TAO share of the top 8 subnets',
      'Top-8 TAO share',
      g.top8,
      'TAO emission share of the 8 highest-priced subnets against the exponent h, one line per bar rule (rank N or share-mass quantile q); dashed: without the gate. Means over seeded lognormal price draws.',
    ),
    chartOf(
      'gate_top32_share',
      'top32_tao_share',
      'Emission gate: TAO share of the top 32 subnets',
      'Top-32 TAO share',
      g.top32,
      'TAO emission share of the 32 highest-priced subnets against h, one line per bar rule; dashed: without the gate.',
    ),
    lineChart({
      name: 'gate_gini',
      title: 'Emission gate: Gini of the subnets’ TAO shares',
      caption:
        'Gini coefficient of the TAO shares across subnets against h, one line per bar rule; dashed: without the gate.',
      columns,
      rows,
      x,
      y: { field: 'gini', title: 'Gini' },
      series,
      refs: ref(g.gini),
    }),
  ];
}

export const gateReport: StudyReporter = { keyNumbers: gateKeyNumbers, charts: gateCharts };
