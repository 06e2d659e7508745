// The transcendental functions the chain uses, restated from substrate-fixed's
// `transcendental.rs` (protocol.md §1.4): `exp` (liquid alpha's sigmoid) and the integer part of
// `log2` (the halving count of block emission); and `log2`, `ln` and the pallet's `safe_pow` in full
// for the emission gate (protocol-2026h2.md §1).

import { high32 } from './exact-quotient.ts';
import { convertFixed, type FixedType, I32F32, U64F64 } from './fixed.ts';
import * as F from './i32f32.ts';
import { expStepsWasm, log2StepsWasm } from './wasm-gate-lanes.ts';

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
  if (c > EXP_EXACT_LIMIT || c < -EXP_EXACT_LIMIT) return Number(expSafeBig(BigInt(c)));
  return expSmall(c);
}

/** Inputs of `expSmall`: |x| ≤ 12, where every Taylor term and the sum stay below 2^52. */
const EXP_EXACT_LIMIT = 12 * ONE;

/**
 * expBig on double bits for |x| ≤ 12 (EXP_EXACT_LIMIT; x ≠ 0), bit-identical: the terms never
 * overflow there, so it never fails. expBig(1) is e as the chain holds it, not the series.
 */
function expSmall(x: number): number {
  if (x === ONE) return E_BITS;
  const neg = x < 0;
  const y = neg ? -x : x;
  let result = y + ONE;
  let term = y;
  for (let i = 2; i < 32; i++) {
    term = nextExpTerm(term, y, i);
    // Once a term reaches 0 every later term is 0 too: the remaining iterations add nothing.
    if (term === 0) break;
    result += term;
  }
  return expResult(result, neg);
}

/**
 * The series' next term, (term ⊗ y) ⊘ i, as F.divByInt(F.mul(term, y), i) computes it, for
 * 0 ≤ y ≤ 12 (bits below 2^36) and the terms that follow from it (term·y < 2^82, t < 2^50).
 */
function nextExpTerm(term: number, y: number, i: number): number {
  // ⌊term·y / 2^32⌋: F.mul's exact rounding, both operands non-negative.
  const t = Math.round((term * y - (Math.imul(term, y) >>> 0)) * INV32);
  // ⌊t / i⌋ from the reciprocal (a multiplication, not a division), then corrected: the estimate
  // is within one of the quotient (t < 2^50: two roundings of relative size 2^−53).
  let q = Math.floor(t * RECIPROCALS[i]);
  const rest = t - q * i;
  if (rest < 0) q -= 1;
  else if (rest >= i) q += 1;
  return q;
}

/** exp(|y|)'s series sum → exp(y): 1 ⊘ it for a negative y. */
function expResult(sum: number, neg: boolean): number {
  if (sum > MAX_BITS) throw new RangeError('exp term outside the exact double range');
  return neg ? F.div(ONE, sum) : sum;
}

const INV32 = 2 ** -32;
const INV33 = 2 ** -33;
/** 1/i for the exp series' divisors. */
const RECIPROCALS = Array.from({ length: 32 }, (_, i) => 1 / i);

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

// The same safe_pow on doubles, for the per-block gate (128 subnets every block). Exact where every
// intermediate is an integer below 2^53 (checked, not assumed); elsewhere it defers to the BigInt
// functions above, which stay the reference (test/emission-gate-fast.test.ts compares the two).
// log2's 32 squarings and exp's 30 terms are chains of dependent operations; the gate's bases are
// computed side by side ("lanes"), so the CPU overlaps independent chains. Those two loops run in
// WebAssembly (./wasm-gate-lanes.ts: native 64-bit products, about 3× faster), the loops below
// standing in when it is off.

const TWO = 2 * ONE;
const LOG2_E = Number(LOG2_E_BITS);
/** Below 2^12 bits, 1 ⊘ x exceeds the exact double range (and below 3, I32F32 itself). */
const MIN_FAST_INVERSE = 4096;
const TWO53 = 2 ** 53;
/** Exponents below 2^40 bits keep h·ln(x) below 2^84, where F.mul is exact. */
const MAX_FAST_EXPONENT = 2 ** 40;

/**
 * ⌊x² / 2^32⌋ (I32F32 x ⊗ x) for ONE ≤ x < TWO, exactly: with x = 2^32 + f and f = a·2^16 + b,
 * x² / 2^32 = 2^32 + 2f + a² + (a·b·2^17 + b²) / 2^32, the last numerator below 2^50.
 */
function squareInOneTwo(x: number): number {
  const f = x - ONE;
  const a = Math.floor(f / 65536);
  const b = f - a * 65536;
  return ONE + 2 * f + a * a + Math.floor((a * b * 131072 + b * b) / ONE);
}

/**
 * log2Big of xs[0..n), in place, for MIN_FAST_INVERSE ≤ x < 2^53 (where it never fails): below ONE
 * as −log2(1 ⊘ x); the integer part by round-half-up halvings (x/2 is exact, so ⌈x/2⌉), then the
 * 32 fraction bits, one step for every lane at a time.
 */
