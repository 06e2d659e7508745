// Liquid alpha v2: a per-cell bond EMA rate from a sigmoid of how far a weight is from consensus
// (buying) or below the existing bond (selling). protocol.md §3.10b, the chain's `alpha_sigmoid`.

import { I32F32 } from '../fixed/fixed.ts';
import * as F from '../fixed/i32f32.ts';
import { expSafe } from '../fixed/transcendental.ts';
import { u16Ratio } from '../fixed/u16.ts';

const ONE = F.ONE;
const HALF = ONE / 2;

export interface LiquidAlphaParams {
  low: number;
  high: number;
  /** steepness ⊘ (−100), precomputed (I32F32 bits). */
  slope: number;
}

/** From the subnet's AlphaValues (u16 low/high) and AlphaSigmoidSteepness (i16). */
export function liquidAlphaParams(alphaLow: number, alphaHigh: number, steepness: number): LiquidAlphaParams {
  // I32F32 division truncates toward zero; BigInt `/` does exactly that.
  const slope = Number(I32F32.div(I32F32.fromInt(steepness), I32F32.fromInt(-100)));
  return { low: u16Ratio(alphaLow), high: u16Ratio(alphaHigh), slope };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** α for one cell with weight w, current bond b and column consensus c (all I32F32 bits). */
export function liquidAlpha(w: number, b: number, c: number, p: LiquidAlphaParams): number {
  const buy = clamp(w - c, 0, ONE);
  const sell = clamp(b - w, 0, ONE);
  const d = w >= b ? buy : sell;
  const z = F.mul(p.slope, d - HALF);
  const sigmoid = F.div(ONE, ONE + expSafe(z));
  const alpha = p.low + F.mul(sigmoid, p.high - p.low);
  return clamp(alpha, p.low, p.high);
}
