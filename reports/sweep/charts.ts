// Sweep charts: each metric against each swept parameter (mean, 95 % band), and a heatmap of the
// mean over the grid when exactly two parameters are swept.

import { type Chart, chart, type Layer, type Row, slug } from '../chart.ts';
import { sig } from '../stats.ts';
import type { SweepSummary } from './summary.ts';
import { metricTitle, paramTitle } from './units.ts';

/** Beyond this many combinations of the other parameters, lines are averaged over them. */
const MAX_SERIES = 6;

export function metricAgainstParam(s: SweepSummary, metric: string, k: number): Chart {
  const param = s.params[k];
  const others = s.params.map((_, j) => j).filter((j) => j !== k);
  const cells = s.cells.filter((c) => c.metric === metric);
  const label = (c: (typeof cells)[number]) =>
    others.map((j) => `${s.params[j]} = ${c.params[j]}`).join(', ') || 'all runs';
  const series = new Set(cells.map(label));
  const averaged = series.size > MAX_SERIES;
  const xValue = (v: string) => (s.numeric[k] ? Number(v) : v);
  let rows: Row[];
  if (!averaged) {
    rows = cells.map((c) => ({
      [param]: xValue(c.params[k]),
      series: label(c),
      mean: sig(c.mean),
      ci95_low: sig(c.low),
      ci95_high: sig(c.high),
      n: c.n,
    }));
  } else {
    // Too many lines to read: the mean over the other parameters' combinations, band likewise.
    rows = s.values[k].map((v) => {
      const at = cells.filter((c) => c.params[k] === v);
      const avg = (f: (c: (typeof at)[number]) => number | null) => {
        const xs = at.map(f).filter((x): x is number => x !== null);
        return xs.length ? sig(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
      };
      return {
        [param]: xValue(v),
        series: `mean over ${series.size} combinations`,
        mean: avg((c) => c.mean),
        ci95_low: avg((c) => c.low),
        ci95_high: avg((c) => c.high),
        n: at.reduce((a, c) => a + c.n, 0),
      };
    });
  }
  // Field names with dots are paths to Vega: escaped, "validators.noise" stays one field.
  const field = param.replace(/\./g, '\\.');
  const x = s.numeric[k]
    ? ({ field, type: 'quantitative', title: paramTitle(param), scale: { zero: false } } as const)
    : ({ field, type: 'ordinal', title: paramTitle(param), sort: s.values[k], axis: { labelAngle: 0 } } as const);
  const yTitle = metricTitle(metric);
  const color =
    series.size > 1 && !averaged
      ? { color: { field: 'series', type: 'nominal', title: 'Other parameters' } as const }
      : {};
  const band: Layer = s.numeric[k]
    ? {
        mark: { type: 'area', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'ci95_low', type: 'quantitative', title: yTitle },
          y2: { field: 'ci95_high' },
          ...color,
        },
      }
    : {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'ci95_low', type: 'quantitative', title: yTitle },
          y2: { field: 'ci95_high' },
          ...color,
        },
      };
  return chart({
    name: `sweep_${slug(metric)}_vs_${slug(param)}`,
    title: `${metric} against ${param}`,
    caption:
      `Mean of ${metric} over replicates (line) with its 95 % confidence interval (${s.numeric[k] ? 'band' : 'bars'}) for each value of ${param}` +
      (averaged
        ? `, averaged over the ${series.size} combinations of the other parameters.`
        : others.length
          ? ', one line per combination of the other parameters.'
          : '.'),
    columns: [param, 'series', 'mean', 'ci95_low', 'ci95_high', 'n'],
    rows,
    spec: {
      width: 480,
      height: 240,
      layer: [
        band,
        {
          mark: { type: 'line', point: true },
          encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } }, ...color },
        },
      ],
    },
  });
}

export function heatmap(s: SweepSummary, metric: string): Chart {
  const [p, q] = s.params;
  const rows: Row[] = s.cells
    .filter((c) => c.metric === metric)
    .map((c) => ({ x: c.params[0], y: c.params[1], mean: sig(c.mean), n: c.n }));
  const axis = (field: 'x' | 'y', k: number) =>
    ({ field, type: 'ordinal', title: paramTitle(s.params[k]), sort: s.values[k], axis: { labelAngle: 0 } }) as const;
  // Labels dark on the light (high) half of viridis, white on the dark half.
  const means = rows.map((r) => r.mean).filter((v): v is number => typeof v === 'number');
  const mid = means.length ? (Math.min(...means) + Math.max(...means)) / 2 : 0;
  return chart({
    name: `sweep_${slug(metric)}_heatmap`,
    title: `${metric} over ${p} × ${q}`,
    caption: `Mean of ${metric} over replicates for each combination of ${p} (across) and ${q} (down); the number in each cell is the mean.`,
    columns: ['x', 'y', 'mean', 'n'],
    rows,
    spec: {
      width: Math.max(320, 56 * s.values[0].length),
      height: Math.max(160, 32 * s.values[1].length),
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            x: axis('x', 0),
            y: axis('y', 1),
            color: { field: 'mean', type: 'quantitative', title: metricTitle(metric), scale: { scheme: 'viridis' } },
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            x: axis('x', 0),
            y: axis('y', 1),
            text: { field: 'mean', type: 'quantitative', format: '.3~g' },
            color: { condition: { test: `datum.mean > ${mid}`, value: 'black' }, value: 'white' },
          },
        },
      ],
    },
  });
}
