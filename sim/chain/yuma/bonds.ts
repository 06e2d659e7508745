// Bonds and dividends (protocol.md §3.10): the steps both variants share, then original Yuma
// (§3.10a) and Yuma3 (§3.10b). The per-entry arithmetic (EMA, normalisations, liquid alpha) is in
// kernels.ts.

import type { EpochArithmetic } from './arithmetic.ts';
import type { EpochKernels } from './kernels.ts';
import type { LiquidAlphaParams } from './liquid-alpha.ts';
import type { EpochScratch } from './scratch.ts';
import type { Csr, U16Csr } from './sparse.ts';

/**
 * Column j is "recently registered" when lastTempo ≤ BAR_j, with lastTempo the block after the
 * last successful epoch, or b − τ when that is unknown. Bonds toward such columns are dropped.
 */
export function recentlyRegistered(
  blockAtRegistration: ArrayLike<number>,
  lastStepBlock: number,
  block: number,
  tempo: number,
  out: Uint8Array = new Uint8Array(blockAtRegistration.length),
): Uint8Array {
  const lastTempo = lastStepBlock !== 0 ? lastStepBlock + 1 : Math.max(0, block - tempo);
  for (let j = 0; j < out.length; j++) out[j] = lastTempo <= blockAtRegistration[j] ? 1 : 0;
  return out;
}

/** The EMA's rates (α, 1 − α) from BondsMovingAverage: 1 − α = BMA ⊘ 10^6 (the chain floors it to I32F32). */
export function emaRates(A: EpochArithmetic, bondsMovingAverage: number): { alpha: number; oneMinus: number } {
  const oneMinus = A.quotient(bondsMovingAverage, 1_000_000);
  return { alpha: A.one - oneMinus, oneMinus };
}

export interface BondsInput {
  n: number;
  /** Stored bonds (u16). */
  stored: U16Csr;
  /** The new validator permits: only their holders keep bond rows. */
  permit: readonly boolean[];
  /** Columns whose bonds are dropped before the update (1 = drop). */
  recent: Uint8Array;
  weightsForBonds: Csr;
  activeStake: Float64Array;
  incentive: Float64Array;
  consensus: Float64Array;
  /** The EMA's rates from BondsMovingAverage. */
  alpha: number;
  oneMinusAlpha: number;
  /** Liquid alpha parameters when it is on (Yuma3 only). */
  liquid: LiquidAlphaParams | null;
  scratch: EpochScratch;
}

export interface BondsResult {
  /** Un-normalised dividends (in scratch); the caller normalises. */
  dividends: Float64Array;
  /** New bonds as they will be stored (u16). */
  stored: U16Csr;
}

/** Original Yuma (§3.10a): relative bonds, EMA of column-normalised ΔB. */
export function originalYumaBonds(K: EpochKernels, input: BondsInput): BondsResult {
  const { n, recent, scratch: ws } = input;
  // B: stored u16 as integer-valued fixed, minus recent columns, column-normalised. The column sums
  // are of integers, so the normalisation is computed from them exactly (see `integerRatio`); the
  // EMA reads B from the stored u16s with them.
  const colTotal = ws.colTotal;
  colTotal.fill(0);
  const { cols, vals } = input.stored;
  for (let k = 0; k < cols.length; k++) if (cols[k] < n && !recent[cols[k]]) colTotal[cols[k]] += vals[k];

  const delta = K.scaleRows(input.weightsForBonds, input.activeStake, ws.values(input.weightsForBonds.vals.length));
  K.colNormalizeInPlace(delta, n, ws.perColumn);
  const ema = K.emaRows(delta, input.stored, recent, colTotal, input.alpha, input.oneMinusAlpha, n, false, ws);
  // Column-normalised EMA (in place, from the column sums the EMA left), its dividends, and its
  // column maxima, by which toStored upscales what it stores.
  const dividends = K.colNormalizeWithRowSums(
    ema,
    n,
    ws.perColumn,
    input.incentive,
    ws.dividends,
    ws.colMax,
    ws.colInverse,
    ws.colScaled,
  );
  return { dividends, stored: K.toStored(ema, input.permit, null, ws.colMax) };
}

/** Yuma3 (§3.10b): absolute bonds in [0, 1], optionally with per-cell liquid alpha. */
export function yuma3Bonds(K: EpochKernels, input: BondsInput): BondsResult {
  const { n, recent, scratch: ws } = input;
  const useLiquid = input.liquid !== null && anyNonZero(input.consensus);
  const ema = useLiquid
    ? K.liquidEmaRows(input.weightsForBonds, input.stored, recent, input.consensus, input.liquid!, n, ws)
    : K.emaRows(input.weightsForBonds, input.stored, recent, null, input.alpha, input.oneMinusAlpha, n, true, ws);

  // Column-normalised EMA times incentive, row by row (normalised in place: what is stored are the
  // u16s the EMA wrote before, in ws.emaU16).
  const perValidator = K.colNormalizeWithRowSums(
    ema,
    n,
    ws.perColumn,
    input.incentive,
    ws.perRow,
    null,
    ws.colInverse,
    ws.colScaled,
  );
  const dividends = K.checkedProducts(ws.dividends, perValidator, input.activeStake, n);
  return { dividends, stored: K.toStored(ema, input.permit, ws.emaU16, null) };
}

function anyNonZero(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return true;
  return false;
}
