// Progress off a terminal: plain lines on stderr (every tenth of the work or 30 s), a bar on a
// terminal, nothing with --quiet, and never anything in the results.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINE_INTERVAL_MS, progress } from '../sim/cli/progress.ts';
import { taosim } from './helpers/cli.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) > 0 }, written };
}

describe('progress reporter', () => {
  it('off a terminal: one line per tenth of the work, with counts and elapsed seconds', () => {
    const { stream, written } = fakeStream(false);
    let t = 0;
    const p = progress('taosim run x', { stream, unit: 'blocks', clock: () => t });
    for (let b = 1; b <= 1000; b++) {
      t += 7; // 7 s of work in all
      p.update(b, 1000);
    }
    p.done();
    expect(written).toHaveLength(10);
    expect(written[0]).toBe('taosim run x: 10% (100 of 1000 blocks), 1s\n');
    expect(written[9]).toBe('taosim run x: 100% (1000 of 1000 blocks), 7s\n');
  });

  it('off a terminal: slow work prints a line at least every 30 s, between the tenths', () => {
    const { stream, written } = fakeStream(false);
    let t = 0;
    const p = progress('taosim study s', { stream, unit: 'steps', clock: () => t });
    for (let k = 1; k <= 20; k++) {
      t += 12_000; // 12 s a step: a tenth (2 steps) takes 24 s; 30 s pass every 2.5 steps
      p.update(k, 200);
    }
    expect(LINE_INTERVAL_MS).toBe(30_000);
    // Lines at 36 s (step 3), 72 s (6), 108 s (9), ... and at step 20 (the first tenth).
    expect(written.map((l) => l.match(/\((\d+) of/)![1])).toEqual(['3', '6', '9', '12', '15', '18', '20']);
    expect(written[0]).toBe('taosim study s: 1% (3 of 200 steps), 36s\n');
  });

  it('on a terminal: a bar redrawn in place; --quiet: nothing', () => {
    const tty = fakeStream(true);
    const bar = progress('taosim sweep w', { stream: tty.stream, clock: () => 0 });
    bar.update(1, 4);
    bar.update(4, 4);
    bar.done();
    expect(tty.written[0]).toMatch(/^\rtaosim sweep w \[#{8}\.{22}\] 25\.0% 0s$/);
    expect(tty.written.at(-1)).toBe('\n');

    for (const isTTY of [true, false]) {
      const quiet = fakeStream(isTTY);
      const q = progress('q', { stream: quiet.stream, quiet: true });
      q.update(1, 2);
      q.update(2, 2);
      q.done();
      expect(quiet.written).toEqual([]);
    }
  });
});

describe('taosim run, study and sweep with stderr in a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-progress-'));
  const scenario = {
    format: 'taosim-scenario/v1',
    name: 'tiny',
    duration: { blocks: 400 },
    subnets: { count: 1, initialUids: 8, validators: 2 },
    stake: { validators: 2 },
  };
  const scenarioFile = join(dir, 'tiny.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const withoutSeconds = (stderr: string) =>
    stderr
      .trim()
      .split('\n')
      .map((l) => l.replace(/, \d+s$/, ''));

  it('run: progress lines on stderr, none with --quiet, and the same result bytes either way', () => {
    const loud = taosim(['run', scenarioFile, '--out', join(dir, 'loud')]);
    expect(loud.code, loud.stderr).toBe(0);
    const lines = loud.stderr.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^taosim run tiny: 10% \(40 of 400 blocks\), \d+s$/);
    expect(lines[9]).toMatch(/^taosim run tiny: 100% \(400 of 400 blocks\), \d+s$/);
    expect(loud.stdout).not.toMatch(/%/);

    const quiet = taosim(['run', scenarioFile, '--out', join(dir, 'quiet'), '--quiet']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(readFileSync(join(dir, 'quiet', 'run.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'loud', 'run.json'), 'utf8'),
    );
  }, 300_000);

  it("study: a line per tenth of its work (the halvings study: its run's blocks); --quiet silences it", () => {
    const config = join(dir, 'halvings.json');
    writeFileSync(
      config,
      JSON.stringify({
        format: 'taosim-study/halvings/v1',
        subnets: 1,
        initialUids: 16,
        validators: 2,
        daysBefore: 1,
        daysAfter: 1,
      }),
    );
    const r = taosim(['study', 'halvings', '--config', config, '--out', join(dir, 'study')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = withoutSeconds(r.stderr);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('taosim study halvings: 10% (1440 of 14400 blocks)');
    expect(lines[9]).toBe('taosim study halvings: 100% (14400 of 14400 blocks)');
    expect(taosim(['study', 'halvings', '--config', config, '--out', join(dir, 'study-q'), '--quiet']).stderr).toBe('');
  }, 300_000);

  it('sweep: a line as runs complete; --quiet silences it', () => {
    const sweepFile = join(dir, 'sweep.json');
    writeFileSync(
      sweepFile,
      JSON.stringify({
        format: 'taosim-sweep/v1',
        name: 'p',
        scenario: { ...scenario, duration: { blocks: 100 } },
        design: { type: 'list', points: [{ 'validators.noise': 0 }, { 'validators.noise': 0.1 }] },
        replicates: 1,
      }),
    );
    const r = taosim(['sweep', sweepFile, '--workers', '1', '--out', join(dir, 'sweep')]);
    expect(r.code, r.stderr).toBe(0);
    expect(withoutSeconds(r.stderr)).toEqual([
      'taosim sweep p: 50% (1 of 2 runs)',
      'taosim sweep p: 100% (2 of 2 runs)',
    ]);
    expect(taosim(['sweep', sweepFile, '--workers', '1', '--out', join(dir, 'sweep-q'), '--quiet']).stderr).toBe('');
  }, 300_000);

  it("--quiet is documented in each command's --help", () => {
    for (const cmd of ['run', 'study', 'sweep'])
      expect(taosim([cmd, '--help']).stdout, cmd).toMatch(/--quiet\s+no progress on stderr/);
  }, 300_000);
});
