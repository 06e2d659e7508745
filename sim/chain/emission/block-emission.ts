// Block emission and halvings (protocol.md §4.1; the chain's `get_block_emission_for_issuance`).
// Issuance is TAO (or a subnet's alpha) in RAO, as BigInt: 21M TAO = 2.1e16 RAO exceeds 2^53.

import { I96F32 } from '../fixed/fixed.ts';
import { log2FloorBig } from '../fixed/transcendental.ts';

export const RAO_PER_TAO = 1_000_000_000n;
/** TotalSupply: 21 000 000 TAO. */
export const TOTAL_SUPPLY = 21_000_000n * RAO_PER_TAO;
/** DefaultBlockEmission: 1 TAO per block before the first halving. */
export const DEFAULT_BLOCK_EMISSION = RAO_PER_TAO;
export const BLOCKS_PER_DAY = 7200;
export const BLOCK_TIME_MS = 12_000;

/** The halving count k = floor(log2(1 / (1 − I / 21e15))) exactly as the chain computes it. */
export function halvingCount(issuance: bigint): number {
  if (issuance >= TOTAL_SUPPLY) return Infinity;
  const q = I96F32.div(I96F32.fromInt(issuance), I96F32.fromInt(2n * 10_500_000_000_000_000n));
  const v = I96F32.div(I96F32.one, I96F32.sub(I96F32.one, q));
  return log2FloorBig(v, I96F32);
}

/** RAO minted per block at this issuance: floor(10^9 / 2^k), 0 at or above the cap. */
export function emissionForIssuance(issuance: bigint): bigint {
  const k = halvingCount(issuance);
  if (!Number.isFinite(k)) return 0n;
  let multiplier = I96F32.one;
  for (let i = 0; i < k; i++) multiplier = I96F32.mul(multiplier, I96F32.fromInt(2));
  const pct = I96F32.div(I96F32.one, multiplier);
  return I96F32.toInt(I96F32.mul(pct, I96F32.fromInt(DEFAULT_BLOCK_EMISSION)), 0n);
}

/**
 * The issuance at which halving k begins: the smallest I with halvingCount(I) ≥ k, found by
 * bisection over the exact integer rule (it is S·(1 − 2^−k), up to the rule's rounding).
 */
export function halvingThreshold(k: number): bigint {
  if (k <= 0) return 0n;
  let lo = 0n;
  let hi = TOTAL_SUPPLY;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (halvingCount(mid) >= k) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}
