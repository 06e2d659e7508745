// At a subnet's epoch: drain the pending alpha, run Yuma, and pay it out (protocol.md §4.5).
// Simplifications (docs/assumptions.md): child keys and validator takes only as set in
// `net.delegation` (none by default, ./delegation.ts); a validator hotkey's alpha dividends are
// added to its stake (take and nominators share one stake pool); root dividends paid in alpha
// accumulate per subnet as alpha claimable by root stakers; root dividends paid in TAO (dTAO launch
// era) are added to the validator hotkey's root stake.

import { U64F64, U96F32 } from '../fixed/fixed.ts';
import { U16_MAX } from '../fixed/u16.ts';
import { activityCutoffBlocks } from '../params.ts';
import type { EpochMode } from '../yuma/arithmetic.ts';
import { type EpochResult, epochFunction } from '../yuma/epoch.ts';
import { epochInput, type NeuronState, storeEpochResult } from '../yuma/neurons.ts';
import { runNullEpoch } from '../yuma/null-consensus.ts';
import { taoWeightI64F64 } from '../yuma/stake.ts';
import { epochStakes, routedDividends, takeSplit } from './delegation.ts';
import { combineMechanismResults, splitMechanismEmission } from './mechanisms.ts';
import type { NetworkState } from './network-state.ts';
import { proRata } from './pro-rata.ts';
import { basketSplitForm, payRootToBaskets } from './root-basket-payout.ts';
import { emptyPending, mechanismStates, ownerUid, type PendingEmission, type SubnetState } from './subnet.ts';

/**
 * What one epoch paid (alpha RAO per uid; TAO in the root era) — the run's per-epoch metrics read
 * this. emitted = owner + Σ server + Σ validatorAlpha + Σ validatorRoot + rootSold + recycled +
 * undistributed, to the RAO.
 */
export interface EpochPayout {
  netuid: number;
  block: number;
  /** What the epoch ran on (pending server + validator + root, sold root alpha included). */
  emission: bigint;
  /** Everything emitted to the subnet since its last epoch (owner cut and root share included). */
  emitted: bigint;
  server: bigint[];
  validatorAlpha: bigint[];
  /** Root dividends paid in alpha. */
  validatorRoot: bigint[];
  /** Validator take per uid out of validatorAlpha + validatorRoot (only where `net.delegation` sets one). */
  validatorTake?: bigint[];
  /** dTAO launch era: root dividends paid in TAO (RAO) onto each uid's hotkey's root stake. */
  rootTao: bigint[];
  /** dTAO launch era: root alpha sold for TAO since the last epoch (that TAO is in rootTao). */
  rootSold: bigint;
  /** Root alpha recycled since the last epoch (root sell off). */
  recycled: bigint;
  owner: bigint;
  burned: bigint;
  /** Rounding dust and amounts no uid could receive (alpha stays outstanding; root era TAO is recycled). */
  undistributed: bigint;
  /** What the subnet stores: the epoch's result, or on a multi-mechanism subnet their combination. */
  result: EpochResult;
  /** Only on a subnet with several mechanisms: each mechanism's share of `emission` and its epoch. */
  mechanisms?: MechanismEpoch[];
}

/** One mechanism's epoch on a multi-mechanism subnet. */
export interface MechanismEpoch {
  emission: bigint;
  result: EpochResult;
}

/** Earliest unexpired commit block per uid (commit-reveal mask, §3.6 step 5). */
function commitBlocks(s: SubnetState): number[] | undefined {
  if (!s.commitReveal) return undefined;
  const cb = new Array<number>(s.neurons.n).fill(Infinity);
  for (const c of s.commits) if (c.commitBlock < cb[c.uid]) cb[c.uid] = c.commitBlock;
  return cb;
}

/**
 * Run the subnet's epoch on what it accumulated and pay it out; in the root era the currency is TAO.
 * `mode` says which arithmetic runs the epoch (an execution choice of the run, not chain state).
 */
export function runSubnetEpoch(
  net: NetworkState,
  s: SubnetState,
  block: number,
  mode: EpochMode = 'exact',
): EpochPayout {
  return net.rules.era === 'root' ? payRootEra(net, s, block, mode) : payPoolEra(net, s, block, mode);
}

