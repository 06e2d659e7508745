// The per-block EMA of each subnet's price (protocol.md §4.6). Because the spot input is capped at
// 1 TAO/alpha, the EMA stays at or below 1. Computed in U64F64 as the chain does.

import { floorWithin, toNumber } from '../fixed/exact-quotient.ts';
import { convertFixed, I96F32, U64F64 } from '../fixed/fixed.ts';
import { type Pool, spotPrice, spotPriceFast } from './pool.ts';

/** SubnetMovingAlpha 0.000003 (I96F32 literal, bits 12885), widened to U64F64. */
export const DEFAULT_MOVING_ALPHA = convertFixed(I96F32.fromNum(0.000003), I96F32, U64F64);
/** EMAPriceHalvingBlocks: 201 600 (28 days). */
export const DEFAULT_EMA_HALVING_BLOCKS = 201_600n;

/**
 * One update: a = m · n_b / (n_b + h) with n_b the blocks since emission started (inclusive);
 * p ← a · min(spot, 1) + (1 − a) · p. `spot` and the result are U64F64 bits.
 */
export function updateMovingPrice(
  movingPrice: bigint,
  spot: bigint,
  blocksSinceStart: bigint,
  movingAlpha = DEFAULT_MOVING_ALPHA,
  halvingBlocks = DEFAULT_EMA_HALVING_BLOCKS,
): bigint {
  const a = emaRate(blocksSinceStart, movingAlpha, halvingBlocks);
  const capped = spot < U64F64.one ? spot : U64F64.one;
  return U64F64.add(U64F64.mul(a, capped), U64F64.mul(U64F64.sub(U64F64.one, a), movingPrice));
}

// Subnets that started emitting at the same block share a = m·n_b/(n_b + h) each block: remember
// the last one computed.
let lastNb = -1n;
let lastAlpha = -1n;
let lastHalving = -1n;
let lastRate = 0n;
function emaRate(blocksSinceStart: bigint, movingAlpha: bigint, halvingBlocks: bigint): bigint {
  if (blocksSinceStart !== lastNb || movingAlpha !== lastAlpha || halvingBlocks !== lastHalving) {
    const nb = U64F64.fromInt(blocksSinceStart);
    lastRate = U64F64.mul(movingAlpha, U64F64.div(nb, U64F64.add(nb, U64F64.fromInt(halvingBlocks))));
    lastNb = blocksSinceStart;
    lastAlpha = movingAlpha;
    lastHalving = halvingBlocks;
  }
  return lastRate;
}

// The block step's form of `updateMovingPrice` with the default alpha and halving period, taking the
// spot price as U96F32 bits (as `spotPrice` returns it) and n_b as a number. Bit for bit the same:
// - spot·2^32 (the U64F64 spot) < 1 ⇔ spot < 2^32, and then mul(a, spot·2^32) = ((a·spot·2^32) >> 64)
//   = (a·spot) >> 32, since flooring a multiple of 2^32 by 2^64 is flooring it over 2^32 by 2^32;
// - otherwise the capped spot is 1 and mul(a, 1) = a;
// - 1 − a is computed once per distinct a, like a itself.
const SPOT_ONE = 1n << 32n;
let fastNb = -1;
let fastRate = 0n;
let fastKeep = 0n;
/** fastRate as a float64 when it is below 2^53 (exact), else −1: movingPriceFromPool's fast path then stays off. */
let fastRateD = -1;
function refreshRate(blocksSinceStart: number): void {
  fastRate = emaRate(BigInt(blocksSinceStart), DEFAULT_MOVING_ALPHA, DEFAULT_EMA_HALVING_BLOCKS);
  fastKeep = U64F64.sub(U64F64.one, fastRate);
  fastRateD = fastRate < RATE_LIMIT ? toNumber(fastRate) : -1;
  fastNb = blocksSinceStart;
}
const RATE_LIMIT = 1n << 53n;

export function updateMovingPriceFromSpot(movingPrice: bigint, spotU96: bigint, blocksSinceStart: number): bigint {
  if (blocksSinceStart !== fastNb) refreshRate(blocksSinceStart);
  const a = fastRate;
  const fresh = spotU96 < SPOT_ONE ? U64F64.saturate((a * spotU96) >> 32n) : U64F64.saturate(a);
  return U64F64.add(fresh, U64F64.mul(fastKeep, movingPrice));
}

const TWO32 = 2 ** 32;
const TWO64 = 2 ** 64;
const EPS52 = 2 ** -52;
const EPS50 = 2 ** -50;

/**
 * The block step's moving-price update read from the pool: updateMovingPriceFromSpot(movingPrice,
 * spotPrice(pool), n_b), bit for bit, with its two 128-bit products settled in float64 where that is
 * proven exact (one BigInt addition instead of five BigInt operations). For a rate a < 2^53 (it is
 * m·n_b / (n_b + h) ≤ m ≈ 2^45.6) and a moving price p ≤ 2^64 (the EMA of a spot capped at 1):
 * - keep·p >> 64 with keep = 2^64 − a is ⌊(2^64·p − a·p) / 2^64⌋ = p − ⌈y⌉, y = a·p / 2^64 < 2^53;
 *   its float64 r = fl(a·fl(p)) / 2^64 (two roundings) is within r·2^-51 of y. ⌈y⌉ = ⌊y⌋ + 1 when
 *   floorWithin with twice that bound answers (then y > ⌊r⌋ strictly: y is no integer); y = 0
 *   (r = 0: a·p = 0 exactly) gives 0;
 * - fresh = a for a spot s ≥ 1 (2^32 bits), else ⌊a·s / 2^32⌋, whose float64 (one rounding, a and s
 *   exact integers) is within r·2^-52 of it;
 * - neither the products nor the sum p − ⌈y⌉ + fresh ≤ 2^64 + 2^53 saturate (U64F64 holds 2^128).
 * The difference fresh − ⌈y⌉ is an integer below 2^53 in magnitude: exact in float64.
 */
export function movingPriceFromPool(movingPrice: bigint, pool: Pool, blocksSinceStart: number): bigint {
  if (blocksSinceStart !== fastNb) refreshRate(blocksSinceStart);
  const spot = spotPriceFast(pool);
  if (spot < 0) return updateMovingPriceFromSpot(movingPrice, spotPrice(pool), blocksSinceStart);
  const a = fastRateD;
  if (a < 0 || movingPrice > U64F64.one) return updateMovingPriceFromSpot(movingPrice, BigInt(spot), blocksSinceStart);
  let fresh = a;
  if (spot < TWO32) {
    const r = (a * spot) / TWO32;
    fresh = floorWithin(r, r * EPS52);
  }
  const y = (a * toNumber(movingPrice)) / TWO64;
  let up = 0;
  if (y !== 0) {
    const fl = floorWithin(y, y * EPS50);
    up = fl < 0 ? -1 : fl + 1;
  }
  if (fresh < 0 || up < 0) return updateMovingPriceFromSpot(movingPrice, BigInt(spot), blocksSinceStart);
  const d = fresh - up;
  return d === 0 ? movingPrice : movingPrice + BigInt(d);
}
