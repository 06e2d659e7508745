// Weights as the epoch sees them (protocol.md §3.6): load the stored u16 rows, mask, normalise.

import { integerRatio } from '../fixed/u16.ts';
import { CsrBuilder, type Csr } from './sparse.ts';

/** A stored row: (column, u16) entries in the chain's order. */
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
 * normalise each row. Returns I32F32 bits, rows in stored order.
 *
 * The row normalisation is computed from the integers: with entries u16_to_fixed(w) = w·2^32 and
 * row sum R·2^32, the chain's w·2^32 ⊘ R·2^32 is exactly floor(w·2^32 / R) (`integerRatio`), which
 * stays exact in a double although R·2^32 itself need not.
 */
export function maskedNormalizedWeights(input: WeightMaskInput): Csr {
  const { n, ownerUid, lastUpdate, blockAtRegistration, commitBlock } = input;
  let capacity = 0;
  for (let i = 0; i < n; i++) if (input.permitOld[i] && input.weights[i]) capacity += input.weights[i].cols.length;
  const out = new CsrBuilder(n, capacity);
  const keptCols = new Int32Array(n);
  const keptVals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const stored = input.weights[i];
    if (stored && input.permitOld[i]) {
      const lu = lastUpdate[i];
      const cb = commitBlock ? commitBlock[i] : Infinity;
      let kept = 0;
      let total = 0;
      for (let k = 0; k < stored.cols.length; k++) {
        const j = stored.cols[k];
        if (j >= n) continue;
        if (j === i && i !== ownerUid) continue;
        if (lu <= blockAtRegistration[j]) continue;
        if (cb < blockAtRegistration[j]) continue;
        keptCols[kept] = j;
        keptVals[kept] = stored.vals[k];
        total += stored.vals[k];
        kept++;
      }
      for (let k = 0; k < kept; k++) out.push(keptCols[k], integerRatio(keptVals[k], total));
    }
    out.endRow();
  }
  return out.finish();
}
