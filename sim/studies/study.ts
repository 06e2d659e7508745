// What a study is: a question, its configuration format and defaults, and the function producing its
// tables. Each study module exports its own definition; the one registry of studies (joined with
// their reports) is reports/studies/index.ts.

import type { Table } from '../output/index.ts';

export interface Study {
  name: string;
  question: string;
  format: string;
  defaults: Record<string, number | string | boolean | number[] | boolean[] | string[]>;
  /** What run()'s onProgress counts (plural), for progress lines. */
  progressUnit: string;
  run(config: never, onProgress?: (done: number, total: number) => void): Table[];
}
