// The epoch's intermediate vectors and matrices for n uids, reused by every epoch of that size. The
// epoch runs synchronously and nothing it returns points into these buffers (its results are freshly
// made), so this is a pure cache: nothing in it is read by the next epoch.

import { CsrBuilder } from './sparse.ts';

export class EpochScratch {
  readonly activeStake: Float64Array;
  readonly permitOld: Uint8Array;
  readonly validatorTrust: Float64Array;
  readonly incentive: Float64Array;
  readonly recent: Uint8Array;
  readonly colTotal: Float64Array;
  /** Column sums of a normalisation (the bond EMA's, written as it emits them). */
  readonly perColumn: Float64Array;
  /** Column maxima (original Yuma's upscale of its normalised bonds). */
  readonly colMax: Float64Array;
  /** Per-column divisors and factors prepared for a loop (reciprocal, scaled). */
  readonly colInverse: Float64Array;
  readonly colScaled: Float64Array;
  /** emaRows' dense accumulators (liquidEmaRows': old bonds, seenW, seenB): all zero between uses. */
  readonly acc: Float64Array;
  readonly seenW: Float64Array;
  readonly seenB: Float64Array;
  readonly touched: Uint8Array;
  readonly list: Int32Array;
  readonly perRow: Float64Array;
  readonly dividends: Float64Array;
  /** The stake vector (§3.3; the result keeps copies of it) and topKNonZero's sorted copy of it. */
  readonly stake: Float64Array;
  readonly sortedStake: Float64Array;
  /** The emission split's shares (§3.11): I + D, I / Σ, D / Σ. */
  readonly combinedShare: Float64Array;
  readonly serverShare: Float64Array;
  readonly validatorShare: Float64Array;
  readonly weights: CsrBuilder;
  readonly clipped: CsrBuilder;
  /** The bond EMA's rows: ptr, and its entries in cols/vals and their u16s (grown by `emaEntries`). */
  readonly emaPtr: Int32Array;
  emaCols = new Int32Array(16);
  emaVals = new Float64Array(16);
  emaU16 = new Uint16Array(16);
  /** Values of a scaled or copied matrix. */
  private matVals = new Float64Array(16);

  constructor(readonly n: number) {
    this.activeStake = new Float64Array(n);
    this.permitOld = new Uint8Array(n);
    this.validatorTrust = new Float64Array(n);
    this.incentive = new Float64Array(n);
    this.recent = new Uint8Array(n);
    this.colTotal = new Float64Array(n);
    this.perColumn = new Float64Array(n);
    this.colMax = new Float64Array(n);
    this.colInverse = new Float64Array(n);
    this.colScaled = new Float64Array(n);
    this.acc = new Float64Array(n);
    this.seenW = new Float64Array(n);
    this.seenB = new Float64Array(n);
    this.touched = new Uint8Array(n);
    this.list = new Int32Array(n);
    this.perRow = new Float64Array(n);
    this.dividends = new Float64Array(n);
    this.stake = new Float64Array(n);
    this.sortedStake = new Float64Array(n);
    this.combinedShare = new Float64Array(n);
    this.serverShare = new Float64Array(n);
    this.validatorShare = new Float64Array(n);
    this.weights = new CsrBuilder(n, 16);
    this.clipped = new CsrBuilder(n, 16);
    this.emaPtr = new Int32Array(n + 1);
  }

  /** Room for at least nnz EMA entries in emaCols/emaVals/emaU16 (their contents are not kept). */
  emaEntries(nnz: number): void {
    if (nnz <= this.emaCols.length) return;
    const size = Math.max(nnz, 2 * this.emaCols.length);
    this.emaCols = new Int32Array(size);
    this.emaVals = new Float64Array(size);
    this.emaU16 = new Uint16Array(size);
  }

  /** A values array for a matrix of nnz entries (a view of one reused buffer). */
  values(nnz: number): Float64Array {
    if (nnz > this.matVals.length) this.matVals = new Float64Array(Math.max(nnz, 2 * this.matVals.length));
    return this.matVals.subarray(0, nnz);
  }
}

const scratches = new Map<number, EpochScratch>();

export function scratchFor(n: number): EpochScratch {
  let s = scratches.get(n);
  if (!s) {
    s = new EpochScratch(n);
    scratches.set(n, s);
  }
  return s;
}
