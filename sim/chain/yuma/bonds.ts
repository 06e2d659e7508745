// Bonds and dividends (protocol.md §3.10): the steps both variants share, then original Yuma
// (§3.10a) and Yuma3 (§3.10b).

import * as F from '../fixed/i32f32.ts';
import { fixedProportionToU16, integerRatio, u16ProportionToFixed } from '../fixed/u16.ts';
import { liquidAlpha, type LiquidAlphaParams } from './liquid-alpha.ts';
import {
  CsrBuilder,
  cloneCsr,
  colMaxUpscaleInPlace,
  colNormalizeInPlace,
  scaleRows,
  weightedRowSums,
  type Csr,
  type U16Csr,
} from './sparse.ts';

const ONE = F.ONE;

/**
 * Weights for bonds: W if β = 0, W̄ if β = 1 (both as they are, order and explicit zeros kept), else
 * W + β ⊗ (W̄ − W) over every column, keeping only strictly positive results, in column order
 * (`interpolate_sparse`).
 */
export function weightsForBonds(w: Csr, clipped: Csr, beta: number, n: number): Csr {
  if (beta === 0) return w;
  if (beta === ONE) return clipped;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const out = new CsrBuilder(n, w.cols.length);
  for (let i = 0; i < n; i++) {
    for (let k = w.ptr[i]; k < w.ptr[i + 1]; k++) a[w.cols[k]] = w.vals[k];
    for (let k = clipped.ptr[i]; k < clipped.ptr[i + 1]; k++) b[clipped.cols[k]] = clipped.vals[k];
    // Only columns present in W can give a positive value (W̄'s columns are a subset of W's).
    const cols = w.cols.slice(w.ptr[i], w.ptr[i + 1]).sort();
    for (const j of cols) {
      const v = a[j] + F.mul(beta, b[j] - a[j]);
      if (v > 0) out.push(j, v);
    }
    for (const j of cols) {
      a[j] = 0;
      b[j] = 0;
    }
    out.endRow();
  }
  return out.finish();
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
): Uint8Array {
  const lastTempo = lastStepBlock !== 0 ? lastStepBlock + 1 : Math.max(0, block - tempo);
  const out = new Uint8Array(blockAtRegistration.length);
  for (let j = 0; j < out.length; j++) out[j] = lastTempo <= blockAtRegistration[j] ? 1 : 0;
  return out;
}

/** α = 1 − BMA/10^6 as the chain derives it: I64F64 ratio floored to I32F32, subtracted from 1. */
export function emaAlpha(bondsMovingAverage: number): number {
  // floor(BMA·2^32 / 10^6) with BMA ≤ 10^6 < 2^20: the product is below 2^52.
  const x = bondsMovingAverage * ONE;
  let m = Math.floor(x / 1_000_000);
  if (m * 1_000_000 > x) m -= 1;
  return ONE - m;
}

/**
 * Stored bond rows minus recently registered columns, as I32F32: u16 ⊘ 65535 when `colTotal` is
 * null (Yuma3's absolute bonds), else u16_to_fixed column-normalised by those integer column totals.
 */
function loadBonds(stored: U16Csr, recent: Uint8Array, n: number, colTotal: Float64Array | null): Csr {
  const out = new CsrBuilder(n, stored.cols.length);
  const rows = Math.min(n, stored.rows);
  for (let i = 0; i < rows; i++) {
    for (let k = stored.ptr[i]; k < stored.ptr[i + 1]; k++) {
      const j = stored.cols[k];
      if (j >= n || recent[j]) continue;
      out.push(j, colTotal ? integerRatio(stored.vals[k], colTotal[j]) : u16ProportionToFixed(stored.vals[k]));
    }
    out.endRow();
  }
  return out.finish();
}

