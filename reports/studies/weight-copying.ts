// Weight copying: the copier's relative dividend rate G against the commit-reveal period.

import type { Chart } from '../chart.ts';
import { formatNumber } from '../format.ts';
import type { Json } from '../input/detect.ts';
import { Frame } from '../input/frame.ts';
import { lineChart } from '../line-chart.ts';
import type { KeyNumber } from '../report.ts';
import { sig } from '../stats.ts';
import { configNumber, type StudyReporter } from './study.ts';

const onOff = (v: string) => (v === 'true' ? 'on' : v === 'false' ? 'off' : v);

/** G by reveal period: the range over the other swept settings, at the shortest and longest period. */
function readG(dir: string, config: Json) {
  const f = Frame.read(dir, 'weight_copying_summary.csv');
  const reveal = f.numbers('reveal_period_epochs');
  const g = f.numbers('mean_relative_dividend_rate');
  const at = (r: number) => g.filter((_, i) => reveal[i] === r);
  return {
    f,
    reveal,
    g,
    at,
    lo: Math.min(...reveal),
    hi: Math.max(...reveal),
    range: (xs: number[]) => `${formatNumber(Math.min(...xs), 3)}–${formatNumber(Math.max(...xs), 3)}`,
    take: configNumber(config, 'take', 0.18),
  };
}

function weightCopyingKeyNumbers(dir: string, config: Json): KeyNumber[] {
  const { f, at, lo, hi, range, take } = readG(dir, config);
  return [
    { label: `G without delay (reveal ${lo})`, value: range(at(lo)) },
    { label: `G at reveal period ${hi}`, value: range(at(hi)) },
    { label: 'Configurations', value: String(f.length) },
    { label: 'Validator take', value: formatNumber(take, 2) },
  ];
}

function weightCopyingCharts(dir: string, config: Json): Chart[] {
  const { f, reveal, g, at, lo, hi, range, take } = readG(dir, config);
  const la = f.str('liquid_alpha');
  const y3 = f.str('yuma3');
  const drift = f.str('quality_drift');
  const rows = reveal.map((r, i) => ({
    reveal_period_epochs: r,
    series: `drift ${drift[i]}, liquid alpha ${onOff(la[i])}, Yuma3 ${onOff(y3[i])}`,
    quality_drift: Number(drift[i]),
    liquid_alpha: la[i],
    yuma3: y3[i],
    relative_dividend_rate: sig(g[i]),
  }));
  return [
    lineChart({
      name: 'weight_copying_g',
      title: "A weight copier's relative dividend rate against the commit-reveal period",
      caption:
        `G = the copier's dividends per unit of stake over the median honest validator's; above 1 copying pays. ` +
        `G is ${range(at(lo))} at a reveal period of ${lo} epochs and ${range(at(hi))} at ${hi}; dashed: par (1) and 1 − take (${formatNumber(1 - take, 2)}).`,
      columns: ['reveal_period_epochs', 'series', 'quality_drift', 'liquid_alpha', 'yuma3', 'relative_dividend_rate'],
      rows,
      x: { field: 'reveal_period_epochs', title: 'Commit-reveal period (epochs)', zero: true },
      y: { field: 'relative_dividend_rate', title: 'Relative dividend rate G (× median honest)' },
      series: { field: 'series', title: 'Quality drift, liquid alpha, Yuma3' },
      refs: [
        { y: 1, label: 'par: copying neither pays nor costs' },
        { y: 1 - take, label: `1 − take (${formatNumber(1 - take, 2)})` },
      ],
    }),
  ];
}

export const weightCopyingReport: StudyReporter = { keyNumbers: weightCopyingKeyNumbers, charts: weightCopyingCharts };
