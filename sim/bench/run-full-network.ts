// run_full_network_day_s: 128 subnets of 256 uids with 64 validators each, one simulated day
// (7200 blocks), honest validators setting weights every tempo, the exact epoch; also the peak
// resident memory of the process while it ran.

import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { BenchCase } from './case.ts';

let peakRssMb = 0;

export const fullNetworkDayCase: BenchCase = {
  name: 'run_full_network_day_s',
  unit: 's',
  description: 'one simulated day of 128 subnets × 256 uids (64 validators each), current protocol, exact epochs',
  run() {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'bench-full-network',
        duration: { days: 1 },
        start: { issuanceTao: 10_000_000 },
        protocol: { preset: 'current' },
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
  },
  extra: () => [
    {
      name: 'run_full_network_peak_rss_mb',
      value: peakRssMb,
      unit: 'MiB',
      description: 'peak resident memory of the process during that run',
    },
  ],
};
