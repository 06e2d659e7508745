// Stake vector, stake threshold and validator permits (protocol.md §3.3, §3.4).

import { fastQuotient, toNumber } from '../fixed/exact-quotient.ts';
import { I64F64, U64_MAX, U96F32 } from '../fixed/fixed.ts';
import * as F from '../fixed/i32f32.ts';

export interface StakeInput {
  /** Alpha stake of each uid's hotkey on this subnet (after child-key inheritance), RAO. */
  alpha: readonly bigint[];
  /** Root (TAO) stake of each uid's hotkey (after inheritance), RAO; absent = none. */
  root?: readonly bigint[];
  /** The chain's TaoWeight (u64; weight = TaoWeight / (2^64 − 1)). */
  taoWeight?: bigint;
  /** StakeThreshold in RAO (default 0). */
  threshold?: bigint;
  /** The subnet owner's uid, exempt from the threshold. */
  ownerUid: number | null;
}

/** w_tao = TaoWeight / (2^64 − 1) in U96F32 (32 fractional bits), widened to I64F64. */
export function taoWeightI64F64(taoWeight: bigint): bigint {
  const w32 = U96F32.div(U96F32.fromInt(taoWeight), U96F32.fromInt(U64_MAX));
  return w32 << 32n;
}

/**
 * S_i = α_i + t_i ⊗ w_tao (I64F64 bits), zeroed below the threshold except for the owner: the stake
 * vector before normalisation (`get_stake_weights_for_network`'s total stake).
 */
export function rawStakes(input: StakeInput): bigint[] {
  const n = input.alpha.length;
  const w = input.taoWeight && input.root ? taoWeightI64F64(input.taoWeight) : 0n;
  const threshold = input.threshold ?? 0n;
  const S: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = I64F64.fromInt(input.alpha[i]);
    if (w !== 0n && input.root) s += I64F64.mul(I64F64.fromInt(input.root[i]), w);
    if (i !== input.ownerUid && s >> 64n < threshold) s = 0n;
    S[i] = s;
  }
  return S;
}

/**
 * The raw stakes (`rawStakes`) normalised in I64F64 and floored to I32F32: I32F32 bits s_i as doubles
 * (all in [0, 1]), into `out` (n values, every one written) or a new array.
 */
export function stakeWeights(input: StakeInput, out = new Float64Array(input.alpha.length)): Float64Array {
  if (!(input.taoWeight && input.root) && alphaStakeWeights(input, out)) return out;
  const S = rawStakes(input);
  const n = S.length;
  let total = 0n;
  for (let i = 0; i < n; i++) total += S[i];
  if (total === 0n) return out.fill(0, 0, n);
  // ⌊⌊S_i·2^64 / ΣS⌋ / 2^32⌋ = ⌊S_i·2^32 / ΣS⌋ (nested floors): from doubles where fastQuotient proves
  // the floor (each a single rounding of the BigInt), else the 192-bit division. A zero stake (most
  // uids: miners) is 0.
  const totalD = toNumber(total);
  for (let i = 0; i < n; i++) {
    if (S[i] === 0n) {
      out[i] = 0;
      continue;
    }
    const q = fastQuotient(toNumber(S[i]), totalD, TWO32);
    out[i] = q >= 0 ? q : Number(I64F64.div(S[i], total) >> 32n);
  }
  return out;
}

/**
 * stakeWeights without root stake, on doubles: S_i = α_i·2^64 (no saturation below 2^63), the
 * threshold test S_i >> 64 < T is α_i < T, and floor(floor(S_i·2^64 / ΣS) / 2^32) =
 * floor(α_i·2^32 / Σα), which `divNonNeg` computes exactly once Σα (and so every α_i and partial
 * sum) is an integer below 2^53. False where that does not hold (a negative or huge stake; `out` is
 * then partly written): the BigInt path then. test/stake-weights.test.ts holds it to that path.
 */
function alphaStakeWeights(input: StakeInput, out: Float64Array): boolean {
  const { alpha, ownerUid } = input;
  const threshold = input.threshold ?? 0n;
  const n = alpha.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = alpha[i];
    if (a < 0n) return false;
    const x = i !== ownerUid && a < threshold ? 0 : Number(a);
    out[i] = x;
    total += x;
  }
  if (!(total < 2 ** 53)) return false;
  if (total === 0) return true;
  for (let i = 0; i < n; i++) if (out[i] !== 0) out[i] = F.divNonNeg(out[i], total);
  return true;
}

/**
 * The same stake vector in doubles (the FLOAT64 arithmetic): S_i = α_i + t_i·w_tao with w_tao =
 * TaoWeight / (2^64 − 1), zeroed below the threshold except for the owner, normalised; into `out`
 * (every value written) or a new array.
 */
export function stakeWeightsFloat64(input: StakeInput, out = new Float64Array(input.alpha.length)): Float64Array {
  const n = input.alpha.length;
  const root = input.root;
  const w = input.taoWeight && root ? Number(input.taoWeight) / U64_MAX_DOUBLE : 0;
  const threshold = input.threshold ?? 0n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const alpha = input.alpha[i];
    const t = w !== 0 && root ? (root[i] ?? 0n) : 0n;
    // floor(S) < T for an integer T is S < T; without root stake that test is exact on the bigint.
    const below = t === 0n ? alpha < threshold : Number(alpha) + Number(t) * w < Number(threshold);
    const s = i !== input.ownerUid && below ? 0 : Number(alpha) + Number(t) * w;
    out[i] = s;
    total += s;
  }
  if (total === 0) return out;
  for (let i = 0; i < n; i++) out[i] /= total;
  return out;
}

const TWO32 = 2 ** 32;

/** 2^64 − 1 as a double: it rounds to 2^64, which is what the chain's float conversion sees too. */
const U64_MAX_DOUBLE = 2 ** 64;

/**
 * `is_topk_nonzero`: permits go to the K largest non-zero stakes. The chain sorts ascending with a
 * stable sort and drops the first n − K, so among equal stakes the lower uid loses first. Ordered
 * by (stake, uid), the first n − K are every uid whose stake is below t, the (n − K)-th smallest
 * stake, then those at t in uid order. The owner's uid always holds a permit. `sortScratch` (n values,
 * overwritten) holds the sorted copy.
 */
export function topKNonZero(
  s: Float64Array,
  k: number,
  ownerUid: number | null,
  sortScratch: Float64Array = new Float64Array(s.length),
): boolean[] {
  const n = s.length;
  // Built by push: a packed array (new Array(n) would be holey, which V8's serialiser writes entry by
  // entry with its index: the subnet keeps this list, and checkpoints grew by 45 KB with it).
  const permit: boolean[] = [];
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    permit.push(s[i] !== 0);
    if (s[i] !== 0) nonZero++;
  }
  // With at most K non-zero stakes the n − K uids cut are all zero-stake ones: nothing changes.
  if (n >= k && nonZero > k) {
    const drop = n - k;
    const sorted = sortScratch.subarray(0, n);
    sorted.set(s);
    const t = sorted.sort()[drop - 1];
    let atT = drop;
    for (let i = 0; i < n; i++) if (s[i] < t) atT--;
    for (let i = 0; i < n; i++) {
      if (s[i] < t) permit[i] = false;
      else if (s[i] === t && atT > 0) {
        permit[i] = false;
        atT--;
      }
    }
  }
  if (ownerUid !== null && ownerUid < n) permit[ownerUid] = true;
  return permit;
}
