// sim/output: CSV bytes, the run manifest and its content hash, write order, verification.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  CsvTableWriter,
  formatCsv,
  readRunManifest,
  startRunDirectory,
  type Table,
  verifyRunDirectory,
  writeRunDirectory,
} from '../sim/output/index.ts';
import { writeFileAtomic } from '../sim/util/atomic-write.ts';
import { UsageError } from '../sim/util/errors.ts';

// Record every atomic write (and which files exist at that moment) without changing what it does.
const writes: { file: string; dirBefore: string[] }[] = [];
vi.mock('../sim/util/atomic-write.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../sim/util/atomic-write.ts')>();
  const { dirname } = await import('node:path');
  const fs = await import('node:fs');
  return {
    writeFileAtomic: vi.fn((file: string, data: string | Uint8Array) => {
      writes.push({ file, dirBefore: fs.existsSync(dirname(file)) ? fs.readdirSync(dirname(file)).sort() : [] });
      real.writeFileAtomic(file, data);
    }),
  };
});

const root = mkdtempSync(join(tmpdir(), 'taosim-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => join(root, `d${dirCount++}`);

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

const epochs: Table = {
  name: 'subnet_epochs',
  columns: ['uid', 'stake', 'name', 'active', 'note', 'ratio'],
  rows: [
    [0, 9007199254740993n, 'a,b', true, null, 0.5],
    [1, 2n ** 64n, 'say "hi"', false, '', 1e21],
    [2, -5n, 'two\nlines', true, 'cr\rhere', 0.1 + 0.2],
  ],
};
const expectedEpochsCsv =
  'uid,stake,name,active,note,ratio\n' +
  '0,9007199254740993,"a,b",true,,0.5\n' +
  '1,18446744073709551616,"say ""hi""",false,,1000000000000000000000\n' +
  '2,-5,"two\nlines",true,"cr\rhere",0.30000000000000004\n';

const prices: Table = {
  name: 'prices',
  columns: ['block', 'tao_usd'],
  rows: [
    [1, 412.25],
    [2, -0],
  ],
};
const scenario = {
  name: 'two subnets',
  blocks: 7200n * 365n,
  issuance: 12_000_000_000_000_000n,
  nested: { tempo: 360 },
};
const outputs = () => ({
  scenario,
  seed: 'root-seed-1',
  tables: [epochs, prices],
  extraFiles: [{ name: 'notes.txt', content: 'zürich\n' }],
});

/** The content hash as the manifest defines it, recomputed from the bytes on disk. */
function recomputeContentHash(dir: string): string {
  const names = readdirSync(dir)
    .filter((n) => n !== 'run.json')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(names.map((n) => `${n}\0${sha256(readFileSync(join(dir, n)))}\n`).join(''));
}

describe('formatCsv', () => {
  it('writes exact bytes: bigint beyond 2^53, quoting, booleans, null, numbers', () => {
    expect(formatCsv(epochs)).toBe(expectedEpochsCsv);
    expect(formatCsv(prices)).toBe('block,tao_usd\n1,412.25\n2,0\n');
  });

  it('writes the header alone for a table with no rows', () => {
    expect(formatCsv({ name: 'x', columns: ['a', 'b,c'], rows: [] })).toBe('a,"b,c"\n');
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s', (x) => {
    expect(() => formatCsv({ name: 'x', columns: ['v'], rows: [[x]] })).toThrow(/cannot write/);
  });

  it('rejects a row of the wrong width', () => {
    expect(() => formatCsv({ name: 'x', columns: ['a', 'b'], rows: [[1]] })).toThrow(/row 0 has 1 cells for 2 columns/);
  });
});

describe('writeRunDirectory', () => {
  it('gives byte-identical files and the same content hash when run twice', () => {
    const a = freshDir();
    const b = freshDir();
    const ma = writeRunDirectory(a, outputs());
    const mb = writeRunDirectory(b, outputs());
    const names = readdirSync(a).sort();
    expect(names).toEqual(['notes.txt', 'prices.csv', 'run.json', 'subnet_epochs.csv']);
    expect(readdirSync(b).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(b, n)).equals(readFileSync(join(a, n)))).toBe(true);
    expect(readFileSync(join(a, 'subnet_epochs.csv'), 'utf8')).toBe(expectedEpochsCsv);

    // The hash follows from the output bytes alone: recomputed independently, and locked here so a
    // change in formatting on any machine shows up as a failure (also checked with printf + sha256sum).
    expect(ma.contentHash).toBe(mb.contentHash);
    expect(ma.contentHash).toBe(recomputeContentHash(a));
    expect(ma.contentHash).toBe('2c615d19d8836ecb70cf9bc621bf210633b99f1947cb4e5c1f8f55ee24c5c2ae');
  });

  it('writes run.json with the manifest fields, files in sorted order', () => {
    const dir = freshDir();
    const written = writeRunDirectory(dir, outputs());
    const m = readRunManifest(dir);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(m.format).toBe('taosim-run/v1');
    expect(m.taosimVersion).toBe(pkg.version);
    expect(m.gitCommit === null || /^[0-9a-f]{40}$/.test(m.gitCommit)).toBe(true);
    expect(m.seed).toBe('root-seed-1');
    expect(m.scenario).toEqual({
      name: 'two subnets',
      blocks: '2628000',
      issuance: '12000000000000000',
      nested: { tempo: 360 },
    });
    expect(Object.keys(m.files)).toEqual(['notes.txt', 'prices.csv', 'subnet_epochs.csv']);
    const csv = readFileSync(join(dir, 'subnet_epochs.csv'));
    expect(m.files['subnet_epochs.csv']).toEqual({ sha256: sha256(csv), bytes: csv.length });
    expect(m.files['notes.txt'].bytes).toBe(8); // ü is two bytes in UTF-8
    expect(m.contentHash).toBe(written.contentHash);
    expect(readFileSync(join(dir, 'run.json'), 'utf8').endsWith('}\n')).toBe(true);
  });

  it('writes run.json last, after every output is in place', () => {
    const dir = freshDir();
    writes.length = 0;
    writeRunDirectory(dir, outputs());
    const names = writes.map((w) => w.file.slice(dir.length + 1));
    expect(names.at(-1)).toBe('run.json');
    expect(names.slice(0, -1).sort()).toEqual(['notes.txt', 'prices.csv', 'subnet_epochs.csv']);
    expect(writes.at(-1)!.dirBefore).toEqual(['notes.txt', 'prices.csv', 'subnet_epochs.csv']);
  });

  it('removes an earlier run.json before replacing the outputs', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    writes.length = 0;
    writeRunDirectory(dir, { ...outputs(), seed: 2 });
    expect(writes[0].dirBefore).not.toContain('run.json');
    expect(readRunManifest(dir).seed).toBe(2);
  });

  it('fails on bad input before touching an existing run', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    const before = readFileSync(join(dir, 'run.json'));
    const bad = { name: 'subnet_epochs', columns: ['v'], rows: [[NaN]] };
    expect(() => writeRunDirectory(dir, { ...outputs(), tables: [bad] })).toThrow(/NaN/);
    expect(() => writeRunDirectory(dir, { ...outputs(), tables: [prices, prices] })).toThrow(/given twice/);
    expect(() => writeRunDirectory(dir, { ...outputs(), extraFiles: [{ name: '../x', content: '' }] })).toThrow(
      /invalid/,
    );
    expect(() => writeRunDirectory(dir, { ...outputs(), extraFiles: [{ name: 'run.json', content: '' }] })).toThrow(
      /invalid/,
    );
    expect(readFileSync(join(dir, 'run.json')).equals(before)).toBe(true);
    expect(verifyRunDirectory(dir).ok).toBe(true);
  });
});

