// Root switching on a new subnet's emission (scenario `agents.governance`). Since spec 473 a subnet
// registered through the queue starts with SubnetEmissionEnabled = false (protocol-2026h2.md §3), and
// on mainnet only root can change it (AdminUtils `sudo_set_subnet_emission_enabled`, ensure_root: a
// governance action, not an owner call). taosim models that decision as a fixed delay after the
// subnet's creation, set by the scenario, checked every tempo; the real decision is a person's
// (reviews of the subnets).

import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { setSubnetEmissionEnabled } from '../../chain/network/registration-queue.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type AgentKind, PHASE } from './agent-kind.ts';

type Params = NonNullable<NonNullable<Scenario['agents']>['governance']>;

export interface GovernanceState {
  /** Subnets whose emission root switched on. */
  enabled: number;
}

/** How often root looks for subnets to switch on: every tempo (a day has 20). */
const CHECK_EVERY_BLOCKS = 360;

export const emissionGovernance: AgentKind<Params, GovernanceState> = {
  name: 'emission-governance',
  // Absent from the scenario: undefined, and init leaves the kind out of the run.
  params: (sc) => sc.agents?.governance as Params,
  init: (_ctx, p) => (p ? { enabled: 0 } : null),
  start: (ctx) => ctx.schedule('emission-governance', ctx.first, PHASE.agents, CHECK_EVERY_BLOCKS),
  act(ctx, p, st) {
    const delay = Math.round(p.enableEmissionAfterDays * BLOCKS_PER_DAY);
    return (b) => {
      for (const s of ctx.st.net.subnets) {
        if (s.dissolved || s.emissionEnabled !== false || b - s.createdAt < delay) continue;
        setSubnetEmissionEnabled(s, true);
        st.enabled++;
      }
    };
  },
  tables: (st) => [{ name: 'emission_governance', columns: ['subnets_enabled'], rows: [[st.enabled]] }],
};
