// Named benchmark cases for `taosim bench`. Timings are wall-clock medians on this machine; they
// are measurements, never inputs to a simulation result.

import type { BenchCase, BenchOptions } from './case.ts';
import { checkpointLateCase, checkpointOverheadCase } from './checkpoint-overhead.ts';
import { coinbaseBlockCase } from './coinbase-block.ts';
import { emissionYearCase } from './emission-year.ts';
import { engineEventsCase } from './engine-events.ts';
import { epochExactCase, epochExactChangingCase, epochExactNoLiquidCase, epochFastCase } from './epoch-exact.ts';
import { fastVsExactCase } from './fast-vs-exact.ts';
import { networkScaleCase, scalingCase } from './network-scale.ts';
import { runDefaultCase } from './run-default.ts';
import { fullNetworkDayCase, fullNetworkDayCurrentCase } from './run-full-network.ts';
import { scoringCellsCase } from './scoring-cells.ts';
import { sweepThroughputCase } from './sweep-throughput.ts';

export type { BenchCase, BenchOptions };

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  description: string;
}

export const BENCHMARKS: BenchCase[] = [
  epochExactCase,
  epochExactNoLiquidCase,
  epochFastCase,
  epochExactChangingCase,
  emissionYearCase,
  coinbaseBlockCase,
  engineEventsCase,
  fullNetworkDayCase,
  fullNetworkDayCurrentCase,
  runDefaultCase,
  sweepThroughputCase,
  checkpointOverheadCase,
  checkpointLateCase,
  scoringCellsCase,
  fastVsExactCase,
  networkScaleCase,
  scalingCase,
];

export async function runBenchmarks(
  only: string[] | undefined,
  onStart?: (name: string) => void,
  opts: BenchOptions = {},
): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const b of BENCHMARKS) {
    if (only?.length ? !only.includes(b.name) : b.optIn) continue;
    onStart?.(b.name);
    const value = await b.run(opts);
    out.push({ name: b.name, value: Number(value.toPrecision(4)), unit: b.unit, description: b.description });
    for (const x of b.extra?.() ?? []) out.push({ ...x, value: Number(x.value.toPrecision(4)) });
  }
  return out;
}
