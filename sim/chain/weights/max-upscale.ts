// How set_weights stores a weight vector: max-upscaled so the largest entry becomes 65535
// (protocol.md §5.5; the chain's `vec_u16_max_upscale_to_u16`).

import { integerRatio, U16_MAX } from '../fixed/u16.ts';

const ONE = 4294967296;
const HALF = ONE / 2;
const INV_ONE = 1 / ONE; // exact: scaling by a power of two

/** round() of non-negative I32F32 bits: half away from zero, to an integer. */
function roundBits(bits: number): number {
  return Math.floor((bits + HALF) * INV_ONE);
}

/**
 * With m the largest value: if m > 32768 each v becomes round(v ⊗ (65535 ⊘ m)), otherwise
 * round((v ⊗ 65535) ⊘ m), all in I32F32; m = 0 leaves zeros. Exact integer arithmetic throughout
 * (v ⊗ r for an integer v is v·r bits, below 2^49). Called for every weight set: plain loops into a
 * new u16 array, or, with `reuse`, `values` itself where it is already one whose largest entry is
 * 65535 (what the scoring kernel writes): the result then is `values`.
 */
export function maxUpscaleU16(values: ArrayLike<number>, reuse = false): Uint16Array {
  const len = values.length;
  let m = 0;
  for (let k = 0; k < len; k++) if (values[k] > m) m = values[k];
  // m = 65535: 65535 ⊘ 65535 is exactly 1 in I32F32, so round(v ⊗ 1) = v for every u16 v: the row
  // is kept as it is.
  if (m === U16_MAX) return reuse && values instanceof Uint16Array ? values : Uint16Array.from(values);
  const out = new Uint16Array(len);
  if (m > 32768) {
    const ratio = integerRatio(U16_MAX, m); // 65535 ⊘ m, bits
    for (let k = 0; k < len; k++) out[k] = clampU16(roundBits(values[k] * ratio));
  } else if (m > 0) {
    for (let k = 0; k < len; k++) out[k] = clampU16(roundBits(ratioBits(values[k] * U16_MAX, m)));
  }
  return out;
}

/** floor(x·2^32 / m) for an integer x < 2^32 and 0 < m ≤ 32768, by long division. */
function ratioBits(x: number, m: number): number {
  const q = Math.floor(x / m);
  const r = x - q * m;
  return q * ONE + integerRatio(r, m);
}

function clampU16(x: number): number {
  return x > U16_MAX ? U16_MAX : x;
}
