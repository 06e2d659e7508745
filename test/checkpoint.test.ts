// Checkpoints: a run saved and restored at any block continues to exactly the same outputs; a
// damaged checkpoint or one from another taosim version is refused with a clear message.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { formatCsv } from '../sim/output/table.ts';
import { encodeCheckpoint, readCheckpoint } from '../sim/run/checkpoint.ts';
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
const roundTrip = (run: ActiveRun, name: string): ActiveRun => {
  const file = join(dir, name);
  writeFileSync(file, encodeCheckpoint(run));
  return readCheckpoint(file).run;
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
        run = roundTrip(run, `${key}.bin`);
        expect(run.sim.now).toBe(b);
      }
      advanceRun(run, run.last);
      expect(digest(run)).toBe(expected);
    },
  );

  const saved = () => {
    const run = startRun(RICH_SCENARIOS.dtao(), 3);
    advanceRun(run, run.sim.now + 500);
    return encodeCheckpoint(run);
  };
  const refusal = (bytes: Buffer) => {
    const file = join(dir, 'bad.bin');
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
      /bad\.bin: the checkpoint is damaged \(its contents do not match the hash in its header\)/,
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
      `${join(dir, 'bad.bin')}: the checkpoint was written by taosim 0.0.1, this is taosim ${version}: resume it with that version, or rerun the scenario from the start`,
    );
  });

  it.each([
    ['v2', 'the network at RunState.n'],
    ['v3', 'random streams and weight rows as records'],
  ])('a checkpoint of the %s layout (%s) is refused, not resumed into a TypeError', (version) => {
    const { header, bytes } = withHeader(saved(), { format: `taosim-checkpoint/${version}` });
    expect(header.format).toBe('taosim-checkpoint/v4');
    expect(refusal(bytes)).toBe(
      `${join(dir, 'bad.bin')}: not a usable taosim checkpoint (format "taosim-checkpoint/${version}", expected taosim-checkpoint/v4); rerun the scenario from the start`,
    );
  });
});