/** `mat_ema_sparse`: acc_j = α ⊗ new_ij + (1 − α) ⊗ old_ij over the union of both rows, keep > 0, column order. */
function emaRows(next: Csr, old: Csr, alpha: number, n: number): Csr {
  const acc = new Float64Array(n);
  const touched = new Uint8Array(n);
  const list = new Int32Array(n);
  const oneMinus = ONE - alpha;
  const out = new CsrBuilder(n, next.cols.length + old.cols.length);
  for (let i = 0; i < n; i++) {
    const a0 = next.ptr[i];
    const a1 = next.ptr[i + 1];
    const b0 = old.ptr[i];
    const b1 = old.ptr[i + 1];
    if (isAscending(next.cols, a0, a1) && isAscending(old.cols, b0, b1)) {
      mergeEma(next, a0, a1, old, b0, b1, alpha, oneMinus, out);
      out.endRow();
      continue;
    }
    // Rows out of column order (weights keep their submission order): accumulate densely.
    let len = 0;
    for (const [m, from, to, rate] of [[next, a0, a1, alpha], [old, b0, b1, oneMinus]] as const) {
      for (let k = from; k < to; k++) {
        const j = m.cols[k];
        acc[j] += F.mul(rate, m.vals[k]);
        if (!touched[j]) {
          touched[j] = 1;
          list[len++] = j;
        }
      }
    }
    const cols = list.subarray(0, len).sort();
    for (let t = 0; t < len; t++) {
      const j = cols[t];
      if (acc[j] > 0) out.push(j, acc[j]);
      acc[j] = 0;
      touched[j] = 0;
    }
    out.endRow();
  }
  return out.finish();
}

function isAscending(cols: Int32Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (cols[k] <= cols[k - 1]) return false;
  return true;
}

/** The EMA of two rows sorted by column, merged in one pass. */
function mergeEma(
  next: Csr,
  a: number,
  a1: number,
  old: Csr,
  b: number,
  b1: number,
  alpha: number,
  oneMinus: number,
  out: CsrBuilder,
): void {
  while (a < a1 || b < b1) {
    const ja = a < a1 ? next.cols[a] : 0x7fffffff;
    const jb = b < b1 ? old.cols[b] : 0x7fffffff;
    let v = 0;
    let j: number;
    if (ja <= jb) {
      j = ja;
      v += F.mul(alpha, next.vals[a++]);
      if (jb === ja) v += F.mul(oneMinus, old.vals[b++]);
    } else {
      j = jb;
      v += F.mul(oneMinus, old.vals[b++]);
    }
    if (v > 0) out.push(j, v);
  }
}

/**
 * What the epoch stores (§3.12): every entry as fixed_proportion_to_u16 (the fast epoch passes its
 * float quantiser), in rows of uids holding the new permit; every other uid's row is emptied.
 */
export function toStored(m: Csr, permit: readonly boolean[], toU16: (x: number) => number = fixedProportionToU16): U16Csr {
  const ptr = new Int32Array(m.rows + 1);
  const cols = new Int32Array(m.cols.length);
  const vals = new Uint16Array(m.cols.length);
  let w = 0;
  for (let i = 0; i < m.rows; i++) {
    if (permit[i]) {
      for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) {
        cols[w] = m.cols[k];
        vals[w] = toU16(m.vals[k]);
        w++;
      }
    }
    ptr[i + 1] = w;
  }
  return { rows: m.rows, ptr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
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
  /** α from BondsMovingAverage (I32F32 bits). */
  alpha: number;
  /** Liquid alpha parameters when it is on (Yuma3 only). */
  liquid: LiquidAlphaParams | null;
}

export interface BondsResult {
  /** Un-normalised dividends (I32F32 bits); the caller normalises. */
  dividends: Float64Array;
  /** New bonds as they will be stored (u16). */
  stored: U16Csr;
}

/** Original Yuma (§3.10a): relative bonds, EMA of column-normalised ΔB. */
export function originalYumaBonds(input: BondsInput): BondsResult {
  const { n, recent } = input;
  // B: stored u16 as integer-valued fixed, minus recent columns, column-normalised. The column sums
  // are of integers, so the normalisation is computed from them exactly (see `integerRatio`).
  const colTotal = new Float64Array(n);
  const { cols, vals } = input.stored;
  for (let k = 0; k < cols.length; k++) if (cols[k] < n && !recent[cols[k]]) colTotal[cols[k]] += vals[k];
  const bonds = loadBonds(input.stored, recent, n, colTotal);

  const delta = scaleRows(input.weightsForBonds, input.activeStake);
  colNormalizeInPlace(delta, n);
  const ema = emaRows(delta, bonds, input.alpha, n);
  colNormalizeInPlace(ema, n);
  const dividends = weightedRowSums(ema, input.incentive);

  colMaxUpscaleInPlace(ema, n);
  return { dividends, stored: toStored(ema, input.permit) };
}