describe('readRunManifest', () => {
  it('reports a directory without run.json as an incomplete run', () => {
    const dir = freshDir();
    writeFileAtomic(join(dir, 'subnet_epochs.csv'), expectedEpochsCsv);
    expect(() => readRunManifest(dir)).toThrow(UsageError);
    expect(() => readRunManifest(dir)).toThrow(`incomplete run: no run.json in ${dir}`);
  });

  it('reports an unparsable or malformed run.json as a UsageError naming it', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    const file = join(dir, 'run.json');
    writeFileSync(file, '{"format": ');
    expect(() => readRunManifest(dir)).toThrow(UsageError);
    expect(() => readRunManifest(dir)).toThrow(/not valid JSON/);
    writeFileSync(file, JSON.stringify({ format: 'other' }));
    try {
      readRunManifest(dir);
      expect.unreachable();
    } catch (e) {
      expect((e as UsageError).format()).toBe(`${file}: at format: expected "taosim-run/v1"`);
    }
  });
});

describe('verifyRunDirectory', () => {
  it('accepts an untouched run', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    const v = verifyRunDirectory(dir);
    expect(v).toMatchObject({ ok: true, missing: [], mismatched: [], contentHashOk: true, unlisted: [] });
  });

  it('detects a modified CSV, a missing file and a file the manifest does not list', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    writeFileSync(join(dir, 'prices.csv'), 'block,tao_usd\n1,412.26\n2,0\n');
    rmSync(join(dir, 'notes.txt'));
    writeFileSync(join(dir, 'stray.csv'), 'x\n');
    const v = verifyRunDirectory(dir);
    expect(v.ok).toBe(false);
    expect(v.mismatched.map((m) => m.name)).toEqual(['prices.csv']);
    expect(v.mismatched[0].actual.sha256).toBe(sha256('block,tao_usd\n1,412.26\n2,0\n'));
    expect(v.missing).toEqual(['notes.txt']);
    expect(v.unlisted).toEqual(['stray.csv']);
  });

  it('detects a manifest whose content hash does not match its file list', () => {
    const dir = freshDir();
    writeRunDirectory(dir, outputs());
    const file = join(dir, 'run.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/"contentHash": "[0-9a-f]+"/, `"contentHash": "${'0'.repeat(64)}"`),
    );
    expect(verifyRunDirectory(dir)).toMatchObject({ ok: false, contentHashOk: false, mismatched: [] });
  });
});

