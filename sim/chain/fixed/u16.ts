// Conversions between the chain's u16 storage and I32F32 bits (protocol.md §1.3).

import { U16_MAX } from './fixed.ts';
import { ONE } from './i32f32.ts';

export { U16_MAX };

/**
 * w ⊘ total for integer-valued fixed operands (u16_to_fixed values and their sums): the chain's
 * trunc(w·2^64 / (total·2^32)) equals floor(w·2^32 / total), which stays exact in a double even when
 * total·2^32 would not. Requires 0 ≤ w ≤ 65535.
 */
export function integerRatio(w: number, total: number): number {
  // w ⊘ 65535 (stored bonds, u16 hyperparameters) without a division: 2^32 = 65535·65537 + 1, so
  // w·2^32 / 65535 = w·65537 + w/65535, whose floor is w·65537 + (1 if w = 65535 else 0).
  if (total === U16_MAX) return w * 65537 + (w === U16_MAX ? 1 : 0);
  const x = w * ONE;
  if (total === 0) return x; // a zero sum leaves the entry unchanged, as the chain does
  const q = Math.floor(x / total);
  // The rounded quotient can only overshoot by one, when the true one is just below an integer.
  return q * total > x ? q - 1 : q;
}

/**
 * `u16_proportion_to_fixed`: x ⊘ 65535, bits (x·2^32)/65535 truncated; how a u16 hyperparameter
 * (kappa, bonds penalty, alpha low/high) is read as a proportion in I32F32.
 */
export function u16ProportionToFixed(x: number): number {
  return integerRatio(x, U16_MAX);
}

/**
 * `fixed_proportion_to_u16`: floor(v ⊗ 65535) clamped into [0, 65535]. One multiplication by the
 * exact double 65535·2^-32 (a literal, so the compiler sees a constant): v·65535·2^-32 rounds as
 * (v·65535) / 2^32 does, since scaling by a power of two is exact.
 */
export function fixedProportionToU16(v: number): number {
  if (v <= 0) return 0;
  const r = Math.floor(v * (65535 / 4294967296));
  return r > U16_MAX ? U16_MAX : r;
}
