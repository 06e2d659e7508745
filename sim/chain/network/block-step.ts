// One block of the chain, in the order of `on_initialize` (protocol.md §2.1): registration prices,
// block emission, weight reveals, coinbase, epochs, moving prices.

import { mintBlock } from '../emission/halving-schedule.ts';
import type { EpochMode } from '../yuma/arithmetic.ts';
import { runPoolCoinbase } from './coinbase.ts';
import { type EpochPayout, runSubnetEpoch } from './distribution.ts';
import { dueSubnets, epochDue, epochsDeferredThisBlock } from './epoch-schedule.ts';
import { movingPriceFromPool } from './moving-price.ts';
import type { NetworkState } from './network-state.ts';
import { adjustBurnInterval, decayBurns } from './registration.ts';
import { flushRootBaskets } from './root-basket-payout.ts';
import { runRootCoinbase } from './root-emission.ts';
import { emaRetention, updateFlowEma } from './subnet-shares.ts';
import { anyCommitDue, revealDueCommits } from './weight-submission.ts';

export interface BlockReport {
  block: number;
  minted: bigint;
  recycled: bigint;
  epochs: EpochPayout[];
}

/** One block; `epochMode` picks the epoch's arithmetic (the run's choice, default exact). */
export function stepBlock(net: NetworkState, block: number, epochMode: EpochMode = 'exact'): BlockReport {
  net.block = block;
  const { rules } = net;

  // 1. registration prices
  if (rules.registrationPricing === 'decay') decayBurns(net.subnets, rules, block);
  else for (const s of net.subnets) adjustBurnInterval(s, rules, block);

  // 2. block emission
  const minted = mintBlock(net.issuance);
  net.issuance += minted;
  net.minted += minted;

  // 3. weight reveals (look ahead: an epoch that fires this block sees its due reveals; mainline 475
  // skips subnets the per-block epoch cap defers)
  let deferred: Set<number> | null = null;
  for (const s of net.subnets) {
    if (!s.commitReveal || s.commits.length === 0) continue;
    // Nothing can be revealed, even if an epoch fires (index + 1): the look-ahead is not needed.
    if (!anyCommitDue(s, s.epochIndex + 1)) continue;
    if (rules.scheduler === 'mainline-475') {
      deferred ??= epochsDeferredThisBlock(net.subnets, block, rules.maxEpochsPerBlock);
      if (deferred.has(s.netuid)) continue;
    }
    revealDueCommits(s, epochDue(s, block, rules.scheduler));
  }

  // 4. coinbase: emission into pools (or pending TAO in the root era), then due epochs
  const recycled = rules.era === 'root' ? runRootCoinbase(net, minted, block) : runPoolCoinbase(net, minted, block);
  const epochs = dueSubnets(net.subnets, block, rules.scheduler, rules.maxEpochsPerBlock).map((s) =>
    runSubnetEpoch(net, s, block, epochMode),
  );
  net.issuance -= recycled;
  net.recycled += recycled;
  flushRootBaskets(net); // Root Reborn: one queued hotkey per block (protocol-2026h2.md §2.3)

  // 5. moving prices (after emission used the old values); the flow EMA in the flow era
  if (rules.era !== 'root') {
    const retention = rules.era === 'flow' ? flowRetention(rules.flowHalfLifeBlocks) : 0n;
    // The emitting subnets (emittingSubnets: emission starts the block after FirstEmissionBlock).
    for (const s of net.subnets) {
      if (!(block > s.firstEmissionBlock)) continue;
      // updateMovingPrice(movingPrice, spot << 32 (U96F32 → U64F64), n_b), in its block-step form.
      s.movingPrice = movingPriceFromPool(s.movingPrice, s.pool, block - (s.firstEmissionBlock - 1));
      if (rules.era === 'flow') updateFlowEma(s, retention);
    }
  }
  return { block, minted, recycled, epochs };
}

const retentionCache = new Map<number, bigint>();
function flowRetention(halfLife: number): bigint {
  let r = retentionCache.get(halfLife);
  if (r === undefined) {
    r = emaRetention(halfLife);
    retentionCache.set(halfLife, r);
  }
  return r;
}
