// Registering a hotkey on a subnet (protocol.md §4.8, §5): pay the burn, take a uid (append, or
// replace the uid §5.3 picks), reset the slot, raise the price.

import { appendUid, registerUid } from '../yuma/neurons.ts';
import type { NetworkState } from './network-state.ts';
import { buyAlpha } from './pool.ts';
import { bumpBurn, uidToReplace } from './registration.ts';
import { assignUid, mechanismStates, type SubnetState } from './subnet.ts';

export type RegistrationResult =
  | { uid: number; replacedHotkey: number | null; paid: bigint }
  | { refused: 'balance' | 'full' | 'registered' };

/**
 * The coldkey pays the current burn from its balance. In the pool eras the TAO goes into the pool and
 * buys alpha that is recycled (alpha issuance falls, TAO issuance does not); in the root era the burn
 * is recycled TAO. A replaced hotkey's stake leaves the subnet with it (it stays outstanding).
 */
export function registerNeuron(
  net: NetworkState,
  s: SubnetState,
  hotkey: number,
  coldkey: number,
  block: number,
): RegistrationResult {
  if (s.uidOf.has(hotkey)) return { refused: 'registered' };
  const price = s.burn;
  if ((net.balance[coldkey] ?? 0n) < price) return { refused: 'balance' };
  let uid: number;
  let replacedHotkey: number | null = null;
  if (s.neurons.n < s.maxUids) {
    uid = appendUid(s.neurons, block);
    for (const m of s.mechanisms?.extra ?? []) appendUid(m, block);
    assignUid(s, uid, hotkey);
    s.alphaStake.push(0n);
    s.emission.push(0n);
  } else {
    const r = uidToReplace(s, net.rules, block);
    if (r === null) return { refused: 'full' };
    uid = r;
    replacedHotkey = s.hotkeys[uid];
    s.detachedAlpha += s.alphaStake[uid];
    s.alphaStake[uid] = 0n;
    s.emission[uid] = 0n;
    assignUid(s, uid, hotkey);
    for (const m of mechanismStates(s)) {
      registerUid(m, uid, block);
      m.validatorPermit[uid] = false;
    }
  }
  net.balance[coldkey] -= price;
  if (net.rules.era === 'root') {
    net.issuance -= price;
    net.recycled += price;
  } else {
    // The bought alpha is recycled at once: it leaves the pool and never counts as outstanding.
    buyAlpha(s.pool, price);
  }
  s.registrationsThisInterval++;
  bumpBurn(s, net.rules);
  return { uid, replacedHotkey, paid: price };
}
