// Yuma consensus: one epoch of one subnet mechanism, the chain's sparse path
// (protocol.md §3; `epoch_mechanism` in run_epoch.rs). Each step is a named helper, in the chain's
// order, so this function can be read side by side with §3.16.
//
// The algorithm is written once, over an arithmetic (arithmetic.ts) and the kernels compiled for it
// (kernels.ts): `runEpoch` runs it in the chain's I32F32, bit for bit; `runFastEpoch` in plain
// doubles (`--epoch fast`, not bit-identical to the chain: docs/explanation/exactness.md gives the
// measured divergence).

import { U16_MAX } from '../fixed/u16.ts';
import type { EpochArithmetic, EpochMode } from './arithmetic.ts';
import { emaRates, originalYumaBonds, recentlyRegistered, yuma3Bonds } from './bonds.ts';
import { clipToConsensus, learnReach, medianMembers, weightedMedianColumns } from './consensus.ts';
import {
  type ConsensusBuffers,
  type ConsensusInput,
  type ConsensusStage,
  cachedConsensusStage,
} from './consensus-cache.ts';
import { splitEmission } from './emission-split.ts';
import { type EpochKernels, FLOAT64_KERNELS, I32F32_KERNELS } from './kernels.ts';
import { scratchFor } from './scratch.ts';
import type { Csr, U16Csr } from './sparse.ts';
import { topKNonZero } from './stake.ts';
import { exactConsensusStageWasm } from './wasm-consensus.ts';
import type { U16Row } from './weights.ts';

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
  /** Block of the last successful epoch, 0 if unknown: the chain's `LastMechansimStepBlock` (sic, its spelling). */
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
  /** The values behind the stored u16s as I32F32 bits (doubles; integers in the exact epoch). */
  exact: {
    stake: Float64Array;
    activeStake: Float64Array;
    consensus: Float64Array;
    incentive: Float64Array;
    dividends: Float64Array;
    validatorTrust: Float64Array;
  };
}

/** One epoch in the chain's I32F32, bit for bit. */
export function runEpoch(input: EpochInput): EpochResult {
  return epochIn(I32F32_KERNELS, input);
}

/** One epoch in doubles (`--epoch fast`). */
export function runFastEpoch(input: EpochInput): EpochResult {
  return epochIn(FLOAT64_KERNELS, input);
}

/** The epoch function of a mode. */
export function epochFunction(mode: EpochMode): (input: EpochInput) => EpochResult {
  return mode === 'fast' ? runFastEpoch : runEpoch;
}

function epochIn(K: EpochKernels, input: EpochInput): EpochResult {
  const A = K.arithmetic;
  const { n, block, tempo, params, ownerUid } = input;
  const owner = ownerUid !== null && ownerUid < n ? ownerUid : null;
  const ws = scratchFor(n);

  // §3.2 activity
  const active = activity(input.lastUpdate, n, block, params.activityCutoff);

  // §3.3 stake (in the scratch where the stake lists are n long, as they are in a run)
  const inScratch = input.alphaStake.length === n;
  const stake = A.stakeWeights(
    {
      alpha: input.alphaStake,
      root: input.rootStake,
      taoWeight: params.taoWeight,
      threshold: params.stakeThreshold,
      ownerUid: owner,
    },
    inScratch ? ws.stake : undefined,
  );

  // §3.4 validator permits: old from storage, new from top-k of stake; the owner always holds one
  const permitOld = ws.permitOld;
  for (let i = 0; i < n; i++) permitOld[i] = input.permitOld[i] === true || i === owner ? 1 : 0;
  const permitNew = topKNonZero(stake, params.maxAllowedValidators, owner, inScratch ? ws.sortedStake : undefined);

  // §3.5 active stake
  const activeStake = ws.activeStake;
  for (let i = 0; i < n; i++) activeStake[i] = active[i] && permitOld[i] ? stake[i] : 0;
  A.normalizeInPlace(activeStake);

  // §3.6 weights: permitted rows and masks, then row normalisation and §3.7–§3.9 in consensusStage,
  // reused from this subnet's previous epoch while its inputs are unchanged (consensus-cache.ts)
  const mask = {
    n,
    weights: input.weights,
    permitOld,
    ownerUid: owner,
    lastUpdate: input.lastUpdate,
    blockAtRegistration: input.blockAtRegistration,
    commitBlock: input.commitBlock,
  };
  const { consensus, validatorTrust, incentive, weightsForBonds } = cachedConsensusStage(
    K,
    input.weights,
    { n, mask, maskInto: ws.weights, activeStake, kappa: params.kappa, bondsPenalty: params.bondsPenalty },
    consensusStage,
  );

  // §3.10 bonds and dividends
  const rates = ratesOf(A, params.bondsMovingAverage);
  const bondsInput = {
    n,
    stored: input.bonds,
    permit: permitNew,
    recent: recentlyRegistered(input.blockAtRegistration, input.lastStepBlock, block, tempo, ws.recent),
    weightsForBonds,
    activeStake,
    incentive,
    consensus,
    alpha: rates.alpha,
    oneMinusAlpha: rates.oneMinus,
    liquid:
      params.yuma3 && params.liquidAlpha
        ? K.liquidAlphaParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness)
        : null,
    scratch: ws,
  };
  const { dividends, stored } = params.yuma3 ? yuma3Bonds(K, bondsInput) : originalYumaBonds(K, bondsInput);
  A.normalizeInPlace(dividends);

  // §3.11 emission split
  const split = splitEmission(K, incentive, dividends, activeStake, stake, input.emission, ws);

  // §3.12 what is stored (u16) and the values behind it
  const { toU16Vector: toU16, toBitsVector: toBits } = K;
  return {
    active,
    stakeWeight: toU16(stake),
    validatorPermit: permitNew,
    consensus: toU16(consensus),
    incentive: toU16(incentive),
    dividends: toU16(dividends),
    validatorTrust: toU16(validatorTrust),
    bonds: stored,
    serverEmission: split.server,
    validatorEmission: split.validator,
    emission: split.combined,
    exact: {
      stake: toBits(stake),
      activeStake: toBits(activeStake),
      consensus: toBits(consensus),
      incentive: toBits(incentive),
      dividends: toBits(dividends),
      validatorTrust: toBits(validatorTrust),
    },
  };
}

