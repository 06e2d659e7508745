// When each subnet's epoch runs (protocol.md §2.2 current scheduler, §2.3 legacy formula;
// protocol-2026h2.md §4.3 the newer mainline's deltas, scheduler 'mainline-475').

import type { SubnetState } from './subnet.ts';

/** MAX_TEMPO: the safety net of the current scheduler. */
export const MAX_TEMPO = 50_400;
/** MaxEpochsPerBlock in production (runtime/src/lib.rs:1042). */
export const MAX_EPOCHS_PER_BLOCK = 2;

/**
 * 'current': protocol.md §2.2 (the baseline). 'mainline-475': the same with protocol-2026h2.md §4.3's
 * deltas (BlocksSinceLastStep capped at τ + 1, safety net at τ, one epoch per block when a due subnet
 * runs Null consensus). 'legacy': the fixed formula of §2.3.
 */
export type SchedulerKind = 'current' | 'legacy' | 'mainline-475';

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

/** Mainline 475 (`should_run_epoch`): as `currentEpochDue`, but the safety net is BlocksSinceLastStep > τ. */
export function mainlineEpochDue(s: SubnetState, block: number): boolean {
  if (s.tempo === 0) return false;
  if (s.pendingEpochAt > 0 && block >= s.pendingEpochAt) return true;
  if (s.blocksSinceLastStep > s.tempo) return true;
  return block - s.lastEpochBlock >= s.tempo;
}

/** Whether the subnet's epoch is due at `block` under `kind`, before any per-block cap. */
export function epochDue(s: SubnetState, block: number, kind: SchedulerKind): boolean {
  if (kind === 'legacy') return legacyEpochDue(s.netuid, s.tempo, block);
  return kind === 'mainline-475' ? mainlineEpochDue(s, block) : currentEpochDue(s, block);
}

/**
 * Epochs allowed at `block` (Infinity: no cap). Mainline 475 (`epoch_cap_for_block`): at most one when
 * any subnet due this block (judged on the state before this block's counting) runs Null consensus.
 */
export function epochCapForBlock(
  subnets: readonly SubnetState[],
  block: number,
  kind: SchedulerKind,
  maxPerBlock: number,
): number {
  if (kind === 'legacy') return Infinity;
  const configured = maxPerBlock > 0 ? maxPerBlock : Infinity;
  if (kind !== 'mainline-475') return configured;
  const nullDue = subnets.some((s) => s.epochConsensus === 'null' && mainlineEpochDue(s, block));
  return nullDue ? Math.min(configured, 1) : configured;
}

/**
 * Mainline 475 (`epochs_deferred_this_block`): the netuids due at `block` that the per-block cap
 * defers; their commits are not revealed this block.
 */
export function epochsDeferredThisBlock(
  subnets: readonly SubnetState[],
  block: number,
  maxPerBlock: number,
): Set<number> {
  const cap = epochCapForBlock(subnets, block, 'mainline-475', maxPerBlock);
  const deferred = new Set<number>();
  let running = 0;
  for (const s of subnets) {
    if (!mainlineEpochDue(s, block)) continue;
    if (running >= cap) deferred.add(s.netuid);
    else running++;
  }
  return deferred;
}

/**
 * The subnets whose epoch runs at `block`, in ascending netuid order, updating their schedule state
 * as `drain_pending` does: BlocksSinceLastStep counts up every block (mainline 475: at most to τ + 1);
 * under the current schedulers at most MaxEpochsPerBlock epochs run per block (mainline 475: one when
 * a due subnet runs Null) and the rest are deferred one block. An epoch here always runs (the chain's
 * skip of an inconsistent uid table, whose slot is consumed without resetting the counter, cannot
 * happen in taosim's state).
 */
export function dueSubnets(
  subnets: readonly SubnetState[],
  block: number,
  kind: SchedulerKind,
  maxPerBlock = MAX_EPOCHS_PER_BLOCK,
): SubnetState[] {
  const due: SubnetState[] = [];
  const cap = epochCapForBlock(subnets, block, kind, maxPerBlock);
  for (const s of subnets) {
    s.blocksSinceLastStep =
      kind === 'mainline-475' ? Math.min(s.blocksSinceLastStep + 1, s.tempo + 1) : s.blocksSinceLastStep + 1;
    if (!epochDue(s, block, kind)) continue;
    if (due.length >= cap) {
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
