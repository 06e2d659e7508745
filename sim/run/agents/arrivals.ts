// Miners arriving (static-quality miners, and economic newcomers that first ask the economy whether
// entering pays): a Poisson process per subnet; each newcomer buys its budget from the market
// (transfer) and registers by burning (burned_register).

import { drawQuality, nextArrivalDays } from '../../../models/miners/static-quality.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { transfer } from '../../chain/network/balances.ts';
import { registerNeuron } from '../../chain/network/neuron-registration.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { taoToRao } from '../../scenario/scenario.ts';
import { addAgent, MARKET } from '../genesis.ts';
import { type AgentContext, type AgentKind, PHASE } from './agent-kind.ts';
import type { MinerEconomy } from './miner-economy.ts';

type Params = Scenario['miners'];

interface ArrivalsState {
  /** Miners arrived so far per subnet key (names the newcomers and their streams). */
  arrived: Record<string, number>;
}

export const arrivals: AgentKind<Params, ArrivalsState> = {
  name: 'arrivals',
  params: (sc) => sc.miners,
  init: () => ({ arrived: {} }),
  startSubnet(ctx, m, state, s, from) {
    state.arrived[ctx.subnetKey(s)] = 0;
    scheduleArrival(ctx, m, s, from - 1);
  },
  act(ctx, m, state, key) {
    const s = ctx.subnetByKey(key);
    if (!s) return () => {};
    return (b) => {
      if (s.dissolved) return;
      const { net, agents, streams, metrics } = ctx.st;
      const economy = ctx.stateOf<MinerEconomy>('economy');
      // An economic newcomer looks at what incumbents earn and stays away if it would not pay.
      if (!economy || economy.wouldEnter(s, metrics.taoPriceUsd, ctx.day(b))) {
        const id = addAgent(agents, 'miner', NaN, b, `miner/${key}/arrival${++state.arrived[key]}`);
        agents.quality[id] = drawQuality(m, streams.stream(agents.name[id]));
        // The newcomer buys its budget from the market (TAO changes hands; none is created).
        transfer(net, MARKET, id, taoToRao(m.budgetTao));
        metrics.recordRegistration(s, registerNeuron(net, s, id, id, b), id, b);
      }
      scheduleArrival(ctx, m, s, b);
    };
  },
};

function scheduleArrival(ctx: AgentContext, m: Params, s: SubnetState, after: number): void {
  const key = ctx.subnetKey(s);
  const days = nextArrivalDays(m.arrivalsPerSubnetPerDay, ctx.st.streams.stream(`arrivals/${key}`));
  const at = after + Math.max(1, Math.ceil(days * BLOCKS_PER_DAY));
  if (Number.isFinite(at) && at <= ctx.last) ctx.schedule(`arrivals/${key}`, at, PHASE.agents);
}
