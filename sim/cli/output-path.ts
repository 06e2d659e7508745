// Where a command writes its results (--out), checked before any work: an unusable path fails at
// once with one line (never a hang in a recursive mkdir, never a stack trace), and a finished
// result is replaced only when the user says --force. Nothing is created here.

import { existsSync, mkdirSync, rmdirSync, type Stats, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_NAME, REPORT_HTML_NAME, SWEEP_MANIFEST_NAME } from '../output/result-names.ts';
import { UsageError } from '../util/errors.ts';

/** The file whose presence means a results directory is finished, and what it is (written last). */
export const FINISHED_MARKERS: readonly (readonly [file: string, what: string])[] = [
  [MANIFEST_NAME, 'a finished run or study'],
  [SWEEP_MANIFEST_NAME, 'a finished sweep'],
  [REPORT_HTML_NAME, 'a finished report'],
];

export interface OutputCheck {
  /** Replace a finished result (the --force option). */
  force: boolean;
  /** A marker this command may find and continue from without --force (sweep --resume). */
  continues?: string;
  /** How the option is named in messages (default --out). */
  option?: string;
}

/** `dir` can hold a command's results: a directory (or creatable as one) that is not a finished result. */
export function checkOutputDir(dir: string, check: OutputCheck): void {
  const fail = failure(dir, check.option);
  const s = statOf(dir, fail);
  if (s && !s.isDirectory()) throw fail('exists and is not a directory');
  if (s && !check.force) {
    for (const [marker, what] of FINISHED_MARKERS) {
      if (marker !== check.continues && existsSync(join(dir, marker))) {
        throw fail(`holds ${what} (${marker}); pass --force to replace it, or choose another directory`);
      }
    }
  }
  probeWritable(s ? dir : nearestExisting(dir, fail), fail);
}

/** `file` can receive a command's output: a new regular file, or an existing one with --force. */
export function checkOutputFile(file: string, check: OutputCheck): void {
  const fail = failure(file, check.option);
  const s = statOf(file, fail);
  if (s?.isDirectory()) throw fail('is a directory');
  if (s && !s.isFile()) throw fail('is not a regular file');
  if (s && !check.force) throw fail('already exists; pass --force to replace it, or choose another file');
  const parent = dirname(file);
  const p = statOf(parent, fail);
  if (p && !p.isDirectory()) throw fail(`${parent} is not a directory`);
  probeWritable(p ? parent : nearestExisting(parent, fail), fail);
}

type Fail = (reason: string) => UsageError;

function failure(path: string, option = '--out'): Fail {
  return (reason) => new UsageError(`${option} ${path}: ${reason}`);
}

/** The path's stats; null if nothing is there (or a file stands where a directory should be). */
function statOf(path: string, fail: Fail): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw fail(reasonOf(e, path));
  }
}

/** The closest existing ancestor, which must be a directory: everything below it will be created. */
function nearestExisting(path: string, fail: Fail): string {
  let p = dirname(path);
  for (;;) {
    const s = statOf(p, fail);
    if (s) {
      if (!s.isDirectory()) throw fail(`${p} is not a directory`);
      return p;
    }
    p = dirname(p);
  }
}

/**
 * Make and remove an empty directory in `dir`: permissions alone do not tell (root may "write" to
 * /proc or /sys, where creating anything fails, and a recursive mkdir there retries forever).
 */
function probeWritable(dir: string, fail: Fail): void {
  const probe = join(dir, `.taosim-probe-${process.pid}`);
  try {
    mkdirSync(probe);
  } catch (e) {
    throw fail(reasonOf(e, dir));
  }
  rmdirSync(probe);
}

function reasonOf(e: unknown, where: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot write in ${where}: permission denied`;
    case 'EROFS':
      return `cannot write in ${where}: read-only file system`;
    case 'ENOSPC':
      return `cannot write in ${where}: no space left on the device`;
    default:
      return `cannot write in ${where}: the file system refuses (${code ?? (e as Error).message})`;
  }
}
