// Exact fixed-point arithmetic as the chain does it (substrate-fixed v0.6.0), on BigInt "bits".
// protocol.md §1.1–1.2. A value is its integer bits = value × 2^frac; the type is static, carried by
// the FixedType object that operates on it. This is the reference implementation: every faster
// exact scheme in the project (see i32f32.ts) is tested against it.

export interface FixedType {
  readonly name: string;
  /** Fractional bits. */
  readonly frac: number;
  readonly signed: boolean;
  /** Storage width in bits (64 or 128). */
  readonly width: number;
  readonly min: bigint;
  readonly max: bigint;
  /** 1.0 in bits. */
  readonly one: bigint;
  /** Clamp bits into the type's range (the `saturating_` variants). */
  saturate(bits: bigint): bigint;
  /** Saturating multiplication, floored toward −∞ (arithmetic shift). */
  mul(a: bigint, b: bigint): bigint;
  /** Checked multiplication: `null` when the exact result leaves the range. */
  checkedMul(a: bigint, b: bigint): bigint | null;
  /** `safe_div`: truncates toward zero; 0 when dividing by zero or on overflow. */
  div(a: bigint, b: bigint): bigint;
  /** Saturating addition and subtraction. */
  add(a: bigint, b: bigint): bigint;
  sub(a: bigint, b: bigint): bigint;
  /** Integer → fixed, exact (saturating). */
  fromInt(x: bigint | number): bigint;
  /** A float literal → fixed: round to nearest, ties to even (substrate-fixed `from_num`). */
  fromNum(x: number): bigint;
  /** Fixed → integer: floor, then clamp into [lo, hi] (`saturating_to_num`). */
  toInt(bits: bigint, lo?: bigint, hi?: bigint): bigint;
  /** Fixed → float64 (for output only; never fed back into exact arithmetic). */
  toNumber(bits: bigint): number;
  /** `round()`: half away from zero, returned as an integer. */
  roundToInt(bits: bigint): bigint;
}

function fixedType(name: string, width: number, frac: number, signed: boolean): FixedType {
  const min = signed ? -(1n << BigInt(width - 1)) : 0n;
  const max = signed ? (1n << BigInt(width - 1)) - 1n : (1n << BigInt(width)) - 1n;
  const f = BigInt(frac);
  const one = 1n << f;
  const saturate = (x: bigint): bigint => (x < min ? min : x > max ? max : x);
  const type: FixedType = {
    name,
    frac,
    signed,
    width,
    min,
    max,
    one,
    saturate,
    mul: (a, b) => saturate((a * b) >> f),
    checkedMul: (a, b) => {
      const r = (a * b) >> f;
      return r < min || r > max ? null : r;
    },
    div: (a, b) => {
      if (b === 0n) return 0n;
      const r = (a << f) / b;
      return r < min || r > max ? 0n : r;
    },
    add: (a, b) => saturate(a + b),
    sub: (a, b) => saturate(a - b),
    fromInt: (x) => saturate(BigInt(x) << f),
    fromNum: (x) => saturate(roundHalfEven(x, frac)),
    toInt: (bits, lo, hi) => {
      let r = bits >> f;
      if (lo !== undefined && r < lo) r = lo;
      if (hi !== undefined && r > hi) r = hi;
      return r;
    },
    toNumber: (bits) => bitsToNumber(bits, frac),
    roundToInt: (bits) => {
      const half = 1n << (f - 1n);
      return bits >= 0n ? (bits + half) >> f : -((-bits + half) >> f);
    },
  };
  return type;
}

/** Exact conversion of x × 2^frac to the nearest integer, ties to even. */
function roundHalfEven(x: number, frac: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`cannot convert ${x} to fixed point`);
  // Decompose x = m × 2^e exactly with integer m (at most 53 significant bits).
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e -= 1;
  }
  const mant = BigInt(m);
  const shift = e + frac;
  if (shift >= 0) return mant << BigInt(shift);
  const s = BigInt(-shift);
  const q = mant >> s; // floor
  const r = mant - (q << s);
  const half = 1n << (s - 1n);
  if (r > half || (r === half && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** bits / 2^frac as the nearest float64 (exact whenever the value fits 53 bits). */
export function bitsToNumber(bits: bigint, frac: number): number {
  const neg = bits < 0n;
  const a = neg ? -bits : bits;
  const f = BigInt(frac);
  const ip = a >> f;
  const fp = a - (ip << f);
  // Integer and fraction parts converted separately keep full precision for values in [0, 2^21).
  const v = Number(ip) + Number(fp) / 2 ** frac;
  return neg ? -v : v;
}

export const I32F32 = fixedType('I32F32', 64, 32, true);
export const I64F64 = fixedType('I64F64', 128, 64, true);
export const I96F32 = fixedType('I96F32', 128, 32, true);
export const U64F64 = fixedType('U64F64', 128, 64, false);
export const U96F32 = fixedType('U96F32', 128, 32, false);
export const U110F18 = fixedType('U110F18', 128, 18, false);

/** Change the number of fractional bits: exact shift left, or floor (arithmetic shift right). */
export function convertFixed(bits: bigint, from: FixedType, to: FixedType): bigint {
  const d = to.frac - from.frac;
  const r = d >= 0 ? bits << BigInt(d) : bits >> BigInt(-d);
  return to.saturate(r);
}

export const U64_MAX = (1n << 64n) - 1n;
export const U16_MAX = 65535;
