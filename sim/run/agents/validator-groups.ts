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

/**
 * Copiers are the smallest validators holding uids (on the subnet with the most validators, where
 * counts differ); the attackers rank just above them.
 */
export function validatorGroup(sc: GroupParams, rank: number): ValidatorGroup {
  const holders = mostValidators(sc.subnets);
  const top = holders - sc.validators.copiers;
  if (rank >= top && rank < holders) return 'copier';
  const a = sc.validators.attack;
  if (a && rank >= top - a.validators && rank < top) return a.model === 'cabal' ? 'cabal' : 'under-weighter';
  return 'honest';
}

/** The attackers' own miners: the last `ownMiners` uids registered at the start of each subnet. */
export function attackerMinerUids(sc: GroupParams, s: SubnetState): Set<number> {
  const a = sc.validators.attack;
  if (!a) return new Set();
  return new Set(
    Array.from({ length: a.ownMiners }, (_, k) => sc.subnets.initialUids - 1 - k).filter(
      (uid) => uid >= 0 && uid < s.neurons.n,
    ),
  );
}
