// Protocol liquidity of the newest coinbase, with the balancer reservoirs (protocol-2026h2.md §4.1):
// the swap pallet's `adjust_protocol_liquidity` decides which part of the coinbase's injection (and of
// what earlier blocks left in the reservoirs) becomes price-active in the pool; the rest is held in
// BalancerTaoReservoir / BalancerAlphaReservoir, already materialised (TAO in the subnet account,
// alpha minted) but outside the pool's reserves, and retried every block.

import { inject, type Pool } from './pool.ts';
import type { ProtocolRules } from './protocol-rules.ts';
import type { SubnetState } from './subnet.ts';

/**
 * Whether a run's reservoirs can hold anything: the reservoir rule on balancer pools (a
 * constant-product pool takes every injection). Only such runs report them (subnet_epochs.csv).
 */
export function holdsReservoirs(rules: Pick<ProtocolRules, 'injection' | 'pool'>): boolean {
  return rules.injection === 'reservoir-475' && rules.pool === 'balancer';
}

/** BalancerTaoReservoir and BalancerAlphaReservoir of one subnet, RAO. */
export interface Reservoirs {
  tao: bigint;
  alpha: bigint;
}

/** What became price-active: added to SubnetTAO and SubnetAlphaIn, RAO. */
export interface PriceActive {
  tao: bigint;
  alpha: bigint;
}

/** The subnet's reservoirs, created empty on first use (absent = both 0). */
export function reservoirsOf(s: SubnetState): Reservoirs {
  if (s.reservoirs === undefined) s.reservoirs = { tao: 0n, alpha: 0n };
  return s.reservoirs;
}

/**
 * `adjust_protocol_liquidity(tao_delta, alpha_delta)`: with pending = reservoir + delta on each side,
 * the first of (pending_tao, pending_alpha), (0, pending_alpha), (pending_tao, 0) whose addition the
 * balancer can re-weight for (w_q' in [0.01, 0.99], pool.ts `inject`) becomes price-active and is
 * added to the pool; what is not stays in the reservoirs. If none can, both stay pending. A
 * constant-product pool takes everything (it has no weights to leave their range).
 */
export function adjustProtocolLiquidity(
  pool: Pool,
  reservoirs: Reservoirs,
  taoDelta: bigint,
  alphaDelta: bigint,
): PriceActive {
  const pendingTao = reservoirs.tao + taoDelta;
  const pendingAlpha = reservoirs.alpha + alphaDelta;
  if (inject(pool, pendingTao, pendingAlpha)) return hold(reservoirs, 0n, 0n, pendingTao, pendingAlpha);
  if (inject(pool, 0n, pendingAlpha)) return hold(reservoirs, pendingTao, 0n, 0n, pendingAlpha);
  if (inject(pool, pendingTao, 0n)) return hold(reservoirs, 0n, pendingAlpha, pendingTao, 0n);
  return hold(reservoirs, pendingTao, pendingAlpha, 0n, 0n);
}

/** Set the reservoirs to what stays pending and return what became price-active. */
function hold(reservoirs: Reservoirs, tao: bigint, alpha: bigint, activeTao: bigint, activeAlpha: bigint): PriceActive {
  reservoirs.tao = tao;
  reservoirs.alpha = alpha;
  return { tao: activeTao, alpha: activeAlpha };
}

/**
 * Dissolution (`do_dissolve_network`, before the stakes are destroyed): the reservoirs are folded
 * into the pool's reserves (SubnetTAO += TAO reservoir, SubnetAlphaIn += alpha reservoir) and
 * cleared, so their TAO is paid out with the pool's.
 */
export function foldReservoirs(s: SubnetState): void {
  const r = s.reservoirs;
  if (r === undefined) return;
  s.pool.tao += r.tao;
  s.pool.alphaIn += r.alpha;
  r.tao = 0n;
  r.alpha = 0n;
}
