// Staking and unstaking through a subnet's pool (protocol.md §4.7, §4.8): TAO swapped for alpha that
// is staked on a hotkey, and back. Net TAO moved is the subnet's staking flow (the flow era's input).

import type { NetworkState } from './network-state.ts';
import { buyAlpha, sellAlpha } from './pool.ts';
import type { SubnetState } from './subnet.ts';

/** Stake `tao` RAO from `coldkey` onto the hotkey at `uid`. Returns the alpha staked. */
export function stakeTao(net: NetworkState, s: SubnetState, coldkey: number, uid: number, tao: bigint): bigint {
  const have = net.balance[coldkey] ?? 0n;
  const amount = tao < have ? tao : have;
  if (amount <= 0n) return 0n;
  net.balance[coldkey] = have - amount;
  const alpha = buyAlpha(s.pool, amount);
  s.alphaStake[uid] += alpha;
  s.alphaOut += alpha;
  s.netFlow += amount;
  return alpha;
}

/** Unstake up to `alpha` from the hotkey at `uid` back to `coldkey` as TAO. Returns the TAO received. */
export function unstakeAlpha(net: NetworkState, s: SubnetState, coldkey: number, uid: number, alpha: bigint): bigint {
  const amount = alpha < s.alphaStake[uid] ? alpha : s.alphaStake[uid];
  if (amount <= 0n) return 0n;
  s.alphaStake[uid] -= amount;
  s.alphaOut -= amount;
  const tao = sellAlpha(s.pool, amount);
  net.balance[coldkey] = (net.balance[coldkey] ?? 0n) + tao;
  s.netFlow -= tao;
  return tao;
}