describe('CsvTableWriter', () => {
  it('leaves nothing under the final name until close(), then the same bytes as formatCsv', () => {
    const dir = freshDir();
    const path = join(dir, 'subnet_epochs.csv');
    const w = new CsvTableWriter(path, epochs.columns);
    for (const row of epochs.rows) w.writeRow(row);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).every((n) => n.startsWith('.') && n.endsWith('.tmp'))).toBe(true);
    const hash = w.close();
    expect(readFileSync(path, 'utf8')).toBe(expectedEpochsCsv);
    expect(hash).toBe(sha256(expectedEpochsCsv));
    expect(w.bytesWritten).toBe(Buffer.byteLength(expectedEpochsCsv));
    expect(readdirSync(dir)).toEqual(['subnet_epochs.csv']);
    expect(() => w.writeRow(epochs.rows[0])).toThrow(/closed/);
  });

  it('streams many rows across flushes and matches formatCsv', () => {
    const dir = freshDir();
    const rows = Array.from({ length: 10_000 }, (_, i) => [i, BigInt(i) * 10n ** 15n, i / 7]);
    const w = new CsvTableWriter(join(dir, 'big.csv'), ['i', 'rao', 'x']);
    for (const r of rows) w.writeRow(r);
    const hash = w.close();
    const expected = formatCsv({ name: 'big', columns: ['i', 'rao', 'x'], rows });
    expect(readFileSync(join(dir, 'big.csv'), 'utf8')).toBe(expected);
    expect(hash).toBe(sha256(expected));
  });

  it('abort() leaves neither the final file nor the temporary one', () => {
    const dir = freshDir();
    const w = new CsvTableWriter(join(dir, 't.csv'), ['v']);
    w.writeRow([1]);
    expect(() => w.writeRow([NaN])).toThrow(/NaN/);
    w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('joins a run directory through streamedFiles, with the same content hash as an in-memory table', () => {
    const streamedDir = freshDir();
    startRunDirectory(streamedDir);
    const w = new CsvTableWriter(join(streamedDir, 'subnet_epochs.csv'), epochs.columns);
    for (const row of epochs.rows) w.writeRow(row);
    w.close();
    const { tables: _, ...rest } = outputs();
    const m = writeRunDirectory(streamedDir, { ...rest, tables: [prices], streamedFiles: ['subnet_epochs.csv'] });
    const m2 = writeRunDirectory(freshDir(), outputs());
    expect(m.files).toEqual(m2.files);
    expect(m.contentHash).toBe(m2.contentHash);
    expect(verifyRunDirectory(streamedDir).ok).toBe(true);
  });
});
