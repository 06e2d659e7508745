// The market's net staking flow (scenario `market.stakeFlowTaoPerDay`, not in the root era): every
// tempo a random flow on each subnet, staked to (add_stake) or unstaked from (remove_stake) a
// stake-weighted validator on the market's account.

import { drawFlowTao } from '../../../models/market/stake-flow.ts';
import { atTime } from '../../../models/time-expression.ts';
import { stakeTao, unstakeAlpha } from '../../chain/network/staking.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { taoToRao } from '../../scenario/scenario.ts';
import { MARKET } from '../genesis.ts';
import { type AgentKind, PHASE, pickValidator } from './agent-kind.ts';

type Params = Pick<Scenario['market'], 'stakeFlowTaoPerDay'>;

export const stakeFlow: AgentKind<Params, Record<string, never>> = {
  name: 'flow',
  params: (sc) => ({ stakeFlowTaoPerDay: sc.market.stakeFlowTaoPerDay }),
  init: (ctx, p) => (p.stakeFlowTaoPerDay !== 0 && ctx.st.net.rules.era !== 'root' ? {} : null),
  startSubnet(ctx, _p, _state, s, from) {
    ctx.schedule(`flow/${ctx.subnetKey(s)}`, from + (s.netuid % s.tempo), PHASE.market, s.tempo);
  },
  act(ctx, p, _state, key) {
    const s = ctx.subnetByKey(key);
    if (!s) return () => {};
    const { net, streams } = ctx.st;
    const rng = streams.stream(`flow/${key}`);
    return (b) => {
      if (s.dissolved) return;
      const flow = drawFlowTao(atTime(p.stakeFlowTaoPerDay, ctx.day(b)), s.tempo, rng);
      const uid = pickValidator(s, rng.next());
      if (uid < 0) return;
      if (flow > 0) stakeTao(net, s, MARKET, uid, taoToRao(flow));
      else if (flow < 0) unstakeAlpha(net, s, MARKET, uid, alphaForTao(s, -flow));
    };
  },
};

/** Alpha worth about `tao` TAO at the pool's spot price. */
function alphaForTao(s: SubnetState, tao: number): bigint {
  if (s.pool.tao === 0n) return 0n;
  return (taoToRao(tao) * s.pool.alphaIn) / s.pool.tao;
}
