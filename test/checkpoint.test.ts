// Checkpoints: a run saved and restored at any block continues to exactly the same outputs; a
// damaged checkpoint or one from another taosim version is refused with a clear message.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { RowLog } from '../sim/output/index.ts';
import { formatCsv } from '../sim/output/table.ts';
import { checkpointPath, readCheckpoint, writeCheckpoint } from '../sim/run/checkpoint.ts';
import { rowsPath } from '../sim/run/checkpoint-rows.ts';
import { type ActiveRun, advanceRun, finishRun, startRun } from '../sim/run/run-scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { RICH_SCENARIOS } from './helpers/rich-scenarios.ts';

const digest = (run: ActiveRun) => {
  const r = finishRun(run);
  const h = createHash('sha256');
  for (const t of r.tables) h.update(`${t.name}\n${formatCsv(t)}`);
  return h.update(JSON.stringify(r.summary)).digest('hex');
};

const dir = mkdtempSync(join(tmpdir(), 'taosim-cp-'));
/** The run saved into DIR/name and read back. */
const roundTrip = (run: ActiveRun, name: string): ActiveRun => {
  writeCheckpoint(join(dir, name), run);
  return readCheckpoint(checkpointPath(join(dir, name))).run;
};

describe('checkpoints', () => {
  it.each(Object.keys(RICH_SCENARIOS))(
    '%s: saved and restored at random blocks, the run ends with identical outputs',
    (key) => {
      const whole = startRun(RICH_SCENARIOS[key](), 11);
      advanceRun(whole, whole.last);
      const expected = digest(whole);

      let run = startRun(RICH_SCENARIOS[key](), 11);
      const rng = new RandomStreams('checkpoint-test').stream(key);
      const first = run.sim.now;
      const stops = Array.from({ length: 5 }, () => first + 1 + rng.int(run.last - first - 1)).sort((a, b) => a - b);
      for (const b of stops) {
        advanceRun(run, b);
        expect(run.sim.now).toBe(b);
        run = roundTrip(run, key);
        expect(run.sim.now).toBe(b);
      }
      advanceRun(run, run.last);
      expect(digest(run)).toBe(expected);
    },
  );

  /** A checkpoint's bytes, saved (with its rows file) into DIR/bad. */
  const saved = () => {
    const run = startRun(RICH_SCENARIOS.dtao(), 3);
    advanceRun(run, run.sim.now + 500);
    writeCheckpoint(join(dir, 'bad'), run);
    return readFileSync(checkpointPath(join(dir, 'bad')));
  };
  const refusal = (bytes: Buffer) => {
    const file = checkpointPath(join(dir, 'bad'));
    writeFileSync(file, bytes);
    try {
      readCheckpoint(file);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as UsageError).format();
    }
    return 'accepted';
  };

  it('a flipped byte, a truncated file or another file is refused, naming the file', () => {
    const good = saved();
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] ^= 1;
    expect(refusal(flipped)).toMatch(
      /bad\/checkpoint\.bin: the checkpoint is damaged \(its contents do not match the hash in its header\)/,
    );
    expect(refusal(good.subarray(0, good.length - 10))).toMatch(/damaged/);
    expect(refusal(good.subarray(0, 20))).toMatch(/not a usable taosim checkpoint \(it is truncated\)/);
    expect(refusal(Buffer.from('{"format":"taosim-run/v1"}'))).toMatch(/does not start with the checkpoint signature/);
  });

  /** The saved checkpoint with fields of its header replaced. */
  const withHeader = (good: Buffer, change: Record<string, unknown>) => {
    const len = good.readUInt32BE(8);
    const header = JSON.parse(good.subarray(12, 12 + len).toString('utf8'));
    const head = Buffer.from(JSON.stringify({ ...header, ...change }));
    const lenBuf = Buffer.alloc(4);
    lenBuf.writeUInt32BE(head.length);
    return { header, bytes: Buffer.concat([good.subarray(0, 8), lenBuf, head, good.subarray(12 + len)]) };
  };

  it('a checkpoint written by another taosim version is refused', () => {
    const { header, bytes } = withHeader(saved(), { taosimVersion: '0.0.1' });
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    expect(header.taosimVersion).toBe(version);
    expect(refusal(bytes)).toBe(
      `${checkpointPath(join(dir, 'bad'))}: the checkpoint was written by taosim 0.0.1, this is taosim ${version}: resume it with that version, or rerun the scenario from the start`,
    );
  });

  it.each([
    ['v2', 'the network at RunState.n'],
    ['v3', 'random streams and weight rows as records'],
    ['v4', 'the result tables inside the checkpoint, no rows file'],
    ['v5', 'weight values as number arrays, commits as records'],
  ])('a checkpoint of the %s layout (%s) is refused, not resumed into a TypeError', (version) => {
    const { header, bytes } = withHeader(saved(), { format: `taosim-checkpoint/${version}` });
    expect(header.format).toBe('taosim-checkpoint/v6');
    expect(refusal(bytes)).toBe(
      `${checkpointPath(join(dir, 'bad'))}: not a usable taosim checkpoint (format "taosim-checkpoint/${version}", expected taosim-checkpoint/v6); rerun the scenario from the start`,
    );
  });
});

