// Root Reborn claims (scenario `agents.rootClaims`, only under a basket rule, protocol-2026h2.md §2.4):
// each root staker claims its shares of its hotkey's basket at seeded intervals: the queue is flushed,
// the owed shares redeemed by selling a slice of every holding through the pools, and the TAO staked
// on root (claimRootBasket). Since spec 441 there is one claim and no claim types (Swap/Keep and
// auto-claim were removed). In the model the root stakers are the validators, each the one staker of
// its own hotkey.

import { basketSplitForm, claimRootBasket } from '../../chain/network/root-basket-payout.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentKind, jitteredWait, PHASE } from './agent-kind.ts';

type Params = NonNullable<NonNullable<Scenario['agents']>['rootClaims']>;

export interface RootClaimsState {
  /** Claims that redeemed shares, and those that did nothing (nothing owed, or below the threshold). */
  claims: number;
  empty: number;
  /** Shares burned and TAO staked on root for the claimants (RAO). */
  shares: bigint;
  paidTao: bigint;
}

export const rootClaims: AgentKind<Params, RootClaimsState> = {
  name: 'root-claims',
  // Absent from the scenario: undefined, and init leaves the kind out of the run.
  params: (sc) => sc.agents?.rootClaims as Params,
  init: (ctx, p) =>
    p && basketSplitForm(ctx.st.net.rules.rootDividends) ? { claims: 0, empty: 0, shares: 0n, paidTao: 0n } : null,
  start(ctx, p) {
    const { net, agents, streams } = ctx.st;
    for (const h of agents.validators) {
      if ((net.rootStake[h] ?? 0n) === 0n) continue;
      const at = ctx.first + jitteredWait(p.intervalDays, streams.stream(`root-claims/${h}`).next());
      if (at <= ctx.last) ctx.schedule(`root-claims/${h}`, at, PHASE.agents);
    }
  },
  act(ctx, p, st, arg) {
    if (!/^\d+$/.test(arg)) throw new Error(`unknown root-claims event ${JSON.stringify(arg)}`);
    const h = Number(arg);
    const rng = ctx.st.streams.stream(`root-claims/${h}`);
    return (b) => {
      const out = claimRootBasket(ctx.st.net, h, h);
      if (out && out.owed > 0n) {
        st.claims++;
        st.shares += out.owed;
        st.paidTao += out.paid;
      } else st.empty++;
      const next = b + jitteredWait(p.intervalDays, rng.next());
      if (next <= ctx.last) ctx.schedule(`root-claims/${h}`, next, PHASE.agents);
    };
  },
  tables: (st) => [
    {
      name: 'root_claims',
      columns: ['claims', 'empty_claims', 'shares_redeemed', 'tao_staked_on_root'],
      rows: [[st.claims, st.empty, st.shares.toString(), st.paidTao.toString()]],
    },
  ],
};