function log2Lanes(xs: Float64Array, n: number): void {
  const bits = new Float64Array(n);
  const below = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    below[j] = xs[j] < ONE ? 1 : 0;
    let x = below[j] ? F.div(ONE, xs[j]) : xs[j];
    let k = 0;
    while (x >= TWO) {
      k += 1;
      x = Math.ceil(x / 2);
    }
    xs[j] = x; // in [ONE, TWO); at ONE every fraction bit is 0, as log2AtLeastOneBig's shortcut
    bits[j] = k;
  }
  if (!log2StepsWasm(xs, bits, n))
    for (let step = 0; step < 32; step++) {
      for (let j = 0; j < n; j++) {
        const x = squareInOneTwo(xs[j]); // in [ONE, 4·ONE)
        // The bit is whether the square reached TWO; if so, halve it rounding up (x − ⌊x/2⌋ = ⌈x/2⌉).
        // Without a branch, which would mispredict on every other bit.
        const bit = Math.floor(x * INV33);
        bits[j] = bits[j] * 2 + bit;
        xs[j] = x - bit * Math.floor(x * 0.5);
      }
    }
  for (let j = 0; j < n; j++) xs[j] = below[j] ? -bits[j] : bits[j];
}

/** expBig of ys[0..n), in place, for 0 < |y| ≤ 12 (expSmall's range, where it never fails). */
function expLanes(ys: Float64Array, n: number): void {
  const abs = new Float64Array(n);
  for (let j = 0; j < n; j++) abs[j] = Math.abs(ys[j]);
  // The sums 2^32 + |y| + terms 2 … 31; WebAssembly starts them from |y| itself.
  const sums = new Float64Array(n);
  if (!expStepsWasm(abs, sums, n)) {
    const terms = abs.slice();
    for (let j = 0; j < n; j++) sums[j] = abs[j] + ONE;
    // All 30 terms for every lane: once a lane's term is 0 it stays 0 and adds nothing.
    for (let i = 2; i < 32; i++) {
      for (let j = 0; j < n; j++) {
        const term = nextExpTerm(terms[j], abs[j], i);
        terms[j] = term;
        sums[j] += term;
      }
    }
  }
  for (let j = 0; j < n; j++) ys[j] = ys[j] === ONE ? E_BITS : expResult(sums[j], ys[j] < 0);
}

/** I32F32 bits from the reference: a Number below 2^53, else the BigInt. */
function narrowBits(e: bigint): number | bigint {
  return e < TWO53 ? Number(e) : e;
}

/**
 * safePowU64F64(val, p) >> 32 (its I32F32 result) for each val, bit-identical: ln on doubles, exp on
 * doubles for |y| ≤ 12; a Number when the result is below 2^53, else a BigInt (exp's ceiling, or a
 * large power, from the reference).
 */
export function safePowI32F32BitsMany(vals: readonly bigint[], p: bigint): (number | bigint)[] {
  // I32F32(val): U64F64 → I32F32, dropping 32 fraction bits. As doubles they may be rounded, but only
  // at 2^53 and above, which the range checks send to the reference (with the whole val).
  return safePowOfBases(
    vals.map((v) => high32(v)),
    p,
    (i) => vals[i],
  );
}

/**
 * safePowI32F32BitsMany for bases given as their I32F32 bits (integers below 2^53, exact Numbers):
 * safe_pow narrows its U64F64 base to I32F32 first, so x·2^32 stands for every base with those bits.
 */
export function safePowI32F32BitsOfBases(xs: readonly number[], p: bigint): (number | bigint)[] {
  return safePowOfBases(xs, p, (i) => BigInt(xs[i]) << 32n);
}

/** The lanes behind both: xs[i] the I32F32 base, val(i) its U64F64 bits for the reference. */
function safePowOfBases(xs: readonly number[], p: bigint, val: (i: number) => bigint): (number | bigint)[] {
  // I32F32(p): U64F64 → I32F32, as the bases.
  const h = Number(p >> 32n);
  const n = xs.length;
  const out: (number | bigint)[] = new Array(n);
  const laneXs = new Float64Array(n);
  const xLane: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    // ln(0) fails: 0; bases in the exact double range go to a lane; the rest to the reference.
    if (x === 0) out[i] = 0;
    else if (x >= MIN_FAST_INVERSE && x < TWO53 && h < MAX_FAST_EXPONENT) laneXs[xLane.push(i) - 1] = x;
    else out[i] = narrowBits(safePowU64F64(val(i), p) >> 32n);
  }
  log2Lanes(laneXs, xLane.length);
  const ys = new Float64Array(xLane.length);
  const yLane: number[] = [];
  for (let j = 0; j < xLane.length; j++) {
    const i = xLane[j];
    const y = F.mul(h, F.div(laneXs[j], LOG2_E)); // h ⊗ ln(x), ln = log2 ⊘ LOG2_E
    if (y === 0) out[i] = ONE;
    else if (y <= EXP_EXACT_LIMIT && y >= -EXP_EXACT_LIMIT) ys[yLane.push(i) - 1] = y;
    else out[i] = narrowBits(expBig(BigInt(y)) ?? SAFE_POW_CEILING_I32F32);
  }
  expLanes(ys, yLane.length);
  for (let j = 0; j < yLane.length; j++) out[yLane[j]] = ys[j];
  return out;
}

/** safePowI32F32BitsMany for one base. */
export function safePowI32F32Bits(val: bigint, p: bigint): number | bigint {
  return safePowI32F32BitsMany([val], p)[0];
}
