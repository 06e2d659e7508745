// run_full_network_day_s: 128 subnets of 256 uids with 64 validators each, one simulated day
// (7200 blocks) under today's rules, honest validators setting weights every tempo, the exact epoch;
// also the peak resident memory of the process while it ran. The `current` variant is opt-in.

import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { BenchCase } from './case.ts';

let peakRssMb = 0;

/** One simulated day of the benchmark network under `preset`, in seconds; samples the peak RSS. */
function fullNetworkDay(preset: 'today' | 'current'): number {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'bench-full-network',
      duration: { days: 1 },
      start: { issuanceTao: 10_000_000 },
      protocol: { preset },
      subnets: { count: 128, initialUids: 256, validators: 64 },
      stake: { validators: 64, rootTotal: 5_000_000 },
      pools: { taoMedian: 10_000 },
    },
    'bench',
  );
  const sample = () => {
    peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
  };
  const t0 = process.hrtime.bigint();
  runScenario(sc, 1, (done) => {
    if (done % 360 === 0) sample();
  });
  const t1 = process.hrtime.bigint();
  sample();
  return Number(t1 - t0) / 1e9;
}

/** The definition: today's rules (preset `today`: the emission gate, Root Reborn, the queue). */
export const fullNetworkDayCase: BenchCase = {
  name: 'run_full_network_day_s',
  unit: 's',
  description: "one simulated day of 128 subnets × 256 uids (64 validators each), today's protocol, exact epochs",
  run: () => fullNetworkDay('today'),
  extra: () => [
    {
      name: 'run_full_network_peak_rss_mb',
      value: peakRssMb,
      unit: 'MiB',
      description: 'peak resident memory of the process during that run',
    },
  ],
};

/** The same day under the `current` preset (no gate), the figure this case measured before. */
export const fullNetworkDayCurrentCase: BenchCase = {
  name: 'run_full_network_day_current_s',
  unit: 's',
  description: 'the same day under the current protocol (preset current: no emission gate), exact epochs',
  optIn: true,
  run: () => fullNetworkDay('current'),
};
