// What a benchmark case is, and the one statistic they report.

/** Options of `taosim bench` that cases may read. */
export interface BenchOptions {
  /** `--backend`: the scoring backend(s) to measure; default auto. */
  backend?: 'auto' | 'cpu' | 'webasm' | 'webgpu';
}

export interface BenchCase {
  name: string;
  unit: string;
  description: string;
  /** Run only when named with --only (cases that take many minutes). */
  optIn?: boolean;
  run(opts: BenchOptions): Promise<number> | number;
  /** Further figures measured during the same run (read after run()). */
  extra?(): { name: string; value: number; unit: string; description: string }[];
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
