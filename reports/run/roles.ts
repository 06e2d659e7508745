// Which validators the scenario made adversarial. validators.csv names each one's `group`; results
// written before that column existed are labelled the way the run assigns them
// (sim/run/agents/validator-groups.ts): by stake rank, which is validators.csv's row order.

import { at, type RunContext } from './context.ts';

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Per row of validators.csv: honest, copier, cabal or under-weighter. */
export function validatorRoles(ctx: RunContext): string[] {
  if (ctx.validators.has('group')) return ctx.validators.str('group');
  const holders = count(at(ctx.scenario, 'subnets.validators'));
  const copiers = count(at(ctx.scenario, 'validators.copiers'));
  const attack = at(ctx.scenario, 'validators.attack');
  const attackers = attack ? count(at(attack, 'validators')) : 0;
  const attackRole = at(attack, 'model') === 'cabal' ? 'cabal' : 'under-weighter';
  const top = holders - copiers;
  return Array.from({ length: ctx.validators.length }, (_, rank): string => {
    if (rank >= top && rank < holders) return 'copier';
    if (rank >= top - attackers && rank < top) return attackRole;
    return 'honest';
  });
}

/** Whether the scenario has any copier or attacker. */
export function hasAdversaries(ctx: RunContext): boolean {
  return count(at(ctx.scenario, 'validators.copiers')) > 0 || Boolean(at(ctx.scenario, 'validators.attack'));
}
