// Net staking flow into a subnet (docs/models.md): each tempo a random amount of TAO is staked into
// (positive) or unstaked from (negative) the subnet's pool, N(0, σ) with σ set from a daily scale.
// It moves pool prices and feeds the flow era's emission shares.

import { BLOCKS_PER_DAY } from '../../sim/chain/emission/block-emission.ts';
import type { Rng } from '../../sim/engine/index.ts';

/** TAO (as a float) staked (> 0) or unstaked (< 0) this tempo, for a daily scale in TAO. */
export function drawFlowTao(dailyScaleTao: number, tempoBlocks: number, rng: Rng): number {
  const perTempo = dailyScaleTao * Math.sqrt(tempoBlocks / BLOCKS_PER_DAY);
  return rng.normal(0, perTempo);
}