/**
 * The subnet's epoch (Yuma, or Null where the subnet opted in) over its current state with E to
 * distribute; its result is stored. A Null epoch leaves the last Yuma step block as it was (the chain
 * writes it after Yuma epochs only; Yuma's bond reset of recently registered uids reads it). A subnet
 * with several mechanisms runs one epoch per mechanism on its share of E and stores their combination
 * (protocol-2026h2.md §5.3); the per-mechanism runs go to `perMechanism`.
 */
function epochOver(
  net: NetworkState,
  s: SubnetState,
  block: number,
  E: bigint,
  alphaStake: bigint[],
  rootStake: bigint[],
  mode: EpochMode,
  perMechanism?: MechanismEpoch[],
): EpochResult {
  const cutoff =
    net.rules.activityCutoffFactorMilli === null
      ? net.rules.activityCutoffBlocks
      : activityCutoffBlocks(s.tempo, net.rules.activityCutoffFactorMilli);
  const isNull = s.epochConsensus === 'null';
  const epoch = isNull ? runNullEpoch : epochFunction(mode);
  const run = (neurons: NeuronState, emission: bigint): EpochResult => {
    const r = epoch(
      epochInput(neurons, {
        block,
        tempo: s.tempo,
        params: { ...s.params, activityCutoff: cutoff, taoWeight: net.rules.taoWeight },
        ownerUid: ownerUid(s),
        alphaStake,
        rootStake,
        commitBlock: commitBlocks(s),
        emission,
      }),
    );
    storeEpochResult(neurons, r, isNull ? neurons.lastStepBlock : block);
    return r;
  };
  let result: EpochResult;
  if (!s.mechanisms) result = run(s.neurons, E);
  else {
    const states = mechanismStates(s);
    const parts = splitMechanismEmission(E, states.length, s.mechanisms.split);
    const results = states.map((neurons, m) => run(neurons, parts[m]));
    result = combineMechanismResults(results, parts);
    // ValidatorPermit is one per subnet, written after all mechanisms.
    for (const neurons of states) neurons.validatorPermit = result.validatorPermit.slice();
    perMechanism?.push(...results.map((r, m) => ({ emission: parts[m], result: r })));
  }
  s.emission = result.emission;
  return result;
}

/**
 * Root era (§4.9): 18 % of the accumulated TAO to the owner's coldkey, the rest through the epoch,
 * paid as TAO stake on each uid's hotkey (then one global stake per hotkey, kept in `rootStake`).
 * Rounding dust is recycled.
 */
function payRootEra(net: NetworkState, s: SubnetState, block: number, mode: EpochMode): EpochPayout {
  const total = s.pendingTao;
  const owner = (total * BigInt(net.rules.ownerCut)) / BigInt(U16_MAX);
  const E = total - owner;
  // Before dTAO a hotkey's stake was one TAO amount that counted on every subnet.
  s.alphaStake = s.hotkeys.map((h) => net.rootStake[h] ?? 0n);
  const perMechanism: MechanismEpoch[] = [];
  const result = epochOver(net, s, block, E, s.alphaStake, [], mode, perMechanism);
  net.balance[s.ownerColdkey] = (net.balance[s.ownerColdkey] ?? 0n) + owner;
  let paid = 0n;
  for (let uid = 0; uid < s.neurons.n; uid++) {
    const x = result.serverEmission[uid] + result.validatorEmission[uid];
    const h = s.hotkeys[uid];
    net.rootStake[h] = (net.rootStake[h] ?? 0n) + x;
    net.rootTotal += x;
    paid += x;
  }
  s.pendingTao = 0n;
  // Dust leaves the model's holdings: count it as recycled so conservation stays exact.
  net.issuance -= E - paid;
  net.recycled += E - paid;
  const zeros = new Array<bigint>(s.neurons.n).fill(0n);
  return {
    netuid: s.netuid,
    block,
    emission: E,
    emitted: total,
    server: result.serverEmission,
    validatorAlpha: result.validatorEmission,
    validatorRoot: zeros,
    rootTao: zeros,
    rootSold: 0n,
    recycled: 0n,
    owner,
    burned: 0n,
    undistributed: E - paid,
    result,
    ...(perMechanism.length > 0 ? { mechanisms: perMechanism } : {}),
  };
}

