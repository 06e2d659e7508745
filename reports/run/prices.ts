// Each subnet's spot price at the end of each whole day of a run (the last epoch of the day), and at
// its last epoch: the pool-price chart and the comparison of two runs read them the same way.

import { dayOf, type RunContext } from './context.ts';

export interface SubnetPrices {
  /** Day → netuid → price (TAO per alpha); only epochs with a price (root era: none). */
  endOfDay: Map<number, Map<number, number>>;
  /** Netuid → TAO in its pool at its last epoch. */
  lastPoolTao: Map<number, number>;
  /** Netuid → price at its first and last epoch with a price. */
  first: Map<number, number>;
  last: Map<number, number>;
}

export function subnetPrices(ctx: RunContext): SubnetPrices {
  const e = ctx.epochs;
  const day = e.numbers('day');
  const netuid = e.numbers('netuid');
  const price = e.numbers('price_tao');
  const poolTao = e.numbers('pool_tao_rao');
  // Rows are in block order, so later rows overwrite.
  const endOfDay = new Map<number, Map<number, number>>();
  const lastPoolTao = new Map<number, number>();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  day.forEach((d, i) => {
    lastPoolTao.set(netuid[i], poolTao[i]);
    if (!(price[i] > 0)) return;
    if (!first.has(netuid[i])) first.set(netuid[i], price[i]);
    last.set(netuid[i], price[i]);
    const k = dayOf(ctx, d);
    if (k === null) return;
    if (!endOfDay.has(k)) endOfDay.set(k, new Map());
    endOfDay.get(k)!.set(netuid[i], price[i]);
  });
  return { endOfDay, lastPoolTao, first, last };
}
