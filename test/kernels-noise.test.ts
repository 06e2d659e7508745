// The counter-based generator of the scoring kernels: statistics over ≥ 1e5 draws, with bounds at
// about 5 standard errors.
import { describe, expect, it } from 'vitest';
import { noiseRow, noiseZ, P, ROUND_CONSTANTS, rowLanes, SQRT3, streamKey } from '../sim/kernels/noise.ts';
import { noiseRowWasm } from '../sim/kernels/wasm-noise.ts';

function draws(seed: number, key: number, counter: number, cols: number): Float64Array {
  const lanes = new Float32Array(4);
  rowLanes(seed, key, counter, lanes, 0);
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = noiseZ(lanes[0], lanes[1], lanes[2], lanes[3], j);
  return out;
}

/** Row r's columns: dense uid columns, sparse ones, and columns at and past the modulus (up to P² − 1). */
function testColumns(r: number): number[] {
  const cols =
    r % 3 === 0
      ? Array.from({ length: 600 }, (_, k) => (k * 27_893 + r) % (P * P))
      : Array.from({ length: 256 - (r % 17) }, (_, k) => (r % 3 === 1 ? k : 2 * k + (P - 300)));
  if (r === 1) cols.push(0, P - 1, P, P + 1, 2 * P - 1, 2 * P, P * P - 1);
  return cols;
}

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
    sab += a[i] * b[i];
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

describe('kernel noise generator', () => {
  const ROWS = 512;
  const COLS = 512; // 262 144 draws
  const n = ROWS * COLS;
  // Adversarial keys: consecutive integers.
  const grid = Array.from({ length: ROWS }, (_, r) => draws(1, r, 1000, COLS));
  const all = new Float64Array(n);
  grid.forEach((row, r) => all.set(row, r * COLS));

  it('is a prime modulus with a bijective cube and exact f32 products', () => {
    for (let d = 2; d * d <= P; d++) expect(P % d).not.toBe(0);
    expect(P % 3).toBe(2);
    expect(P * P + P).toBeLessThan(2 ** 24);
    expect(ROUND_CONSTANTS.every((c) => c >= 0 && c < P && Number.isInteger(c))).toBe(true);
  });

  it('has mean 0, variance 1, the Irwin–Hall tails and bounded support', () => {
    let s = 0,
      s2 = 0,
      tail2 = 0,
      max = 0;
    for (const z of all) {
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 2) tail2++;
      max = Math.max(max, Math.abs(z));
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)); // SE 1/√n
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(1.7 / n)); // SE √((μ4−1)/n), μ4 = 2.7
    // P(|z| > 2) for (IH4 − 2)·√3: 2·(4 − 2 − 2/√3)^4/24 = 0.042 55
    const p = (2 * (2 - 2 / Math.sqrt(3)) ** 4) / 24;
    expect(Math.abs(tail2 / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    expect(max).toBeLessThanOrEqual(2 * SQRT3);
  });

  it('is uncorrelated across neighbouring columns, rows, counters and seeds', () => {
    const bound = 5 / Math.sqrt(n);
    const a: number[] = [],
      b: number[] = [];
    for (const row of grid) for (let j = 0; j + 1 < COLS; j++) a.push(row[j]), b.push(row[j + 1]);
    expect(Math.abs(corr(a, b))).toBeLessThan(5 / Math.sqrt(a.length));
    const rowsA: number[] = [],
      rowsB: number[] = [];
    for (let r = 0; r + 1 < ROWS; r++)
      for (let j = 0; j < COLS; j++) rowsA.push(grid[r][j]), rowsB.push(grid[r + 1][j]);
    expect(Math.abs(corr(rowsA, rowsB))).toBeLessThan(5 / Math.sqrt(rowsA.length));
    const next = new Float64Array(n);
    for (let r = 0; r < ROWS; r++) next.set(draws(1, r, 1001, COLS), r * COLS);
    expect(Math.abs(corr(all, next))).toBeLessThan(bound);
    const seed2 = new Float64Array(n);
    for (let r = 0; r < ROWS; r++) seed2.set(draws(2, r, 1000, COLS), r * COLS);
    expect(Math.abs(corr(all, seed2))).toBeLessThan(bound);
    // Squares too (a dependence in magnitude, not sign).
    expect(
      Math.abs(
        corr(
          all.map((z) => z * z),
          next.map((z) => z * z),
        ),
      ),
    ).toBeLessThan(bound * 1.5);
  });

  it('draws the same numbers in integer arithmetic, a row at a time (noiseRow), bit for bit', () => {
    const lanes = new Float32Array(4);
    const out = new Float64Array(700);
    let checked = 0;
    for (let r = 0; r < 300; r++) {
      rowLanes(r * 31 + 1, streamKey(`row/${r}`), 1000 + r, lanes, 0);
      const cols = testColumns(r);
      noiseRow(lanes[0], lanes[1], lanes[2], lanes[3], cols, cols.length, out);
      for (let k = 0; k < cols.length; k++, checked++)
        if (out[k] !== noiseZ(lanes[0], lanes[1], lanes[2], lanes[3], cols[k]))
          expect.fail(
            `row ${r}, column ${cols[k]}: ${out[k]} ≠ ${noiseZ(lanes[0], lanes[1], lanes[2], lanes[3], cols[k])}`,
          );
    }
    expect(checked).toBeGreaterThan(90_000);
  });

  it('draws the same numbers in WebAssembly (noiseRowWasm), bit for bit, from plain and typed column arrays', () => {
    const lanes = new Float32Array(4);
    const js = new Float64Array(700);
    const wasm = new Float64Array(700);
    let checked = 0;
    for (let r = 0; r < 300; r++) {
      rowLanes(r * 17 + 5, streamKey(`wasm/${r}`), 77 + r, lanes, 0);
      const cols = testColumns(r);
      const given = r % 2 === 0 ? cols : Int32Array.from([...cols, 9, 9, 9]); // a longer typed array: n is what counts
      noiseRow(lanes[0], lanes[1], lanes[2], lanes[3], cols, cols.length, js);
      wasm.fill(Number.NaN);
      expect(noiseRowWasm(lanes[0], lanes[1], lanes[2], lanes[3], given, cols.length, wasm)).toBe(true);
      for (let k = 0; k < cols.length; k++, checked++)
        if (!Object.is(wasm[k], js[k])) expect.fail(`row ${r}, column ${cols[k]}: ${wasm[k]} ≠ ${js[k]}`);
      expect(Number.isNaN(wasm[cols.length])).toBe(true);
    }
    expect(checked).toBeGreaterThan(90_000);
  });

  it('is a pure function of (seed, key, counter, column)', () => {
    const k = streamKey('validator/3/subnet/7');
    expect(Array.from(draws(9, k, 5, 8))).toEqual(Array.from(draws(9, k, 5, 8)));
    expect(draws(9, k, 5, 8)[3]).not.toBe(draws(9, k, 6, 8)[3]);
  });
});
