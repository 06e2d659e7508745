// The epoch's consensus stage (§3.6 step 6 to §3.9, and the weights for bonds), kept per subnet from
// one epoch to the next. Those steps read nothing but the masked weights (u16 values), the active
// stake, κ and the bonds penalty; where these hold still between epochs (traces, fixed-stake studies,
// a subnet whose weights and stake are frozen) the stage, most of an epoch's work, is not redone. In
// a run the active stake moves every epoch (dividends are staked), and the cache then costs one
// comparison of n values an epoch (see `remember`).
//
// Why this is safe: a cached stage is reused only when every one of those inputs is equal, value for
// value, to the ones it was computed from (compared here, each epoch: nothing relies on callers
// reporting their changes), and the stage is a pure function of them. Stored weight rows are never
// written in place (U16Row), so a row that is the same object as last epoch's holds the same entries:
// where every row is, and passes the mask whole again, that settles the comparison without walking
// the entries (sameRows); anything else is compared entry by entry. A weight set, a permit change
// or a registration changes the masked weights and so recomputes the stage. The cache is keyed by
// the identity of the subnet's stored weight rows (EpochInput.weights, one array per subnet state),
// only to find that subnet's previous stage; it lives as long as that array (WeakMap).

import { MedianReach } from './consensus.ts';
import type { EpochKernels } from './kernels.ts';
import { type Csr, CsrBuilder } from './sparse.ts';
import {
  keepsRegisteredEntries,
  latestRegistration,
  maskedWeights,
  maskedWeightsEqual,
  type U16Row,
  type WeightMaskInput,
} from './weights.ts';

/** What the consensus stage reads. */
export interface ConsensusInput {
  n: number;
  /** §3.6 steps 1–5: what the masked weights (u16 values, not yet normalised) are made from. */
  mask: WeightMaskInput;
  /** Where the masked weights are written when the stage is computed (scratch). */
  maskInto: CsrBuilder;
  activeStake: Float64Array;
  kappa: number;
  bondsPenalty: number;
}

/** What it produces (owned by the cache: read-only for the caller, valid until the next epoch of the subnet). */
export interface ConsensusStage {
  weights: Csr;
  consensus: Float64Array;
  clipped: Csr;
  validatorTrust: Float64Array;
  incentive: Float64Array;
  weightsForBonds: Csr;
}

/** The buffers a stage is computed into. */
export class ConsensusBuffers {
  readonly weights: CsrBuilder;
  readonly clipped: CsrBuilder;
  readonly consensus: Float64Array;
  readonly validatorTrust: Float64Array;
  readonly incentive: Float64Array;
  /** How wide the exact median search looks around the previous consensus (speed only). */
  readonly medianReach = new MedianReach();

  constructor(readonly n: number) {
    this.weights = new CsrBuilder(n, 16);
    this.clipped = new CsrBuilder(n, 16);
    this.consensus = new Float64Array(n);
    this.validatorTrust = new Float64Array(n);
    this.incentive = new Float64Array(n);
  }
}

/** The stage from the masked weights and the rest of the input. */
type StageFunction = (K: EpochKernels, input: ConsensusInput, masked: Csr, into: ConsensusBuffers) => ConsensusStage;

class ConsensusCache {
  private buffers: ConsensusBuffers | null = null;
  private stage: ConsensusStage | null = null;
  private kappa = 0;
  private bondsPenalty = 0;
  private activeStake = new Float64Array(0);
  /** The masked weights the stage was computed from; null when not kept (see `remember`). */
  private masked: Csr | null = null;
  /** What they were masked from, where every permitted row passed steps 3 and 4 whole (see `sameRows`). */
  private rows: SameRows | null = null;

  get(K: EpochKernels, input: ConsensusInput, compute: StageFunction): ConsensusStage {
    const steadyStake = this.sameStake(input);
    // The masked weights are compared as they are walked, never built, when the rest is the same;
    // by the rows' identity first, where that settles it.
    if (steadyStake && this.stage !== null && this.masked !== null) {
      if (this.rows !== null && sameRows(input.mask, this.rows)) return this.stage;
      if (maskedWeightsEqual(input.mask, this.masked)) {
        this.rows = rowsOf(input.mask); // equal rows in new objects (a resumed run's): known from now on
        return this.stage;
      }
    }
    this.stage = null; // a failed computation must not leave a stale stage behind
    const masked = maskedWeights(input.mask, input.maskInto);
    this.remember(input, masked, steadyStake);
    if (this.buffers?.n !== input.n) this.buffers = new ConsensusBuffers(input.n);
    this.stage = compute(K, input, masked, this.buffers);
    return this.stage;
  }

