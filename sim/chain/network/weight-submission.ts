// Weights reach the chain as on mainnet (protocol.md §5.5, §6): rate limit, minimum count, permit
// rule, then either stored at once (set_weights) or committed and revealed reveal_period epochs later.

import { revealWeights, setWeights } from '../yuma/neurons.ts';
import type { NetworkState } from './network-state.ts';
import { mechanismStates, ownerUid, type SubnetState } from './subnet.ts';

export type WeightRejection = 'rate-limit' | 'too-few-weights' | 'no-permit' | 'duplicate-uid' | 'unknown-uid';

/**
 * A validator's weight submission at `block`. Returns null if accepted, else why it was refused.
 * With commit-reveal on, the weights are committed (LastUpdate = commit block) and revealed later by
 * `revealDueCommits`. The commit and the stored rows keep copies of `dests` and `values`, unless the
 * caller hands them over (`handedOver`: nobody changes them afterwards), as runs do for the ~164 000
 * rows a day they submit on the benchmark network (one dests list serving all of a subnet's rows in
 * a batch, the values as u16 arrays that become the stored rows).
 */
export function submitWeights(
  s: SubnetState,
  uid: number,
  dests: readonly number[],
  values: ArrayLike<number>,
  block: number,
  handedOver = false,
): WeightRejection | null {
  checkU16Values(dests, values);
  const n = s.neurons.n;
  if (!weightsAllowedAt(s, uid, block)) return 'rate-limit';
  const uidsRefused =
    handedOver && dests === lastValidDests && n === lastValidN ? null : refusedUids(dests, n, handedOver);
  if (uidsRefused !== null) return uidsRefused;
  const selfOnly = dests.length === 1 && dests[0] === uid;
  const isOwner = uid === ownerUid(s);
  if (!selfOnly && dests.length < Math.min(s.minAllowedWeights, n)) return 'too-few-weights';
  if (!selfOnly && !isOwner && !s.neurons.validatorPermit[uid]) return 'no-permit';
  const cols = handedOver ? dests : dests.slice();
  const vals = handedOver ? values : Array.from(values);
  if (!s.commitReveal) {
    // Every mechanism gets the same row (taosim's validators score miners once; protocol-2026h2.md §5.3).
    for (const m of mechanismStates(s)) setWeights(m, uid, cols, vals, block);
    return null;
  }
  s.commits.push({
    uid,
    hotkey: s.hotkeys[uid],
    dests: cols,
    values: vals,
    commitBlock: block,
    commitEpoch: s.epochIndex,
  });
  for (const m of mechanismStates(s)) m.lastUpdate[uid] = block;
  return null;
}

/**
 * The last uid list handed over (never changed afterwards, see `handedOver`) and found valid, and the
 * subnet size it was checked against: a batch hands one list to every row of a subnet, checked once.
 */
let lastValidDests: readonly number[] | null = null;
let lastValidN = -1;

/** Why a uid list is refused (a uid outside [0, n), or one named twice), or null; a valid list handed over is remembered. */
function refusedUids(dests: readonly number[], n: number, handedOver: boolean): WeightRejection | null {
  for (const d of dests) if (d < 0 || d >= n) return 'unknown-uid';
  if (hasDuplicate(dests)) return 'duplicate-uid';
  if (handedOver) {
    lastValidDests = dests;
    lastValidN = n;
  }
  return null;
}

/**
 * The rate limit: uid may set (or commit) weights at `block` if current_block − LastUpdate ≥
 * WeightsSetRateLimit; LastUpdate 0 (never set) is exempt. Validators read it before submitting.
 */
export function weightsAllowedAt(s: SubnetState, uid: number, block: number): boolean {
  const last = s.neurons.lastUpdate[uid];
  return last === 0 || block - last >= s.weightsRateLimit;
}

/**
 * Apply every commit whose reveal epoch has come: commit epoch + reveal period ≤ the subnet's epoch
 * index, counting the epoch that fires this block (the chain's one-block look-ahead). A commit by a
 * hotkey that no longer holds the uid is dropped.
 */
export function revealDueCommits(s: SubnetState, epochFiresThisBlock: boolean): void {
  const index = s.epochIndex + (epochFiresThisBlock ? 1 : 0);
  const commits = s.commits;
  // The due commits are a prefix (commits are in commit order, their epochs never decrease), and
  // are revealed in that order; the rest stay.
  let due = 0;
  while (due < commits.length && commits[due].commitEpoch + s.revealPeriodEpochs <= index) due++;
  if (due === 0) return;
  const mechanisms = mechanismStates(s);
  for (let i = 0; i < due; i++) {
    const c = commits[i];
    if (s.hotkeys[c.uid] !== c.hotkey) continue;
    for (const m of mechanisms) revealWeights(m, c.uid, c.dests, c.values);
  }
  s.commits = commits.slice(due);
}

/**
 * Whether some commit's reveal epoch (commit epoch + reveal period) is ≤ `index`: whether the
 * first one's is, since commits are kept in commit order and a subnet's epoch index never decreases
 * (every block asks this of every subnet: one comparison, not a scan).
 */
export function anyCommitDue(s: SubnetState, index: number): boolean {
  return s.commits.length > 0 && s.commits[0].commitEpoch + s.revealPeriodEpochs <= index;
}

/**
 * The extrinsic's shape: one u16 value per uid (the chain could not even decode anything else, so a
 * caller passing it is a bug in taosim, not a refused submission). A Uint16Array holds nothing else.
 */
function checkU16Values(dests: readonly number[], values: ArrayLike<number>): void {
  if (dests.length !== values.length)
    throw new RangeError(`set_weights: ${dests.length} uids but ${values.length} values`);
  if (values instanceof Uint16Array) return;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!(Number.isInteger(v) && v >= 0 && v <= 65535)) throw new RangeError(`set_weights: value ${v} is not a u16`);
  }
}

/** Whether a list of uids repeats one (ascending lists, the usual case, are checked in one pass). */
function hasDuplicate(dests: readonly number[]): boolean {
  let ascending = true;
  for (let k = 1; k < dests.length; k++) {
    if (dests[k] === dests[k - 1]) return true;
    if (dests[k] < dests[k - 1]) ascending = false;
  }
  return !ascending && new Set(dests).size !== dests.length;
}

/**
 * Root era: a root validator's weights over subnets (set_root_weights), replacing
 * its previous ones; root emission reads them every block.
 */
export function setRootWeights(net: NetworkState, hotkey: number, netuids: number[], values: number[]): void {
  net.rootWeights.set(hotkey, { netuids, values });
}
