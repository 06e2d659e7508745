// The emission split inside the epoch (protocol.md §3.11).

import { I96F32, U64_MAX } from '../fixed/fixed.ts';
import * as F from '../fixed/i32f32.ts';
import type { EpochKernels } from './kernels.ts';

/** RAO amounts per uid (exact integers). */
export interface Amounts {
  server: bigint[];
  validator: bigint[];
  combined: bigint[];
}

/** Buffers for the shares of n uids, each of length n (overwritten; the amounts are new arrays). */
export interface ShareBuffers {
  combinedShare: Float64Array;
  serverShare: Float64Array;
  validatorShare: Float64Array;
}

/**
 * Miners get I/Σ(I+D), validators D/Σ(I+D). When Σ(I+D) = 0 the whole amount goes to validators by
 * active stake, or by stake if no one is active. Amounts are floor(share × E); the rounding dust is
 * not paid to anyone.
 */
export function splitEmission(
  K: EpochKernels,
  incentive: Float64Array,
  dividends: Float64Array,
  activeStake: Float64Array,
  stake: Float64Array,
  emission: bigint,
  into: ShareBuffers = newShareBuffers(incentive.length),
): Amounts {
  const n = incentive.length;
  const combined = into.combinedShare;
  for (let i = 0; i < n; i++) combined[i] = incentive[i] + dividends[i];
  const A = K.arithmetic;
  const total = A.sum(combined);
  const serverShare = into.serverShare;
  let validatorShare: Float64Array;
  let combinedShare: Float64Array;
  if (total === 0) {
    serverShare.fill(0);
    validatorShare = A.sum(activeStake) === 0 ? stake : activeStake;
    combinedShare = validatorShare;
  } else {
    K.divideInto(serverShare, incentive, total);
    validatorShare = K.divideInto(into.validatorShare, dividends, total);
    combinedShare = combined;
    A.normalizeInPlace(combinedShare);
  }
  return A.amounts(serverShare, validatorShare, combinedShare, emission);
}

function newShareBuffers(n: number): ShareBuffers {
  return { combinedShare: new Float64Array(n), serverShare: new Float64Array(n), validatorShare: new Float64Array(n) };
}

const TWO48 = 2 ** 48;

/** I32F32: floor(share ⊗ E) in I96F32, then to u64. Σ never exceeds E: the shares are floored. */
export function amountsI96F32(
  server: Float64Array,
  validator: Float64Array,
  combined: Float64Array,
  emission: bigint,
): Amounts {
  return {
    server: amounts(server, emission),
    validator: amounts(validator, emission),
    combined: amounts(combined, emission),
  };
}

function amounts(share: Float64Array, emission: bigint): bigint[] {
  const out = new Array<bigint>(share.length);
  if (emission < BigInt(TWO48)) {
    // share·E / 2^32 floored is exactly the I32F32 product of the bits with the integer E.
    const e = Number(emission);
    // A zero share (most uids in one of the three lists) pays 0n without a product or a new BigInt.
    for (let i = 0; i < share.length; i++) out[i] = share[i] === 0 ? 0n : BigInt(F.mul(share[i], e));
    return out;
  }
  const eFixed = I96F32.fromInt(emission);
  for (let i = 0; i < share.length; i++) {
    out[i] = share[i] === 0 ? 0n : I96F32.toInt(I96F32.mul(BigInt(share[i]), eFixed), 0n, U64_MAX);
  }
  return out;
}

/**
 * FLOAT64: floor(share·E) of doubles. Double rounding can make them sum to more than E by a few RAO
 * (shares summing to 1 + a few ulps, or E above 2^53); the excess then comes off the largest
 * amounts, so the caller's remainder E − Σ paid stays ≥ 0 and is dust, as with I32F32.
 */
export function amountsFloat64(
  server: Float64Array,
  validator: Float64Array,
  combined: Float64Array,
  emission: bigint,
): Amounts {
  const e = Number(emission);
  const out = { server: amountsOf(server, e), validator: amountsOf(validator, e), combined: amountsOf(combined, e) };
  // Σ floor(share·E) in doubles is exact while below 2^53 (non-negative integers); when it is also at
  // most E there is nothing to cap, which is the usual case.
  const split = amountSum(server, e) + amountSum(validator, e);
  if (!(split < 2 ** 53 && split <= e)) capSum([out.server, out.validator], emission);
  const whole = amountSum(combined, e);
  if (!(whole < 2 ** 53 && whole <= e)) capSum([out.combined], emission);
  return out;
}

/** Σ of amountsOf(share, e) as a double (exact when below 2^53). */
function amountSum(share: Float64Array, e: number): number {
  let t = 0;
  for (let i = 0; i < share.length; i++) {
    const x = Math.floor(share[i] * e);
    if (x > 0) t += x;
  }
  return t;
}

function amountsOf(share: Float64Array, e: number): bigint[] {
  const out = new Array<bigint>(share.length);
  for (let i = 0; i < share.length; i++) {
    const x = Math.floor(share[i] * e);
    out[i] = x > 0 ? BigInt(x) : 0n;
  }
  return out;
}

/** Takes Σ − E off the largest amounts (first in list order on ties). */
function capSum(lists: bigint[][], emission: bigint): void {
  let sum = 0n;
  for (const l of lists) for (const x of l) sum += x;
  let excess = sum - emission;
  while (excess > 0n) {
    let bl = 0;
    let bi = 0;
    for (let l = 0; l < lists.length; l++) {
      for (let i = 0; i < lists[l].length; i++) if (lists[l][i] > lists[bl][bi]) [bl, bi] = [l, i];
    }
    const take = lists[bl][bi] < excess ? lists[bl][bi] : excess;
    lists[bl][bi] -= take;
    excess -= take;
  }
}
