// run_1024_subnets_day_s: one simulated day of 1024 subnets × 256 uids (262 144 neurons), 8 validators
// each, current protocol, the fast epoch, validators' weights through the best scoring backend; and
// its peak resident memory. run_day_scaling (opt-in: `--only run_day_scaling`): the cost per
// simulated day for 128, 256, 512, 1024 and 4096 subnets, to show how it grows (4096 is measured
// over a quarter of a day and scaled, to keep the case under ten minutes).

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import type { RunBackend } from '../run/agents/validator-scoring.ts';
import { advanceRun, finishRun, startRun } from '../run/run-scenario.ts';
import { parseScenario, type Scenario } from '../scenario/scenario.ts';
import type { BenchCase, BenchOptions } from './case.ts';

/** The scale scenario: `subnets` × 256 uids, fast epoch, pools and stake sized to fit issuance. */
export function scaleScenario(subnets: number, blocks: number): Scenario {
  return parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: `bench-scale-${subnets}`,
      epoch: 'fast',
      duration: { blocks },
      start: { issuanceTao: 20_000_000 },
      protocol: { preset: 'current', overrides: { subnetLimit: Math.max(128, subnets) } },
      subnets: { count: subnets, initialUids: 256, validators: 8, settings: { maxUids: 256 } },
      stake: { validators: 8, rootTotal: 5_000_000 },
      pools: { taoMedian: Math.min(10_000, 5_000_000 / subnets) },
    },
    'bench',
  );
}

let peakRssMb = 0;
let backendUsed = '';

/** Seconds one run of `sc` takes, start (genesis) to finished tables, sampling the peak RSS. */
function timeRun(sc: Scenario, backend: RunBackend): number {
  const t0 = process.hrtime.bigint();
  const run = startRun(sc, 1, { backend });
  backendUsed = run.state.scoring.resolved;
  for (let b = run.sim.now; b < run.last; ) {
    b = Math.min(run.last, b + 360);
    advanceRun(run, b);
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
  }
  finishRun(run);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** The backend runs use for `--backend` (webgpu has no synchronous kernel: auto instead). */
export function runBackend(opts: BenchOptions): RunBackend {
  const b = opts.backend ?? 'auto';
  return b === 'webgpu' ? 'auto' : b; // runs use synchronous kernels (docs/explanation/kernels.md)
}

export const networkScaleCase: BenchCase = {
  name: 'run_1024_subnets_day_s',
  unit: 's',
  description:
    'one simulated day of 1024 subnets × 256 uids (8 validators each), current protocol, fast epoch, best scoring backend',
  run(opts) {
    peakRssMb = 0;
    return timeRun(scaleScenario(1024, BLOCKS_PER_DAY), runBackend(opts));
  },
  extra: () => [
    {
      name: 'run_1024_subnets_peak_rss_mb',
      value: peakRssMb,
      unit: 'MiB',
      description: 'peak resident memory during that run',
    },
    {
      name: 'run_1024_subnets_backend',
      value: backendUsed === 'webasm' ? 1 : 0,
      unit: '1 = webasm',
      description: 'the scoring backend that ran (0 = cpu)',
    },
  ],
};

const scaling: { subnets: number; seconds: number }[] = [];

export const scalingCase: BenchCase = {
  name: 'run_day_scaling',
  unit: 's/day',
  description: 'cost per simulated day at 1024 subnets (the table: run_day_s_<subnets>)',
  optIn: true,
  run(opts) {
    scaling.length = 0;
    for (const subnets of [128, 256, 512, 1024, 4096]) {
      const blocks = subnets > 1024 ? BLOCKS_PER_DAY / 4 : BLOCKS_PER_DAY;
      scaling.push({
        subnets,
        seconds: (timeRun(scaleScenario(subnets, blocks), runBackend(opts)) * BLOCKS_PER_DAY) / blocks,
      });
    }
    return scaling.find((x) => x.subnets === 1024)!.seconds;
  },
  extra: () =>
    scaling.map(({ subnets, seconds }) => ({
      name: `run_day_s_${subnets}`,
      value: seconds,
      unit: 's/day',
      description: `one simulated day of ${subnets} subnets × 256 uids, fast epoch${subnets > 1024 ? ' (a quarter day measured, × 4)' : ''}; ${((seconds / subnets) * 1000).toFixed(1)} ms per subnet-day`,
    })),
};
