// Exact integer quotients ⌊a·scale / b⌋ of BigInts from float64 approximations, for the coinbase's
// per-block divisions whose quotients are small (shares' high words, root proportions, spot prices):
// a BigInt division costs about four times a float64 one plus the two conversions. Exactness, where
// the fast answer is given, is proven here; every other case falls back to the BigInt division.
//
// Proof. Let ad, bd approximate a, b > 0 with relative errors |α|, |β| ≤ 2^-50 (each a few
// correctly rounded float64 operations: Number(bigint) rounds to nearest, so one conversion is
// 2^-53, a sum of two converted values 2^-52), and scale a power of two (exact). The computed
// r = fl(ad / bd)·scale = q·(1 + α)(1 + γ) / (1 + β) with q = a·scale/b the true quotient and
// |γ| ≤ 2^-53, so |r − q| ≤ q·2^-48 < 2^-15 for q < 2^33. If r < 2^33 and its fraction
// r − ⌊r⌋ lies in [2^-12, 1 − 2^-12], then r is at least 2^-12 from every integer and q within
// 2^-13 of r, so q lies strictly between the same two integers: ⌊q⌋ = ⌊r⌋ (for ⌊r⌋ = 0 only the
// upper side needs the margin: q ≥ 0, as every quotient here is of non-negatives). The fraction and the
// comparisons are exact float64 operations (r − ⌊r⌋ loses nothing).

// Number(bigint) is a runtime call (~75 ns here, more than the BigInt division it would replace); a
// value below 2^64 stored into a BigUint64Array and read back as two 32-bit words converts in a few
// ns. hi·2^32 is exact and the one addition rounds to nearest, as Number(x) does: the same double.
const WORD64 = new BigUint64Array(1);
const WORDS32 = new Uint32Array(WORD64.buffer);
WORD64[0] = 1n;
/** Index of the low 32-bit word of WORD64 (0 on little-endian machines). */
const LOW = WORDS32[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;
const TWO64 = 1n << 64n;

/** Number(x) (rounded to nearest) for x ≥ 0; fast below 2^64. */
export function toNumber(x: bigint): number {
  if (x >= TWO64) return Number(x);
  WORD64[0] = x;
  return WORDS32[HIGH] * 4294967296 + WORDS32[LOW];
}

/** Number(x >> 32n), without the BigInt the shift makes: x's high 32-bit word for 0 ≤ x < 2^64. */
export function high32(x: bigint): number {
  if (x < 0n || x >= TWO64) return Number(x >> 32n);
  WORD64[0] = x;
  return WORDS32[HIGH];
}

/** Largest quotient the fast path answers (exclusive). */
const FAST_LIMIT = 2 ** 33;
/** How far from an integer an approximate quotient must lie for its floor to be trusted. */
export const QUOTIENT_MARGIN = 2 ** -12;

/**
 * ⌊r⌋ when r, a float64 within 2^-13 of a true quotient q ∈ [0, 2^33), provably has the same floor
 * as q; −1 when it cannot tell (r near an integer, or out of range).
 */
export function trustedFloor(r: number): number {
  if (!(r >= 0 && r < FAST_LIMIT)) return -1;
  const fl = Math.floor(r);
  const frac = r - fl;
  // Below 1 − margin the floor is 0 however close r is to 0: q ≥ 0 always (a ≥ 0).
  return (frac >= QUOTIENT_MARGIN || fl === 0) && frac <= 1 - QUOTIENT_MARGIN ? fl : -1;
}

/**
 * ⌊a·scale / b⌋ for a ≥ 0, b > 0 and scale a power of two, from ad ≈ a and bd ≈ b (each
 * within 2^-50 relative, see the proof above): the quotient when float64 proves it (below 2^33, not
 * near an integer), else −1 and the caller divides the BigInts. a = 0 (ad = 0: Number(a) is 0 only
 * for a = 0) gives 0.
 */
export function fastQuotient(ad: number, bd: number, scale: number): number {
  return ad === 0 ? 0 : trustedFloor((ad / bd) * scale);
}

/**
 * ⌊x⌋ from a float64 r with |r − x| ≤ e (e ≥ 0, r and e computed by the caller's own error bound),
 * when that bound places x between the same two integers as r: then ⌊x⌋ = ⌊r⌋; −1 otherwise (r
 * within e of an integer, negative or not below 2^53). With fl = ⌊r⌋, r − fl ≥ e gives x ≥ fl and
 * fl + 1 − r > e gives x < fl + 1; both differences are exact (r and fl + 1 lie within a factor 2
 * of each other whenever the second can be close to e).
 */
export function floorWithin(r: number, e: number): number {
  if (!(r >= 0 && r < 2 ** 53)) return -1;
  const fl = Math.floor(r);
  return r - fl >= e && fl + 1 - r > e ? fl : -1;
}

const TWO32_D = 2 ** 32;
/**
 * Adds x ∈ [0, 2^64] to an exact two-word sum: acc[0] += its high 32-bit word, acc[1] += its low one
 * (2^64 itself is high word 2^32). Both sums stay exact integers for fewer than 2^20 terms (< 2^53);
 * the total is acc[0]·2^32 + acc[1], and wordSumToNumber gives its Number() (one rounding). Returns
 * false (acc unchanged) for x > 2^64: then the caller sums BigInts.
 */
export function addWords(x: bigint, acc: Float64Array): boolean {
  if (x >= TWO64) {
    if (x !== TWO64) return false;
    acc[0] += TWO32_D;
    return true;
  }
  WORD64[0] = x;
  acc[0] += WORDS32[HIGH];
  acc[1] += WORDS32[LOW];
  return true;
}

/** Number(Σ) of a two-word sum (addWords): acc[0]·2^32 is exact, so the one addition rounds once. */
export function wordSumToNumber(acc: Float64Array): number {
  return acc[0] * TWO32_D + acc[1];
}

/** Whether a two-word sum (addWords) exceeds 2^64, decided exactly (the low words carried first). */
export function wordSumExceeds64(acc: Float64Array): boolean {
  const carry = Math.floor(acc[1] / TWO32_D);
  const high = acc[0] + carry;
  return high > TWO32_D || (high === TWO32_D && acc[1] - carry * TWO32_D > 0);
}

const TWO16_D = 2 ** 16;
/** Below this x, productShift32's partial products stay exact (< 2^52). */
export const PRODUCT_SHIFT32_LIMIT = 2 ** 36;

/**
 * ⌊x·f / 2^32⌋ in float64, exactly, for an integer x < 2^36 (PRODUCT_SHIFT32_LIMIT) and an integer
 * f = fHigh·2^16 + fLow ≤ 2^32 given as its 16-bit halves (fHigh ≤ 2^16, fLow < 2^16): x·f / 2^32 =
 * (x·fHigh + x·fLow / 2^16) / 2^16, and with x·fHigh an integer the nested floors
 * ⌊(x·fHigh + ⌊x·fLow / 2^16⌋) / 2^16⌋ give the same value; each product is at most 2^52 and the sum
 * below 2^53, so every step is exact. (The block's TAO T = minted·share and the burn decay.)
 */
export function productShift32(x: number, fHigh: number, fLow: number): number {
  return Math.floor((x * fHigh + Math.floor((x * fLow) / TWO16_D)) / TWO16_D);
}
