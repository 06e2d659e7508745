// The validator (delegate) take and the nominators' share of a hotkey's dividends
// (protocol-2026h2.md §5.2; subtensor 14bc6f9 `distribute_dividends_and_incentives`,
// `get_hotkey_take_float`). Exact: the take is a U96F32 product, each part floored to u64 on its own,
// so the two parts can fall one RAO short of the dividend.

import { U16_MAX, U96F32 } from '../fixed/fixed.ts';
import { proRata } from './pro-rata.ts';

/** Delegates default: 11796 / 65535 ≈ 18 % (the chain's default take for every hotkey). */
export const DEFAULT_DELEGATE_TAKE = 11_796;

/** A hotkey's dividend split: `take` is staked to its owner, `nominators` raises its whole pool. */
export interface TakeSplit {
  take: bigint;
  nominators: bigint;
  /** dividend − take − nominators (0 or 1 RAO from the two floors; stays unminted on chain). */
  dust: bigint;
}

/**
 * Split dividend `a` (U96F32 bits) of a hotkey whose take is `takeU16`:
 * take = (take ⊘ 65535) ⊗ a; the owner gets floor(take), every share holder of the hotkey (the owner
 * included, pro rata to its stake) floor(a − take).
 */
export function splitTake(a: bigint, takeU16: number): TakeSplit {
  const take = U96F32.mul(U96F32.div(U96F32.fromInt(takeU16), U96F32.fromInt(U16_MAX)), a);
  const t = U96F32.toInt(take);
  const n = U96F32.toInt(U96F32.sub(a, take));
  return { take: t, nominators: n, dust: U96F32.toInt(a) - t - n };
}

/**
 * What each stake holder of a hotkey receives from `amount` added to the hotkey's pool without
 * minting shares (`update_value_for_all`): pro rata to its stake, floored per holder (the model keeps
 * balances, not shares; the chain's share arithmetic is not modelled). The floors' remainder is
 * returned as `dust`, so Σ paid + dust = amount to the RAO.
 */
export function nominatorShares(amount: bigint, stakes: readonly bigint[]): { paid: bigint[]; dust: bigint } {
  let total = 0n;
  for (const s of stakes) total += s;
  const paid = proRata(amount, stakes, total);
  let sum = 0n;
  for (const p of paid) sum += p;
  return { paid, dust: amount - sum };
}
