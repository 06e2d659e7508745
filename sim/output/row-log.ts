// A results table's rows as a run appends them (a row a subnet epoch, a row a day, …). Rows are only
// ever added and never changed once added, which is what lets a checkpoint write each row once, to
// its rows file (run/checkpoint-rows.ts), instead of every row again in every checkpoint.

import type { Cell } from './table.ts';

export class RowLog {
  readonly rows: Cell[][] = [];

  /** The table's name, unique within a run (its checkpoint's rows file files the rows under it). */
  constructor(readonly name: string) {}

  /** Appends a row; it must not be changed afterwards. */
  push(row: Cell[]): void {
    this.rows.push(row);
  }
}
