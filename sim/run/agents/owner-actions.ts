// Subnet owners' own calls (scenario `agents.owners`): at each seeded review an owner sets its subnet
// to the scenario's mechanisms (sudo_set_mechanism_count and its split, protocol-2026h2.md §5.3) if it
// is not there yet, and with a given chance flips its owner cut (sudo_set_owner_cut_enabled,
// OwnerCutEnabled: an owner or root call since spec 441). Owners of subnets registered during the run
// (through the queue under queue-473, see subnet-owners.ts) do the same from their creation on.

import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { setMechanismCount } from '../../chain/network/mechanisms.ts';
import { mechanismStates, setOwnerCutEnabled } from '../../chain/network/subnet.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentKind, PHASE } from './agent-kind.ts';

type Params = NonNullable<NonNullable<Scenario['agents']>['owners']>;

export interface OwnersActionsState {
  /** Subnets set to the scenario's mechanisms. */
  mechanismsSet: number;
  /** OwnerCutEnabled flips. */
  ownerCutToggles: number;
}

export const ownerActions: AgentKind<Params, OwnersActionsState> = {
  name: 'owner-actions',
  // Absent from the scenario: undefined, and init leaves the kind out of the run.
  params: (sc) => sc.agents?.owners as Params,
  init: (ctx, p) => (p && ctx.st.net.rules.era !== 'root' ? { mechanismsSet: 0, ownerCutToggles: 0 } : null),
  startSubnet(ctx, p, _st, s, from) {
    const key = ctx.subnetKey(s);
    const period = Math.max(1, Math.round(p.reviewDays * BLOCKS_PER_DAY));
    const offset = ctx.st.streams.stream(`owner-actions/${key}`).int(period);
    ctx.schedule(`owner-actions/${key}`, from + offset, PHASE.agents, period);
  },
  act(ctx, p, st, key) {
    const s = ctx.subnetByKey(key);
    if (!s) return () => {};
    const rng = ctx.st.streams.stream(`owner-actions/${key}`);
    return () => {
      if (s.dissolved) return;
      if (mechanismStates(s).length !== p.mechanisms) {
        setMechanismCount(s, p.mechanisms, p.mechanismSplit);
        st.mechanismsSet++;
      }
      if (rng.next() < p.ownerCutToggleProbability) {
        setOwnerCutEnabled(s, s.ownerCutEnabled === false);
        st.ownerCutToggles++;
      }
    };
  },
  tables: (st) => [
    {
      name: 'owner_actions',
      columns: ['mechanisms_set', 'owner_cut_toggles'],
      rows: [[st.mechanismsSet, st.ownerCutToggles]],
    },
  ],
};
