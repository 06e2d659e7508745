// When each subnet's epoch runs (protocol.md §2.2 current scheduler, §2.3 legacy formula).

import type { SubnetState } from './subnet.ts';

/** MAX_TEMPO: the safety net of the current scheduler. */
export const MAX_TEMPO = 50_400;
/** MaxEpochsPerBlock in production (runtime/src/lib.rs:1042). */
export const MAX_EPOCHS_PER_BLOCK = 2;

export type SchedulerKind = 'current' | 'legacy';

/** Legacy: the epoch runs when τ − ((b + netuid + 1) mod (τ + 1)) = 0, i.e. every τ + 1 blocks. */
export function legacyEpochDue(netuid: number, tempo: number, block: number): boolean {
  if (tempo === 0) return false;
  return tempo - ((block + netuid + 1) % (tempo + 1)) === 0;
}

/** Current: `should_run_epoch` — owner trigger, safety net, else b − LastEpochBlock ≥ τ. */
export function currentEpochDue(s: SubnetState, block: number): boolean {
  if (s.tempo === 0) return false;
  if (s.pendingEpochAt > 0 && block >= s.pendingEpochAt) return true;
  if (s.blocksSinceLastStep > MAX_TEMPO) return true;
  return block - s.lastEpochBlock >= s.tempo;
}

/**
 * The subnets whose epoch runs at `block`, in ascending netuid order, updating their schedule state
 * as `drain_pending` does: BlocksSinceLastStep counts up every block; under the current scheduler at
 * most MaxEpochsPerBlock epochs run per block and the rest are deferred one block.
 */
export function dueSubnets(
  subnets: readonly SubnetState[],
  block: number,
  kind: SchedulerKind,
  maxPerBlock = MAX_EPOCHS_PER_BLOCK,
): SubnetState[] {
  const due: SubnetState[] = [];
  for (const s of subnets) {
    s.blocksSinceLastStep++;
    const isDue = kind === 'legacy' ? legacyEpochDue(s.netuid, s.tempo, block) : currentEpochDue(s, block);
    if (!isDue) continue;
    if (kind === 'current' && maxPerBlock > 0 && due.length >= maxPerBlock) {
      s.pendingEpochAt = block + 1;
      continue;
    }
    s.blocksSinceLastStep = 0;
    s.lastEpochBlock = block;
    s.pendingEpochAt = 0;
    s.epochIndex++;
    due.push(s);
  }
  return due;
}
