// Free TAO moving between coldkeys (the chain's balances.transfer): how agents are funded by the
// market and give back what they did not spend. Nothing is created or destroyed.

import type { NetworkState } from './network-state.ts';

/** Moves up to `amount` RAO from `from` to `to` (what `from` holds, if less). Returns the RAO moved. */
export function transfer(n: NetworkState, from: number, to: number, amount: bigint): bigint {
  const have = n.balance[from] ?? 0n;
  const paid = amount < have ? amount : have;
  n.balance[from] = have - paid;
  n.balance[to] = (n.balance[to] ?? 0n) + paid;
  return paid;
}