  /** n, κ, β and the active stake as last time. */
  private sameStake(input: ConsensusInput): boolean {
    const { n } = input;
    if (n !== this.activeStake.length || input.kappa !== this.kappa || input.bondsPenalty !== this.bondsPenalty)
      return false;
    return sameFloats(input.activeStake, this.activeStake, n);
  }

  /**
   * The inputs of the stage about to be computed. The masked weights are copied only when the active
   * stake is the same as last epoch's: a hit needs both, and in a run the active stake moves every
   * epoch (dividends are staked), so copying the weights there would buy nothing. Where the stake
   * then holds still, the first epoch copies them and the next can hit.
   *
   * Fresh copies, on purpose: reusing buffers here (tried) saved no measurable time and raised the
   * full-network day's peak RSS from about 490 to 580 MiB, as these per-miss allocations were
   * prompting garbage collections that kept the heap small. Not copying in runs has the same effect
   * (peak RSS about 444 -> 525 MiB, nothing more retained): without ~18 MiB of array buffers a tempo,
   * V8 no longer starts full collections for external memory pressure (at a heap of ~180 MB) but at
   * its allocation limit (~300 MB; live heap ~80-95 MB either way), 8 a day instead of 13.
   */
  private remember(input: ConsensusInput, masked: Csr, steadyStake: boolean): void {
    const { n } = input;
    this.kappa = input.kappa;
    this.bondsPenalty = input.bondsPenalty;
    if (!steadyStake) this.activeStake = input.activeStake.slice(0, n);
    this.masked = steadyStake
      ? { rows: n, ptr: masked.ptr.slice(0, n + 1), cols: masked.cols.slice(), vals: masked.vals.slice() }
      : null;
    this.rows = steadyStake ? rowsOf(input.mask) : null;
  }
}

/**
 * The stored rows the masked weights came from, by identity, when every permitted row passed steps 3
 * and 4 whole (keepsRegisteredEntries); else null. Stored rows are never written in place (U16Row):
 * the same row object holds the same entries.
 */
interface SameRows {
  n: number;
  ownerUid: number | null;
  /** Each uid's row if it held a permit, else null. */
  rows: (U16Row | null)[];
}

function rowsOf(mask: WeightMaskInput): SameRows | null {
  const latest = latestRegistration(mask);
  const rows: (U16Row | null)[] = new Array(mask.n);
  for (let i = 0; i < mask.n; i++) {
    const row = maskedRow(mask, i, latest);
    if (row === undefined) return null;
    rows[i] = row;
  }
  return { n: mask.n, ownerUid: mask.ownerUid, rows };
}

/**
 * Whether `mask` masks to what `kept` did without walking the entries: the same n and owner, and each
 * uid's maskedRow the same as then. A row passing steps 3 and 4 whole masks to a function of its
 * entries, n and the owner alone (maskRows), so equal inputs give equal masked weights.
 */
function sameRows(mask: WeightMaskInput, kept: SameRows): boolean {
  if (mask.n !== kept.n || mask.ownerUid !== kept.ownerUid) return false;
  const latest = latestRegistration(mask);
  for (let i = 0; i < mask.n; i++) {
    const row = maskedRow(mask, i, latest);
    if (row === undefined || row !== kept.rows[i]) return false;
  }
  return true;
}

/**
 * What uid i contributes to the masked weights, by identity: null without a permit (or a row),
 * its stored row where that passes steps 3 and 4 whole, undefined where it does not (its entries
 * would have to be walked).
 */
function maskedRow(mask: WeightMaskInput, i: number, latest: number): U16Row | null | undefined {
  const row = mask.weights[i];
  if (!row || !mask.permitOld[i]) return null;
  return keepsRegisteredEntries(mask, i, latest) ? row : undefined;
}

/** Whether the first `length` values of a and b are equal. */
function sameFloats(a: Float64Array, b: Float64Array, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** One cache per arithmetic (their stages differ), each keyed by the subnet's weight rows. */
const caches = new WeakMap<EpochKernels, WeakMap<object, ConsensusCache>>();

/** `compute(K, input, buffers)`, or the stage it gave for this subnet last time if every input is the same. */
export function cachedConsensusStage(
  K: EpochKernels,
  subnet: object,
  input: ConsensusInput,
  compute: StageFunction,
): ConsensusStage {
  let perSubnet = caches.get(K);
  if (!perSubnet) {
    perSubnet = new WeakMap();
    caches.set(K, perSubnet);
  }
  let cache = perSubnet.get(subnet);
  if (!cache) {
    cache = new ConsensusCache();
    perSubnet.set(subnet, cache);
  }
  return cache.get(K, input, compute);
}
