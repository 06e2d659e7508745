// --checkpoint-every counts simulated blocks from the scenario's first block (block 5 900 000 by
// default), not from block 0; an interrupted run says where it stopped in those terms.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextCheckpointBlock, readHeader } from '../sim/run/checkpoint.ts';
import { taosim } from './helpers/cli.ts';

describe('checkpoint schedule', () => {
  it('the first checkpoint is at first + N, then every N blocks; a resumed run keeps the same grid', () => {
    expect(nextCheckpointBlock(5_900_000, 0, 7200)).toBe(5_907_200); // a new run's clock is at 0
    expect(nextCheckpointBlock(5_900_000, 5_900_010, 7200)).toBe(5_907_200);
    expect(nextCheckpointBlock(5_900_000, 5_907_200, 7200)).toBe(5_914_400);
    expect(nextCheckpointBlock(5_900_000, 5_910_123, 7200)).toBe(5_914_400); // resumed after a Ctrl-C
  });
});

describe('taosim run --checkpoint-every', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-cpstart-'));
  const scenarioFile = join(dir, 'tiny.json');
  // Starts at the default block 5 900 000.
  writeFileSync(
    scenarioFile,
    JSON.stringify({
      format: 'taosim-scenario/v1',
      name: 'tiny',
      duration: { blocks: 3000 },
      subnets: { count: 1, initialUids: 8, validators: 2 },
      stake: { validators: 2 },
    }),
  );

  it('writes its first checkpoint after N simulated blocks; SIGTERM reports the absolute block and blocks simulated of the total', async () => {
    const out = join(dir, 'out');
    const seen: { first: number | null } = { first: null };
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [`${process.cwd()}/bin/taosim.js`, 'run', scenarioFile, '--out', out, '--checkpoint-every', '1000', '--quiet'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setInterval(() => {
        const file = join(out, 'checkpoint.bin');
        if (!existsSync(file)) return;
        clearInterval(timer);
        try {
          seen.first = readHeader(readFileSync(file), file).block;
        } catch {
          // caught mid-rename: the stop message below still tells where it was
        }
        child.kill('SIGTERM');
      }, 10);
      child.on('exit', (code) => {
        clearInterval(timer);
        resolve({ code, stderr });
      });
    });
    expect(r.code, r.stderr).toBe(3);
    // Before the fix the first checkpoint was at block 1000 (counted from 0).
    if (seen.first !== null) expect([5_901_000, 5_902_000]).toContain(seen.first);
    const m = r.stderr.match(
      /^taosim: SIGTERM: stopped at block (\d+) \((\d+) of 3000 blocks simulated, ([\d.]+) %\); checkpoint written to .*checkpoint\.bin\.\nContinue with: taosim run --resume /,
    );
    expect(m, r.stderr).not.toBeNull();
    const [block, simulated, pct] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(block).toBe(5_900_000 + simulated);
    expect(simulated).toBeGreaterThanOrEqual(1000);
    expect(simulated).toBeLessThan(3000);
    expect(pct).toBeCloseTo((100 * simulated) / 3000, 1);

    const resumed = taosim(['run', '--resume', out, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe(
      `taosim: resuming tiny at block ${block} (${simulated} of 3000 blocks simulated, ${pct.toFixed(1)} %)\n`,
    );
    const whole = taosim(['run', scenarioFile, '--out', join(dir, 'whole'), '--quiet']);
    expect(whole.code, whole.stderr).toBe(0);
    const files = (d: string) => JSON.parse(readFileSync(join(d, 'run.json'), 'utf8')).files;
    expect(files(out)).toEqual(files(join(dir, 'whole')));
  }, 300_000);
});
