// The exact epoch's weighted median (sim/chain/yuma/consensus.ts) against the chain's quickselect run
// literally (protocol.md §3.7): same value on every column, whatever first pivot (`median`'s incoming
// values) and window around it (`MedianReach`) the search starts from, with ties, zero stakes,
// explicit and implicit zeros, repeated columns and κ at and beyond its ends; both searches, the
// WebAssembly one (wasm-consensus.ts, what runs) and the JavaScript one it stands in for.
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EpochArithmetic, FLOAT64_ARITHMETIC, I32F32_ARITHMETIC } from '../sim/chain/yuma/arithmetic.ts';
import { MedianReach, quickselect, weightedMedianColumns } from '../sim/chain/yuma/consensus.ts';
import type { Csr } from '../sim/chain/yuma/sparse.ts';
import { useWasmConsensus } from '../sim/chain/yuma/wasm-consensus.ts';

const A = I32F32_ARITHMETIC;
const ONE = 2 ** 32;

/** `weighted_median_col_sparse` as the chain writes it: dense columns, the literal quickselect. */
function chainMedians(
  stake: number[],
  w: Csr,
  columns: number,
  kappa: number,
  A: EpochArithmetic = I32F32_ARITHMETIC,
): number[] {
  const members = stake.flatMap((s, i) => (s > 0 ? [i] : []));
  const u = Float64Array.from(members, (i) => stake[i]);
  A.normalizeInPlace(u);
  const sigma = A.sum(u);
  const dense = Array.from({ length: columns }, () => new Float64Array(members.length));
  members.forEach((i, k) => {
    for (let e = w.ptr[i]; e < w.ptr[i + 1]; e++) dense[w.cols[e]][k] = w.vals[e];
  });
  return dense.map((col) => quickselect(col.slice(), u.slice(), members.length, sigma - kappa, sigma));
}

function randomCase(rng: () => number, rows: number, columns: number) {
  const palette = Array.from({ length: 1 + Math.floor(rng() * 6) }, () => Math.floor(rng() * ONE));
  const stake = Array.from({ length: rows }, () => {
    const r = rng();
    return r < 0.2 ? 0 : r < 0.3 ? 1 : r < 0.5 ? 1 << 20 : Math.floor(rng() * ONE);
  });
  const ptr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      if (rng() < 0.3) continue; // absent: an implicit 0
      const r = rng();
      cols.push(j);
      vals.push(r < 0.1 ? 0 : r < 0.6 ? palette[Math.floor(rng() * palette.length)] : Math.floor(rng() * ONE));
    }
    if (rng() < 0.1 && columns > 0) {
      cols.push(Math.floor(rng() * columns)); // a repeated column: the later entry counts
      vals.push(Math.floor(rng() * ONE));
    }
    ptr.push(cols.length);
  }
  const w: Csr = { rows, ptr: Int32Array.from(ptr), cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
  return { stake, w };
}

