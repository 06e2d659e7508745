// The per-block EMA of each subnet's price (protocol.md §4.6). Because the spot input is capped at
// 1 TAO/alpha, the EMA stays at or below 1. Computed in U64F64 as the chain does.

import { convertFixed, I96F32, U64F64 } from '../fixed/fixed.ts';

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
export function updateMovingPriceFromSpot(movingPrice: bigint, spotU96: bigint, blocksSinceStart: number): bigint {
  if (blocksSinceStart !== fastNb) {
    fastRate = emaRate(BigInt(blocksSinceStart), DEFAULT_MOVING_ALPHA, DEFAULT_EMA_HALVING_BLOCKS);
    fastKeep = U64F64.sub(U64F64.one, fastRate);
    fastNb = blocksSinceStart;
  }
  const a = fastRate;
  const fresh = spotU96 < SPOT_ONE ? U64F64.saturate((a * spotU96) >> 32n) : U64F64.saturate(a);
  return U64F64.add(fresh, U64F64.mul(fastKeep, movingPrice));
}