/** Yuma3 (§3.10b): absolute bonds in [0, 1], optionally with per-cell liquid alpha. */
export function yuma3Bonds(input: BondsInput): BondsResult {
  const { n } = input;
  const bonds = loadBonds(input.stored, input.recent, n, null);

  const useLiquid = input.liquid !== null && input.consensus.some((c) => c !== 0);
  const ema = useLiquid
    ? liquidEmaRows(input.weightsForBonds, bonds, input.consensus, input.liquid!, n)
    : emaRows(input.weightsForBonds, bonds, input.alpha, n);

  const normalized = cloneCsr(ema);
  colNormalizeInPlace(normalized, n);
  const perValidator = weightedRowSums(normalized, input.incentive);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) dividends[i] = checkedMul(perValidator[i], input.activeStake[i]);
  return { dividends, stored: toStored(ema, input.permit) };
}

const I32F32_MAX_BITS = 2 ** 63;

/** `checked_mul(..).unwrap_or_default()`: 0 when the product leaves I32F32's range. */
function checkedMul(a: number, b: number): number {
  const r = F.mul(a, b);
  return r >= I32F32_MAX_BITS || r < -I32F32_MAX_BITS ? 0 : r;
}

/**
 * `mat_ema_alpha_sparse` with per-cell liquid alpha. Only entries present in the weights-for-bonds
 * row are computed: a bond whose column has no entry in that row is dropped, not decayed (the
 * sparse path's quirk, protocol.md §3.10b and §8.4). EB = min((1 − α) ⊗ B + max(α ⊗ W, 0), 1),
 * emitted in the weights row's order.
 */
function liquidEmaRows(wb: Csr, bonds: Csr, consensus: Float64Array, params: LiquidAlphaParams, n: number): Csr {
  const old = new Float64Array(n);
  const seenW = new Float64Array(n);
  const seenB = new Float64Array(n);
  const out = new CsrBuilder(n, wb.cols.length);
  for (let i = 0; i < n; i++) {
    const b0 = bonds.ptr[i];
    const b1 = bonds.ptr[i + 1];
    const w0 = wb.ptr[i];
    const w1 = wb.ptr[i + 1];
    for (let k = b0; k < b1; k++) old[bonds.cols[k]] = bonds.vals[k];
    mergeWalk(wb, w0, w1, seenW);
    mergeWalk(bonds, b0, b1, seenB);
    for (let k = w0; k < w1; k++) {
      const j = wb.cols[k];
      const w = wb.vals[k];
      const a = liquidAlpha(seenW[j], seenB[j], consensus[j], params);
      const decayed = F.mul(ONE - a, old[j]);
      let purchase = F.mul(a, w);
      if (purchase < 0) purchase = 0;
      let v = decayed + purchase;
      if (v > ONE) v = ONE;
      if (v > 0) out.push(j, v);
    }
    for (let k = b0; k < b1; k++) {
      old[bonds.cols[k]] = 0;
      seenB[bonds.cols[k]] = 0;
    }
    for (let k = w0; k < w1; k++) seenW[wb.cols[k]] = 0;
    out.endRow();
  }
  return out.finish();
}

/**
 * The values `compute_liquid_alpha_values_sparse` sees for each column: it walks a row with one
 * pointer for j = 0..n−1, assuming ascending columns. In a row stored out of order (weights keep
 * their submission order on chain) an entry behind the pointer is never found and reads as 0.
 * For sorted rows this is a plain lookup.
 */
export function mergeWalk(m: Csr, from: number, to: number, seen: Float64Array): void {
  let top = -1;
  for (let k = from; k < to; k++) {
    const j = m.cols[k];
    if (j > top) {
      seen[j] = m.vals[k];
      top = j;
    }
  }
}
