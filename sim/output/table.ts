// Result tables as CSV with one stable byte layout: the same rows give the same bytes on every
// machine, so output hashes can be compared across machines and worker counts.

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { fsyncDir, tmpPathFor } from './files.ts';

export type Cell = string | number | bigint | boolean | null;

export interface Table {
  /** File stem: the table is written as `<name>.csv`. */
  name: string;
  columns: string[];
  rows: Cell[][];
}

// '\n' always (not the platform's EOL); also quote a bare '\r', which csv-stringify leaves
// unquoted by default and which many readers take as a line end.
const CSV_OPTIONS = { record_delimiter: 'unix', quoted_match: /\r/ } as const;

/**
 * One cell as text. Integers are written in full digits (never 1e+21); other numbers by String(),
 * which ECMAScript defines as the shortest round-tripping form, identical on every platform.
 */
export function formatCell(v: Cell): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new Error(`cannot write ${v} to CSV`);
      return Number.isInteger(v) ? BigInt(v).toString() : String(v);
    default:
      if (v === null) return '';
      throw new Error(`cannot write a ${typeof v} to CSV`);
  }
}

function checkColumns(columns: string[]): void {
  if (columns.length === 0) throw new Error('a CSV table needs at least one column');
}

function formatRow(row: Cell[], columns: number, index: number): string[] {
  if (row.length !== columns) throw new Error(`row ${index} has ${row.length} cells for ${columns} columns`);
  return row.map(formatCell);
}

function csvLines(rows: string[][]): string {
  return rows.length === 0 ? '' : stringify(rows, CSV_OPTIONS);
}

/** The whole table as CSV text: header line, then one line per row, '\n' after each. */
export function formatCsv(table: Table): string {
  checkColumns(table.columns);
  const n = table.columns.length;
  return csvLines([table.columns, ...table.rows.map((r, i) => formatRow(r, n, i))]);
}

const FLUSH_ROWS = 4096;

/**
 * Streams a large table to `path` row by row. Everything goes to a hidden temporary file beside
 * it, renamed into place by close() after an fsync, so an interrupted run never leaves a partial
 * file under the final name. Call abort() to discard instead.
 */
export class CsvTableWriter {
  readonly path: string;
  private readonly tmp: string;
  private readonly columns: number;
  private readonly hash = createHash('sha256');
  private fd: number | null;
  private pending: string[][] = [];
  private rowsWritten = 0;
  private bytes = 0;

  constructor(path: string, columns: string[]) {
    checkColumns(columns);
    this.path = path;
    this.columns = columns.length;
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = tmpPathFor(path);
    this.fd = openSync(this.tmp, 'wx');
    this.pending.push([...columns]);
  }

  /** Cells are formatted now, so a bad value (NaN) throws here, naming its row. */
  writeRow(row: Cell[]): void {
    if (this.fd === null) throw new Error(`CSV writer for ${this.path} is closed`);
    this.pending.push(formatRow(row, this.columns, this.rowsWritten++));
    if (this.pending.length >= FLUSH_ROWS) this.flush();
  }

  /** Bytes written so far (the file's size once closed). */
  get bytesWritten(): number {
    return this.bytes;
  }

  /** Finish the file and move it under its final name; returns the sha256 (hex) of its bytes. */
  close(): string {
    if (this.fd === null) throw new Error(`CSV writer for ${this.path} is closed`);
    const fd = this.fd;
    try {
      this.flush();
      fsyncSync(fd);
      closeSync(fd);
      this.fd = null;
      renameSync(this.tmp, this.path);
    } catch (e) {
      this.abort();
      throw e;
    }
    fsyncDir(dirname(this.path));
    return this.hash.digest('hex');
  }

  /** Discard what was written; the final name is left untouched. Safe to call more than once. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by a failed close(): the temporary file still goes below
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    const chunk = Buffer.from(csvLines(this.pending), 'utf8');
    this.pending = [];
    this.hash.update(chunk);
    for (let off = 0; off < chunk.length; ) off += writeSync(this.fd, chunk, off);
    this.bytes += chunk.length;
  }
}
