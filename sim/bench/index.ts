// Named benchmark cases for `taosim bench`. Timings are wall-clock medians on this machine; they
// are measurements, never inputs to a simulation result.

import { epochExactCase } from './epoch-exact.ts';
import { emissionYearCase } from './emission-year.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  description: string;
}

export interface BenchCase {
  name: string;
  unit: string;
  description: string;
  run(): Promise<number> | number;
}

export const BENCHMARKS: BenchCase[] = [epochExactCase, emissionYearCase];

export async function runBenchmarks(only: string[] | undefined, onStart?: (name: string) => void): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const b of BENCHMARKS) {
    if (only && only.length && !only.includes(b.name)) continue;
    onStart?.(b.name);
    const value = await b.run();
    out.push({ name: b.name, value: Number(value.toPrecision(4)), unit: b.unit, description: b.description });
  }
  return out;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
