// One subnet played epoch by epoch with the chain's own rules (weights submitted through
// set_weights or commit-reveal, the exact Yuma epoch), driven by a study's validators. The studies
// of consensus questions (collusion, weight copying, under-weighting) run on it; no coinbase, a
// fixed emission per epoch, so that only the epoch decides who earns what.

import type { WeightVector } from '../../models/validators/scoring.ts';
import { assignUid, createSubnet, type SubnetState } from '../chain/network/subnet.ts';
import { revealDueCommits, submitWeights } from '../chain/network/weight-submission.ts';
import { NEW_SUBNET_DEFAULTS } from '../chain/params.ts';
import { type EpochResult, runEpoch, type YumaParams } from '../chain/yuma/epoch.ts';
import { appendUid, epochInput, storeEpochResult } from '../chain/yuma/neurons.ts';

export interface GameConfig {
  /** uids: validators first (0..validators−1), then miners. */
  validators: number;
  miners: number;
  /** Alpha stake of each validator (RAO). */
  stake: bigint[];
  params: Partial<YumaParams>;
  tempo: number;
  /** Commit-reveal period in epochs; 0 = off (weights take effect at once). */
  revealPeriod: number;
  epochs: number;
  /** Alpha distributed by each epoch (RAO). */
  emission: bigint;
}

export interface GameHooks {
  /** Called before validators act in epoch e (e.g. to move miner quality). */
  beforeEpoch?(e: number, s: SubnetState): void;
  /** Validator uid's weights for epoch e, or null to set none this epoch. */
  weights(uid: number, e: number, s: SubnetState): WeightVector | null;
  /** After epoch e ran; may change stakes (s.alphaStake) for the next one. */
  afterEpoch?(e: number, r: EpochResult, s: SubnetState): void;
  /** Validators act in this order (default: ascending uid). */
  order?: number[];
}

export function playSubnet(cfg: GameConfig, hooks: GameHooks): SubnetState {
  const n = cfg.validators + cfg.miners;
  const s = createSubnet({
    netuid: 1,
    block: 0,
    tempo: cfg.tempo,
    params: { ...NEW_SUBNET_DEFAULTS, activityCutoff: 5000, maxAllowedValidators: cfg.validators, ...cfg.params },
    maxUids: n,
    immunityPeriod: 0,
    minAllowedWeights: 1,
    weightsRateLimit: 0,
    commitReveal: cfg.revealPeriod > 0,
    revealPeriodEpochs: Math.max(1, cfg.revealPeriod),
    ownerColdkey: -1,
    ownerHotkey: -1,
    pool: { tao: 0n, alphaIn: 0n },
    alphaOut: 0n,
    movingPrice: 0n,
    burn: 0n,
    minBurn: 0n,
    maxBurn: 0n,
  });
  s.lastEpochBlock = 0;
  for (let uid = 0; uid < n; uid++) {
    assignUid(s, appendUid(s.neurons, 0), uid);
    s.alphaStake.push(uid < cfg.validators ? cfg.stake[uid] : 0n);
    s.emission.push(0n);
    s.neurons.validatorPermit[uid] = uid < cfg.validators;
  }
  const order = hooks.order ?? Array.from({ length: cfg.validators }, (_, i) => i);
  for (let e = 1; e <= cfg.epochs; e++) {
    const block = e * cfg.tempo;
    hooks.beforeEpoch?.(e, s);
    // Validators act in the tempo before the epoch, one block apart, in the given order.
    order.forEach((uid, k) => {
      const w = hooks.weights(uid, e, s);
      if (w) submitWeights(s, uid, w.dests, w.values, block - order.length + k);
    });
    if (s.commitReveal) revealDueCommits(s, true);
    const result = runEpoch(
      epochInput(s.neurons, {
        block,
        tempo: cfg.tempo,
        params: s.params,
        ownerUid: null,
        alphaStake: s.alphaStake,
        emission: cfg.emission,
      }),
    );
    storeEpochResult(s.neurons, result, block);
    s.epochIndex++;
    s.lastEpochBlock = block;
    hooks.afterEpoch?.(e, result, s);
  }
  return s;
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const v = xs.slice().sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
