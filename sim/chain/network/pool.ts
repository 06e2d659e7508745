// A subnet's TAO/alpha pool (protocol.md §4.4, §4.7). Constant product as dTAO launched; reserves in
// exact RAO. The spot price is kept as U96F32 bits (TAO per alpha), as the coinbase reads it.

import { U96F32 } from '../fixed/fixed.ts';

export interface Pool {
  /** SubnetTAO: TAO reserve, RAO. */
  tao: bigint;
  /** SubnetAlphaIn: alpha reserve, alpha RAO. */
  alphaIn: bigint;
}

/** Swap fee 33/65535 of the input (pallets/swap mod.rs:90). */
export const SWAP_FEE_NUM = 33n;
export const SWAP_FEE_DEN = 65535n;

/** Spot price TAO/alpha in U96F32 bits; 0 when the pool holds no alpha. */
export function spotPrice(p: Pool): bigint {
  // U96F32 tao ⊘ alpha = (tao·2^64) / (alpha·2^32) = (tao·2^32) / alpha, on smaller numbers.
  return p.alphaIn === 0n ? 0n : U96F32.saturate((p.tao << 32n) / p.alphaIn);
}

/**
 * Constant-product output for `amountIn` into a pool side holding `reserveIn` against `reserveOut`:
 * the fee (33/65535 of the input) stays in the pool, the rest trades: floor(out·a / (in + a)).
 */
function swapOut(reserveIn: bigint, reserveOut: bigint, amountIn: bigint): bigint {
  const a = amountIn - (amountIn * SWAP_FEE_NUM) / SWAP_FEE_DEN;
  return (reserveOut * a) / (reserveIn + a);
}

/** Buy alpha with `tao` RAO. Returns the alpha bought. */
export function buyAlpha(p: Pool, tao: bigint): bigint {
  if (tao <= 0n || p.alphaIn === 0n) return 0n;
  const out = swapOut(p.tao, p.alphaIn, tao);
  p.tao += tao;
  p.alphaIn -= out;
  return out;
}

/** Sell `alpha` for TAO. Returns the TAO received. */
export function sellAlpha(p: Pool, alpha: bigint): bigint {
  if (alpha <= 0n || p.tao === 0n) return 0n;
  const out = swapOut(p.alphaIn, p.tao, alpha);
  p.alphaIn += alpha;
  p.tao -= out;
  return out;
}

/** Protocol injection at the current price (the caller sized alpha to tao / price). */
export function inject(p: Pool, tao: bigint, alpha: bigint): void {
  p.tao += tao;
  p.alphaIn += alpha;
}
