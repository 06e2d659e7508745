// Determinism, proven in one matrix: the same scenario and seed give the same output files
// (a) run twice, (b) in a sweep on 1 and on 2 workers, (c) in a sweep sharded 1/1 and 2/2 then
// merged, (d) killed with SIGKILL at random points and resumed from its checkpoints, and
// (e) stopped with SIGTERM (exit 3, a checkpoint) and resumed, (f) scored on either backend.
// Only (d) and (e) need a real `taosim` process (signals); the rest call main() in-process. The
// matrix runs a 3-day rich scenario; (d) a 12-day one, so that its kills land inside the run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { checkpointPath, readHeader } from '../sim/run/checkpoint.ts';
import { taosimInProcess } from './helpers/cli.ts';
import { RICH_SCENARIO_FILES } from './helpers/rich-scenarios.ts';

const dir = mkdtempSync(join(tmpdir(), 'taosim-matrix-'));
const scenarioOf = (name: string, days: number) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ ...RICH_SCENARIO_FILES.dtao, duration: { days } }));
  return file;
};
const scenarioFile = scenarioOf('rich.json', 3);
const longScenarioFile = scenarioOf('rich-12-days.json', 12);
const SEED = '11';

/** `taosim ARGS` in-process; it must succeed. */
async function ok(args: string[]): Promise<void> {
  const r = await taosimInProcess(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
}

type Files = Record<string, { sha256: string }>;
const filesOf = (runDir: string): Files => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).files;
/** The run's output files (a sweep run also writes metrics.json; compare the files both write). */
const outputs = (runDir: string, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, filesOf(runDir)[n]?.sha256]));

/** The block of the checkpoint in `runDir` (its header), or null while there is none. */
function checkpointBlock(runDir: string): number | null {
  const file = checkpointPath(runDir);
  if (!existsSync(file)) return null;
  return readHeader(readFileSync(file), file).block; // written atomically: never half a file
}

/**
 * When to signal a run: after `ms`; once a checkpoint appears in `watch` ('first checkpoint'); or
 * once `checkpoints` more checkpoints than `watch` held at the start have been written, then
 * `delayMs` later (progress, not time: a fast machine cannot finish the run first).
 */
type KillAt = number | 'first checkpoint' | { checkpoints: number; every: number; delayMs: number };

