// What each study's report module provides: its headline numbers and its charts, from its tables.
// The key numbers are one function per study, shared by the report and by `taosim study`'s printout.

import type { Chart } from '../chart.ts';
import type { Json } from '../input/detect.ts';
import type { KeyNumber } from '../report.ts';

export interface StudyReporter {
  /** The finding in a few numbers: what the report leads with and what `taosim study` prints. */
  keyNumbers(dir: string, config: Json): KeyNumber[];
  charts(dir: string, config: Json): Chart[];
}

/** A number from the study's configuration, or `fallback` where the run recorded none. */
export function configNumber(config: Json, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
