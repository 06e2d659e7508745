// A subnet's TAO/alpha pool (protocol.md §4.4, §4.7): constant product as dTAO launched, or the
// weighted (balancer) pool of 2026. Reserves in exact RAO; the spot price is U96F32 bits (TAO per
// alpha), as the coinbase reads it.

import { fastQuotient, toNumber } from '../fixed/exact-quotient.ts';
import { U96F32 } from '../fixed/fixed.ts';
import { U16_MAX } from '../fixed/u16.ts';

export interface Pool {
  /** SubnetTAO: TAO reserve, RAO. */
  tao: bigint;
  /** SubnetAlphaIn: alpha reserve, alpha RAO. */
  alphaIn: bigint;
  /**
   * Balancer pools only: the quote (TAO) weight w_q as a Perquintill (parts of 10^18), allowed
   * [0.01, 0.99]; the base weight is 1 − w_q. Absent: a constant-product pool.
   */
  quoteWeight?: bigint;
}

export const PERQUINTILL = 1_000_000_000_000_000_000n;
const MIN_WEIGHT = PERQUINTILL / 100n;
const MAX_WEIGHT = PERQUINTILL - MIN_WEIGHT;

/** Swap fee 33/65535 of the input (pallets/swap mod.rs:90). */
export const SWAP_FEE_NUM = 33n;
export const SWAP_FEE_DEN = BigInt(U16_MAX);

const TWO32 = 2 ** 32;

/**
 * spotPrice as a Number where that needs no BigInt: a constant-product pool's quotient when
 * fastQuotient proves it (below 2 TAO/alpha, an integer below 2^33: no saturation), 0 for an empty
 * alpha side; −1 otherwise (then spotPrice decides).
 */
export function spotPriceFast(p: Pool): number {
  if (p.quoteWeight !== undefined) return -1;
  if (p.alphaIn === 0n) return 0;
  // U96F32 tao ⊘ alpha = (tao·2^64) / (alpha·2^32) = (tao·2^32) / alpha, on smaller numbers.
  return fastQuotient(toNumber(p.tao), toNumber(p.alphaIn), TWO32);
}

/** Spot price TAO/alpha in U96F32 bits; 0 when the pool holds no alpha. */
export function spotPrice(p: Pool): bigint {
  if (p.alphaIn === 0n) return 0n;
  if (p.quoteWeight === undefined) {
    const q = spotPriceFast(p);
    return q >= 0 ? BigInt(q) : U96F32.saturate((p.tao << 32n) / p.alphaIn);
  }
  // Balancer: p = (w_b / w_q)·T / A.
  return U96F32.saturate(((PERQUINTILL - p.quoteWeight) * (p.tao << 32n)) / (p.quoteWeight * p.alphaIn));
}

/**
 * Balancer output for `amountIn` (after the fee): out·(1 − (in / (in + a))^(w_in / w_out)). The
 * chain evaluates the power with a 256-bit rational routine; here it is a float power, floored to
 * RAO (protocol.md says this part is not specified to the bit). At equal weights it is the exact
 * constant product.
 */
function weightedOut(reserveIn: bigint, reserveOut: bigint, a: bigint, weightIn: bigint, weightOut: bigint): bigint {
  if (weightIn === weightOut) return (reserveOut * a) / (reserveIn + a);
  const ratio = Number(reserveIn) / Number(reserveIn + a);
  const kept = Math.pow(ratio, Number(weightIn) / Number(weightOut));
  const out = BigInt(Math.floor(Number(reserveOut) * (1 - kept)));
  return out < reserveOut ? out : reserveOut - 1n;
}

/**
 * Constant-product output for `amountIn` into a pool side holding `reserveIn` against `reserveOut`:
 * the fee (33/65535 of the input) stays in the pool, the rest trades: floor(out·a / (in + a)).
 */
function swapOut(reserveIn: bigint, reserveOut: bigint, amountIn: bigint, weightIn: bigint, weightOut: bigint): bigint {
  const a = amountIn - (amountIn * SWAP_FEE_NUM) / SWAP_FEE_DEN;
  return weightedOut(reserveIn, reserveOut, a, weightIn, weightOut);
}

const EQUAL: [bigint, bigint] = [PERQUINTILL / 2n, PERQUINTILL / 2n];
/** (quote, base) weights; equal for a constant-product pool. */
function weights(p: Pool): [bigint, bigint] {
  return p.quoteWeight === undefined ? EQUAL : [p.quoteWeight, PERQUINTILL - p.quoteWeight];
}

/** Buy alpha with `tao` RAO. Returns the alpha bought. */
export function buyAlpha(p: Pool, tao: bigint): bigint {
  if (tao <= 0n || p.alphaIn === 0n) return 0n;
  const [wq, wb] = weights(p);
  const out = swapOut(p.tao, p.alphaIn, tao, wq, wb);
  p.tao += tao;
  p.alphaIn -= out;
  return out;
}

/** Sell `alpha` for TAO. Returns the TAO received. */
export function sellAlpha(p: Pool, alpha: bigint): bigint {
  if (alpha <= 0n || p.tao === 0n) return 0n;
  const [wq, wb] = weights(p);
  const out = swapOut(p.alphaIn, p.tao, alpha, wb, wq);
  p.alphaIn += alpha;
  p.tao -= out;
  return out;
}

/**
 * TAO out of selling `alpha` with no fee, the pool unchanged (the chain's realizable quote of a
 * holding, `try_realizable_tao_for_alpha`, in one swap).
 */
export function quoteSellAlpha(p: Pool, alpha: bigint): bigint {
  if (alpha <= 0n || p.tao === 0n) return 0n;
  const [wq, wb] = weights(p);
  return weightedOut(p.alphaIn, p.tao, alpha, wb, wq);
}

/**
 * Protocol injection at the current price (the caller sized alpha to tao / price). A balancer pool
 * re-weights so the spot price is unchanged: w_q' = q2 / (q1 + q2) with q1 = w_b·T·(A + ΔA) and
 * q2 = w_q·A·(T + ΔT); if w_q' would leave [0.01, 0.99] nothing is injected. Returns whether it was.
 */
export function inject(p: Pool, tao: bigint, alpha: bigint): boolean {
  if (p.quoteWeight !== undefined) {
    const [wq, wb] = weights(p);
    const q1 = wb * p.tao * (p.alphaIn + alpha);
    const q2 = wq * p.alphaIn * (p.tao + tao);
    if (q1 + q2 === 0n) return false;
    const next = (q2 * PERQUINTILL) / (q1 + q2);
    if (next < MIN_WEIGHT || next > MAX_WEIGHT) return false;
    p.quoteWeight = next;
  }
  p.tao += tao;
  p.alphaIn += alpha;
  return true;
}
