// run_default_s: wall time of `taosim run scenarios/default.json`, the command a new user runs
// first (today's 128-subnet network, four days, agents on). Timed as a separate process, exactly as
// a user runs it: start-up, the run, and writing every output file. The command file is started as
// npm's bin link starts it, through its interpreter line (and the Node options there), except on
// Windows, which has no interpreter lines.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './case.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const runDefaultCase: BenchCase = {
  name: 'run_default_s',
  unit: 's',
  description: 'wall time of `taosim run scenarios/default.json` (own process, outputs written to a temporary folder)',
  run: () => {
    const out = mkdtempSync(join(tmpdir(), 'taosim-bench-default-'));
    try {
      const command = join(ROOT, 'bin/taosim.js');
      const args = ['run', join(ROOT, 'scenarios/default.json'), '--out', out, '--quiet'];
      const [file, argv] = process.platform === 'win32' ? [process.execPath, [command, ...args]] : [command, args];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const t1 = process.hrtime.bigint();
      if (r.status !== 0) throw new Error(`taosim run scenarios/default.json exited ${r.status}: ${r.stderr.trim()}`);
      return Number(t1 - t0) / 1e9;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
