// Weights as the epoch sees them (protocol.md §3.6): load the stored u16 rows, mask, normalise.

import type { EpochKernels } from './kernels.ts';
import { type Csr, CsrBuilder } from './sparse.ts';

/** A stored row: (column, u16) entries in the chain's order. */
export interface U16Row {
  cols: number[];
  vals: number[];
}

export interface WeightMaskInput {
  n: number;
  weights: readonly U16Row[];
  /** Permits from the previous epoch (owner already forced on). */
  permitOld: ArrayLike<boolean | number>;
  ownerUid: number | null;
  lastUpdate: ArrayLike<number>;
  blockAtRegistration: ArrayLike<number>;
  /** With commit-reveal on: each uid's earliest unexpired commit block (Infinity if none). */
  commitBlock?: ArrayLike<number>;
}

/**
 * Steps 1–5 of §3.6: keep rows of permitted validators, drop self-weights except the owner's,
 * drop weights set at or before the target's (re)registration, apply the commit-reveal mask (rows in
 * stored order), into `out` (reset first). The values are still the u16 integers: step 6, the row
 * normalisation, is `normalizeIntegerRows` (kernels.ts), which computes it from the integers: with
 * entries u16_to_fixed(w) = w·2^32 and row sum R·2^32, the chain's w·2^32 ⊘ R·2^32 is exactly
 * floor(w·2^32 / R) (`integerRatio`), which stays exact in a double although R·2^32 itself need not.
 */
export function maskedWeights(input: WeightMaskInput, out = new CsrBuilder(input.n, 0)): Csr {
  const { n, ownerUid, lastUpdate, blockAtRegistration, commitBlock, permitOld } = input;
  let capacity = 0;
  for (let i = 0; i < n; i++) if (permitOld[i] && input.weights[i]) capacity += input.weights[i].cols.length;
  // The latest (re)registration of any uid: a row updated after it, with no commit before it, keeps
  // every entry steps 3 and 4 test (the usual row), so only steps 1 and 2 are checked per entry.
  let latestRegistration = -Infinity;
  for (let j = 0; j < n; j++)
    if (blockAtRegistration[j] > latestRegistration) latestRegistration = blockAtRegistration[j];
  // Written straight into the builder's buffers: `capacity` bounds what is kept.
  const { ptr, cols: outCols, vals: outVals } = out.fillBuffers(capacity);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const stored = input.weights[i];
    if (stored && permitOld[i]) {
      const { cols, vals } = stored;
      const lu = lastUpdate[i];
      const cb = commitBlock ? commitBlock[i] : Infinity;
      // The column a self-weight is dropped at (none for the owner).
      const self = i === ownerUid ? -1 : i;
      if (lu > latestRegistration && cb >= latestRegistration) {
        for (let k = 0; k < cols.length; k++) {
          const j = cols[k];
          if (j >= n || j === self) continue;
          outCols[nnz] = j;
          outVals[nnz] = vals[k];
          nnz++;
        }
      } else {
        for (let k = 0; k < cols.length; k++) {
          const j = cols[k];
          if (j >= n || j === self) continue;
          const bar = blockAtRegistration[j];
          if (lu <= bar || cb < bar) continue;
          outCols[nnz] = j;
          outVals[nnz] = vals[k];
          nnz++;
        }
      }
    }
    ptr[i + 1] = nnz;
  }
  return out.finishFilled(nnz);
}

/** All of §3.6: the masked weights, each row normalised (`normalizeIntegerRows`). */
export function maskedNormalizedWeights(
  K: EpochKernels,
  input: WeightMaskInput,
  out = new CsrBuilder(input.n, 0),
): Csr {
  const masked = maskedWeights(input, out);
  K.normalizeIntegerRows(masked);
  return masked;
}
