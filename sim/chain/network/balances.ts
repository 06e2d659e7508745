// Free TAO moving between coldkeys (the chain's balances.transfer): how agents are funded by the
// market and give back what they did not spend. Nothing is created or destroyed.

import type { NetworkState } from './network-state.ts';

/** Moves up to `amount` RAO from `from` to `to` (what `from` holds, if less). Returns the RAO moved. */
export function transfer(net: NetworkState, from: number, to: number, amount: bigint): bigint {
  const have = net.balance[from] ?? 0n;
  const paid = amount < have ? amount : have;
  net.balance[from] = have - paid;
  net.balance[to] = (net.balance[to] ?? 0n) + paid;
  return paid;
}
