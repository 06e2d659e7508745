// A run's results directory: the output files, then run.json describing them (DESIGN.md,
// "Determinism"). run.json is written last, so its presence means the run finished; its
// contentHash depends only on the output bytes, so equal outputs give equal hashes anywhere.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { UsageError } from '../util/errors.ts';
import { formatJson, parseJson } from '../util/json.ts';
import { checkOutputName, compareNames, type FileEntry, fsyncDir, hashFile, sha256Hex } from './files.ts';
import { MANIFEST_NAME } from './result-names.ts';

export { MANIFEST_NAME };

import { formatCsv, type Table } from './table.ts';

export const RUN_FORMAT = 'taosim-run/v1';

export interface RunManifest {
  format: typeof RUN_FORMAT;
  taosimVersion: string;
  /** Informational only: not part of contentHash, so checkouts and tarballs hash alike. */
  gitCommit: string | null;
  seed: string | number;
  /** How the outputs were computed (epoch path, scoring backends): informational, not hashed. */
  execution?: Record<string, unknown>;
  /** What the run had to change in the scenario's random draws (e.g. a clipped pool); absent if nothing. */
  warnings?: string[];
  /** The resolved scenario as written (bigints become decimal strings in run.json). */
  scenario: unknown;
  /** A run from a state file: which starting values came from the file, were synthesised or assumed. */
  provenance?: unknown;
  /** Every output file except run.json, in code-unit order of name. */
  files: Record<string, FileEntry>;
  contentHash: string;
}

export interface RunOutputs {
  scenario: unknown;
  seed: string | number;
  tables: Table[];
  extraFiles?: { name: string; content: string }[];
  /** How the outputs were computed (epoch path, scoring backend): recorded, not hashed. */
  execution?: Record<string, unknown>;
  /** Recorded in run.json when there are any. */
  warnings?: string[];
  /** Recorded in run.json when given (runs from a state file). */
  provenance?: unknown;
  /**
   * Files already in `dir` (e.g. written by CsvTableWriter) to list in the manifest. They are
   * re-read and hashed here, so the manifest describes what is really on disk.
   */
  streamedFiles?: string[];
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let cachedVersion: string | undefined;
export function taosimVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  return cachedVersion;
}

let cachedCommit: string | null | undefined;
/** HEAD of the package's checkout, or null with no git or no repository: never an error. */
function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    cachedCommit = /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    cachedCommit = null;
  }
  return cachedCommit;
}

/** sha256 over `name \0 sha256 \n` per file in code-unit order of name. */
export function computeContentHash(files: Record<string, FileEntry>): string {
  const names = Object.keys(files).sort(compareNames);
  return sha256Hex(names.map((n) => `${n}\0${files[n].sha256}\n`).join(''));
}

/**
 * Prepare `dir` for a new run: create it and drop any run.json of an earlier run, so that files
 * streamed into it before writeRunDirectory are never vouched for by a stale manifest.
 */
export function startRunDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, MANIFEST_NAME), { force: true });
  fsyncDir(dir);
}

/**
 * Write every output atomically, then run.json last; returns the manifest written. Everything is
 * formatted and hashed before the directory is touched, so bad input (NaN, a duplicate name)
 * fails without disturbing an existing run.
 */
export function writeRunDirectory(dir: string, opts: RunOutputs): RunManifest {
  const outputs = [
    ...opts.tables.map((t) => ({ name: `${t.name}.csv`, content: formatCsv(t) })),
    ...(opts.extraFiles ?? []),
  ].map(({ name, content }) => ({ name, bytes: Buffer.from(content, 'utf8') })); // hash exactly the bytes written
  const streamed = opts.streamedFiles ?? [];
  const seen = new Set<string>();
  for (const name of [...outputs.map((o) => o.name), ...streamed]) {
    checkOutputName(name);
    if (seen.has(name)) throw new Error(`output file ${name} given twice`);
    seen.add(name);
  }

  const entries: [string, FileEntry][] = [
    ...outputs.map(({ name, bytes }): [string, FileEntry] => [name, { sha256: sha256Hex(bytes), bytes: bytes.length }]),
    ...streamed.map((name): [string, FileEntry] => [name, hashFile(join(dir, name))]),
  ];
  // fromEntries defines own properties, so even a file named __proto__ is listed, not swallowed.
  const files = Object.fromEntries(entries.sort(([a], [b]) => compareNames(a, b)));
  const manifest: RunManifest = {
    format: RUN_FORMAT,
    taosimVersion: taosimVersion(),
    gitCommit: gitCommit(),
    seed: opts.seed,
    ...(opts.execution ? { execution: opts.execution } : {}),
    ...(opts.warnings?.length ? { warnings: opts.warnings } : {}),
    scenario: opts.scenario,
    ...(opts.provenance ? { provenance: opts.provenance } : {}),
    files,
    contentHash: computeContentHash(files),
  };
  const manifestText = `${formatJson(manifest)}\n`;

  startRunDirectory(dir); // a run.json left by an earlier run would vouch for files we replace
  for (const { name, bytes } of outputs) writeFileAtomic(join(dir, name), bytes);
  fsyncDir(dir); // the outputs are durable before run.json can be
  writeFileAtomic(join(dir, MANIFEST_NAME), manifestText);
  fsyncDir(dir);
  return manifest;
}

