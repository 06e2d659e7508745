// Validators setting weights on subnets (honest, lazy, copiers, cabal and under-weighters: their
// parts by rank, ./validator-groups.ts): one event per weight-setting interval scores every subnet
// of that interval in one kernel batch and submits the weights (set_weights / commit) through
// ./validator-scoring.ts.

import { type AgentKind, PHASE } from './agent-kind.ts';
import { setWeightsBatch, type WeightSettingParams, weightInterval } from './validator-scoring.ts';

/** The validators' section, with the subnets' validator uids and the start (time-dependent scoring). */
type Params = WeightSettingParams;

interface ValidatorsState {
  /** Each weight-setting interval's first block (its ticks count from there). */
  starts: Record<string, number>;
}

export const validators: AgentKind<Params, ValidatorsState> = {
  name: 'validators',
  params: (sc) => ({ subnets: sc.subnets, validators: sc.validators, start: sc.start }),
  init: () => ({ starts: {} }),
  // Each validator sets weights on the subnet once per tempo by default (as often as the rate limit
  // allows at most), in one batch with every other subnet of the same interval.
  startSubnet(ctx, p, state, s, from) {
    const interval = weightInterval(p, s);
    if (state.starts[interval] !== undefined) return;
    state.starts[interval] = from;
    ctx.schedule(`validators/${interval}`, from, PHASE.agents, interval);
  },
  act(ctx, p, state, arg) {
    if (!/^\d+$/.test(arg)) throw new Error(`unknown validators event ${JSON.stringify(arg)}`);
    const interval = Number(arg);
    const { net } = ctx.st;
    // Every subnet of this interval whose agents have started.
    return (b) => {
      const subnets = net.subnets.filter((s) => weightInterval(p, s) === interval && s.createdAt < b);
      const tick = Math.floor((b - state.starts[interval]) / interval);
      return setWeightsBatch(ctx.st.scoring, p, subnets, b, tick, ctx.subnetKey);
    };
  },
};