/** Starts `taosim run` and sends it `signal` at `at`; resolves with its exit code and signal. */
function runAndKill(
  args: string[],
  at: KillAt,
  signal: NodeJS.Signals,
  watch = '',
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const from = checkpointBlock(watch);
    const child = spawn(process.execPath, [`${process.cwd()}/bin/taosim.js`, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The block the run must reach: set once it is known (the first checkpoint of a fresh run).
    let target = typeof at === 'object' && from !== null ? from + at.checkpoints * at.every : null;
    const timer =
      typeof at === 'number'
        ? setTimeout(() => child.kill(signal), at)
        : setInterval(() => {
            const block = checkpointBlock(watch);
            if (block === null) return;
            if (typeof at === 'object') {
              target ??= block + (at.checkpoints - 1) * at.every;
              if (block < target) return;
            }
            clearInterval(timer); // one signal: a second one means "stop now"
            if (typeof at === 'object') setTimeout(() => child.kill(signal), at.delayMs);
            else child.kill(signal);
          }, 5);
    child.on('exit', (code, sig) => {
      clearInterval(timer);
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe('determinism matrix', () => {
  const reference = join(dir, 'ref');
  let names: string[] = [];

  it('(a) the same run twice gives the same content hash', async () => {
    await ok(['run', scenarioFile, '--seed', SEED, '--out', reference]);
    const again = join(dir, 'again');
    await ok(['run', scenarioFile, '--seed', SEED, '--out', again]);
    names = Object.keys(filesOf(reference));
    expect(names).toContain('neurons.csv');
    expect(readFileSync(join(again, 'run.json'), 'utf8')).toBe(readFileSync(join(reference, 'run.json'), 'utf8'));
  });

  it('(b, c) a sweep on 1 or 2 workers, unsharded or as 2 merged shards, writes the same run', async () => {
    const sweepFile = join(dir, 'sweep.json');
    const noise = (RICH_SCENARIO_FILES.dtao as { validators: { noise: number } }).validators.noise;
    writeFileSync(
      sweepFile,
      JSON.stringify({
        format: 'taosim-sweep/v1',
        name: 'matrix',
        scenario: 'rich.json',
        design: { type: 'list', points: [{ 'validators.noise': noise }, { 'validators.noise': 0.3 }] },
        replicates: [SEED],
      }),
    );
    const sweepOut = async (name: string, ...extra: string[]) => {
      const out = join(dir, name);
      await ok(['sweep', sweepFile, '--out', out, ...extra]);
      return out;
    };
    const one = await sweepOut('w1', '--workers', '1');
    const two = await sweepOut('w2', '--workers', '2');
    const s1 = await sweepOut('s1of1', '--workers', '1', '--shard', '1/1');
    await sweepOut('s1of2', '--workers', '1', '--shard', '1/2');
    await sweepOut('s2of2', '--workers', '1', '--shard', '2/2');
    const merged = join(dir, 'merged');
    await ok(['merge', join(dir, 's1of2'), join(dir, 's2of2'), '--out', merged]);
    for (const f of ['sweep.csv', 'summary.csv', 'sweep.json']) {
      const text = readFileSync(join(one, f), 'utf8');
      for (const other of [two, s1, merged]) expect(readFileSync(join(other, f), 'utf8')).toBe(text);
    }
    // The sweep's run of the base point is the plain run, file for file.
    const planned = JSON.parse(readFileSync(join(one, 'sweep.json'), 'utf8'));
    const base = planned.runs.find((r: { params: Record<string, number> }) => r.params['validators.noise'] === noise);
    expect(outputs(join(one, 'runs', base.id), names)).toEqual(outputs(reference, names));
  });

  it('(d) killed with SIGKILL at random points and resumed, it ends with the same outputs', async () => {
    const longReference = join(dir, 'ref-12-days');
    await ok(['run', longScenarioFile, '--seed', SEED, '--out', longReference]);
    const out = join(dir, 'killed');
    const rng = new RandomStreams('matrix').stream('kills');
    let kills = 0;
    const killedAt: number[] = []; // the checkpoint each kill left
    for (let attempt = 0; attempt < 12 && !existsSync(join(out, 'run.json')); attempt++) {
      const args = existsSync(join(out, 'checkpoint.bin'))
        ? ['run', '--resume', out]
        : ['run', longScenarioFile, '--seed', SEED, '--out', out, '--checkpoint-every', '3000'];
      // The first three attempts are killed between checkpoints, 1 to 4 of them (of 28) after where
      // they started, at a random delay after the last; then it may finish.
      const at = attempt < 3 ? { checkpoints: 1 + rng.int(4), every: 3000, delayMs: rng.int(40) } : 600_000;
      const r = await runAndKill(args, at, 'SIGKILL', out);
      if (r.signal === 'SIGKILL') {
        kills++;
        killedAt.push(checkpointBlock(out)!);
      } else expect(r.code, r.stderr).toBe(0);
    }
    expect(kills).toBe(3);
    // Each resumed run went on writing checkpoints at the interval the run was started with.
    expect(killedAt[1]).toBeGreaterThan(killedAt[0]);
    expect(killedAt[2]).toBeGreaterThan(killedAt[1]);
    for (const b of killedAt) expect((b - killedAt[0]) % 3000).toBe(0);
    // Removed once run.json is written, with the rows file beside it.
    expect(existsSync(join(out, 'checkpoint.bin'))).toBe(false);
    expect(existsSync(join(out, 'checkpoint.rows'))).toBe(false);
    expect(filesOf(out)).toEqual(filesOf(longReference));
  }, 360_000);

  it('(e) SIGTERM stops at a block boundary with exit 3 and a checkpoint; --resume finishes it identically', async () => {
    const out = join(dir, 'terminated');
    // Signalled once it is surely inside the run loop (a checkpoint has appeared).
    const r = await runAndKill(
      ['run', scenarioFile, '--seed', SEED, '--out', out, '--checkpoint-every', '2000'],
      'first checkpoint',
      'SIGTERM',
      out,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /taosim: SIGTERM: stopped at block \d+ \(\d+ of \d+ blocks simulated, [\d.]+ %\); checkpoint written to .*checkpoint\.bin\.\nContinue with: taosim run --resume /,
    );
    expect(existsSync(join(out, 'run.json'))).toBe(false);
    await ok(['run', '--resume', out]);
    expect(filesOf(out)).toEqual(filesOf(reference));
  });

  it('(f) the scoring backends: --backend webasm (kernels on worker threads) writes the bytes --backend cpu writes', async () => {
    const dirs: string[] = [];
    for (const backend of ['cpu', 'webasm']) {
      const out = join(dir, `backend-${backend}`);
      await ok(['run', scenarioFile, '--seed', SEED, '--out', out, '--backend', backend]);
      expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).execution.scoringBackend).toBe(backend);
      dirs.push(out);
    }
    expect(filesOf(dirs[1])).toEqual(filesOf(dirs[0]));
    expect(filesOf(dirs[0])).toEqual(filesOf(reference));
  });
});