describe("a checkpoint's rows file", () => {
  /** The rows file's chunks: per chunk, each table's name and row count. */
  const chunks = (d: string, upTo?: number): [string, number][][] => {
    const data = readFileSync(rowsPath(d)).subarray(0, upTo);
    const out: [string, number][][] = [];
    for (let at = 0; at < data.length; ) {
      const end = at + 36 + data.readUInt32BE(at);
      const tables = deserialize(data.subarray(at + 36, end)) as [string, unknown[]][];
      out.push(tables.map(([name, rows]) => [name, rows.length]));
      at = end;
    }
    return out;
  };
  /** Rows so far of each of the run's tables that a RowLog holds. */
  const tableRows = (run: ActiveRun): Record<string, number> => {
    const out: Record<string, number> = {};
    const seen = new Set<object>();
    const visit = (x: unknown) => {
      if (x === null || typeof x !== 'object' || seen.has(x) || ArrayBuffer.isView(x)) return;
      seen.add(x);
      if (x instanceof RowLog) out[x.name] = x.rows.length;
      else if (x instanceof Map) for (const v of x.values()) visit(v);
      else if (!(x instanceof Set)) for (const v of Object.values(x)) visit(v);
    };
    visit(run.state);
    return out;
  };
  const started = (blocks: number) => {
    const run = startRun(RICH_SCENARIOS.dtao(), 3);
    advanceRun(run, run.state.sc.start.block + blocks);
    return run;
  };

  it('each checkpoint appends only the rows added since the previous one; the checkpoint file holds none', () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    const run = started(1500);
    const first = tableRows(run);
    const h1 = writeCheckpoint(d, run);
    expect(first.subnet_epochs).toBeGreaterThan(10);
    expect(chunks(d)).toEqual([Object.entries(first).filter(([, n]) => n > 0)]);
    advanceRun(run, run.sim.now + 1500);
    const second = tableRows(run);
    const h2 = writeCheckpoint(d, run);
    expect(h2.rowsBytes).toBeGreaterThan(h1.rowsBytes);
    expect(chunks(d)[1]).toEqual(
      Object.entries(second)
        .map(([name, n]) => [name, n - first[name]])
        .filter(([, n]) => (n as number) > 0),
    );
    // The checkpoint file names each table and its count; the rows are not in it.
    const bytes = readFileSync(checkpointPath(d));
    const payload = bytes.subarray(12 + bytes.readUInt32BE(8));
    const { state } = deserialize(payload) as { state: { metrics: { data: Record<string, unknown> } } };
    expect(state.metrics.data.epochRows).toEqual({
      '\u0000class': 'RowLog',
      data: { name: 'subnet_epochs', rows: second.subnet_epochs },
    });
    // Read back, every row is there, and the next checkpoint keeps appending to the same file.
    const back = readCheckpoint(checkpointPath(d)).run;
    expect(tableRows(back)).toEqual(second);
    advanceRun(back, back.sim.now + 700);
    writeCheckpoint(d, back);
    expect(chunks(d).length).toBe(3);
  });

  it('bytes past the checkpoint (a save interrupted after appending its rows) are ignored, then cut off', () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    const whole = started(3000);
    advanceRun(whole, whole.last);
    const run = started(3000);
    const h = writeCheckpoint(d, run);
    appendFileSync(rowsPath(d), Buffer.alloc(1 << 20, 7)); // more than the next chunk: cut, not overwritten
    let back = readCheckpoint(checkpointPath(d)).run;
    advanceRun(back, back.sim.now + 200);
    const h2 = writeCheckpoint(d, back);
    expect(chunks(d, h.rowsBytes).length).toBe(1);
    expect(statSync(rowsPath(d)).size).toBe(h2.rowsBytes);
    expect(chunks(d).length).toBe(2);
    back = readCheckpoint(checkpointPath(d)).run;
    advanceRun(back, back.last);
    expect(digest(back)).toBe(digest(whole));
  });

  it('a run started afresh into a directory with an older rows file writes its rows from the start', () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    writeCheckpoint(d, started(3000));
    const run = started(1000);
    const h = writeCheckpoint(d, run);
    expect(statSync(rowsPath(d)).size).toBe(h.rowsBytes);
    expect(chunks(d)).toEqual([Object.entries(tableRows(run)).filter(([, n]) => n > 0)]);
  });

  it('DIR, DIR/ and ./DIR are one directory: a resumed run keeps appending (the CLI passes --resume as given)', () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    writeCheckpoint(d, started(1500));
    const back = readCheckpoint(checkpointPath(d)).run;
    advanceRun(back, back.sim.now + 700);
    writeCheckpoint(`${d}/`, back);
    advanceRun(back, back.sim.now + 700);
    writeCheckpoint(join(d, '.'), back);
    expect(chunks(d).length).toBe(3);
  });

  it('a checkpoint into a directory that does not exist yet creates it', () => {
    const d = join(mkdtempSync(join(tmpdir(), 'taosim-rows-')), 'new', 'dir');
    const h = writeCheckpoint(d, started(1500));
    expect(statSync(rowsPath(d)).size).toBe(h.rowsBytes);
  });

  it("another run's rows, each chunk whole and as long as the header says, are refused: the header chains the chunks' hashes", () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    writeCheckpoint(d, started(1500));
    const good = readFileSync(rowsPath(d));
    // The same tables and counts with one cell changed, its chunk hash redone, the header's length to match.
    const tables = deserialize(good.subarray(36)) as [string, number[][]][];
    tables[0][1][0][1] += 1;
    const payload = serialize(tables);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(payload.length);
    const other = Buffer.concat([head, createHash('sha256').update(payload).digest(), payload]);
    writeFileSync(rowsPath(d), other);
    const cp = readFileSync(checkpointPath(d));
    const len = cp.readUInt32BE(8);
    const header = JSON.parse(cp.subarray(12, 12 + len).toString('utf8'));
    const newHead = Buffer.from(JSON.stringify({ ...header, rowsBytes: other.length }));
    const newLen = Buffer.alloc(4);
    newLen.writeUInt32BE(newHead.length);
    writeFileSync(checkpointPath(d), Buffer.concat([cp.subarray(0, 8), newLen, newHead, cp.subarray(12 + len)]));
    expect(() => readCheckpoint(checkpointPath(d))).toThrow(
      "the checkpoint's rows file is damaged (its rows are not those of this checkpoint)",
    );
  });

  it('a damaged, cut or missing rows file is refused, naming it', () => {
    const d = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    writeCheckpoint(d, started(1500));
    const good = readFileSync(rowsPath(d));
    const refused = (rows: Buffer | null) => {
      if (rows === null) rmSync(rowsPath(d));
      else writeFileSync(rowsPath(d), rows);
      try {
        readCheckpoint(checkpointPath(d));
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as UsageError).format();
      }
      return 'accepted';
    };
    const flipped = Buffer.from(good);
    flipped[flipped.length - 50] ^= 1;
    expect(refused(flipped)).toBe(
      `${rowsPath(d)}: the checkpoint's rows file is damaged (a chunk does not match its hash); rerun the scenario from the start`,
    );
    expect(refused(good.subarray(0, good.length - 1))).toMatch(
      /rows file is damaged \(it is shorter than its checkpoint says\)/,
    );
    expect(refused(null)).toBe(
      `${rowsPath(d)}: the checkpoint has no rows file beside it; rerun the scenario from the start`,
    );
    expect(refused(good)).toBe('accepted');
  });
});