/**
 * The validators' alpha. Miners get half of the epoch's amount when any miner earns incentive; with
 * sold root alpha (dTAO launch) the validators get the rest of the unsold alpha:
 * ⌊(pending + swapped) / 2⌋ − swapped, saturating (subtensor drain_pending_emission). Otherwise
 * everything unsold goes to validators.
 */
function validatorPool(pending: PendingEmission, incentiveSum: bigint): bigint {
  const unsold = pending.server + pending.validator;
  if (pending.swapped === 0n) return incentiveSum > 0n ? pending.validator : unsold;
  if (incentiveSum === 0n) return unsold;
  const half = (unsold + pending.swapped) / 2n;
  return half > pending.swapped ? half - pending.swapped : 0n;
}

/** Pool eras (§4.5): drain the pending alpha and pay miners, validators, root stakers and the owner. */
function payPoolEra(net: NetworkState, s: SubnetState, block: number, mode: EpochMode): EpochPayout {
  const pending = s.pending;
  // The epoch runs on everything emitted since the last one, root alpha already sold included.
  const E = pending.server + pending.validator + pending.root + pending.swapped;
  const owner = ownerUid(s);
  const rootStake = s.hotkeys.map((h) => net.rootStake[h] ?? 0n);
  const stakes = epochStakes(net, s, rootStake);
  const perMechanism: MechanismEpoch[] = [];
  const result = epochOver(net, s, block, E, stakes.alpha, stakes.root, mode, perMechanism);

  const uids = s.neurons.n;
  // Miners: incentive paid as stake; the owner's own incentive is burned (RecycleOrBurn = Burn).
  let incentiveSum = 0n;
  let burned = 0n;
  const server = result.serverEmission;
  for (let uid = 0; uid < uids; uid++) {
    incentiveSum += server[uid];
    if (server[uid] === 0n) continue;
    if (uid === owner) burned += server[uid];
    else s.alphaStake[uid] += server[uid];
  }
  s.alphaBurned += burned;
  s.minerBurned = incentiveSum === 0n ? 0n : U64F64.div(U64F64.fromInt(burned), U64F64.fromInt(incentiveSum));

  // Validators: the epoch's amount is a weight, split into alpha and root parts by stake mix.
  const valPool = validatorPool(pending, incentiveSum);
  const w = taoWeightI64F64(net.rules.taoWeight) >> 32n; // U96F32
  const alphaPart: bigint[] = new Array(uids).fill(0n);
  const rootPart: bigint[] = new Array(uids).fill(0n);
  let alphaTotal = 0n;
  let rootTotal = 0n;
  const dividends = routedDividends(net, s, result.validatorEmission, rootStake);
  // Root Reborn (protocol-2026h2.md §2.2): another split, root shares queued for the hotkeys' baskets.
  const form = basketSplitForm(net.rules.rootDividends);
  const baskets = form ? payRootToBaskets(net, s, dividends, rootStake, valPool, pending.root, form) : null;
  for (let uid = 0; uid < uids && !baskets; uid++) {
    const d = dividends[uid];
    if (d === 0n) continue;
    const weightedRoot = U96F32.mul(w, U96F32.fromInt(rootStake[uid]));
    const mix = U96F32.add(U96F32.fromInt(s.alphaStake[uid]), weightedRoot);
    const root = U96F32.toInt(U96F32.mul(U96F32.fromInt(d), U96F32.div(weightedRoot, mix)), 0n);
    rootPart[uid] = root;
    alphaPart[uid] = d - root;
    alphaTotal += d - root;
    rootTotal += root;
  }
  const validatorAlpha = baskets ? baskets.validatorAlpha : proRata(valPool, alphaPart, alphaTotal);
  const validatorRoot = baskets ? baskets.validatorRoot : proRata(pending.root, rootPart, rootTotal);
  const payout = payValidators(net, s, validatorAlpha, baskets ? new Array(uids).fill(0n) : validatorRoot);
  const { validatorTake } = payout;
  const paid = payout.paid + (baskets ? baskets.rootPaid : 0n);
  if (baskets && validatorTake) for (let uid = 0; uid < uids; uid++) validatorTake[uid] += baskets.rootTake[uid];
  const recycledRoot = baskets ? baskets.recycledRoot : 0n;
  const rootTao = baskets
    ? payRootTao(net, s, pending.rootTao, baskets.rootPart, baskets.rootPartTotal)
    : payRootTao(net, s, pending.rootTao, rootPart, rootTotal);

  // Owner cut: staked to the owner's hotkey (held for the owner when it has no uid).
  if (owner !== null) s.alphaStake[owner] += pending.owner;
  else s.ownerAlphaHeld += pending.owner;

  // Whatever the floors and empty pools left unpaid stays outstanding, as dust.
  let minerPaid = 0n;
  for (const x of server) minerPaid += x;
  s.alphaDust += E - pending.swapped - minerPaid - paid - recycledRoot;
  const out: EpochPayout = {
    netuid: s.netuid,
    block,
    emission: E,
    emitted: pending.emitted,
    server,
    validatorAlpha,
    validatorRoot,
    ...(validatorTake ? { validatorTake } : {}),
    rootTao,
    rootSold: pending.swapped,
    recycled: pending.recycled + recycledRoot,
    owner: pending.owner,
    burned,
    undistributed:
      pending.emitted - pending.owner - minerPaid - paid - pending.swapped - pending.recycled - recycledRoot,
    result,
    ...(perMechanism.length > 0 ? { mechanisms: perMechanism } : {}),
  };
  s.pending = emptyPending();
  return out;
}

