// Small, order-fixed statistics for charts: same input, same floating-point result.

/** Linear-interpolated quantile (type 7, as R and numpy default) of the finite values; null if none. */
export function quantile(values: readonly number[], q: number): number | null {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < xs.length ? xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]) : xs[lo];
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/** Group items by key, keys in order of first appearance (the input's order is deterministic). */
export function groupBy<T, K>(items: readonly T[], key: (t: T, i: number) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  items.forEach((t, i) => {
    const k = key(t, i);
    const g = out.get(k);
    if (g) g.push(t);
    else out.set(k, [t]);
  });
  return out;
}

/**
 * Six significant digits: plenty for a chart, and it keeps the inline data of the specs short.
 * Non-finite values become null (a gap), never NaN in JSON.
 */
export function sig(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(6));
}

/** Distinct values in order of first appearance. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
