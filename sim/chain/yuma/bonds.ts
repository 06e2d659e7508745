// Bonds and dividends (protocol.md §3.10): the steps both variants share, then original Yuma
// (§3.10a) and Yuma3 (§3.10b).

import * as F from '../fixed/i32f32.ts';
import { fixedProportionToU16, integerRatio, u16ProportionToFixed } from '../fixed/u16.ts';
import { liquidAlpha, type LiquidAlphaParams } from './liquid-alpha.ts';
import {
  colMaxUpscaleInPlace,
  colNormalizeInPlace,
  emptyRow,
  scaleRows,
  weightedRowSums,
  type SparseMatrix,
} from './sparse.ts';
import type { U16Row } from './weights.ts';

const ONE = F.ONE;

/**
 * Weights for bonds: W if β = 0, W̄ if β = 1, else W + β ⊗ (W̄ − W) over every column, keeping
 * only strictly positive results (`interpolate_sparse`).
 */
export function weightsForBonds(w: SparseMatrix, clipped: SparseMatrix, beta: number, n: number): SparseMatrix {
  if (beta === 0) return w;
  if (beta === ONE) return clipped;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  return w.map((row, i) => {
    const c = clipped[i];
    for (let k = 0; k < row.cols.length; k++) a[row.cols[k]] = row.vals[k];
    for (let k = 0; k < c.cols.length; k++) b[c.cols[k]] = c.vals[k];
    const out = emptyRow();
    // Only columns present in W can give a positive value (W̄'s columns are a subset of W's); the
    // chain walks columns densely, so the result is in ascending column order.
    const cols = row.cols.slice().sort((x, y) => x - y);
    for (const j of cols) {
      const v = a[j] + F.mul(beta, b[j] - a[j]);
      if (v > 0) {
        out.cols.push(j);
        out.vals.push(v);
      }
    }
    for (let k = 0; k < row.cols.length; k++) a[row.cols[k]] = 0;
    for (let k = 0; k < c.cols.length; k++) b[c.cols[k]] = 0;
    return out;
  });
}

/**
 * Column j is "recently registered" when lastTempo ≤ BAR_j, with lastTempo the block after the
 * last successful epoch, or b − τ when that is unknown. Bonds toward such columns are dropped.
 */
export function recentlyRegistered(
  blockAtRegistration: ArrayLike<number>,
  lastStepBlock: number,
  block: number,
  tempo: number,
): boolean[] {
  const lastTempo = lastStepBlock !== 0 ? lastStepBlock + 1 : block - tempo;
  return Array.from(blockAtRegistration, (bar) => lastTempo <= bar);
}

/** α = 1 − BMA/10^6 as the chain derives it: I64F64 ratio floored to I32F32, subtracted from 1. */
export function emaAlpha(bondsMovingAverage: number): number {
  // floor(BMA·2^32 / 10^6) with BMA ≤ 10^6 < 2^20: the product is below 2^52.
  const x = bondsMovingAverage * ONE;
  let m = Math.floor(x / 1_000_000);
  if (m * 1_000_000 > x) m -= 1;
  return ONE - m;
}

/** `mat_ema_sparse`: acc_j = α ⊗ new_ij + (1 − α) ⊗ old_ij over the union of both rows, keep > 0. */
function emaRows(next: SparseMatrix, old: SparseMatrix, alpha: number, n: number): SparseMatrix {
  const acc = new Float64Array(n);
  const touched = new Uint8Array(n);
  const oneMinus = ONE - alpha;
  return next.map((row, i) => {
    const cols: number[] = [];
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k];
      acc[j] += F.mul(alpha, row.vals[k]);
      if (!touched[j]) {
        touched[j] = 1;
        cols.push(j);
      }
    }
    const o = old[i];
    for (let k = 0; k < o.cols.length; k++) {
      const j = o.cols[k];
      acc[j] += F.mul(oneMinus, o.vals[k]);
      if (!touched[j]) {
        touched[j] = 1;
        cols.push(j);
      }
    }
    cols.sort((x, y) => x - y);
    const out = emptyRow();
    for (const j of cols) {
      if (acc[j] > 0) {
        out.cols.push(j);
        out.vals.push(acc[j]);
      }
      acc[j] = 0;
      touched[j] = 0;
    }
    return out;
  });
}

export interface BondsInput {
  n: number;
  /** Stored bond rows (u16). */
  stored: readonly U16Row[];
  /** Columns whose bonds are dropped before the update. */
  recent: readonly boolean[];
  weightsForBonds: SparseMatrix;
  activeStake: Float64Array;
  incentive: Float64Array;
  consensus: Float64Array;
  /** α from BondsMovingAverage (I32F32 bits). */
  alpha: number;
  /** Liquid alpha parameters when it is on (Yuma3 only). */
  liquid: LiquidAlphaParams | null;
}

export interface BondsResult {
  /** Un-normalised dividends (I32F32 bits); the caller normalises. */
  dividends: Float64Array;
  /** New bonds as they will be stored, u16 rows. */
  stored: U16Row[];
}

