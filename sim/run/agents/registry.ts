// Every agent kind of a run, by name. The order is the order in which they are set up, scheduled on
// each subnet and then network-wide, and shown each epoch: it fixes the event queue's tie-breaking,
// so appending a kind leaves every existing run's bytes unchanged, while reordering changes them.
// Adding a kind: docs/explanation/design.md, "Agents: one home per kind".

import type { ClassCodec } from '../../engine/snapshot.ts';
import type { AnyAgentKind } from './agent-kind.ts';
import { arrivals } from './arrivals.ts';
import { emissionGovernance } from './emission-governance.ts';
import { economy } from './miner-economy.ts';
import { nominators } from './nominators.ts';
import { ownerActions } from './owner-actions.ts';
import { rootClaims } from './root-claims.ts';
import { rootWeights } from './root-weights.ts';
import { stakeFlow } from './stake-flow.ts';
import { stakers } from './stakers.ts';
import { subnetOwners } from './subnet-owners.ts';
import { taoPrice } from './tao-price.ts';
import { validatorTakes } from './validator-takes.ts';
import { validators } from './validators.ts';

export const AGENT_KINDS: readonly AnyAgentKind[] = [
  validators,
  arrivals,
  economy,
  stakeFlow,
  subnetOwners,
  rootWeights,
  stakers,
  taoPrice,
  nominators,
  validatorTakes,
  ownerActions,
  emissionGovernance,
  rootClaims,
];

export const AGENT_KIND_BY_NAME: ReadonlyMap<string, AnyAgentKind> = new Map(AGENT_KINDS.map((k) => [k.name, k]));

/** The classes whose instances live in the kinds' states (for checkpoints). */
export const AGENT_CLASSES: Record<string, ClassCodec> = Object.assign({}, ...AGENT_KINDS.map((k) => k.classes ?? {}));
