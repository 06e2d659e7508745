// Root era (scenario `protocol.preset: root`): each root validator weights subnets by what it sees of
// them (mean miner quality with its noise), once per root tempo, through set_root_weights.

import { U16_MAX } from '../../chain/fixed/u16.ts';
import { setRootWeights } from '../../chain/network/weight-submission.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentKind, PHASE } from './agent-kind.ts';

type Params = Pick<Scenario['validators'], 'noise'>;

export const rootWeights: AgentKind<Params, Record<string, never>> = {
  name: 'root-weights',
  params: (sc) => ({ noise: sc.validators.noise }),
  init: (ctx) => (ctx.st.net.rules.era === 'root' ? {} : null),
  start(ctx) {
    const { net, agents } = ctx.st;
    for (const hotkey of agents.validators)
      ctx.schedule(`root-weights/${hotkey}`, ctx.first, PHASE.agents, net.rules.rootTempo);
  },
  act(ctx, p, _state, arg) {
    if (!/^\d+$/.test(arg)) throw new Error(`unknown root-weights event ${JSON.stringify(arg)}`);
    const hotkey = Number(arg);
    const { net, agents, streams } = ctx.st;
    const rng = streams.stream(`${agents.name[hotkey]}/root`);
    return () => {
      const values = net.subnets.map((s) => {
        const q = s.hotkeys.map((h) => agents.quality[h]).filter((x) => !Number.isNaN(x));
        const mean = q.length ? q.reduce((a, b) => a + b, 0) / q.length : 0;
        return Math.max(0, Math.round(U16_MAX * Math.min(1, mean * (1 + p.noise * rng.normal()))));
      });
      setRootWeights(
        net,
        hotkey,
        net.subnets.map((s) => s.netuid),
        values,
      );
    };
  },
};
