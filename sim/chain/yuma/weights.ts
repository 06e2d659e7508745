// Weights as the epoch sees them (protocol.md §3.6): load the stored u16 rows, mask, normalise.

import type { EpochKernels } from './kernels.ts';
import { type Csr, CsrBuilder } from './sparse.ts';

/**
 * A stored row: (column, u16) entries in the chain's order. A row is replaced, never written in
 * place, so one column list may serve many rows (a subnet's validators weight the same uids) and a
 * submission's values may become the row itself.
 */
export interface U16Row {
  readonly cols: readonly number[];
  readonly vals: Uint16Array;
}

/** A row with no entries (a fresh uid's). */
export function emptyRow(): U16Row {
  return { cols: [], vals: new Uint16Array(0) };
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
  // Written straight into the builder's buffers: `capacity` bounds what is kept.
  const { ptr, cols, vals } = out.fillBuffers(maskCapacity(input));
  return out.finishFilled(maskRows(input, ptr, cols, vals, false));
}

/**
 * Whether the masked weights of `input` are `kept`, entry for entry (same rows, columns and values):
 * maskedWeights' walk, comparing what it would write instead of writing it, and stopping at the
 * first difference. The consensus cache's test when stake holds still (consensus-cache.ts).
 */
export function maskedWeightsEqual(input: WeightMaskInput, kept: Csr): boolean {
  return kept.rows === input.n && maskRows(input, kept.ptr, kept.cols, kept.vals, true) === kept.cols.length;
}

/** How many entries the permitted rows hold: a bound on what the mask keeps. */
function maskCapacity(input: WeightMaskInput): number {
  let capacity = 0;
  for (let i = 0; i < input.n; i++)
    if (input.permitOld[i] && input.weights[i]) capacity += input.weights[i].cols.length;
  return capacity;
}

/**
 * The mask's walk, row by row in stored order. Writing (`compare` false): each kept entry into
 * cols/vals and each row's end into ptr[i + 1]; returns the entry count. Comparing: checks each
 * against what cols/vals/ptr hold instead, and returns −1 at the first difference. One walk for
 * both, so the comparison can never test a different mask from the one computed.
 */
function maskRows(
  input: WeightMaskInput,
  ptr: Int32Array,
  outCols: Int32Array,
  outVals: Float64Array,
  compare: boolean,
): number {
  const { n, ownerUid, lastUpdate, blockAtRegistration, commitBlock, permitOld } = input;
  const latest = latestRegistration(input);
  const room = outCols.length;
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const stored = input.weights[i];
    if (stored && permitOld[i]) {
      const { cols, vals } = stored;
      const lu = lastUpdate[i];
      const cb = commitBlock ? commitBlock[i] : Infinity;
      // The column a self-weight is dropped at (none for the owner).
      const self = i === ownerUid ? -1 : i;
      if (keepsEveryEntry(lu, cb, latest)) {
        for (let k = 0; k < cols.length; k++) {
          const j = cols[k];
          if (j >= n || j === self) continue;
          if (!compare) {
            outCols[nnz] = j;
            outVals[nnz] = vals[k];
          } else if (nnz >= room || outCols[nnz] !== j || outVals[nnz] !== vals[k]) return -1;
          nnz++;
        }
      } else {
        for (let k = 0; k < cols.length; k++) {
          const j = cols[k];
          if (j >= n || j === self) continue;
          const bar = blockAtRegistration[j];
          if (lu <= bar || cb < bar) continue;
          if (!compare) {
            outCols[nnz] = j;
            outVals[nnz] = vals[k];
          } else if (nnz >= room || outCols[nnz] !== j || outVals[nnz] !== vals[k]) return -1;
          nnz++;
        }
      }
    }
    if (!compare) ptr[i + 1] = nnz;
    else if (ptr[i + 1] !== nnz) return -1;
  }
  return nnz;
}

/** The latest (re)registration block of any uid. */
export function latestRegistration(input: WeightMaskInput): number {
  const { n, blockAtRegistration } = input;
  let latest = -Infinity;
  for (let j = 0; j < n; j++) if (blockAtRegistration[j] > latest) latest = blockAtRegistration[j];
  return latest;
}

/**
 * Whether row i passes steps 3 and 4 whole: updated after `latest` (latestRegistration) with no
 * commit before it, it keeps every entry they test (the usual row), so its masked row depends on
 * nothing but its stored entries, n and whether i is the owner (steps 1 and 2).
 */
export function keepsRegisteredEntries(input: WeightMaskInput, i: number, latest: number): boolean {
  return keepsEveryEntry(input.lastUpdate[i], input.commitBlock ? input.commitBlock[i] : Infinity, latest);
}

/** keepsRegisteredEntries from the row's LastUpdate and earliest unexpired commit block. */
function keepsEveryEntry(lastUpdate: number, commitBlock: number, latest: number): boolean {
  return lastUpdate > latest && commitBlock >= latest;
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
