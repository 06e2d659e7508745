// Which validators play which part (scenario `validators.copiers` and `validators.attack`), by their
// rank among the validators (0 = the most staked). The runner gives them their behaviour from this;
// the metrics label their earnings with it, so the two cannot disagree.

import type { SubnetState } from '../../chain/network/subnet.ts';
import { mostValidators, type SubnetsSection, type ValidatorsSection } from '../../scenario/scenario.ts';

export type ValidatorGroup = 'honest' | 'copier' | 'cabal' | 'under-weighter';

/** What the groups are drawn from: validator uids per subnet, the copiers and the attack. */
export interface GroupParams {
  subnets: Pick<SubnetsSection, 'validators' | 'initialUids'>;
  validators: Pick<ValidatorsSection, 'copiers' | 'attack'>;
}

/** Whether the attack acts on subnet `s` (on every subnet when it names none; off a subnet when it names some). */
function attacks(a: NonNullable<ValidatorsSection['attack']>, s?: Pick<SubnetState, 'netuid'>): boolean {
  return a.netuids === undefined || (s !== undefined && a.netuids.includes(s.netuid));
}

/**
 * Copiers are the smallest validators holding uids (on the subnet with the most validators, where
 * counts differ); the attackers rank just above them. On a subnet built from a state file, ranks
 * count among that subnet's own validators.
 */
export function validatorGroup(
  sc: GroupParams,
  rank: number,
  s?: Pick<SubnetState, 'netuid' | 'genesisRoster'>,
): ValidatorGroup {
  const validators = s?.genesisRoster?.validators ?? mostValidators(sc.subnets);
  const top = validators - sc.validators.copiers;
  if (rank >= top && rank < validators) return 'copier';
  const a = sc.validators.attack;
  if (a && attacks(a, s) && rank >= top - a.validators && rank < top)
    return a.model === 'cabal' ? 'cabal' : 'under-weighter';
  return 'honest';
}

/** A validator's group over the run: its part on the first subnet where it plays one, else its rank's. */
export function runGroup(
  sc: GroupParams,
  rank: number,
  hotkey: number,
  subnets: readonly SubnetState[],
): ValidatorGroup {
  for (const s of subnets) {
    if (!s.uidOf.has(hotkey)) continue;
    const g = validatorGroup(sc, rank, s);
    if (g !== 'honest') return g;
  }
  return validatorGroup(sc, rank);
}

/** The attackers' own miners: the last `ownMiners` uids registered at the start of each attacked subnet. */
export function attackerMinerUids(sc: GroupParams, s: SubnetState): Set<number> {
  const a = sc.validators.attack;
  if (!a || !attacks(a, s)) return new Set();
  const uids = s.genesisRoster?.uids ?? sc.subnets.initialUids;
  return new Set(
    Array.from({ length: a.ownMiners }, (_, k) => uids - 1 - k).filter((uid) => uid >= 0 && uid < s.neurons.n),
  );
}
