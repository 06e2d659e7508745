// Weights as the epoch sees them (protocol.md §3.6): load the stored u16 rows, mask, normalise.

import { ONE } from '../fixed/i32f32.ts';
import { integerRatio } from '../fixed/u16.ts';
import type { SparseMatrix, SparseRow } from './sparse.ts';
import { emptyRow } from './sparse.ts';

/** Stored rows: (column, u16) entries, columns ascending. */
export interface U16Row {
  cols: number[];
  vals: number[];
}

export interface WeightMaskInput {
  n: number;
  weights: readonly U16Row[];
  /** Permits from the previous epoch (owner already forced on). */
  permitOld: readonly boolean[];
  ownerUid: number | null;
  lastUpdate: ArrayLike<number>;
  blockAtRegistration: ArrayLike<number>;
  /** With commit-reveal on: each uid's earliest unexpired commit block (Infinity if none). */
  commitBlock?: ArrayLike<number>;
}

/**
 * Steps 1–6 of §3.6: keep rows of permitted validators, drop self-weights except the owner's,
 * drop weights set at or before the target's (re)registration, apply the commit-reveal mask, then
 * normalise each row. Returns I32F32 bits.
 */
export function maskedNormalizedWeights(input: WeightMaskInput): SparseMatrix {
  const { n, ownerUid, lastUpdate, blockAtRegistration, commitBlock } = input;
  const out: SparseMatrix = new Array(n);
  for (let i = 0; i < n; i++) {
    const stored = input.weights[i];
    const row = emptyRow();
    out[i] = row;
    if (!stored || !input.permitOld[i]) continue;
    const lu = lastUpdate[i];
    const cb = commitBlock ? commitBlock[i] : Infinity;
    let total = 0;
    for (let k = 0; k < stored.cols.length; k++) {
      const j = stored.cols[k];
      if (j >= n) continue;
      if (j === i && i !== ownerUid) continue;
      if (lu <= blockAtRegistration[j]) continue;
      if (cb < blockAtRegistration[j]) continue;
      row.cols.push(j);
      row.vals.push(stored.vals[k]);
      total += stored.vals[k];
    }
    normalizeIntegerRow(row, total);
  }
  return out;
}

/** Row normalisation of u16_to_fixed entries, computed from the integers (see `integerRatio`). */
function normalizeIntegerRow(row: SparseRow, total: number): void {
  for (let k = 0; k < row.vals.length; k++) {
    const w = row.vals[k];
    row.vals[k] = total > 0 ? integerRatio(w, total) : w * ONE;
  }
}
