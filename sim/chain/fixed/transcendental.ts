// The two transcendental functions the chain uses, restated from substrate-fixed's
// `transcendental.rs` (protocol.md §1.4): `exp` (liquid alpha's sigmoid) and the integer part of
// `log2` (the halving count of block emission).

import { type FixedType, I32F32 } from './fixed.ts';
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
