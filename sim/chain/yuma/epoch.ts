// Yuma consensus: one epoch of one subnet mechanism, the chain's sparse path
// (protocol.md §3; `epoch_mechanism` in run_epoch.rs). Each step is a named helper, in the chain's
// order, so this function can be read side by side with §3.16.

import * as F from '../fixed/i32f32.ts';
import { toU16Vector, u16Ratio } from '../fixed/u16.ts';
import {
  emaAlpha,
  originalYumaBonds,
  recentlyRegistered,
  weightsForBonds,
  yuma3Bonds,
} from './bonds.ts';
import { clipToConsensus, weightedMedianColumns } from './consensus.ts';
import { splitEmission } from './emission-split.ts';
import { liquidAlphaParams } from './liquid-alpha.ts';
import { rowSums, weightedColumnSums, type U16Csr } from './sparse.ts';
import { stakeWeights, topKNonZero } from './stake.ts';
import { maskedNormalizedWeights, type U16Row } from './weights.ts';

/** The subnet hyperparameters the epoch reads (u16 values as stored on chain). */
export interface YumaParams {
  kappa: number;
  bondsMovingAverage: number;
  bondsPenalty: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  maxAllowedValidators: number;
  /** Activity cutoff in blocks (already derived from the tempo where the era does that). */
  activityCutoff: number;
  stakeThreshold: bigint;
  taoWeight: bigint;
}

export interface EpochInput {
  n: number;
  block: number;
  tempo: number;
  params: YumaParams;
  ownerUid: number | null;
  /** Alpha stake per uid (RAO, after child-key inheritance). */
  alphaStake: readonly bigint[];
  /** Root TAO stake per uid (RAO); absent = none. */
  rootStake?: readonly bigint[];
  /** ValidatorPermit from the previous epoch. */
  permitOld: readonly boolean[];
  lastUpdate: ArrayLike<number>;
  blockAtRegistration: ArrayLike<number>;
  weights: readonly U16Row[];
  bonds: U16Csr;
  /** LastMechansimStepBlock: block of the last successful epoch, 0 if unknown. */
  lastStepBlock: number;
  /** With commit-reveal on: earliest unexpired commit block per uid (Infinity if none). */
  commitBlock?: ArrayLike<number>;
  /** Alpha to distribute (RAO). */
  emission: bigint;
}

/** What the epoch stores (u16 proportions as on chain) and pays. */
export interface EpochResult {
  active: boolean[];
  stakeWeight: number[];
  validatorPermit: boolean[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  bonds: U16Csr;
  serverEmission: bigint[];
  validatorEmission: bigint[];
  /** `Emission` storage: floor(normalize(I + D) × E); also the pruning key. */
  emission: bigint[];
  /** The I32F32 values behind the stored u16s (bits as doubles). */
  exact: {
    stake: Float64Array;
    activeStake: Float64Array;
    consensus: Float64Array;
    incentive: Float64Array;
    dividends: Float64Array;
    validatorTrust: Float64Array;
  };
}

export function runEpoch(input: EpochInput): EpochResult {
  const { n, block, tempo, params, ownerUid } = input;
  const owner = ownerUid !== null && ownerUid < n ? ownerUid : null;

  // §3.2 activity
  const active = activity(input.lastUpdate, n, block, params.activityCutoff);

  // §3.3 stake
  const stake = stakeWeights({
    alpha: input.alphaStake,
    root: input.rootStake,
    taoWeight: params.taoWeight,
    threshold: params.stakeThreshold,
    ownerUid: owner,
  });

  // §3.4 validator permits: old from storage, new from top-k of stake; the owner always holds one
  const permitOld = Array.from({ length: n }, (_, i) => input.permitOld[i] === true || i === owner);
  const permitNew = topKNonZero(stake, params.maxAllowedValidators, owner);

  // §3.5 active stake
  const activeStake = new Float64Array(n);
  for (let i = 0; i < n; i++) activeStake[i] = active[i] && permitOld[i] ? stake[i] : 0;
  F.normalizeInPlace(activeStake);

  // §3.6 weights: permitted rows, masks, row normalisation
  const weights = maskedNormalizedWeights({
    n,
    weights: input.weights,
    permitOld,
    ownerUid: owner,
    lastUpdate: input.lastUpdate,
    blockAtRegistration: input.blockAtRegistration,
    commitBlock: input.commitBlock,
  });

  // §3.7 consensus
  const consensus = weightedMedianColumns(activeStake, weights, n, u16Ratio(params.kappa));

  // §3.8 clipping and validator trust
  const clipped = clipToConsensus(weights, consensus);
  const validatorTrust = rowSums(clipped);

  // §3.9 ranks and incentive
  const incentive = weightedColumnSums(clipped, activeStake, n);
  F.normalizeInPlace(incentive);

  // §3.10 bonds and dividends
  const bondsInput = {
    n,
    stored: input.bonds,
    permit: permitNew,
    recent: recentlyRegistered(input.blockAtRegistration, input.lastStepBlock, block, tempo),
    weightsForBonds: weightsForBonds(weights, clipped, u16Ratio(params.bondsPenalty), n),
    activeStake,
    incentive,
    consensus,
    alpha: emaAlpha(params.bondsMovingAverage),
    liquid:
      params.yuma3 && params.liquidAlpha
        ? liquidAlphaParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness)
        : null,
  };
  const { dividends, stored } = params.yuma3 ? yuma3Bonds(bondsInput) : originalYumaBonds(bondsInput);
  F.normalizeInPlace(dividends);

  // §3.11 emission split
  const split = splitEmission(incentive, dividends, activeStake, stake, input.emission);


  return {
    active,
    stakeWeight: toU16Vector(stake),
    validatorPermit: permitNew,
    consensus: toU16Vector(consensus),
    incentive: toU16Vector(incentive),
    dividends: toU16Vector(dividends),
    validatorTrust: toU16Vector(validatorTrust),
    bonds: stored,
    serverEmission: split.server,
    validatorEmission: split.validator,
    emission: split.combined,
    exact: { stake, activeStake, consensus, incentive, dividends, validatorTrust },
  };
}

/** §3.2: a uid is inactive when LastUpdate + cutoff < block. */
function activity(lastUpdate: ArrayLike<number>, n: number, block: number, cutoff: number): boolean[] {
  return Array.from({ length: n }, (_, i) => !(lastUpdate[i] + cutoff < block));
}

