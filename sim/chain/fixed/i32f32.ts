// Exact I32F32 arithmetic on float64 "bits" — the epoch's hot path (protocol.md §1.2, §1.5).
//
// An I32F32 value is held as its integer bits (value × 2^32) in a JS number. Every operation here
// returns exactly the integer the chain computes with 64/128-bit integers, as long as operands and
// result have magnitude below 2^53 (values below 2^21 ≈ 2.1 M, far above anything the epoch holds
// after normalisation). The double result of a wide product or quotient is only approximate, but
// its error is small and bounded, and the exact low 32 bits come from `Math.imul`; together they pin
// down the exact integer. Outside the covered range an operation falls back to the BigInt
// reference (fixed.ts), so results are always exact; `test/fixed.test.ts` checks every function
// against that reference.

import { I32F32 } from './fixed.ts';

export const ONE = 4294967296; // 2^32
const _TWO53 = 9007199254740992;
const TWO52 = 4503599627370496;

function fromBig(x: bigint): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new RangeError(`I32F32 bits ${x} exceed the exact double range`);
  return n;
}

const TWO84 = 2 ** 84;
const INV32 = 2 ** -32;

/**
 * a ⊗ b: floor(a·b / 2^32), as substrate-fixed multiplies (arithmetic shift of the wide product).
 *
 * First the one-rounding shortcut (see `divNonNeg` for why it is exact): p = fl(a·b)·2^-32 is the
 * correctly rounded P / 2^32, since scaling by a power of two is exact. Rounding is monotone and
 * every integer below 2^53 is a double, so when p is not an integer it lies strictly between the
 * same two integers as P / 2^32, and floor(p) is the answer. Only an integer p (P within one
 * rounding of a multiple of 2^32, a zero operand, or |p| ≥ 2^52) takes the full path (`mulWide`).
 */
export function mul(a: number, b: number): number {
  const p = a * b * INV32;
  const f = Math.floor(p);
  return f !== p ? f : mulWide(a, b);
}

/**
 * a ⊗ b without the shortcut. The double product a·b is off from the true product P by at most
 * 2^12 when |P| < 2^84, while the low 32 bits of P are known exactly from `Math.imul` (two's
 * complement, so correct for negative operands too). P − (P mod 2^32) is a multiple of 2^32, so
 * rounding the approximate (a·b − (P mod 2^32)) / 2^32 to the nearest integer gives floor(P / 2^32)
 * exactly.
 */
export function mulWide(a: number, b: number): number {
  const p = a * b;
  if (p < TWO84 && p > -TWO84) return Math.round((p - (Math.imul(a, b) >>> 0)) * INV32) + 0;
  return mulBig(a, b);
}

/** a·2^-32, exact for bits below 2^53: a factor prepared once for `mulScaled`. */
export function scaled(a: number): number {
  return a * INV32;
}

/**
 * a ⊗ b with a given as scaled(a) (a factor fixed across a loop): `mul` without its first
 * multiplication. fl(a·2^-32 · b) = fl(a·b)·2^-32 (scaling by a power of two commutes with rounding:
 * a non-zero product of integers is far from the subnormal range), which is the p `mul` computes,
 * so the same floor or the same fallback follows; a·2^-32·2^32 gives a back exactly.
 */
export function mulScaled(aScaled: number, b: number): number {
  const p = aScaled * b;
  const f = Math.floor(p);
  return f !== p ? f : mulWide(aScaled * ONE, b);
}

/** 2^32 / b rounded: a divisor prepared once for `divReciprocal`; NaN for b ≤ 0 (those take `div`). */
export function reciprocal(b: number): number {
  return b > 0 ? ONE / b : Number.NaN;
}

/**
 * a ⊘ b with r = reciprocal(b): one multiplication instead of a division where that settles it,
 * else `div`. For a > 0, b > 0 (integers below 2^53) and Q = a·2^32 / b, qf = fl(a·r) =
 * Q(1 + ε1)(1 + ε2) with |εi| ≤ 2^-53, so |qf − Q| < qf·2^-51 = m/2 with m = qf·2^-50 (exact). With
 * q = floor(qf) and f = qf − q (exact: Sterbenz, or q = 0): if f > m, Q > q + m/2 > q; if also
 * f < fl(1 − m) ≤ 1 − m + 2^-54, Q < q + 1 − m/2 + 2^-54 ≤ q + 1 once m ≥ 2^-53 (qf ≥ 1/8); below
 * that q = 0 and Q < 1 anyway. Then floor(Q) = q, the chain's quotient. An integer or near-integer
 * Q, a ≤ 0, b ≤ 0 (r NaN: every comparison fails) all go to `div`.
 */
