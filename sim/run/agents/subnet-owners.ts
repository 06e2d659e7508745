// New subnets (scenario `subnets.registrationsPerDay`): owners arrive as a Poisson process, are
// funded by the market with the lock (transfer) and register a network (register_network) when they
// can pay it; the global validators then register on it at once (their root stake gives them
// permits) and every kind starts its processes there. An owner that cannot register gives the
// money back. Under the rule subnetRegistration = 'queue-473' (protocol-2026h2.md §3) a
// registration at the limit is queued with its lock in escrow, and the chain's on_idle step (event
// `subnet-registration/idle`, later in the same block and then every block while work remains)
// finishes the pruned subnet's cleanup and settles the queue, one entry per block.

import { nextArrivalDays } from '../../../models/miners/static-quality.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { transfer } from '../../chain/network/balances.ts';
import { registerNeuron } from '../../chain/network/neuron-registration.ts';
import {
  processRegistrationQueue,
  type RegistrationQueueState,
  registerNetworkQueued,
} from '../../chain/network/registration-queue.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import { type LockState, lockCost, MIN_LOCK, registerSubnet } from '../../chain/network/subnet-registration.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { addAgent, MARKET, newSubnetConfig } from '../genesis.ts';
import { drawValidatorCount } from '../network-shape.ts';
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
  act(ctx, sc, { locks }, arg) {
    const { net, agents, metrics } = ctx.st;
    if (arg === 'idle') return (b) => onIdle(ctx, sc, locks, b);
    return (b) => {
      const owner = addAgent(agents, 'owner', NaN, b, `owner/registered@${b}`);
      transfer(net, MARKET, owner, lockCost(locks, b));
      const config = (netuid: number, lock: bigint) => newSubnetConfig(sc, netuid, b, owner, lock);
      let created: SubnetState | null = null;
      let queued = false;
      if (net.rules.subnetRegistration === 'queue-473') {
        const idleRunning = queueWorkLeft(net.registrationQueue);
        const outcome = registerNetworkQueued(net, locks, owner, b, config, MARKET);
        if (outcome?.kind === 'created') created = outcome.subnet;
        queued = outcome?.kind === 'queued';
        // One chain of on_idle events while there is work: start it only if none is running.
        if (queued && !idleRunning) ctx.schedule('subnet-registration/idle', b, PHASE.agents + 1);
      } else created = registerSubnet(net, locks, owner, b, config, MARKET);
      if (!queued) metrics.recordSubnetRegistration(created !== null);
      if (created) joinNewSubnet(ctx, sc, created, b);
      else if (!queued) transfer(net, owner, MARKET, net.balance[owner]);
      scheduleNext(ctx, sc, b);
    };
  },
};

/** The global validators register on a new subnet, and every kind starts its processes there. */
function joinNewSubnet(ctx: AgentContext, sc: Params, s: SubnetState, b: number): void {
  const { net, agents } = ctx.st;
  // As many as a starting subnet has, or as many drawn as for one (their own stream per subnet).
  const count = drawValidatorCount(sc.subnets.validators, () => ctx.st.streams.stream(`validators/registered@${b}`));
  for (const h of agents.validators.slice(0, count)) {
    transfer(net, MARKET, h, s.burn);
    registerNeuron(net, s, h, h, b);
  }
  ctx.startSubnet(s, b + 1);
}

/** The chain's on_idle for the queue: one cleanup and at most one settlement; again next block while work remains. */
function onIdle(ctx: AgentContext, sc: Params, locks: LockState, b: number): void {
  const { net, metrics } = ctx.st;
  const settled = processRegistrationQueue(net, locks, b, (netuid, lock, owner) =>
    newSubnetConfig(sc, netuid, b, owner, lock),
  );
  if (settled) {
    metrics.recordSubnetRegistration(true);
    joinNewSubnet(ctx, sc, settled.subnet, b);
  }
  if (queueWorkLeft(net.registrationQueue) && b + 1 <= ctx.last)
    ctx.schedule('subnet-registration/idle', b + 1, PHASE.agents + 1);
}

function queueWorkLeft(q: RegistrationQueueState | undefined): boolean {
  return q !== undefined && (q.entries.length > 0 || q.cleanup.length > 0);
}

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
