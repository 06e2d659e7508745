// The consensus stage's kernels after their speed-ups (sim/chain/yuma/kernels.ts, consensus.ts)
// against plain references: integer row normalisation by reciprocal = `integerRatio` per entry;
// weights for bonds walked beside the clipped row = the dense interpolation; clipping's fused row
// sums = `rowSums` of its result.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { integerRatio } from '../sim/chain/fixed/u16.ts';
import { clipToConsensus } from '../sim/chain/yuma/consensus.ts';
import { type EpochKernels, FLOAT64_KERNELS, I32F32_KERNELS } from '../sim/chain/yuma/kernels.ts';
import type { Csr } from '../sim/chain/yuma/sparse.ts';

/** Random rows of u16 weights: sorted, in submission order, or naming a column twice; some empty or all zero. */
function randomRows(rng: () => number, n: number, scale: (rng: () => number) => number): Csr {
  const ptr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = rng();
    const picked = Array.from({ length: n }, (_, j) => j).filter(() => rng() < 0.6);
    if (kind < 0.2) picked.reverse();
    if (kind > 0.9 && picked.length > 0) picked.push(picked[0]);
    const zero = rng() < 0.1;
    for (const j of picked) {
      cols.push(j);
      vals.push(zero ? 0 : scale(rng));
    }
    ptr.push(cols.length);
  }
  return { rows: n, ptr: Int32Array.from(ptr), cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

const u16 = (rng: () => number) => (rng() < 0.2 ? 65535 : Math.floor(rng() * 65536));

/** The dense `interpolate_sparse` (the kernel before its row walk). */
function denseWeightsForBonds(K: EpochKernels, w: Csr, clipped: Csr, beta: number, n: number) {
  const rows: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    const a = new Map<number, number>();
    const b = new Map<number, number>();
    for (let k = w.ptr[i]; k < w.ptr[i + 1]; k++) a.set(w.cols[k], w.vals[k]);
    for (let k = clipped.ptr[i]; k < clipped.ptr[i + 1]; k++) b.set(clipped.cols[k], clipped.vals[k]);
    const cols = Array.from(w.cols.subarray(w.ptr[i], w.ptr[i + 1])).sort((x, y) => x - y);
    const row: [number, number][] = [];
    for (const j of cols) {
      const aj = a.get(j) ?? 0;
      const v = aj + K.arithmetic.mul(beta, (b.get(j) ?? 0) - aj);
      if (v > 0) row.push([j, v]);
    }
    rows.push(row);
  }
  return rows;
}

function asRows(m: Csr): [number, number][][] {
  return Array.from({ length: m.rows }, (_, i) =>
    Array.from({ length: m.ptr[i + 1] - m.ptr[i] }, (_, t): [number, number] => [
      m.cols[m.ptr[i] + t],
      m.vals[m.ptr[i] + t],
    ]),
  );
}

