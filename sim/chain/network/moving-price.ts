// The per-block EMA of each subnet's price (protocol.md §4.6). Because the spot input is capped at
// 1 TAO/alpha, the EMA stays at or below 1. Computed in U64F64 as the chain does.

import { I96F32, U64F64, convertFixed } from '../fixed/fixed.ts';

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
  const nb = U64F64.fromInt(blocksSinceStart);
  const a = U64F64.mul(movingAlpha, U64F64.div(nb, U64F64.add(nb, U64F64.fromInt(halvingBlocks))));
  const capped = spot < U64F64.one ? spot : U64F64.one;
  return U64F64.add(U64F64.mul(a, capped), U64F64.mul(U64F64.sub(U64F64.one, a), movingPrice));
}