export function divReciprocal(a: number, b: number, r: number): number {
  const qf = a * r;
  const q = Math.floor(qf);
  const f = qf - q;
  const m = qf * 2 ** -50;
  return qf > 0 && f > m && f < 1 - m ? q : div(a, b);
}

/**
 * a ⊘ b: trunc(a·2^32 / b) toward zero; 0 when b = 0 (`safe_div`).
 *
 * The float quotient is within one of the true floor; the remainder R = a·2^32 − q·b decides
 * which. R is recovered exactly from its approximate value (error below 2^13) and its residue mod
 * 2^32 (from `Math.imul`), then q is corrected by one if R falls outside [0, b).
 */
export function div(a: number, b: number): number {
  if (a >= 0 && b > 0) return divNonNeg(a, b);
  if (b === 0) return 0;
  const q = divNonNeg(a < 0 ? -a : a, b < 0 ? -b : b);
  return a < 0 !== b < 0 && q !== 0 ? -q : q + 0;
}

/**
 * a ⊘ b for a ≥ 0, b > 0 (the common case inside the epoch).
 *
 * The shortcut: x = a·2^32 and b are exact, and IEEE division rounds x / b correctly, so the
 * double quotient qf is the true quotient Q rounded once. Rounding is monotone and every integer
 * below 2^53 is a double, so k ≤ Q < k + 1 gives k ≤ qf ≤ k + 1: when qf is not itself an integer,
 * floor(qf) = floor(Q), the chain's result. One float division instead of the remainder check
 * below; only an integer qf (Q at or within one rounding of an integer, or Q ≥ 2^52) goes on.
 */
export function divNonNeg(a: number, b: number): number {
  const x = a * ONE; // exact: scaling by a power of two
  const qf = x / b;
  let q = Math.floor(qf);
  if (q !== qf) return q;
  if (x >= TWO84 || q >= TWO52) return divBig(a, b);
  const approx = x - q * b;
  const residue = (0 - Math.imul(q, b)) >>> 0; // R mod 2^32 (x is a multiple of 2^32)
  const r = residue + Math.round((approx - residue) * INV32) * ONE;
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return q + 0; // (−0 → 0)
}

function mulBig(a: number, b: number): number {
  return fromBig(I32F32.mul(BigInt(a), BigInt(b)));
}

function divBig(a: number, b: number): number {
  return fromBig(I32F32.div(BigInt(a), BigInt(b)));
}

/** Exact floor(r / d) for 0 ≤ r, 0 < d with r + d < 2^53. */
function floorDiv(r: number, d: number): number {
  let q = Math.floor(r / d);
  // The rounded quotient can only overshoot by one (when the true quotient is just below an integer).
  if (q * d > r) q -= 1;
  return q;
}

/** v ⊘ k for a non-negative integer k held as a fixed value k·2^32: trunc(v / k). */
export function divByInt(v: number, k: number): number {
  if (k === 0) return 0;
  const q = floorDiv(Math.abs(v), k);
  return v < 0 && q !== 0 ? -q : q;
}

/** An integer x as fixed bits (u16_to_fixed and friends). */
export function fromInt(x: number): number {
  return x * ONE;
}

/** Floor to an integer, clamped into [lo, hi] (`saturating_to_num`). */
export function toInt(bits: number, lo: number, hi: number): number {
  const r = Math.floor(bits / ONE);
  return r < lo ? lo : r > hi ? hi : r;
}

/** Bits → the value as a float64 (exact for |value| < 2^21). For output only. */
export function toNumber(bits: number): number {
  return bits / ONE;
}

/** Sum of a vector of bits (exact: all partial sums stay far below 2^53). */
export function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** `inplace_normalize`: v_i ← v_i ⊘ Σv; unchanged when the sum is 0. */
export function normalizeInPlace(v: Float64Array): Float64Array {
  const s = sum(v);
  if (s === 0) return v;
  for (let i = 0; i < v.length; i++) v[i] = div(v[i], s);
  return v;
}
