// New subnets (scenario `subnets.registrationsPerDay`): owners arrive as a Poisson process, are
// funded by the market with the lock (transfer) and register a network (register_network) when they
// can pay it; the global validators then register on it at once (their root stake gives them
// permits) and every kind starts its processes there. An owner that cannot register gives the
// money back.

import { nextArrivalDays } from '../../../models/miners/static-quality.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { transfer } from '../../chain/network/balances.ts';
import { registerNeuron } from '../../chain/network/neuron-registration.ts';
import { type LockState, lockCost, MIN_LOCK, registerSubnet } from '../../chain/network/subnet-registration.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { addAgent, MARKET, newSubnetConfig } from '../genesis.ts';
import { type AgentContext, type AgentKind, PHASE } from './agent-kind.ts';

/** How often owners arrive and how many validators join, and what a new subnet is built from. */
type Params = Pick<Scenario, 'subnets' | 'protocol'>;

interface OwnersState {
  /** Subnet registration's lock price memory. */
  locks: LockState;
}

export const subnetOwners: AgentKind<Params, OwnersState> = {
  name: 'subnet-registration',
  params: (sc) => ({ subnets: sc.subnets, protocol: sc.protocol }),
  init: (_ctx, sc) =>
    sc.subnets.registrationsPerDay > 0 ? { locks: { lastLock: MIN_LOCK, lastLockBlock: null } } : null,
  start: (ctx, sc) => scheduleNext(ctx, sc, ctx.first - 1),
  act(ctx, sc, { locks }) {
    const { net, agents, metrics } = ctx.st;
    return (b) => {
      const owner = addAgent(agents, 'owner', NaN, b, `owner/registered@${b}`);
      transfer(net, MARKET, owner, lockCost(locks, b));
      const created = registerSubnet(
        net,
        locks,
        owner,
        b,
        (netuid, lock) => newSubnetConfig(sc, netuid, b, owner, lock),
        MARKET,
      );
      metrics.recordSubnetRegistration(created !== null);
      if (created) {
        for (const h of agents.validators.slice(0, sc.subnets.validators)) {
          transfer(net, MARKET, h, created.burn);
          registerNeuron(net, created, h, h, b);
        }
        ctx.startSubnet(created, b + 1);
      } else {
        transfer(net, owner, MARKET, net.balance[owner]);
      }
      scheduleNext(ctx, sc, b);
    };
  },
};

function scheduleNext(ctx: AgentContext, sc: Params, from: number): void {
  const at =
    from +
    Math.max(
      1,
      Math.ceil(
        nextArrivalDays(sc.subnets.registrationsPerDay, ctx.st.streams.stream('subnet-registrations')) * BLOCKS_PER_DAY,
      ),
    );
  if (at <= ctx.last) ctx.schedule('subnet-registration', at, PHASE.agents);
}