/** The manifest of a finished run; a UsageError if the run is incomplete or run.json is bad. */
export function readRunManifest(dir: string): RunManifest {
  const file = join(dir, MANIFEST_NAME);
  if (!existsSync(file)) {
    throw new UsageError(existsSync(dir) ? `incomplete run: no run.json in ${dir}` : `no run directory ${dir}`);
  }
  const m = parseJson(readFileSync(file, 'utf8'), file);
  const bad = (path: string, expected: string) => new UsageError(`expected ${expected}`, file, path);
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw bad('$', 'an object');
  const r = m as Record<string, unknown>;
  if (r.format !== RUN_FORMAT) throw bad('format', JSON.stringify(RUN_FORMAT));
  if (typeof r.taosimVersion !== 'string') throw bad('taosimVersion', 'a string');
  if (r.gitCommit !== null && typeof r.gitCommit !== 'string') throw bad('gitCommit', 'a string or null');
  if (typeof r.seed !== 'string' && typeof r.seed !== 'number') throw bad('seed', 'a string or number');
  if (typeof r.contentHash !== 'string' || !/^[0-9a-f]{64}$/.test(r.contentHash)) {
    throw bad('contentHash', 'a sha256 hex string');
  }
  if (r.files === null || typeof r.files !== 'object' || Array.isArray(r.files)) throw bad('files', 'an object');
  for (const [name, e] of Object.entries(r.files as Record<string, unknown>)) {
    const path = `files.${name}`;
    try {
      checkOutputName(name); // never let a manifest point outside its directory
    } catch {
      throw bad(path, 'a plain file name');
    }
    const entry = e as Partial<FileEntry> | null;
    if (typeof entry?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw bad(`${path}.sha256`, 'a sha256 hex string');
    }
    if (!Number.isSafeInteger(entry.bytes) || (entry.bytes as number) < 0) throw bad(`${path}.bytes`, 'a byte count');
  }
  return m as RunManifest;
}

export interface RunVerification {
  /** True when every listed file is present with its recorded hash and contentHash matches. */
  ok: boolean;
  manifest: RunManifest;
  missing: string[];
  mismatched: { name: string; expected: FileEntry; actual: FileEntry }[];
  /** Whether the manifest's contentHash agrees with its own file list. */
  contentHashOk: boolean;
  /** Whether this version of taosim wrote it (a run from another version may differ in any byte). */
  versionOk: boolean;
  /** Files in the directory that run.json does not list (informational; does not affect ok). */
  unlisted: string[];
}

/** Re-hash every file run.json lists and report what no longer matches. */
export function verifyRunDirectory(dir: string): RunVerification {
  const manifest = readRunManifest(dir);
  const missing: string[] = [];
  const mismatched: RunVerification['mismatched'] = [];
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = join(dir, name);
    if (!existsSync(file)) {
      missing.push(name);
      continue;
    }
    const actual = hashFile(file);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes)
      mismatched.push({ name, expected, actual });
  }
  const contentHashOk = computeContentHash(manifest.files) === manifest.contentHash;
  const unlisted = readdirSync(dir)
    .filter((n) => n !== MANIFEST_NAME && !n.startsWith('.') && !Object.hasOwn(manifest.files, n))
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort(compareNames);
  const versionOk = manifest.taosimVersion === taosimVersion();
  return {
    ok: missing.length === 0 && mismatched.length === 0 && contentHashOk && versionOk,
    manifest,
    missing,
    mismatched,
    contentHashOk,
    versionOk,
    unlisted,
  };
}
