// What a report holds before it is rendered: a title, the key numbers, the charts.

import type { Chart, SkippedChart } from './chart.ts';

export interface KeyNumber {
  label: string;
  value: string;
  /** Further columns where the report has several (a comparison: B, then B − A); see keyColumns. */
  more?: string[];
}

export interface ReportContent {
  kind: 'run' | 'study' | 'sweep' | 'comparison';
  title: string;
  /** One line under the title: what was run (and its content hash, so a report names its data). */
  subtitle: string;
  keyNumbers: KeyNumber[];
  /** Headings of the key numbers' value columns (value, then each of `more`); default: one, "value". */
  keyColumns?: string[];
  /** Sentences computed from the numbers, shown under the key numbers ("What changed"). */
  findings?: { title: string; sentences: string[] };
  charts: Chart[];
  /** Charts left out, each with one line saying what is missing. */
  skipped?: SkippedChart[];
}