/** Original Yuma (§3.10a): relative bonds, EMA of column-normalised ΔB. */
export function originalYumaBonds(input: BondsInput): BondsResult {
  const { n, recent } = input;
  // B: stored u16 as integer-valued fixed, minus recent columns, column-normalised.
  const colTotal = new Float64Array(n);
  const rows = input.stored.map((r) => {
    const out = emptyRow();
    if (!r) return out;
    for (let k = 0; k < r.cols.length; k++) {
      const j = r.cols[k];
      if (j >= n || recent[j]) continue;
      out.cols.push(j);
      out.vals.push(r.vals[k]);
      colTotal[j] += r.vals[k];
    }
    return out;
  });
  // Column normalisation of integer-valued entries, exact from the integers (see `integerRatio`).
  const bonds = rows.map((row) => ({
    cols: row.cols,
    vals: row.vals.map((v, k) => integerRatio(v, colTotal[row.cols[k]])),
  }));
  while (bonds.length < n) bonds.push(emptyRow());

  const delta = scaleRows(input.weightsForBonds, input.activeStake);
  colNormalizeInPlace(delta, n);
  const ema = emaRows(delta, bonds, input.alpha, n);
  colNormalizeInPlace(ema, n);
  const dividends = weightedRowSums(ema, input.incentive);

  colMaxUpscaleInPlace(ema, n);
  const stored = ema.map((row) => ({ cols: row.cols.slice(), vals: row.vals.map(fixedProportionToU16) }));
  return { dividends, stored };
}

/** Yuma3 (§3.10b): absolute bonds in [0, 1], optionally with per-cell liquid alpha. */
export function yuma3Bonds(input: BondsInput): BondsResult {
  const { n, recent } = input;
  const bonds: SparseMatrix = input.stored.map((r) => {
    const out = emptyRow();
    if (!r) return out;
    for (let k = 0; k < r.cols.length; k++) {
      const j = r.cols[k];
      if (j >= n || recent[j]) continue;
      out.cols.push(j);
      out.vals.push(u16ProportionToFixed(r.vals[k]));
    }
    return out;
  });
  while (bonds.length < n) bonds.push(emptyRow());

  const useLiquid = input.liquid !== null && input.consensus.some((c) => c !== 0);
  const ema = useLiquid
    ? liquidEmaRows(input.weightsForBonds, bonds, input.consensus, input.liquid!, n)
    : emaRows(input.weightsForBonds, bonds, input.alpha, n);

  const normalized = ema.map((row) => ({ cols: row.cols.slice(), vals: row.vals.slice() }));
  colNormalizeInPlace(normalized, n);
  const perValidator = weightedRowSums(normalized, input.incentive);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) dividends[i] = checkedMul(perValidator[i], input.activeStake[i]);

  const stored = ema.map((row) => ({ cols: row.cols.slice(), vals: row.vals.map(fixedProportionToU16) }));
  return { dividends, stored };
}

/** `checked_mul(..).unwrap_or_default()`: 0 when the product leaves I32F32's range. */
function checkedMul(a: number, b: number): number {
  const r = F.mul(a, b);
  return r > 9.223372036854775e18 || r < -9.223372036854775e18 ? 0 : r;
}

/**
 * `mat_ema_alpha_sparse` with per-cell liquid alpha. Only entries present in the weights-for-bonds
 * row are computed: a bond whose column has no entry in that row is dropped, not decayed (the
 * sparse path's quirk, protocol.md §3.10b and §8.4). EB = min((1 − α) ⊗ B + max(α ⊗ W, 0), 1),
 * emitted in the weights row's order.
 */
function liquidEmaRows(
  wb: SparseMatrix,
  bonds: SparseMatrix,
  consensus: Float64Array,
  params: LiquidAlphaParams,
  n: number,
): SparseMatrix {
  const old = new Float64Array(n);
  const seenW = new Float64Array(n);
  const seenB = new Float64Array(n);
  return wb.map((row, i) => {
    const b = bonds[i];
    for (let k = 0; k < b.cols.length; k++) old[b.cols[k]] = b.vals[k];
    mergeWalk(row, seenW);
    mergeWalk(b, seenB);
    const out = emptyRow();
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k];
      const w = row.vals[k];
      const a = liquidAlpha(seenW[j], seenB[j], consensus[j], params);
      const decayed = F.mul(ONE - a, old[j]);
      let purchase = F.mul(a, w);
      if (purchase < 0) purchase = 0;
      let v = decayed + purchase;
      if (v > ONE) v = ONE;
      if (v > 0) {
        out.cols.push(j);
        out.vals.push(v);
      }
    }
    for (let k = 0; k < b.cols.length; k++) old[b.cols[k]] = 0;
    clearWalk(row, seenW);
    clearWalk(b, seenB);
    return out;
  });
}

/**
 * The values `compute_liquid_alpha_values_sparse` sees for each column: it walks a row with one
 * pointer for j = 0..n−1, assuming ascending columns. In a row stored out of order (weights keep
 * their submission order on chain) an entry behind the pointer is never found and reads as 0.
 * For sorted rows this is a plain lookup.
 */
function mergeWalk(row: { cols: number[]; vals: number[] }, seen: Float64Array): void {
  let top = -1;
  for (let k = 0; k < row.cols.length; k++) {
    const j = row.cols[k];
    if (j > top) {
      seen[j] = row.vals[k];
      top = j;
    }
  }
}

function clearWalk(row: { cols: number[] }, seen: Float64Array): void {
  for (let k = 0; k < row.cols.length; k++) seen[row.cols[k]] = 0;
}
