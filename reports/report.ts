// What a report holds before it is rendered: a title, the key numbers, the charts.

import type { Chart, SkippedChart } from './chart.ts';

export interface KeyNumber {
  label: string;
  value: string;
}

export interface ReportContent {
  kind: 'run' | 'study' | 'sweep';
  title: string;
  /** One line under the title: what was run (and its content hash, so a report names its data). */
  subtitle: string;
  keyNumbers: KeyNumber[];
  charts: Chart[];
  /** Charts left out, each with one line saying what is missing. */
  skipped?: SkippedChart[];
}