/** §3.6 step 6 to §3.9, and the weights for bonds (§3.10): everything the masked weights, the active stake, κ and β decide. */
function consensusStage(K: EpochKernels, input: ConsensusInput, masked: Csr, into: ConsensusBuffers): ConsensusStage {
  const A = K.arithmetic;
  const { n, activeStake } = input;
  const weights = into.weights.copyOf(masked);
  const kappa = A.quotient(input.kappa, U16_MAX);
  const validatorTrust = into.validatorTrust;
  const consensus = into.consensus;
  const incentive = into.incentive;

  // The exact stage's steps 6 to 9 in one WebAssembly kernel, where it takes the input; else each below.
  let clipped = A.mode === 'exact' ? exactStageInWasm(A, masked, n, activeStake, kappa, weights, into) : null;
  if (clipped === null) {
    // §3.6 step 6: row normalisation
    K.normalizeIntegerRows(weights);

    // §3.7 consensus
    weightedMedianColumns(A, activeStake, weights, n, kappa, consensus, into.medianReach);

    // §3.8 clipping and validator trust
    clipped = clipToConsensus(weights, consensus, into.clipped, validatorTrust);

    // §3.9 ranks
    K.weightedColumnSums(clipped, activeStake, n, incentive);
  }
  // §3.9 incentive
  A.normalizeInPlace(incentive);

  // §3.10: the weights bonds are computed from
  const weightsForBonds = K.weightsForBonds(weights, clipped, A.quotient(input.bondsPenalty, U16_MAX), n);
  return { weights, consensus, clipped, validatorTrust, incentive, weightsForBonds };
}

/**
 * §3.6 step 6 to §3.9's ranks in the exact arithmetic, by the WebAssembly kernel (wasm-consensus.ts):
 * the normalised weights into `weights` (a copy of `masked`), the consensus, validator trust and ranks
 * into `into`; returns the clipped weights, or null, with nothing written, where the kernel is off or
 * declines the input.
 */
function exactStageInWasm(
  A: EpochArithmetic,
  masked: Csr,
  n: number,
  activeStake: Float64Array,
  kappa: number,
  weights: Csr,
  into: ConsensusBuffers,
): Csr | null {
  const done = exactConsensusStageWasm(
    masked,
    n,
    activeStake,
    medianMembers(A, activeStake, kappa),
    into.medianReach.relative,
    {
      weightVals: weights.vals,
      consensus: into.consensus,
      clipped: into.clipped.fillBuffers(masked.cols.length),
      validatorTrust: into.validatorTrust,
      ranks: into.incentive,
    },
  );
  if (done === null) return null;
  learnReach(done.moves, done.moves.length, into.medianReach);
  return into.clipped.finishFilled(done.clippedEntries);
}

/** emaRates of the last BondsMovingAverage asked for, per arithmetic (each costs two BigInt quotients). */
const lastRates = new Map<EpochArithmetic, { bondsMovingAverage: number; rates: ReturnType<typeof emaRates> }>();

function ratesOf(A: EpochArithmetic, bondsMovingAverage: number): ReturnType<typeof emaRates> {
  const last = lastRates.get(A);
  if (last !== undefined && last.bondsMovingAverage === bondsMovingAverage) return last.rates;
  const rates = emaRates(A, bondsMovingAverage);
  lastRates.set(A, { bondsMovingAverage, rates });
  return rates;
}

/** §3.2: a uid is inactive when LastUpdate + cutoff < block. */
function activity(lastUpdate: ArrayLike<number>, n: number, block: number, cutoff: number): boolean[] {
  const active = new Array<boolean>(n);
  for (let i = 0; i < n; i++) active[i] = !(lastUpdate[i] + cutoff < block);
  return active;
}
