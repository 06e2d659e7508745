// A sweep's summary.csv, read: the swept parameter columns (everything before `metric`), then one
// row per parameter combination and metric with the mean over replicates and its 95 % interval.

import { join } from 'node:path';
import { UsageError } from '../../sim/util/errors.ts';
import { Frame } from '../input/frame.ts';
import { distinct } from '../stats.ts';

export const STAT_COLUMNS = ['metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'min', 'max'];

export interface SweepCell {
  /** Parameter values as written (numbers, booleans or words). */
  params: string[];
  metric: string;
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface SweepSummary {
  params: string[];
  metrics: string[];
  cells: SweepCell[];
  /** Per parameter: whether every value is a number (a continuous axis) or not (categories). */
  numeric: boolean[];
  /** Per parameter: its distinct values, sorted. */
  values: string[][];
}

export function readSweepSummary(dir: string): SweepSummary {
  const f = Frame.read(dir, 'summary.csv');
  const m = f.columns.indexOf('metric');
  if (m < 1) throw new UsageError('expected the swept parameter columns, then "metric"', join(dir, 'summary.csv'));
  for (const c of STAT_COLUMNS) f.index(c); // a UsageError naming the missing column
  const params = f.columns.slice(0, m);
  const cols = params.map((p) => f.str(p));
  const [metric, n, mean, low, high] = [
    f.str('metric'),
    f.numbers('n'),
    f.num('mean'),
    f.num('ci95_low'),
    f.num('ci95_high'),
  ];
  const cells = metric.map((mt, i) => ({
    params: cols.map((c) => c[i]),
    metric: mt,
    n: n[i],
    mean: mean[i],
    low: low[i],
    high: high[i],
  }));
  const numeric = cols.map((c) => c.every((v) => v !== '' && Number.isFinite(Number(v))));
  const values = cols.map((c, k) => distinct(c).sort(numeric[k] ? (a, b) => Number(a) - Number(b) : undefined));
  return { params, metrics: distinct(metric), cells, numeric, values };
}
