// The bond EMA's settled-row path (sim/chain/yuma/kernels.ts: a bond row holding exactly its weights
// row's columns is read entry beside entry, without the merge walk) against the walk itself: the same
// rows with one more stored bond, at a column ≥ n (dropped, so nothing changes but the path taken).
// Random rows, recently registered columns among them, liquid alpha on both sides of the sigmoid,
// both bond variants' readings of the stored u16s, both arithmetics.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { FLOAT64_KERNELS, I32F32_KERNELS } from '../sim/chain/yuma/kernels.ts';
import { EpochScratch } from '../sim/chain/yuma/scratch.ts';
import type { Csr, U16Csr } from '../sim/chain/yuma/sparse.ts';

interface Case {
  n: number;
  weights: Csr;
  settled: U16Csr;
  /** `settled` with one more entry at column n in every non-empty row. */
  walked: U16Csr;
  recent: Uint8Array;
  consensus: Float64Array;
  colTotal: Float64Array;
}

function randomCase(seed: string, one: number): Case {
  const rng = seedrandom(seed);
  const n = 2 + Math.floor(rng() * 30);
  const ptr = new Int32Array(n + 1);
  const sPtr = new Int32Array(n + 1);
  const wPtr2 = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const bonds: number[] = [];
  const cols2: number[] = [];
  const bonds2: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (rng() < 0.4) continue;
      cols.push(j);
      // Weights in [0, 1], bonds as u16: some cells with d = 0, some buying, some selling.
      vals.push(one === 1 ? rng() : Math.floor(rng() * one));
      const u = rng() < 0.1 ? 0 : Math.floor(rng() * 65536);
      bonds.push(u);
      cols2.push(j);
      bonds2.push(u);
    }
    if (rng() < 0.8) {
      cols2.push(n);
      bonds2.push(1 + Math.floor(rng() * 65535));
    }
    ptr[i + 1] = cols.length;
    sPtr[i + 1] = cols.length;
    wPtr2[i + 1] = cols2.length;
  }
  const colTotal = new Float64Array(n);
  for (let k = 0; k < cols.length; k++) colTotal[cols[k]] += bonds[k];
  return {
    n,
    weights: { rows: n, ptr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) },
    settled: { rows: n, ptr: sPtr, cols: Int32Array.from(cols), vals: Uint16Array.from(bonds) },
    walked: { rows: n, ptr: wPtr2, cols: Int32Array.from(cols2), vals: Uint16Array.from(bonds2) },
    recent: Uint8Array.from({ length: n }, () => (rng() < 0.15 ? 1 : 0)),
    consensus: Float64Array.from({ length: n }, () => (one === 1 ? rng() : Math.floor(rng() * one))),
    colTotal,
  };
}

/** What an EMA call leaves: the matrix, the u16s and the column sums. */
function snapshot(m: Csr, ws: EpochScratch, n: number, withU16: boolean) {
  return {
    ptr: Array.from(m.ptr),
    cols: Array.from(m.cols),
    vals: Array.from(m.vals),
    u16: withU16 ? Array.from(ws.emaU16.subarray(0, m.cols.length)) : [],
    perColumn: Array.from(ws.perColumn.subarray(0, n)),
  };
}

describe('bond EMA: settled rows read beside their weights equal the merge walk', () => {
  for (const [name, K] of [
    ['I32F32', I32F32_KERNELS],
    ['FLOAT64', FLOAT64_KERNELS],
  ] as const) {
    it(`${name}: liquid alpha and the fixed-rate EMA (both bond readings) on 300 random subnets`, () => {
      const one = K.arithmetic.one;
      let recentCells = 0;
      for (let c = 0; c < 300; c++) {
        const t = randomCase(`bond-ema-paths/${c}`, one);
        for (let k = 0; k < t.weights.cols.length; k++) if (t.recent[t.weights.cols[k]]) recentCells++;
        const ws = new EpochScratch(t.n);
        const params = K.liquidAlphaParams([0, 6553][c % 2], [65535, 45000][c % 2], [1000, 30000, -500][c % 3]);
        const liquid = (stored: U16Csr) =>
          snapshot(K.liquidEmaRows(t.weights, stored, t.recent, t.consensus, params, t.n, ws), ws, t.n, true);
        expect(liquid(t.settled), `liquid, case ${c}`).toEqual(liquid(t.walked));
        const { alpha, oneMinus } = { alpha: K.arithmetic.quotient(1, 10), oneMinus: K.arithmetic.quotient(9, 10) };
        for (const colTotal of [null, t.colTotal]) {
          const ema = (stored: U16Csr) =>
            snapshot(
              K.emaRows(t.weights, stored, t.recent, colTotal, alpha, oneMinus, t.n, colTotal === null, ws),
              ws,
              t.n,
              colTotal === null,
            );
          expect(ema(t.settled), `ema, case ${c}`).toEqual(ema(t.walked));
        }
      }
      expect(recentCells).toBeGreaterThan(300);
    });
  }
});
