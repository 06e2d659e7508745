// The chart most studies need: y against x, one line per series, optional dashed reference lines
// (par, a threshold) labelled at the right edge.

import { type Chart, chart, type Layer, ONCE, type Row } from './chart.ts';

export interface Axis {
  field: string;
  title: string;
  /** Default quantitative. */
  type?: 'quantitative' | 'ordinal';
  zero?: boolean;
  format?: string;
}

export interface Reference {
  y: number;
  label: string;
}

export interface LineChartOptions {
  name: string;
  title: string;
  caption: string;
  columns: string[];
  rows: Row[];
  x: Axis;
  y: Axis;
  /** One line per value of this field. */
  series?: { field: string; title: string; sort?: string[] };
  refs?: Reference[];
  width?: number;
  height?: number;
}

export function position(a: Axis) {
  const type = a.type ?? 'quantitative';
  return {
    field: a.field,
    type,
    title: a.title,
    ...(type === 'quantitative' ? { scale: { zero: a.zero ?? false, nice: true } } : {}),
    ...(a.format ? { axis: { format: a.format } } : {}),
  };
}

/** Dashed horizontal lines at given y values, each labelled just inside the right edge. */
export function referenceLayers(refs: Reference[], yTitle: string): Layer[] {
  return refs.flatMap((r): Layer[] => [
    {
      data: ONCE,
      mark: { type: 'rule', color: '#555555', strokeDash: [5, 4] },
      encoding: { y: { datum: r.y, type: 'quantitative', title: yTitle } },
    },
    {
      data: ONCE,
      mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -2, color: '#555555', fontSize: 10 },
      encoding: {
        x: { value: 'width' },
        y: { datum: r.y, type: 'quantitative', title: yTitle },
        text: { value: r.label },
      },
    },
  ]);
}

export function lineChart(o: LineChartOptions): Chart {
  const points = o.rows.length <= 120;
  return chart({
    name: o.name,
    title: o.title,
    caption: o.caption,
    columns: o.columns,
    rows: o.rows,
    spec: {
      width: o.width ?? 560,
      height: o.height ?? 260,
      layer: [
        {
          mark: { type: 'line', point: points },
          encoding: {
            x: position(o.x),
            y: position(o.y),
            ...(o.series
              ? {
                  color: {
                    field: o.series.field,
                    type: 'nominal',
                    title: o.series.title,
                    ...(o.series.sort ? { sort: o.series.sort } : {}),
                  },
                }
              : {}),
          },
        },
        ...referenceLayers(o.refs ?? [], o.y.title),
      ],
    },
  });
}
