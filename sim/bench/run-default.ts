// run_default_s: wall time of `taosim run scenarios/default.json`, the command a new user runs
// first (today's 128-subnet network, four days, agents on). Timed as a separate process, exactly as
// a user runs it: start-up, the run, and writing every output file.

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
      const args = [join(ROOT, 'bin/taosim.js'), 'run', join(ROOT, 'scenarios/default.json'), '--out', out, '--quiet'];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const t1 = process.hrtime.bigint();
      if (r.status !== 0) throw new Error(`taosim run scenarios/default.json exited ${r.status}: ${r.stderr.trim()}`);
      return Number(t1 - t0) / 1e9;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
