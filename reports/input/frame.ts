// One CSV table of a results directory, read by column. A missing column or a cell that is not a
// number where one is expected is a UsageError naming the file and the column: the report reads
// files a user may have edited or produced with another version.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../sim/util/errors.ts';
import { parseCsv } from './csv.ts';

export class Frame {
  private constructor(
    /** Path, for error messages. */
    readonly file: string,
    readonly columns: string[],
    readonly rows: string[][],
  ) {}

  /** Read `name` from `dir`; a UsageError if it is missing or malformed. */
  static read(dir: string, name: string): Frame {
    const file = join(dir, name);
    if (!existsSync(file)) throw new UsageError(`missing table ${name}`, dir);
    let records: string[][];
    try {
      records = parseCsv(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new UsageError(`not a valid CSV table: ${(e as Error).message}`, file);
    }
    if (records.length === 0) throw new UsageError('empty file: expected a header line', file);
    const [columns, ...rows] = records;
    rows.forEach((r, i) => {
      if (r.length !== columns.length) {
        throw new UsageError(`line ${i + 2} has ${r.length} cells for ${columns.length} columns`, file);
      }
    });
    return new Frame(file, columns, rows);
  }

  /** Read `name` from `dir` if it exists, else null. */
  static readOptional(dir: string, name: string): Frame | null {
    return existsSync(join(dir, name)) ? Frame.read(dir, name) : null;
  }

  get length(): number {
    return this.rows.length;
  }

  has(column: string): boolean {
    return this.columns.includes(column);
  }

  index(column: string): number {
    const i = this.columns.indexOf(column);
    if (i < 0) throw new UsageError(`no column "${column}" (columns: ${this.columns.join(', ')})`, this.file);
    return i;
  }

  /** A column as text. */
  str(column: string): string[] {
    const i = this.index(column);
    return this.rows.map((r) => r[i]);
  }

  /** A numeric column; empty cells are null (e.g. "no solution" in a study table). */
  num(column: string): (number | null)[] {
    const i = this.index(column);
    return this.rows.map((r, k) => {
      const s = r[i];
      if (s === '') return null;
      const v = Number(s);
      if (!Number.isFinite(v))
        throw new UsageError(`line ${k + 2}: expected a number in "${column}", got "${s}"`, this.file);
      return v;
    });
  }

  /** A numeric column that must have no empty cells. */
  numbers(column: string): number[] {
    return this.num(column).map((v, k) => {
      if (v === null) throw new UsageError(`line ${k + 2}: empty cell in "${column}"`, this.file);
      return v;
    });
  }

  /** An integer column read exactly (RAO amounts exceed 2^53). */
  bigints(column: string): bigint[] {
    return this.str(column).map((s, k) => {
      if (!/^-?\d+$/.test(s))
        throw new UsageError(`line ${k + 2}: expected an integer in "${column}", got "${s}"`, this.file);
      return BigInt(s);
    });
  }
}