/**
 * Validators' alpha and root dividends: without a take set for the hotkey, the alpha dividend goes to
 * its stake and the root dividend to the subnet's root claimable, whole. With a take (protocol-2026h2.md §5.2), the take
 * of each is staked to the hotkey and the rest goes to its pool or root claimable; the floors' dust
 * is not paid. Returns what was paid and, where takes are set, the take per uid.
 */
function payValidators(
  net: NetworkState,
  s: SubnetState,
  validatorAlpha: bigint[],
  validatorRoot: bigint[],
): { paid: bigint; validatorTake?: bigint[] } {
  const takes =
    net.delegation && net.delegation.delegateTakes.size > 0
      ? new Array<bigint>(validatorAlpha.length).fill(0n)
      : undefined;
  let paid = 0n;
  for (let uid = 0; uid < validatorAlpha.length; uid++) {
    // Nothing to pay: no take split (takeSplit is null for 0) and every sum below unchanged.
    if (validatorAlpha[uid] === 0n && validatorRoot[uid] === 0n) continue;
    const a = takeSplit(net, s, uid, validatorAlpha[uid]);
    const r = takeSplit(net, s, uid, validatorRoot[uid]);
    const alphaPaid = a ? a.take + a.nominators : validatorAlpha[uid];
    const rootPaid = r ? r.nominators : validatorRoot[uid];
    s.alphaStake[uid] += alphaPaid + (r ? r.take : 0n);
    s.rootDividendsAlpha += rootPaid;
    paid += alphaPaid + rootPaid + (r ? r.take : 0n);
    if (takes) takes[uid] = (a ? a.take : 0n) + (r ? r.take : 0n);
  }
  return takes ? { paid, validatorTake: takes } : { paid };
}

/**
 * dTAO launch era: the TAO that the sold root alpha bought goes to validators in proportion to the
 * root part of their dividends, as stake on their hotkey on root (subtensor
 * distribute_dividends_and_incentives; take and nominators are one stake here). The chain as launched
 * did not raise SubnetTAO[0] with it (later versions do); taosim does, so root stake stays the sum of
 * the hotkeys' root stakes. What no one can receive (no root part, floors) stays unpaid, held.
 */
function payRootTao(
  net: NetworkState,
  s: SubnetState,
  pendingTao: bigint,
  rootPart: bigint[],
  rootTotal: bigint,
): bigint[] {
  const paid = proRata(pendingTao, rootPart, rootTotal);
  let total = 0n;
  for (let uid = 0; uid < paid.length; uid++) {
    const x = paid[uid];
    if (x === 0n) continue;
    const h = s.hotkeys[uid];
    net.rootStake[h] = (net.rootStake[h] ?? 0n) + x;
    total += x;
  }
  net.rootTotal += total;
  net.rootDividendsTao += pendingTao - total;
  return paid;
}
