// Liquid alpha v2: a per-cell bond EMA rate from a sigmoid of how far a weight is from consensus
// (buying) or below the existing bond (selling). protocol.md §3.10b, the chain's `alpha_sigmoid`.

import * as F from '../fixed/i32f32.ts';
import { expSafe } from '../fixed/transcendental.ts';

const ONE = F.ONE;
const TWO64 = 2 ** 64;

/** The parameters in the epoch's arithmetic (kernels.ts computes α from them). */
export interface LiquidAlphaParams {
  low: number;
  high: number;
  /** steepness ⊘ (−100), precomputed. */
  slope: number;
  /**
   * The slope in whole units (slope ⊘ one) when it is a whole number (a steepness divisible by 100,
   * as the default 1000), else NaN. Then slope ⊗ x is the integer product slopeUnits · x, exactly:
   * in I32F32, slope = k·2^32 and ⌊k·2^32·x / 2^32⌋ = k·x (|k·x| < 2^41); in doubles, the same
   * single product. It spares the fixed-point product its exactness check on every cell.
   */
  slopeUnits: number;
  /**
   * α where the weight neither exceeds consensus nor trails the bond (d = 0): the common case, since
   * clipping leaves every weight at or below its column's consensus. Computed once per epoch.
   */
  atZero: number;
}

/** The sigmoid in I32F32, bit for bit: the exact shortcut where it settles the value, else the series. */
export function sigmoidI32F32(z: number): number {
  const s = sigmoidFast(z);
  return s >= 0 ? s : sigmoidExact(z);
}

/** The sigmoid in doubles, z clamped into [−20, 20] as exp_safe does. */
export function sigmoidFloat64(z: number): number {
  return 1 / (1 + Math.exp(z < -20 ? -20 : z > 20 ? 20 : z));
}

/** 1 ⊘ (1 + exp_safe(z)) by the chain's series (saturating division). */
export function sigmoidExact(z: number): number {
  return F.div(ONE, ONE + expSafe(z));
}

// --- A shortcut to the sigmoid that is still exact -------------------------------------------------
//
// The chain computes sig = 1 ⊘ (1 + exp(z)) with a 30-term Taylor series whose every term is floored.
// Running that series costs ~30 dependent multiply-divide steps per cell. But sig is an integer
// (bits) that moves by one only when exp(z) moves by thousands of bits, and the floored series stays
// within a small, provable distance of the real-valued function. So: evaluate the real exp(|z|) in
// floating point, widen it by that distance, and if both ends of the interval give the same sig,
// that is the chain's sig. Otherwise (rare: sig near an integer boundary, or |z| tiny or large)
// run the exact series. `test/liquid-alpha.test.ts` checks the shortcut against the series.

/** Largest |z| (as a value) the shortcut handles. */
const FAST_LIMIT = 6;

/**
 * Upper bound, in bits, on how far the floored 30-term series can fall below the real exp(y) for
 * 0 < y ≤ FAST_LIMIT. Term i of the series loses less than 1 to each of its two floors, plus the loss
 * inherited from term i − 1 scaled by y/i; the 31-term tail beyond the series adds y^32/32!·e^y.
 */
const SERIES_SHORTFALL = (() => {
  const y = FAST_LIMIT;
  let eps = 0;
  let total = 0;
  for (let i = 2; i < 32; i++) {
    eps = (eps * y) / i + 1 + 1 / i;
    total += eps;
  }
  let tail = 1;
  for (let i = 1; i <= 32; i++) tail *= y / i;
  tail *= Math.exp(y) * ONE;
  return Math.ceil(total + tail) + 64; // + slack for floating-point rounding of exp itself
})();

/** Slack (bits) above Math.exp's value: its own rounding error is far below one bit here. */
const EXP_SLACK = 4;

const INV64 = 2 ** -64;

/** sig = floor(2^64 / (2^32 + exp_safe(z))) when it can be pinned down without the series; else −1. */
export function sigmoidFast(z: number): number {
  if (z === 0 || z === ONE) return -1; // the special-cased inputs of exp
  const y = (z < 0 ? -z : z) / ONE;
  if (y > FAST_LIMIT) return -1;
  // r, the series value, lies in [e − SERIES_SHORTFALL, e + EXP_SLACK]. sig is monotone in r, and over
  // an interval this narrow (below 2^-30 relative) its first-order spread is exact to a few parts in
  // 10^9 (hence the factor 1.001 and the 1e-3 absolute margin for float rounding).
  const e = Math.exp(y) * ONE;
  let s: number;
  let down: number;
  let up: number;
  if (z > 0) {
    // exp(z) = r; sig = 2^64 / (2^32 + r) falls as r grows: dsig/dr = −sig² / 2^64.
    s = TWO64 / (ONE + e);
    const slope = s * s * INV64;
    down = slope * EXP_SLACK;
    up = slope * SERIES_SHORTFALL;
  } else {
    // exp(z) = 1 ⊘ r = floor(2^64 / r); sig = 2^64 / (2^32 + 2^64/r) rises with r: dsig/dr = (sig/r)².
    // Flooring 2^64/r can lower exp(z) by up to 1, which raises sig by up to sig² / 2^64.
    s = TWO64 / (ONE + TWO64 / e);
    const slope = (s / e) * (s / e);
    down = slope * SERIES_SHORTFALL;
    up = slope * EXP_SLACK + s * s * INV64;
  }
  const lo = Math.floor(s - 1.001 * down - 1e-3);
  return lo === Math.floor(s + 1.001 * up + 1e-3) ? lo : -1;
}
