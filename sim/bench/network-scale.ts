// run_1024_subnets_day_s: one simulated day of 1024 subnets × 256 uids (262 144 neurons), 8 validators
// each, current protocol, the fast epoch, validators' weights through the best scoring backend; and
// its peak resident memory. run_day_scaling (opt-in: `--only run_day_scaling`): the cost per
// simulated day and the peak resident memory for 128, 256, 512, 1024, 2048 and 4096 subnets, to show how
// they grow (above 1024 a quarter of a day is measured and the time scaled, to keep the case short).
// Runs are driven as `taosim run` drives them (advanceRunAsync), scoring on the backend asked for
// (auto: cpu; webasm: its worker pool).

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import type { RunBackend } from '../run/agents/validator-scoring.ts';
import { advanceRunAsync, finishRun, startRun } from '../run/run-scenario.ts';
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

/**
 * Seconds one run of `sc` takes, start (genesis) to finished tables, sampling the peak RSS. Driven
 * as `taosim run` drives it (advanceRunAsync: webasm scoring, if asked for, on its worker pool).
 */
async function timeRun(sc: Scenario, backend: RunBackend): Promise<number> {
  const t0 = process.hrtime.bigint();
  const run = startRun(sc, 1, { backend });
  backendUsed = run.state.scoring.resolved;
  for (let b = run.sim.now; b < run.last; ) {
    b = Math.min(run.last, b + 360);
    await advanceRunAsync(run, b);
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

const scaling: { subnets: number; seconds: number; peakRssMb: number }[] = [];

/** The scaling table's network sizes (above 1024 subnets a quarter day is measured and × 4). */
const SCALING_SUBNETS = [128, 256, 512, 1024, 2048, 4096];

export const scalingCase: BenchCase = {
  name: 'run_day_scaling',
  unit: 's/day',
  description: 'cost per simulated day at 1024 subnets (the table: run_day_s_<subnets>)',
  optIn: true,
  async run(opts) {
    scaling.length = 0;
    for (const subnets of SCALING_SUBNETS) {
      const blocks = subnets > 1024 ? BLOCKS_PER_DAY / 4 : BLOCKS_PER_DAY;
      peakRssMb = 0; // sizes ascend, so what an earlier, smaller run left resident rarely sets the peak
      const seconds = ((await timeRun(scaleScenario(subnets, blocks), runBackend(opts))) * BLOCKS_PER_DAY) / blocks;
      scaling.push({ subnets, seconds, peakRssMb });
    }
    return scaling.find((x) => x.subnets === 1024)!.seconds;
  },
  extra: () =>
    scaling.flatMap(({ subnets, seconds, peakRssMb: rss }) => [
      {
        name: `run_day_s_${subnets}`,
        value: seconds,
        unit: 's/day',
        description: `one simulated day of ${subnets} subnets × 256 uids, fast epoch${subnets > 1024 ? ' (a quarter day measured, × 4)' : ''}; ${((seconds / subnets) * 1000).toFixed(1)} ms per subnet-day`,
      },
      { name: `run_peak_rss_mb_${subnets}`, value: rss, unit: 'MiB', description: `peak resident memory of that run` },
    ]),
};
