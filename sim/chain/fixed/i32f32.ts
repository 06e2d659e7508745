// Exact I32F32 arithmetic on float64 "bits" — the epoch's hot path (protocol.md §1.2, §1.5).
//
// An I32F32 value is held as its integer bits (value × 2^32) in a JS number. Every operation here
// returns exactly the integer the chain computes with 64/128-bit integers, as long as operands and
// result have magnitude below 2^53 (values below 2^21 ≈ 2.1 M, far above anything the epoch holds
// after normalisation). Products and quotients that need more than 53 bits are assembled from
// exact partial products, the way one multiplies long numbers by hand. When a case is outside what
// the double scheme covers, it falls back to the BigInt reference (fixed.ts), so results are
// always exact; `test/fixed.test.ts` checks every function against that reference.

import { I32F32 } from './fixed.ts';

export const ONE = 4294967296; // 2^32
const TWO53 = 9007199254740992;
const TWO52 = 4503599627370496;
const TWO24 = 16777216;
const TWO48 = 281474976710656;

function fromBig(x: bigint): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new RangeError(`I32F32 bits ${x} exceed the exact double range`);
  return n;
}

/** a ⊗ b: floor(a·b / 2^32), as substrate-fixed multiplies (arithmetic shift of the wide product). */
export function mul(a: number, b: number): number {
  const p = a * b;
  // A double product below 2^53 in magnitude is exact; dividing by 2^32 and flooring is then exact.
  // (`+ 0` turns a −0 into 0.)
  if (p < TWO53 && p > -TWO53) return Math.floor(p / ONE) + 0;
  return mulWide(a, b);
}

function mulWide(a: number, b: number): number {
  const neg = a < 0 !== b < 0;
  const ua = Math.abs(a);
  const ub = Math.abs(b);
  if (ua >= TWO48 || ub >= TWO48) return fromBig(I32F32.mul(BigInt(a), BigInt(b)));
  // ua·ub = hi·2^48 + mid·2^24 + lo with 24-bit limbs; every partial product is exact.
  const ah = Math.floor(ua / TWO24);
  const al = ua - ah * TWO24;
  const bh = Math.floor(ub / TWO24);
  const bl = ub - bh * TWO24;
  const hi = ah * bh;
  const mid = ah * bl + al * bh;
  const lo = al * bl;
  // floor(product / 2^32) = hi·2^16 + mh + floor((ml·2^24 + lo) / 2^32), with mid = mh·2^8 + ml.
  const mh = Math.floor(mid / 256);
  const ml = mid - mh * 256;
  const rest = ml * TWO24 + lo;
  const restQ = Math.floor(rest / ONE);
  const q = hi * 65536 + mh + restQ;
  if (q >= TWO53) return fromBig(I32F32.mul(BigInt(a), BigInt(b)));
  if (!neg) return q;
  // Floor toward −∞: a non-zero remainder of a negative product rounds one further down.
  return rest - restQ * ONE !== 0 ? -q - 1 : 0 - q;
}

/** Exact floor(r / d) for 0 ≤ r, 0 < d with r + d < 2^53. */
function floorDiv(r: number, d: number): number {
  let q = Math.floor(r / d);
  // The rounded quotient can only overshoot by one (when the true quotient is just below an integer).
  if (q * d > r) q -= 1;
  return q;
}

/** a ⊘ b: trunc(a·2^32 / b) toward zero; 0 when b = 0 (`safe_div`). */
export function div(a: number, b: number): number {
  if (b === 0) return 0;
  const neg = a < 0 !== b < 0;
  const ua = Math.abs(a);
  const ub = Math.abs(b);
  if (ua >= TWO52 || ub >= TWO48) return fromBig(I32F32.div(BigInt(a), BigInt(b)));
  let q = floorDiv(ua, ub);
  let r = ua - q * ub;
  // Long division of the remainder, `step` bits at a time so that r·2^step stays below 2^52.
  const step = Math.min(32, 51 - Math.ceil(Math.log2(ub + 1)));
  let left = 32;
  while (left > 0) {
    const s = Math.min(step, left);
    const scale = 2 ** s;
    r *= scale;
    const d = floorDiv(r, ub);
    r -= d * ub;
    q = q * scale + d;
    left -= s;
  }
  if (q >= TWO53) return fromBig(I32F32.div(BigInt(a), BigInt(b)));
  return neg && q !== 0 ? -q : q;
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
