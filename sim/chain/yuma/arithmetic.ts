// The arithmetic an epoch runs in, apart from its algorithm — as the chain keeps `run_epoch.rs` (the
// steps) apart from `math.rs` and substrate-fixed (the numbers). The epoch (epoch.ts and the step
// modules beside it) is written once against this interface; it has two implementations:
//
// - I32F32: the chain's fixed point, bit for bit. Values are I32F32 bits held in doubles and every
//   product and quotient is floored exactly as the chain floors it (fixed/i32f32.ts proves how);
//   stake is I64F64 and amounts I96F32 on BigInt.
// - FLOAT64: the same steps on plain doubles — values are real numbers in [0, 1], nothing is floored
//   but the stored u16s and the RAO amounts (`--epoch fast`, docs/explanation/exactness.md).
//
// What the algorithm may do with values itself: add and subtract them, compare them, and compare
// them with `zero` and `one`. Everything else goes through these functions.

import { I32F32 } from '../fixed/fixed.ts';
import * as F from '../fixed/i32f32.ts';
import { fixedProportionToU16, integerRatio, U16_MAX } from '../fixed/u16.ts';
import { type Amounts, amountsFloat64, amountsI96F32 } from './emission-split.ts';
import { sigmoidFloat64, sigmoidI32F32 } from './liquid-alpha.ts';
import { type StakeInput, stakeWeights, stakeWeightsFloat64 } from './stake.ts';

export type EpochMode = 'exact' | 'fast';

export interface EpochArithmetic {
  readonly mode: EpochMode;
  /** 1 in this arithmetic (2^32 bits, or 1). */
  readonly one: number;
  /** ½ in this arithmetic. */
  readonly half: number;
  /** a ⊗ b. */
  mul(a: number, b: number): number;
  /** a ⊘ b; 0 when b = 0 (`safe_div`; the algorithm never divides by 0 in FLOAT64, which does not check). */
  div(a: number, b: number): number;
  /** A factor prepared for mulScaled (a·2^-32 in I32F32; a itself in doubles). */
  scaled(a: number): number;
  /** a ⊗ b with a given as scaled(a) (hoisted out of a loop): the same value as mul(a, b). */
  mulScaled(aScaled: number, b: number): number;
  /** A divisor prepared for divReciprocal. */
  reciprocal(b: number): number;
  /** a ⊘ b with r = reciprocal(b) (hoisted out of a loop): the same value as div(a, b). */
  divReciprocal(a: number, b: number, r: number): number;
  /** a ⊗ b, or 0 where the chain's `checked_mul` overflows. */
  checkedMul(a: number, b: number): number;
  sum(v: ArrayLike<number>): number;
  /** v_i ← v_i ⊘ Σv; unchanged when the sum is 0 (`inplace_normalize`). */
  normalizeInPlace(v: Float64Array): void;
  /** a / b for integers (b ≠ 0), truncated toward zero: hyperparameter ratios (κ/65535, BMA/10^6, steepness/−100). */
  quotient(a: number, b: number): number;
  /**
   * w / total for non-negative integers (u16 entries and their sums), where the chain divides the
   * integer-valued fixed numbers; total = 0 leaves w (as a value) unchanged, as the chain's
   * normalisations do.
   */
  integerRatio(w: number, total: number): number;
  /** 1 / (1 + exp_safe(z)): liquid alpha's sigmoid. */
  sigmoid(z: number): number;
  /** `fixed_proportion_to_u16`: what storage keeps of a value in [0, 1]. */
  toU16(v: number): number;
  /** A value as I32F32 bits, the unit of EpochResult.exact (integers only in I32F32). */
  toBits(v: number): number;
  /** The normalised stake vector (§3.3) in this arithmetic, into `out` (n values) or a new array. */
  stakeWeights(input: StakeInput, out?: Float64Array): Float64Array;
  /** RAO amounts floor(share × E) of the three share vectors; never more than E in all (§3.11). */
  amounts(server: Float64Array, validator: Float64Array, combined: Float64Array, emission: bigint): Amounts;
}

const I32F32_MAX_BITS = 2 ** 63;

export const I32F32_ARITHMETIC: EpochArithmetic = {
  mode: 'exact',
  one: F.ONE,
  half: F.ONE / 2,
  mul: F.mul,
  div: F.div,
  scaled: F.scaled,
  mulScaled: F.mulScaled,
  reciprocal: F.reciprocal,
  divReciprocal: F.divReciprocal,
  checkedMul(a, b) {
    const r = F.mul(a, b);
    return r >= I32F32_MAX_BITS || r < -I32F32_MAX_BITS ? 0 : r;
  },
  sum: F.sum,
  normalizeInPlace: F.normalizeInPlace,
  // Per epoch, not per entry: the BigInt reference is cheap enough.
  quotient: (a, b) => Number(I32F32.div(I32F32.fromInt(a), I32F32.fromInt(b))),
  integerRatio,
  sigmoid: sigmoidI32F32,
  toU16: fixedProportionToU16,
  toBits: (v) => v,
  stakeWeights,
  amounts: amountsI96F32,
};

const TWO32 = 2 ** 32;

export const FLOAT64_ARITHMETIC: EpochArithmetic = {
  mode: 'fast',
  one: 1,
  half: 0.5,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  scaled: (a) => a,
  mulScaled: (a, b) => a * b,
  reciprocal: (b) => b,
  divReciprocal: (a, b) => a / b,
  checkedMul: (a, b) => a * b,
  sum(v) {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    return s;
  },
  normalizeInPlace(v) {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i];
    if (s === 0) return;
    for (let i = 0; i < v.length; i++) v[i] /= s;
  },
  quotient: (a, b) => a / b,
  integerRatio: (w, total) => (total === 0 ? w : w / total),
  sigmoid: sigmoidFloat64,
  toU16: float64ToU16,
  toBits: (v) => v * TWO32,
  stakeWeights: stakeWeightsFloat64,
  amounts: amountsFloat64,
};

/** The chain's fixed_proportion_to_u16 on a double: floor(x·65535) clamped into [0, 65535]. */
export function float64ToU16(x: number): number {
  if (!(x > 0)) return 0;
  const r = Math.floor(x * U16_MAX);
  return r > U16_MAX ? U16_MAX : r;
}
