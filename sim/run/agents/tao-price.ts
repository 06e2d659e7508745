// The TAO price in USD (scenario `market.taoPriceUsd`): one step a day; the price for day d holds
// from the end of day d − 1 (day 0's is the starting price).

import { stepTaoPrice } from '../../../models/market/tao-price.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentKind, PHASE } from './agent-kind.ts';

export const taoPrice: AgentKind<Scenario['market']['taoPriceUsd'], Record<string, never>> = {
  name: 'tao-price',
  params: (sc) => sc.market.taoPriceUsd,
  init: () => ({}),
  start: (ctx) => ctx.schedule('tao-price', ctx.first + BLOCKS_PER_DAY - 1, PHASE.market, BLOCKS_PER_DAY),
  act(ctx, p) {
    const { metrics, streams } = ctx.st;
    const rng = streams.stream('market/tao-price');
    return (b) =>
      metrics.setTaoPrice(
        stepTaoPrice(metrics.taoPriceUsd, p, rng, Math.round((b - (ctx.first - 1)) / BLOCKS_PER_DAY)),
      );
  },
};
