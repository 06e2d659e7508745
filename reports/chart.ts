// A chart of the report: a Vega-Lite spec with its data inline (so charts/<name>.vl.json opens on
// its own in any Vega-Lite editor), a caption, and the rows it plots (written to tables/<name>.csv).

import type { TopLevelSpec } from 'vega-lite';
import type { Table } from '../sim/output/index.ts';

export type Value = number | string | boolean | null;
export type Row = Record<string, Value>;

export interface Chart {
  /** File stem: charts/<name>.svg, charts/<name>.vl.json, tables/<name>.csv. */
  name: string;
  title: string;
  /** One line under the chart: what to read from it. */
  caption: string;
  spec: TopLevelSpec;
  data: Table;
}

/** A chart its data cannot support: not drawn; the report says why in one line instead. */
export interface SkippedChart {
  name: string;
  title: string;
  /** What is missing, as a clause ("the run is … blocks, shorter than a day"). */
  reason: string;
}

export function isSkipped(c: Chart | SkippedChart): c is SkippedChart {
  return 'reason' in c;
}

/** Everything of a spec but its title and data, which chart() adds (Omit applied to each member of the union). */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type SpecBody = Without<TopLevelSpec, 'title' | 'data' | '$schema' | 'description'>;

/** One layer of a layered chart (for layers built apart from their spec). */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/**
 * Data for a layer drawn once (a reference line, a label): without it a layer inherits the chart's
 * rows and draws one copy per row.
 */
export const ONCE = { values: [{}] };

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fonts and sizes shared by every chart; the same on every machine (text width is estimated). */
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 14, anchor: 'start', offset: 10, limit: 900 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 220 },
  view: { stroke: '#cccccc' },
} as const;

/** A chart name from free text (a parameter, a metric): letters, digits, '_' and '-' only. */
export function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
}

export function chart(opts: {
  name: string;
  title: string;
  caption: string;
  columns: string[];
  rows: Row[];
  spec: SpecBody;
}): Chart {
  const { name, title, caption, columns, rows } = opts;
  const spec = {
    $schema: SCHEMA,
    title,
    description: caption,
    background: 'white',
    padding: 8,
    config: CONFIG,
    data: { values: rows },
    ...opts.spec,
  } as TopLevelSpec;
  return {
    name,
    title,
    caption,
    spec,
    data: { name, columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) },
  };
}