describe('consensus-stage kernels', () => {
  it('normalizeIntegerRows in I32F32 = integerRatio on every entry (short, long, zero and huge rows)', () => {
    const rng = seedrandom('kernels/normalize');
    let entries = 0;
    for (let c = 0; c < 40; c++) {
      const m = randomRows(rng, 1 + Math.floor(rng() * 300), c % 4 === 0 ? () => 65535 : u16);
      const expected = Array.from({ length: m.rows }, (_, i) => {
        let total = 0;
        for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) total += m.vals[k];
        return Array.from(m.vals.subarray(m.ptr[i], m.ptr[i + 1]), (w) => integerRatio(w, total));
      }).flat();
      I32F32_KERNELS.normalizeIntegerRows(m);
      expect(Array.from(m.vals)).toEqual(expected);
      entries += expected.length;
    }
    expect(entries).toBeGreaterThan(100_000);
  });

  it('normalizeIntegerRows in I32F32 is exact where the quotient is an integer (rows [t] and [t, 2t] for every u16 t)', () => {
    // w·2^32 / R exactly an integer: a reciprocal rounded down puts the product just under it.
    const n = 65535;
    const ptr = Int32Array.from({ length: 2 * n + 1 }, (_, r) => (r <= n ? r : n + 2 * (r - n)));
    const cols = new Int32Array(3 * n);
    const vals = new Float64Array(3 * n);
    for (let t = 1; t <= n; t++) {
      vals[t - 1] = t;
      vals[n + 2 * (t - 1)] = t;
      vals[n + 2 * (t - 1) + 1] = 2 * t > 65535 ? t : 2 * t;
    }
    const m: Csr = { rows: 2 * n, ptr, cols, vals };
    const expected = Array.from({ length: 2 * n }, (_, i) => {
      const row = Array.from(vals.subarray(ptr[i], ptr[i + 1]));
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((w) => integerRatio(w, total));
    }).flat();
    I32F32_KERNELS.normalizeIntegerRows(m);
    expect(Array.from(m.vals)).toEqual(expected);
    expect(m.vals[0]).toBe(2 ** 32);
  });

  for (const [mode, K] of [
    ['exact', I32F32_KERNELS],
    ['fast', FLOAT64_KERNELS],
  ] as const) {
    it(`${mode}: weightsForBonds = the dense interpolation, rows in any order, for β in (0, 1)`, () => {
      const rng = seedrandom(`kernels/wfb/${mode}`);
      for (let c = 0; c < 30; c++) {
        const n = 2 + Math.floor(rng() * 40);
        const w = randomRows(rng, n, u16);
        K.normalizeIntegerRows(w);
        const consensus = Float64Array.from({ length: n }, () =>
          rng() < 0.2 ? 0 : (w.vals[Math.floor(rng() * w.vals.length)] ?? 0),
        );
        const clipped = clipToConsensus(w, consensus);
        const beta = K.arithmetic.quotient(1 + Math.floor(rng() * 65534), 65535);
        expect(asRows(K.weightsForBonds(w, clipped, beta, n))).toEqual(denseWeightsForBonds(K, w, clipped, beta, n));
      }
    });
  }

  /** `row_sum_sparse` of a matrix, written out: the sums clipping gives must equal it. */
  const rowSums = (m: Csr): number[] => {
    const out: number[] = [];
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) s += m.vals[k];
      out.push(s);
    }
    return out;
  };

  /** `col_clip_sparse` written out: an entry above its column's consensus becomes it, or vanishes if that is not positive. */
  const clipReference = (m: Csr, consensus: Float64Array): [number, number][][] =>
    asRows(m).map((row) =>
      row.flatMap(([j, v]): [number, number][] =>
        consensus[j] < v ? (consensus[j] > 0 ? [[j, consensus[j]]] : []) : [[j, v]],
      ),
    );

  for (const [mode, K] of [
    ['exact', I32F32_KERNELS],
    ['fast', FLOAT64_KERNELS],
  ] as const) {
    it(`${mode}: clipToConsensus (branch-free) = col_clip_sparse written out, entry for entry`, () => {
      const rng = seedrandom(`kernels/clip-reference/${mode}`);
      for (let c = 0; c < 30; c++) {
        const n = 1 + Math.floor(rng() * 60);
        const w = randomRows(rng, n, u16);
        K.normalizeIntegerRows(w);
        // Consensus 0, an entry's own value (ties), or anything between 0 and 1.
        const consensus = Float64Array.from({ length: n }, () => {
          const r = rng();
          if (r < 0.2 || w.vals.length === 0) return 0;
          return r < 0.5 ? w.vals[Math.floor(rng() * w.vals.length)] : K.arithmetic.one * rng();
        });
        const sums = new Float64Array(n);
        const clipped = clipToConsensus(w, consensus, undefined, sums);
        expect(asRows(clipped)).toEqual(clipReference(w, consensus));
        expect(Array.from(sums)).toEqual(rowSums(clipped));
      }
    });
  }

  it('clipToConsensus with row sums = rowSums of the clipped matrix', () => {
    const rng = seedrandom('kernels/clip');
    for (let c = 0; c < 20; c++) {
      const n = 1 + Math.floor(rng() * 60);
      const w = randomRows(rng, n, u16);
      I32F32_KERNELS.normalizeIntegerRows(w);
      const consensus = Float64Array.from({ length: n }, () => (rng() < 0.2 ? 0 : Math.floor(rng() * 2 ** 31)));
      const sums = new Float64Array(n).fill(-1);
      const clipped = clipToConsensus(w, consensus, undefined, sums);
      expect(Array.from(sums)).toEqual(rowSums(clipped));
      expect(Array.from(clipToConsensus(w, consensus).vals)).toEqual(Array.from(clipped.vals));
    }
  });
});
