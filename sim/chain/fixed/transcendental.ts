// The transcendental functions the chain uses, restated from substrate-fixed's
// `transcendental.rs` (protocol.md §1.4): `exp` (liquid alpha's sigmoid) and the integer part of
// `log2` (the halving count of block emission); and `log2`, `ln` and the pallet's `safe_pow` in full
// for the emission gate (protocol-2026h2.md §1).

import { convertFixed, type FixedType, I32F32, U64F64 } from './fixed.ts';
import * as F from './i32f32.ts';

/** e as substrate-fixed holds it: 23 fractional bits, widened exactly to I32F32 (bits 22802600·2^9). */
const E_BITS = 22802600 * 512;
const ONE = F.ONE;
const MAX_BITS = Number.MAX_SAFE_INTEGER;

/** Taylor-series exp over I32F32, 30 terms, each floored as the chain floors it. BigInt reference. */
export function expBig(x: bigint): bigint | null {
  const one = I32F32.one;
  if (x === 0n) return one;
  if (x === one) return BigInt(E_BITS);
  const neg = x < 0n;
  const y = neg ? -x : x;
  let result = y + one;
  let term = y;
  for (let i = 2n; i < 32n; i++) {
    const t = I32F32.checkedMul(term, y);
    if (t === null) return null;
    term = t / i; // term ⊘ i for an integer i: (term·2^32)/(i·2^32), truncating
    result += term;
    if (result > I32F32.max) return null;
  }
  return neg ? I32F32.div(one, result) : result;
}

/** `exp_safe`: clamp the input into [−20, 20]; an arithmetic error maps to 0 or I32F32::MAX. */
export function expSafeBig(x: bigint): bigint {
  const lim = 20n << 32n;
  const c = x < -lim ? -lim : x > lim ? lim : x;
  const r = expBig(c);
  if (r !== null) return r;
  return c <= 0n ? 0n : I32F32.max;
}

/**
 * exp_safe on double bits, bit-identical to expSafeBig. Inputs with |x| ≤ 12 keep every term below
 * 2^53 and run on doubles; larger ones (steepness far above the default) use the BigInt reference.
 */
export function expSafe(x: number): number {
  const lim = 20 * ONE;
  const c = x < -lim ? -lim : x > lim ? lim : x;
  if (c === 0) return ONE;
  if (c === ONE) return E_BITS;
  if (c > 12 * ONE || c < -12 * ONE) return Number(expSafeBig(BigInt(c)));
  const neg = c < 0;
  const y = neg ? -c : c;
  let result = y + ONE;
  let term = y;
  for (let i = 2; i < 32; i++) {
    term = F.divByInt(F.mul(term, y), i);
    // Once a term reaches 0 every later term is 0 too: the remaining iterations add nothing.
    if (term === 0) break;
    result += term;
  }
  if (result > MAX_BITS) throw new RangeError('exp term outside the exact double range');
  return neg ? F.div(ONE, result) : result;
}

/**
 * Integer part of log2(v) for v ≥ 1, as the chain counts it: halve with round-half-up on the last
 * bit, `(bits >> 1) + (bits & 1)`, until the value is below 2 (protocol.md §1.4).
 */
export function log2FloorBig(bits: bigint, type: FixedType): number {
  const two = 2n << BigInt(type.frac);
  let x = bits;
  let k = 0;
  while (x >= two) {
    x = (x >> 1n) + (x & 1n);
    k++;
  }
  return k;
}

/** log2(e) as substrate-fixed holds it (I9F23 bits 12102203), widened exactly to I32F32. */
const LOG2_E_BITS = 12102203n << 9n;

/** Round-half-up halving, `(bits >> 1) + (bits & 1)`: substrate-fixed's `rs`. */
function halveRoundingUp(bits: bigint): bigint {
  return (bits >> 1n) + (bits & 1n);
}

/**
 * log2(x) for x ≥ 1 over I32F32 bits: the integer part by halving until x < 2, then 32 fraction
 * bits, each from squaring x (floored) and halving again whenever the square reaches 2.
 */
function log2AtLeastOneBig(x: bigint): bigint {
  const one = I32F32.one;
  const two = 2n * one;
  let result = 0n;
  while (x >= two) {
    result += 1n;
    x = halveRoundingUp(x);
  }
  if (x === one) return result << 32n;
  for (let i = 0; i < 32; i++) {
    x = (x * x) >> 32n;
    result <<= 1n;
    if (x >= two) {
      result |= 1n;
      x = halveRoundingUp(x);
    }
  }
  return result;
}

/**
 * substrate-fixed `log2` over I32F32 bits; `null` (the chain's `Err`) for x ≤ 0, and for x < 1 whose
 * reciprocal does not fit I32F32 (x below 2^−31), since below 1 it is −log2(1 ⊘ x).
 */
export function log2Big(x: bigint): bigint | null {
  if (x <= 0n) return null;
  if (x >= I32F32.one) return log2AtLeastOneBig(x);
  const inverse = (I32F32.one << 32n) / x;
  if (inverse > I32F32.max) return null;
  return -log2AtLeastOneBig(inverse);
}

/** substrate-fixed `ln` over I32F32 bits: log2(x) ⊘ LOG2_E (truncating); `null` where log2 fails. */
export function lnBig(x: bigint): bigint | null {
  const l = log2Big(x);
  return l === null ? null : I32F32.div(l, LOG2_E_BITS);
}

/** `I32F32::from_num(i32::MAX)`: what `safe_pow` returns when `exp` fails (not I32F32::MAX). */
export const SAFE_POW_CEILING_I32F32 = 2147483647n << 32n;

/**
 * The pallet's `safe_pow(val, p)` on U64F64 bits (protocol-2026h2.md §1): in I32F32,
 * exp(p ⊗ ln(val)), with both inputs narrowed to I32F32 (fraction bits dropped, saturating).
 * ln failing (val narrowed to 0 or below 2^−31) gives 0; exp failing (an overflowing Taylor term,
 * for negative exponents too) gives 2147483647.0.
 */
export function safePowU64F64(val: bigint, p: bigint): bigint {
  const l = lnBig(convertFixed(val, U64F64, I32F32));
  if (l === null) return 0n;
  const e = expBig(I32F32.mul(convertFixed(p, U64F64, I32F32), l)) ?? SAFE_POW_CEILING_I32F32;
  return convertFixed(e, I32F32, U64F64);
}
