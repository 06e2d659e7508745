// Validators setting their delegate take (scenario `agents.validatorTakes`, not in the root era):
// every validator starts at `initialTake` (the chain's default Delegates for every hotkey) and, every
// `reviewDays`, compares the stake nominated to it with its last review: after a loss it lowers the take
// one step (decrease_take, down to MinDelegateTake), otherwise it tries to raise it one step
// (increase_take: at most MaxDelegateTake, once per TxDelegateTakeRateLimit blocks), protocol-2026h2.md §5.2.
// Nominated stake: what the nominators kind holds on the hotkey, or without nominators the hotkey's
// whole alpha stake; both valued at spot prices.

import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import {
  type DelegateTakeLimits,
  decreaseTake,
  emptyDelegation,
  increaseTake,
} from '../../chain/network/delegation.ts';
import type { NetworkState } from '../../chain/network/network-state.ts';
import { spotPrice } from '../../chain/network/pool.ts';
import type { Table } from '../../output/index.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentContext, type AgentKind, PHASE } from './agent-kind.ts';
import type { NominatorsState } from './nominators.ts';

type Params = NonNullable<NonNullable<Scenario['agents']>['validatorTakes']>;

/** One validator's take policy: what it saw last and what it did. */
export interface TakeRecord {
  hotkey: number;
  /** Nominated stake (TAO at spot) at its last review; null before the first. */
  lastNominated: number | null;
  /** Its take now (u16). */
  take: number;
  increases: number;
  decreases: number;
  /** Increases the chain refused (rate limit). */
  refused: number;
}

export interface TakesState {
  /** One record per validator, in the order of `agents.validators`. */
  validators: TakeRecord[];
}

const priceOf = (net: NetworkState, netuid: number) => {
  const s = net.subnets.find((x) => x.netuid === netuid);
  return s ? Number(spotPrice(s.pool)) / 2 ** 32 : 0;
};

/** Stake nominated to hotkey h, TAO at spot prices. */
function nominated(ctx: AgentContext, h: number): number {
  const net = ctx.st.net;
  const noms = ctx.stateOf<NominatorsState>('nominators');
  let v = 0;
  if (noms) {
    for (const m of noms.members) {
      if (m.hotkey !== h) continue;
      const s = ctx.subnetByKey(m.subnet);
      if (s && !s.dissolved) v += (Number(m.alpha) / 1e9) * priceOf(net, s.netuid);
    }
    return v;
  }
  for (const s of net.subnets) {
    const uid = s.uidOf.get(h);
    if (uid !== undefined && !s.dissolved) v += (Number(s.alphaStake[uid]) / 1e9) * priceOf(net, s.netuid);
  }
  return v;
}

export const validatorTakes: AgentKind<Params, TakesState> = {
  name: 'validator-takes',
  // Absent from the scenario: undefined, and init leaves the kind out of the run.
  params: (sc) => sc.agents?.validatorTakes as Params,
  init(ctx, p) {
    if (!p || ctx.st.net.rules.era === 'root') return null;
    const net = ctx.st.net;
    net.delegation ??= emptyDelegation();
    for (const h of ctx.st.agents.validators) net.delegation.delegateTakes.set(h, p.initialTake);
    const validators = ctx.st.agents.validators.map((hotkey) => ({
      hotkey,
      lastNominated: null,
      take: p.initialTake,
      increases: 0,
      decreases: 0,
      refused: 0,
    }));
    return { validators };
  },
  start(ctx, p, st) {
    const period = Math.max(1, Math.round(p.reviewDays * BLOCKS_PER_DAY));
    st.validators.forEach((_v, i) => {
      // Staggered so that the validators do not all review in the same block.
      ctx.schedule(`validator-takes/${i}`, ctx.first + ((i * 97) % period), PHASE.agents, period);
    });
  },
  act(ctx, p, st, arg) {
    const v = st.validators[Number(arg)];
    if (!/^\d+$/.test(arg) || !v) throw new Error(`unknown validator-takes event ${JSON.stringify(arg)}`);
    const h = v.hotkey;
    const limits: DelegateTakeLimits = { min: p.minTake, max: p.maxTake, rateLimitBlocks: p.rateLimitBlocks };
    return (b) => {
      const d = ctx.st.net.delegation ?? emptyDelegation();
      ctx.st.net.delegation = d;
      const now = nominated(ctx, h);
      const last = v.lastNominated;
      v.lastNominated = now;
      if (last === null) return;
      const take = d.delegateTakes.get(h) ?? p.initialTake;
      if (now < last * (1 - p.tolerance)) {
        const lower = Math.max(p.minTake, take - p.step);
        if (lower < take && decreaseTake(d, h, lower, limits) === null) v.decreases++;
      } else {
        const higher = Math.min(p.maxTake, take + p.step);
        if (higher <= take) return;
        if (increaseTake(d, h, higher, b, limits) === null) v.increases++;
        else v.refused++;
      }
      v.take = d.delegateTakes.get(h) ?? take;
    };
  },
  tables: (st) => [takesTable(st)],
};

function takesTable(st: TakesState): Table {
  return {
    name: 'validator_takes',
    columns: ['hotkey', 'take', 'increases', 'decreases', 'refused_increases'],
    rows: st.validators.map((v) => [v.hotkey, v.take, v.increases, v.decreases, v.refused]),
  };
}
