// sweep_runs_per_min: a sweep of 64 small runs (2 subnets × 16 uids, 7200 blocks) on one worker and
// on two. Each run writes its directory as a real sweep does; the temporary directory is removed.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { runJobs } from '../sweep/pool.ts';
import { planSweep } from '../sweep/sweep-file.ts';
import { runJobOf } from '../sweep/sweep-results.ts';
import type { BenchCase } from './case.ts';

const SWEEP = {
  format: 'taosim-sweep/v1',
  name: 'bench',
  scenario: {
    format: 'taosim-scenario/v1',
    duration: { blocks: BLOCKS_PER_DAY },
    subnets: { count: 2, initialUids: 16, validators: 4 },
    stake: { validators: 4 },
  },
  design: { type: 'grid', parameters: { 'validators.noise': [0, 0.1, 0.2, 0.3] } },
  replicates: 16,
};

async function runsPerMinute(workers: number): Promise<number> {
  const plan = planSweep(SWEEP, 'bench-sweep.json');
  const out = mkdtempSync(join(tmpdir(), 'taosim-bench-sweep-'));
  try {
    const jobs = plan.runs.map((r) => runJobOf(out, r, 'bench-sweep.json'));
    const t0 = process.hrtime.bigint();
    await runJobs(jobs, workers);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return (plan.runs.length / seconds) * 60;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let twoWorkers = 0;

export const sweepThroughputCase: BenchCase = {
  name: 'sweep_runs_per_min',
  unit: 'runs/min',
  description: `a sweep of 64 small runs (2 subnets × 16 uids, ${BLOCKS_PER_DAY} blocks) on 1 worker`,
  async run() {
    const one = await runsPerMinute(1);
    twoWorkers = await runsPerMinute(2);
    return one;
  },
  extra: () => [
    {
      name: 'sweep_runs_per_min_2_workers',
      value: twoWorkers,
      unit: 'runs/min',
      description: 'the same sweep on 2 worker threads',
    },
  ],
};
