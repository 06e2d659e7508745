// Splitting an amount in proportion to parts, floored per part, as the chain's payouts do.

/** floor(amount × part / total) for each part; all zeros when total is 0 (a zero part gets 0 without the product). */
export function proRata(amount: bigint, parts: readonly bigint[], total: bigint): bigint[] {
  return parts.map((p) => (total === 0n || p === 0n ? 0n : (amount * p) / total));
}
