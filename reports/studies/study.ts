// What each study's report module provides: its charts and headline numbers, from its tables.

import type { Chart } from '../chart.ts';
import type { Json } from '../input/detect.ts';
import type { KeyNumber } from '../report.ts';

export interface StudyReport {
  charts: Chart[];
  keyNumbers: KeyNumber[];
}

export type StudyReporter = (dir: string, config: Json) => StudyReport;

/** A number from the study's configuration, or `fallback` where the run recorded none. */
export function configNumber(config: Json, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

