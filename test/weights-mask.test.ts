// §3.6 steps 1–5 (sim/chain/yuma/weights.ts, maskedWeights): the masked weight rows against the steps
// written out literally, on random subnets that reach every mask — rows without a permit, self-weights
// (the owner's kept), columns ≥ n, weights set at or before a column's (re)registration, commits
// before it — and rows where no column was registered after the row's update (the fast path).
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Csr } from '../sim/chain/yuma/sparse.ts';
import { maskedWeights, type U16Row, type WeightMaskInput } from '../sim/chain/yuma/weights.ts';

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

describe('maskedWeights (§3.6 steps 1–5)', () => {
  it('equals the literal steps on 400 random subnets', () => {
    let fastRows = 0;
    let barredEntries = 0;
    let commitBarred = 0;
    for (let c = 0; c < 400; c++) {
      const rng = seedrandom(`weights-mask/${c}`);
      const n = 1 + Math.floor(rng() * 40);
      const blockAtRegistration = Array.from({ length: n }, () => (rng() < 0.7 ? 0 : Math.floor(rng() * 1000)));
      const lastUpdate = Array.from({ length: n }, () => Math.floor(rng() * 1200));
      const commitBlock =
        rng() < 0.5 ? Array.from({ length: n }, () => (rng() < 0.5 ? Infinity : Math.floor(rng() * 1200))) : undefined;
      const weights: U16Row[] = Array.from({ length: n }, () => {
        const len = Math.floor(rng() * (n + 3));
        const cols = Array.from({ length: len }, () => Math.floor(rng() * (n + 2)));
        return { cols, vals: cols.map(() => Math.floor(rng() * 65536)) };
      });
      const input: WeightMaskInput = {
        n,
        weights,
        permitOld: Array.from({ length: n }, () => rng() < 0.8),
        ownerUid: rng() < 0.5 ? Math.floor(rng() * n) : null,
        lastUpdate,
        blockAtRegistration,
        commitBlock,
      };
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
});
