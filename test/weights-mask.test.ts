// §3.6 steps 1–5 (sim/chain/yuma/weights.ts, maskedWeights): the masked weight rows against the steps
// written out literally, on random subnets that reach every mask — rows without a permit, self-weights
// (the owner's kept), columns ≥ n, weights set at or before a column's (re)registration, commits
// before it — and rows where no column was registered after the row's update (the fast path).
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Csr } from '../sim/chain/yuma/sparse.ts';
import { maskedWeights, maskedWeightsEqual, type U16Row, type WeightMaskInput } from '../sim/chain/yuma/weights.ts';

/** Steps 1–5 one entry at a time, as §3.6 lists them. */
function literalMask(input: WeightMaskInput): { ptr: number[]; cols: number[]; vals: number[] } {
  const { n, ownerUid, lastUpdate, blockAtRegistration, commitBlock, permitOld } = input;
  const ptr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = input.weights[i];
    if (row && permitOld[i]) {
      for (let k = 0; k < row.cols.length; k++) {
        const j = row.cols[k];
        if (j >= n) continue;
        if (j === i && i !== ownerUid) continue;
        if (lastUpdate[i] <= blockAtRegistration[j]) continue;
        if (commitBlock && commitBlock[i] < blockAtRegistration[j]) continue;
        cols.push(j);
        vals.push(row.vals[k]);
      }
    }
    ptr.push(cols.length);
  }
  return { ptr, cols, vals };
}

function plain(m: Csr): { ptr: number[]; cols: number[]; vals: number[] } {
  return { ptr: Array.from(m.ptr), cols: Array.from(m.cols), vals: Array.from(m.vals) };
}

/** A random subnet reaching every mask (see the file's head). */
function randomMaskInput(seed: string): WeightMaskInput & { lastUpdate: number[]; blockAtRegistration: number[] } {
  const rng = seedrandom(seed);
  const n = 1 + Math.floor(rng() * 40);
  const blockAtRegistration = Array.from({ length: n }, () => (rng() < 0.7 ? 0 : Math.floor(rng() * 1000)));
  const lastUpdate = Array.from({ length: n }, () => Math.floor(rng() * 1200));
  const commitBlock =
    rng() < 0.5 ? Array.from({ length: n }, () => (rng() < 0.5 ? Infinity : Math.floor(rng() * 1200))) : undefined;
  const weights: U16Row[] = Array.from({ length: n }, () => {
    const len = Math.floor(rng() * (n + 3));
    const cols = Array.from({ length: len }, () => Math.floor(rng() * (n + 2)));
    return { cols, vals: Uint16Array.from(cols, () => Math.floor(rng() * 65536)) };
  });
  return {
    n,
    weights,
    permitOld: Array.from({ length: n }, () => rng() < 0.8),
    ownerUid: rng() < 0.5 ? Math.floor(rng() * n) : null,
    lastUpdate,
    blockAtRegistration,
    commitBlock,
  };
}

/** A copy of a matrix's arrays (the kept copy the consensus cache compares against). */
function copyOf(m: Csr): Csr {
  return { rows: m.rows, ptr: m.ptr.slice(), cols: m.cols.slice(), vals: m.vals.slice() };
}

describe('maskedWeights (§3.6 steps 1–5)', () => {
  it('equals the literal steps on 400 random subnets', () => {
    let fastRows = 0;
    let barredEntries = 0;
    let commitBarred = 0;
    for (let c = 0; c < 400; c++) {
      const input = randomMaskInput(`weights-mask/${c}`);
      const { n, weights, lastUpdate, blockAtRegistration, commitBlock } = input;
      const latest = Math.max(...blockAtRegistration);
      for (let i = 0; i < n; i++) {
        if (lastUpdate[i] > latest && !(commitBlock && commitBlock[i] < latest)) fastRows++;
        for (const j of weights[i].cols) {
          if (j >= n) continue;
          if (lastUpdate[i] <= blockAtRegistration[j]) barredEntries++;
          else if (commitBlock && commitBlock[i] < blockAtRegistration[j]) commitBarred++;
        }
      }
      expect(plain(maskedWeights(input)), `case ${c}`).toEqual(literalMask(input));
    }
    // Every path was taken.
    expect(fastRows).toBeGreaterThan(100);
    expect(barredEntries).toBeGreaterThan(100);
    expect(commitBarred).toBeGreaterThan(100);
  });

  it('maskedWeightsEqual: true against the mask it computes, false for any entry, column or row end changed', () => {
    let differs = 0;
    for (let c = 0; c < 200; c++) {
      const input = randomMaskInput(`weights-mask/equal/${c}`);
      const kept = copyOf(maskedWeights(input));
      expect(maskedWeightsEqual(input, kept), `case ${c}`).toBe(true);
      const nnz = kept.cols.length;
      if (nnz > 0) {
        const k = c % nnz;
        const value = copyOf(kept);
        value.vals[k] += 1;
        const column = copyOf(kept);
        column.cols[k] += 1;
        const fewer = { ...copyOf(kept), cols: kept.cols.slice(0, nnz - 1), vals: kept.vals.slice(0, nnz - 1) };
        fewer.ptr = fewer.ptr.map((p) => Math.min(p, nnz - 1));
        for (const changed of [value, column, fewer])
          expect(maskedWeightsEqual(input, changed), `case ${c}`).toBe(false);
        differs += 3;
      }
      // One more entry than the mask keeps, at the end of the last row.
      const more = {
        rows: kept.rows,
        ptr: kept.ptr.map((p, i) => (i === input.n ? p + 1 : p)),
        cols: Int32Array.from([...kept.cols, 0]),
        vals: Float64Array.from([...kept.vals, 1]),
      };
      expect(maskedWeightsEqual(input, more), `case ${c}`).toBe(false);
      // A row end moved (entries shifted to the next row), when there is a row to move it into.
      const i = kept.ptr.findIndex((p, r) => r > 0 && r < input.n && p > kept.ptr[r - 1]);
      if (i > 0) {
        const shifted = copyOf(kept);
        shifted.ptr[i] -= 1;
        expect(maskedWeightsEqual(input, shifted), `case ${c}`).toBe(false);
      }
      // An input change the mask sees: equal exactly when the literal masks are.
      const other = { ...input, lastUpdate: input.lastUpdate.map((b, r) => (r === c % input.n ? 0 : b)) };
      const same = JSON.stringify(literalMask(other)) === JSON.stringify(literalMask(input));
      expect(maskedWeightsEqual(other, kept), `case ${c}`).toBe(same);
    }
    expect(differs).toBeGreaterThan(400);
  });
});