for (const search of ['WebAssembly', 'JavaScript'] as const) {
  describe(`exact weighted median (${search} search)`, () => {
    beforeAll(() => useWasmConsensus(search === 'WebAssembly'));
    afterAll(() => useWasmConsensus(true));

    it('equals the literal quickselect on 3 000 random columns, from any first pivot', () => {
      const rng = seedrandom('median/exact');
      let columnsChecked = 0;
      for (let c = 0; c < 120; c++) {
        const rows = 1 + Math.floor(rng() * 12);
        const columns = 1 + Math.floor(rng() * 40);
        const { stake, w } = randomCase(rng, rows, columns);
        for (const kappa of [0, 1, A.quotient(32767, 65535), Math.floor(rng() * ONE), ONE - 1, ONE, ONE + 5]) {
          const expected = chainMedians(stake, w, columns, kappa);
          // First pivots: zeros, the answer itself, its neighbours, and arbitrary values.
          for (const hints of [
            new Float64Array(columns),
            Float64Array.from(expected),
            Float64Array.from(expected, (x) => x + 1),
            Float64Array.from(expected, (x) => Math.max(0, x - 1)),
            Float64Array.from({ length: columns }, () => Math.floor(rng() * ONE)),
          ]) {
            for (const relative of [0, 1e-9, 0.05, 0.5, 1, 4]) {
              const reach = new MedianReach();
              reach.relative = relative;
              const got = weightedMedianColumns(A, stake, w, columns, kappa, hints.slice(), reach);
              expect(Array.from(got)).toEqual(expected);
            }
          }
          columnsChecked += columns;
        }
      }
      expect(columnsChecked).toBeGreaterThan(3000);
    });

    it('equals it on long columns (many validators) searched around near and far hints, as epochs chain their reach', () => {
      // Long columns exercise the interpolation rounds (more than 8 scores in a window); the reach each
      // call learns is carried into the next, as a subnet's consensus buffers carry it.
      const rng = seedrandom('median/long');
      const reach = new MedianReach();
      let columnsChecked = 0;
      for (let c = 0; c < 40; c++) {
        const rows = 20 + Math.floor(rng() * 180);
        const columns = 1 + Math.floor(rng() * 24);
        const { stake, w } = randomCase(rng, rows, columns);
        if (c % 3 === 0) for (let e = 0; e < w.vals.length; e++) w.vals[e] = Math.floor(w.vals[e] / 2 ** 20); // many ties
        for (const kappa of [0, A.quotient(32767, 65535), Math.floor(rng() * ONE), ONE]) {
          const expected = chainMedians(stake, w, columns, kappa);
          for (const spread of [0, 0.001, 0.03, 0.3, 2]) {
            const hints = Float64Array.from(expected, (x) =>
              Math.max(0, Math.floor(x * (1 + spread * (2 * rng() - 1)))),
            );
            const got = weightedMedianColumns(A, stake, w, columns, kappa, hints, reach);
            expect(Array.from(got)).toEqual(expected);
            columnsChecked += columns;
          }
        }
      }
      expect(columnsChecked).toBeGreaterThan(1500);
    });

    for (const [mode, arithmetic] of [
      ['exact', I32F32_ARITHMETIC],
      ['fast', FLOAT64_ARITHMETIC],
    ] as const) {
      it(`${mode}: columns nobody weighted (no entry, or only explicit zeros) have median 0, the rest as before`, () => {
        const rng = seedrandom(`median/unweighted/${mode}`);
        const one = arithmetic.one;
        for (let c = 0; c < 30; c++) {
          const rows = 1 + Math.floor(rng() * 20);
          const columns = 2 + Math.floor(rng() * 30);
          const { stake, w } = randomCase(rng, rows, columns);
          // Empty the even columns of every row, and zero the entries of every third.
          const keep = Array.from(w.cols, (j) => j % 2 === 1);
          const ptr = [0];
          const cols: number[] = [];
          const vals: number[] = [];
          for (let i = 0; i < rows; i++) {
            for (let e = w.ptr[i]; e < w.ptr[i + 1]; e++) {
              if (!keep[e]) continue;
              cols.push(w.cols[e]);
              vals.push(w.cols[e] % 3 === 0 ? 0 : mode === 'fast' ? w.vals[e] / ONE : w.vals[e]);
            }
            ptr.push(cols.length);
          }
          const m: Csr = {
            rows,
            ptr: Int32Array.from(ptr),
            cols: Int32Array.from(cols),
            vals: Float64Array.from(vals),
          };
          const s = mode === 'fast' ? stake.map((x) => x / ONE) : stake;
          for (const kappa of [0, one / 2, one, one * 1.5]) {
            const expected = chainMedians(s, m, columns, kappa, arithmetic);
            const got = weightedMedianColumns(arithmetic, s, m, columns, kappa);
            expect(Array.from(got)).toEqual(expected);
            for (let j = 0; j < columns; j += 2) expect(got[j]).toBe(0);
          }
        }
      });
    }

    it('handles a column where the hint sits between scores (F(< p) exactly at the minority)', () => {
      // Stakes 1, 1, 2 (normalised: 1/4, 1/4, 1/2); scores 10, 20, 30; κ = 1/2 ⇒ minority = σ − κ.
      const w: Csr = {
        rows: 3,
        ptr: Int32Array.from([0, 1, 2, 3]),
        cols: Int32Array.from([0, 0, 0]),
        vals: Float64Array.from([10, 20, 30]),
      };
      const stake = [ONE / 4, ONE / 4, ONE / 2];
      for (const hint of [0, 15, 20, 25, 40]) {
        const got = weightedMedianColumns(A, stake, w, 1, ONE / 2, Float64Array.from([hint]));
        expect(got[0]).toBe(chainMedians(stake, w, 1, ONE / 2)[0]);
        expect(got[0]).toBe(30); // F(< 30) = 1/2 = minority (σ = 1), F(≤ 30) = 1
      }
    });
  });
}

describe('fast weighted median (doubles): the literal quickselect from the weights by column', () => {
  const F = FLOAT64_ARITHMETIC;

  /**
   * Members of whom only some weight each column (the usual subnet: a few validators set weights,
   * every permitted one holds stake), the pivot member (m >> 1) weighting some columns and not
   * others, ties, explicit zeros and −0, a column named twice in a row, and, in a few cases, a
   * negative entry.
   */
  function sparseCase(rng: () => number, t: number) {
    const rows = 1 + Math.floor(rng() * 40);
    const columns = 1 + Math.floor(rng() * 30);
    const stake = Array.from({ length: rows }, () => (rng() < 0.15 ? 0 : rng()));
    const setters = rng() < 0.5 ? 0.2 : 0.7;
    const palette = [0.25, 0.5, 0.125, rng()];
    const ptr = [0];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let i = 0; i < rows; i++) {
      if (rng() < setters) {
        for (let j = 0; j < columns; j++) {
          if (rng() < 0.3) continue;
          const r = rng();
          cols.push(j);
          vals.push(r < 0.05 ? 0 : r < 0.08 ? -0 : r < 0.4 ? palette[Math.floor(rng() * 4)] : rng());
        }
        if (rng() < 0.15) {
          cols.push(Math.floor(rng() * columns)); // named again: the later entry counts
          vals.push(rng() < 0.3 ? 0 : rng());
        }
        if (t % 10 === 0 && rng() < 0.2) {
          cols.push(Math.floor(rng() * columns));
          vals.push(-rng());
        }
      }
      ptr.push(cols.length);
    }
    const w: Csr = { rows, ptr: Int32Array.from(ptr), cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
    return { stake, w, columns };
  }

  it("equals the chain's dense quickselect on 4 000 random columns, pivot member weighting a column or not", () => {
    const rng = seedrandom('median/fast/sparse');
    let columnsChecked = 0;
    for (let t = 0; t < 300; t++) {
      const { stake, w, columns } = sparseCase(rng, t);
      for (const kappa of [0, 0.5, rng(), 1, 1.5]) {
        const expected = chainMedians(stake, w, columns, kappa, F);
        const got = weightedMedianColumns(F, stake, w, columns, kappa);
        expect(Array.from(got)).toEqual(expected);
        columnsChecked += columns;
      }
    }
    expect(columnsChecked).toBeGreaterThan(4000);
  });
});
