// File-level helpers shared by the table writer and the run manifest: hashing, directory fsync,
// temporary names and the rule for what an output file may be called.

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { MANIFEST_NAME } from './result-names.ts';

/** sha256 and size of one output file, as recorded in run.json. */
export interface FileEntry {
  sha256: string;
  bytes: number;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash a file in chunks, so outputs larger than memory (streamed tables) can be verified. */
export function hashFile(file: string): FileEntry {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, 'r');
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Make renames in `dir` durable before the next step relies on them (run.json must never reach the
 * disk before the files it describes). Some platforms (Windows) cannot fsync a directory: skipped.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR / EPERM / EINVAL where directories cannot be synced: nothing better to do.
  } finally {
    closeSync(fd);
  }
}

let tmpSeq = 0;
/** A hidden temporary name beside `file`, unique per process, thread and call. */
export function tmpPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${threadId}-${tmpSeq++}.tmp`);
}

/**
 * Output files live flat in the run directory: a plain name, no separators, not hidden (hidden
 * names are our temporary files), and never run.json itself.
 */
export function checkOutputName(name: string): void {
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.startsWith('.') ||
    /[/\\\0]/.test(name) ||
    name === MANIFEST_NAME
  ) {
    throw new Error(`invalid output file name ${JSON.stringify(name)}`);
  }
}

/** Sort by UTF-16 code units, never by locale: the order must be the same on every machine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
