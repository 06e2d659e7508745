// The fast epoch: runEpoch's algorithm (protocol.md §3.2–§3.12, the chain's sparse path) step by
// step, in plain doubles instead of I32F32 / I64F64 fixed point. For exploratory sweeps where the
// exact epoch is the bottleneck; NOT bit-identical to the chain (docs/explanation/exactness.md,
// "The fast epoch", gives the measured divergence).
//
// What is the same as runEpoch: every step and its order, the sparse structure of every matrix
// (entry order, explicit zeros, which entries are kept or dropped), the weighted-median quickselect
// (the chain's, with its tie rules), the sparse liquid-alpha quirks, the u16 storage of bonds and of
// the stored vectors, the owner's special cases, the emission fallback when Σ(I + D) = 0.
// What differs: every product, quotient and sum is a double (no flooring to 2^-32), u16 parameters
// are read as value/65535 instead of their I32F32 truncation, the sigmoid is Math.exp. Stored u16
// values are floor(x·65535) of the double x, as the chain floors its fixed-point x. Emission amounts
// are floor(share·E) of doubles, then capped so they never sum to more than E (the remainder is
// dust for the caller, exactly as with the exact epoch).

import { mergeWalk, toStored } from './bonds.ts';
import { clipToConsensus, weightedMedianColumns, type StakeArithmetic } from './consensus.ts';
import type { EpochInput, EpochResult } from './epoch.ts';
import { CsrBuilder, type Csr, type U16Csr } from './sparse.ts';
import { U16_MAX } from '../fixed/u16.ts';

/** 2^32: the `exact` vectors of the result hold value·2^32, as the exact epoch holds I32F32 bits. */
const BITS = 4294967296;
/** 2^64 − 1: TaoWeight's denominator. */
const U64_MAX = 18446744073709551615;

/** Liquid alpha v2 parameters as doubles. */
interface FastLiquid {
  low: number;
  high: number;
  /** steepness / (−100). */
  slope: number;
  /** α at distance 0 (the common case after clipping). */
  atZero: number;
}

export function runFastEpoch(input: EpochInput): EpochResult {
  const { n, block, tempo, params, ownerUid } = input;
  const owner = ownerUid !== null && ownerUid < n ? ownerUid : null;
  const ws = workFor(n);

  // §3.2 activity (pushed: a packed array, as Array.from makes)
  const active: boolean[] = [];
  for (let i = 0; i < n; i++) active.push(!(input.lastUpdate[i] + params.activityCutoff < block));

  // §3.3 stake
  const stake = stakeWeights(input, owner, ws.stake);

  // §3.4 permits
  const permitOld = ws.permitOld;
  for (let i = 0; i < n; i++) permitOld[i] = input.permitOld[i] === true || i === owner ? 1 : 0;
  const permitNew = topKNonZero(stake, params.maxAllowedValidators, owner, ws);

  // §3.5 active stake
  const activeStake = ws.activeStake;
  for (let i = 0; i < n; i++) activeStake[i] = active[i] && permitOld[i] ? stake[i] : 0;
  normalizeInPlace(activeStake);

  // §3.6 weights
  const weights = maskedNormalizedWeights(input, permitOld, owner, ws);

  // §3.7 consensus
  const consensus = weightedMedianColumns(activeStake, weights, n, params.kappa / U16_MAX, DOUBLES);

  // §3.8 clipping and validator trust
  const clipped = clipToConsensus(weights, consensus, ws.clipped.reset(weights.cols.length));
  const validatorTrust = rowSumsInto(clipped, ws.validatorTrust);

  // §3.9 incentive
  const incentive = weightedColumnSums(clipped, activeStake, ws.incentive);
  normalizeInPlace(incentive);

  // §3.10 bonds and dividends
  const oneMinusAlpha = params.bondsMovingAverage / 1_000_000;
  const b: FastBondsInput = {
    n,
    stored: input.bonds,
    permit: permitNew,
    recent: recentlyRegistered(input.blockAtRegistration, input.lastStepBlock, block, tempo, ws.recent),
    weightsForBonds: weightsForBonds(weights, clipped, params.bondsPenalty, n),
    activeStake,
    incentive,
    consensus,
    alpha: 1 - oneMinusAlpha,
    oneMinusAlpha,
    liquid: params.yuma3 && params.liquidAlpha ? liquidParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness) : null,
  };
  const { dividends, stored } = params.yuma3 ? yuma3Bonds(b, ws) : originalYumaBonds(b, ws);
  normalizeInPlace(dividends);

  // §3.11 emission split
  const split = splitEmission(incentive, dividends, activeStake, stake, input.emission, ws);

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
    exact: {
      stake: scaled(stake),
      activeStake: scaled(activeStake),
      consensus: scaled(consensus),
      incentive: scaled(incentive),
      dividends: scaled(dividends),
      validatorTrust: scaled(validatorTrust),
    },
  };
}

// --- scratch ------------------------------------------------------------------------------------------

/**
 * The epoch's intermediate vectors and matrices for n uids, reused by every epoch of that size (the
 * epoch runs synchronously and none of them reaches its result: what it returns is freshly made).
 * A pure cache: it holds nothing between epochs that the next one reads.
 */
class Work {
  readonly stake: Float64Array;
  readonly activeStake: Float64Array;
  readonly permitOld: Uint8Array;
  readonly keptCols: Int32Array;
  readonly keptVals: Float64Array;
  readonly validatorTrust: Float64Array;
  readonly incentive: Float64Array;
  readonly recent: Uint8Array;
  readonly colTotal: Float64Array;
  readonly colScale: Float64Array;
  /** emaRows' accumulators: all zero between uses. */
  readonly acc: Float64Array;
  readonly touched: Uint8Array;
  readonly list: Int32Array;
  readonly rowSums: Float64Array;
  readonly dividends: Float64Array;
  readonly serverShare: Float64Array;
  readonly validatorShare: Float64Array;
  readonly combinedShare: Float64Array;
  /** Sort order of topKNonZero (a plain array: the same sort as before). */
  readonly order: number[] = [];
  readonly sorted: Float64Array;
  readonly weights: CsrBuilder;
  readonly clipped: CsrBuilder;
  readonly bonds: CsrBuilder;
  readonly ema: CsrBuilder;
  /** Values of scaled or cloned matrices. */
  matVals = new Float64Array(16);

  constructor(readonly n: number) {
    this.stake = new Float64Array(n);
    this.sorted = new Float64Array(n);
    this.activeStake = new Float64Array(n);
    this.permitOld = new Uint8Array(n);
    this.keptCols = new Int32Array(n);
    this.keptVals = new Float64Array(n);
    this.validatorTrust = new Float64Array(n);
    this.incentive = new Float64Array(n);
    this.recent = new Uint8Array(n);
    this.colTotal = new Float64Array(n);
    this.colScale = new Float64Array(n);
    this.acc = new Float64Array(n);
    this.touched = new Uint8Array(n);
    this.list = new Int32Array(n);
    this.rowSums = new Float64Array(n);
    this.dividends = new Float64Array(n);
    this.serverShare = new Float64Array(n);
    this.validatorShare = new Float64Array(n);
    this.combinedShare = new Float64Array(n);
    this.weights = new CsrBuilder(n, 16);
    this.clipped = new CsrBuilder(n, 16);
    this.bonds = new CsrBuilder(n, 16);
    this.ema = new CsrBuilder(n, 16);
  }

  /** A values array for a matrix of nnz entries (a view of matVals). */
  values(nnz: number): Float64Array {
    if (nnz > this.matVals.length) this.matVals = new Float64Array(Math.max(nnz, 2 * this.matVals.length));
    return this.matVals.subarray(0, nnz);
  }
}

const works = new Map<number, Work>();

function workFor(n: number): Work {
  let w = works.get(n);
  if (!w) {
    w = new Work(n);
    works.set(n, w);
  }
  return w;
}

/** `recentlyRegistered` (bonds.ts) into out. */
function recentlyRegistered(blockAtRegistration: ArrayLike<number>, lastStepBlock: number, block: number, tempo: number, out: Uint8Array): Uint8Array {
  const lastTempo = lastStepBlock !== 0 ? lastStepBlock + 1 : Math.max(0, block - tempo);
  for (let j = 0; j < out.length; j++) out[j] = lastTempo <= blockAtRegistration[j] ? 1 : 0;
  return out;
}

/** `row_sum_sparse` into out. */
function rowSumsInto(m: Csr, out: Float64Array): Float64Array {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) s += m.vals[k];
    out[i] = s;
  }
  return out;
}

// --- vectors ----------------------------------------------------------------------------------------

/** v ← v / Σv; unchanged when the sum is 0. */
function normalizeInPlace(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  if (s === 0) return;
  for (let i = 0; i < v.length; i++) v[i] /= s;
}

/** The consensus step's arithmetic in plain doubles (the chain's quickselect itself is shared). */
const DOUBLES: StakeArithmetic = {
  normalizeInPlace,
  sum: (v) => {
    let t = 0;
    for (let k = 0; k < v.length; k++) t += v[k];
    return t;
  },
};

/** The chain's fixed_proportion_to_u16 on a double: floor(x·65535) clamped into [0, 65535]. */
export function fastToU16(x: number): number {
  if (!(x > 0)) return 0;
  const r = Math.floor(x * U16_MAX);
  return r > U16_MAX ? U16_MAX : r;
}

function toU16Vector(v: Float64Array): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = fastToU16(v[i]);
  return out;
}

/** Values as "bits" (value·2^32), the unit of EpochResult.exact (not integers here). */
function scaled(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * BITS;
  return out;
}

// --- §3.3 stake, §3.4 permits -----------------------------------------------------------------------

/** S_i = α_i + t_i·w_tao, zeroed below the threshold except for the owner, normalised. */
function stakeWeights(input: EpochInput, owner: number | null, out: Float64Array): Float64Array {
  const n = input.n;
  const root = input.rootStake;
  const w = input.params.taoWeight && root ? Number(input.params.taoWeight) / U64_MAX : 0;
  const threshold = input.params.stakeThreshold;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const alpha = input.alphaStake[i];
    const t = w !== 0 && root ? (root[i] ?? 0n) : 0n;
    // floor(S) < T for an integer T is S < T; without root stake that test is exact on the bigint.
    const below = t === 0n ? alpha < threshold : Number(alpha) + Number(t) * w < Number(threshold);
    const s = i !== owner && below ? 0 : Number(alpha) + Number(t) * w;
    out[i] = s;
    total += s;
  }
  if (total === 0) return out;
  for (let i = 0; i < n; i++) out[i] /= total;
  return out;
}

/** `is_topk_nonzero` on doubles: stable ascending sort by stake, the first n − K lose their permit. */
function topKNonZero(s: Float64Array, k: number, owner: number | null, ws: Work): boolean[] {
  const n = s.length;
  const permit: boolean[] = [];
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    permit.push(s[i] !== 0);
    if (s[i] !== 0) nonZero++;
  }
  if (n >= k && nonZero > k) {
    const drop = n - k;
    let finite = true;
    for (let i = 0; i < n; i++) if (!Number.isFinite(s[i])) finite = false;
    if (finite) {
      // Ordered by (stake, uid), a strict total order on finite stakes, the first n − K are: every
      // uid whose stake is below t, the (n − K)-th smallest stake, then those at t in uid order.
      const sorted = ws.sorted;
      sorted.set(s);
      sorted.sort();
      const t = sorted[drop - 1];
      let atT = drop;
      for (let i = 0; i < n; i++) if (s[i] < t) atT--;
      for (let i = 0; i < n; i++) {
        if (s[i] < t) permit[i] = false;
        else if (s[i] === t && atT > 0) {
          permit[i] = false;
          atT--;
        }
      }
    } else {
      // The sort by `s[a] − s[b] || a − b` itself (its comparator returning small integers).
      const order = ws.order;
      order.length = 0;
      for (let i = 0; i < n; i++) order.push(i);
      order.sort((a, b) => {
        const d = s[a] - s[b];
        return d < 0 ? -1 : d > 0 ? 1 : a - b;
      });
      for (let r = 0; r < drop; r++) permit[order[r]] = false;
    }
  }
  if (owner !== null) permit[owner] = true;
  return permit;
}

// --- §3.6 weights, §3.7 consensus, §3.8 clipping ----------------------------------------------------

/** §3.6 steps 1–6 (as `maskedNormalizedWeights`), row normalisation w / Σw in doubles. */
function maskedNormalizedWeights(input: EpochInput, permitOld: Uint8Array, owner: number | null, ws: Work): Csr {
  const { n, lastUpdate, blockAtRegistration, commitBlock } = input;
  let capacity = 0;
  for (let i = 0; i < n; i++) if (permitOld[i] && input.weights[i]) capacity += input.weights[i].cols.length;
  const out = ws.weights.reset(capacity);
  const keptCols = ws.keptCols;
  const keptVals = ws.keptVals;
  for (let i = 0; i < n; i++) {
    const row = input.weights[i];
    if (row && permitOld[i]) {
      const lu = lastUpdate[i];
      const cb = commitBlock ? commitBlock[i] : Infinity;
      let kept = 0;
      let total = 0;
      for (let k = 0; k < row.cols.length; k++) {
        const j = row.cols[k];
        if (j >= n) continue;
        if (j === i && i !== owner) continue;
        if (lu <= blockAtRegistration[j]) continue;
        if (cb < blockAtRegistration[j]) continue;
        keptCols[kept] = j;
        keptVals[kept] = row.vals[k];
        total += row.vals[k];
        kept++;
      }
      for (let k = 0; k < kept; k++) out.push(keptCols[k], total === 0 ? keptVals[k] : keptVals[k] / total);
    }
    out.endRow();
  }
  return out.finish();
}

/** r_j = Σ_i v_i·m_ij. */
// --- sparse arithmetic in doubles ---------------------------------------------------------------------

function weightedColumnSums(m: Csr, v: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) out[m.cols[k]] += vi * m.vals[k];
  }
  return out;
}

/** r_i = Σ_j m_ij·v_j. */
function weightedRowSums(m: Csr, v: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) s += m.vals[k] * v[m.cols[k]];
    out[i] = s;
  }
  return out;
}

/** m_ij·v_i, same structure. */
function scaleRows(m: Csr, v: ArrayLike<number>, vals: Float64Array): Csr {
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i];
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) vals[k] = m.vals[k] * vi;
  }
  return { rows: m.rows, ptr: m.ptr, cols: m.cols, vals };
}

/** Each entry divided by its column's sum; zero columns unchanged. */
function colNormalizeInPlace(m: Csr, s: Float64Array): void {
  s.fill(0);
  const { cols, vals } = m;
  for (let k = 0; k < cols.length; k++) s[cols[k]] += vals[k];
  for (let k = 0; k < cols.length; k++) {
    const cs = s[cols[k]];
    if (cs !== 0) vals[k] /= cs;
  }
}

/** Each entry divided by its column's maximum; zero columns unchanged. */
function colMaxUpscaleInPlace(m: Csr, mx: Float64Array): void {
  mx.fill(0);
  const { cols, vals } = m;
  for (let k = 0; k < cols.length; k++) if (mx[cols[k]] < vals[k]) mx[cols[k]] = vals[k];
  for (let k = 0; k < cols.length; k++) {
    const c = mx[cols[k]];
    if (c !== 0) vals[k] /= c;
  }
}

// --- §3.10 bonds ----------------------------------------------------------------------------------------

/** WB: W if β = 0, W̄ if β = 1, else W + β(W̄ − W) over W's columns in column order, keep > 0. */
function weightsForBonds(w: Csr, clipped: Csr, bondsPenalty: number, n: number): Csr {
  if (bondsPenalty === 0) return w;
  if (bondsPenalty === U16_MAX) return clipped;
  const beta = bondsPenalty / U16_MAX;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const out = new CsrBuilder(n, w.cols.length);
  for (let i = 0; i < n; i++) {
    for (let k = w.ptr[i]; k < w.ptr[i + 1]; k++) a[w.cols[k]] = w.vals[k];
    for (let k = clipped.ptr[i]; k < clipped.ptr[i + 1]; k++) b[clipped.cols[k]] = clipped.vals[k];
    const cols = w.cols.slice(w.ptr[i], w.ptr[i + 1]).sort();
    for (const j of cols) {
      const v = a[j] + beta * (b[j] - a[j]);
      if (v > 0) out.push(j, v);
    }
    for (const j of cols) {
      a[j] = 0;
      b[j] = 0;
    }
    out.endRow();
  }
  return out.finish();
}

interface FastBondsInput {
  n: number;
  stored: U16Csr;
  permit: readonly boolean[];
  recent: Uint8Array;
  weightsForBonds: Csr;
  activeStake: Float64Array;
  incentive: Float64Array;
  consensus: Float64Array;
  alpha: number;
  oneMinusAlpha: number;
  liquid: FastLiquid | null;
}

/** Stored bonds minus recent columns: u16/65535, or u16 / (integer column total) when given. */
function loadBonds(stored: U16Csr, recent: Uint8Array, n: number, colTotal: Float64Array | null, builder: CsrBuilder): Csr {
  const out = builder.reset(stored.cols.length);
  const rows = Math.min(n, stored.rows);
  for (let i = 0; i < rows; i++) {
    for (let k = stored.ptr[i]; k < stored.ptr[i + 1]; k++) {
      const j = stored.cols[k];
      if (j >= n || recent[j]) continue;
      const v = stored.vals[k];
      out.push(j, colTotal ? (colTotal[j] === 0 ? v : v / colTotal[j]) : v / U16_MAX);
    }
    out.endRow();
  }
  return out.finish();
}

function isAscending(cols: Int32Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (cols[k] <= cols[k - 1]) return false;
  return true;
}

/** `mat_ema_sparse`: α·new + (1 − α)·old over the union of both rows, keep > 0, column order. */
function emaRows(next: Csr, old: Csr, alpha: number, oneMinus: number, n: number, ws: Work): Csr {
  // acc and touched are all zero here, and every entry set below is cleared again.
  const { acc, touched, list } = ws;
  const out = ws.ema.reset(next.cols.length + old.cols.length);
  for (let i = 0; i < n; i++) {
    let a = next.ptr[i];
    const a1 = next.ptr[i + 1];
    let b = old.ptr[i];
    const b1 = old.ptr[i + 1];
    if (isAscending(next.cols, a, a1) && isAscending(old.cols, b, b1)) {
      while (a < a1 || b < b1) {
        const ja = a < a1 ? next.cols[a] : 0x7fffffff;
        const jb = b < b1 ? old.cols[b] : 0x7fffffff;
        let v = 0;
        let j: number;
        if (ja <= jb) {
          j = ja;
          v += alpha * next.vals[a++];
          if (jb === ja) v += oneMinus * old.vals[b++];
        } else {
          j = jb;
          v += oneMinus * old.vals[b++];
        }
        if (v > 0) out.push(j, v);
      }
      out.endRow();
      continue;
    }
    let len = 0;
    for (let k = a; k < a1; k++) {
      const j = next.cols[k];
      acc[j] += alpha * next.vals[k];
      if (!touched[j]) {
        touched[j] = 1;
        list[len++] = j;
      }
    }
    for (let k = b; k < b1; k++) {
      const j = old.cols[k];
      acc[j] += oneMinus * old.vals[k];
      if (!touched[j]) {
        touched[j] = 1;
        list[len++] = j;
      }
    }
    const cols = list.subarray(0, len).sort();
    for (let t = 0; t < len; t++) {
      const j = cols[t];
      if (acc[j] > 0) out.push(j, acc[j]);
      acc[j] = 0;
      touched[j] = 0;
    }
    out.endRow();
  }
  return out.finish();
}

/** §3.10a original Yuma. */
function originalYumaBonds(input: FastBondsInput, ws: Work): { dividends: Float64Array; stored: U16Csr } {
  const { n, recent } = input;
  const colTotal = ws.colTotal;
  colTotal.fill(0);
  const { cols, vals } = input.stored;
  for (let k = 0; k < cols.length; k++) if (cols[k] < n && !recent[cols[k]]) colTotal[cols[k]] += vals[k];
  const bonds = loadBonds(input.stored, recent, n, colTotal, ws.bonds);
  const delta = scaleRows(input.weightsForBonds, input.activeStake, ws.values(input.weightsForBonds.vals.length));
  colNormalizeInPlace(delta, ws.colScale);
  const ema = emaRows(delta, bonds, input.alpha, input.oneMinusAlpha, n, ws);
  colNormalizeInPlace(ema, ws.colScale);
  const dividends = weightedRowSums(ema, input.incentive, ws.dividends);
  colMaxUpscaleInPlace(ema, ws.colScale);
  return { dividends, stored: toStored(ema, input.permit, fastToU16) };
}

/** §3.10b Yuma3. */
function yuma3Bonds(input: FastBondsInput, ws: Work): { dividends: Float64Array; stored: U16Csr } {
  const { n } = input;
  const bonds = loadBonds(input.stored, input.recent, n, null, ws.bonds);
  const useLiquid = input.liquid !== null && input.consensus.some((c) => c !== 0);
  const ema = useLiquid
    ? liquidEmaRows(input.weightsForBonds, bonds, input.consensus, input.liquid!, n)
    : emaRows(input.weightsForBonds, bonds, input.alpha, input.oneMinusAlpha, n, ws);
  const normalizedVals = ws.values(ema.vals.length);
  normalizedVals.set(ema.vals);
  const normalized: Csr = { rows: ema.rows, ptr: ema.ptr, cols: ema.cols, vals: normalizedVals };
  colNormalizeInPlace(normalized, ws.colScale);
  const perValidator = weightedRowSums(normalized, input.incentive, ws.rowSums);
  const dividends = ws.dividends;
  for (let i = 0; i < n; i++) dividends[i] = perValidator[i] * input.activeStake[i];
  return { dividends, stored: toStored(ema, input.permit, fastToU16) };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function liquidParams(alphaLow: number, alphaHigh: number, steepness: number): FastLiquid {
  const p = { low: alphaLow / U16_MAX, high: alphaHigh / U16_MAX, slope: steepness / -100, atZero: 0 };
  p.atZero = alphaForDistance(0, p);
  return p;
}

/** sig = 1 / (1 + exp(z)), z clamped into [−20, 20] as exp_safe does; α = low + sig·(high − low). */
function alphaForDistance(d: number, p: FastLiquid): number {
  const z = clamp(p.slope * (d - 0.5), -20, 20);
  const sig = 1 / (1 + Math.exp(z));
  return clamp(p.low + sig * (p.high - p.low), p.low, p.high);
}

function liquidAlpha(w: number, b: number, c: number, p: FastLiquid): number {
  const buy = clamp(w - c, 0, 1);
  const sell = clamp(b - w, 0, 1);
  const d = w >= b ? buy : sell;
  return d === 0 ? p.atZero : alphaForDistance(d, p);
}

/**
 * `mat_ema_alpha_sparse` with per-cell liquid alpha, entries of the WB row only (the sparse quirk:
 * bonds to columns absent from the row are dropped), min(·, 1), in the row's order.
 */
function liquidEmaRows(wb: Csr, bonds: Csr, consensus: Float64Array, params: FastLiquid, n: number): Csr {
  const old = new Float64Array(n);
  const seenW = new Float64Array(n);
  const seenB = new Float64Array(n);
  const out = new CsrBuilder(n, wb.cols.length);
  for (let i = 0; i < n; i++) {
    const b0 = bonds.ptr[i];
    const b1 = bonds.ptr[i + 1];
    const w0 = wb.ptr[i];
    const w1 = wb.ptr[i + 1];
    for (let k = b0; k < b1; k++) old[bonds.cols[k]] = bonds.vals[k];
    mergeWalk(wb, w0, w1, seenW);
    mergeWalk(bonds, b0, b1, seenB);
    for (let k = w0; k < w1; k++) {
      const j = wb.cols[k];
      const w = wb.vals[k];
      const a = liquidAlpha(seenW[j], seenB[j], consensus[j], params);
      let purchase = a * w;
      if (purchase < 0) purchase = 0;
      let v = (1 - a) * old[j] + purchase;
      if (v > 1) v = 1;
      if (v > 0) out.push(j, v);
    }
    for (let k = b0; k < b1; k++) {
      old[bonds.cols[k]] = 0;
      seenB[bonds.cols[k]] = 0;
    }
    for (let k = w0; k < w1; k++) seenW[wb.cols[k]] = 0;
    out.endRow();
  }
  return out.finish();
}

// --- §3.11 emission split -----------------------------------------------------------------------------

function splitEmission(
  incentive: Float64Array,
  dividends: Float64Array,
  activeStake: Float64Array,
  stake: Float64Array,
  emission: bigint,
  ws: Work,
): { server: bigint[]; validator: bigint[]; combined: bigint[] } {
  const n = incentive.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += incentive[i] + dividends[i];
  let serverShare = ws.serverShare;
  let validatorShare = ws.validatorShare;
  let combinedShare = ws.combinedShare;
  if (total === 0) {
    let activeSum = 0;
    for (let i = 0; i < n; i++) activeSum += activeStake[i];
    serverShare.fill(0);
    // Read only below: no copy needed.
    validatorShare = activeSum === 0 ? stake : activeStake;
    combinedShare = validatorShare;
  } else {
    for (let i = 0; i < n; i++) {
      serverShare[i] = incentive[i] / total;
      validatorShare[i] = dividends[i] / total;
      combinedShare[i] = (incentive[i] + dividends[i]) / total;
    }
  }
  const e = Number(emission);
  const server = amounts(serverShare, e);
  const validator = amounts(validatorShare, e);
  const combined = amounts(combinedShare, e);
  // Σ floor(share·E) in doubles is exact while below 2^53 (non-negative integers); when it is also at
  // most E there is nothing to cap, which is the usual case.
  const split = amountSum(serverShare, e) + amountSum(validatorShare, e);
  if (!(split < 2 ** 53 && split <= e)) capSum([server, validator], emission);
  const whole = amountSum(combinedShare, e);
  if (!(whole < 2 ** 53 && whole <= e)) capSum([combined], emission);
  return { server, validator, combined };
}

/** Σ of amounts(share, e) as a double (exact when below 2^53). */
function amountSum(share: Float64Array, e: number): number {
  let t = 0;
  for (let i = 0; i < share.length; i++) {
    const x = Math.floor(share[i] * e);
    if (x > 0) t += x;
  }
  return t;
}

/** floor(share·E) in doubles, as RAO. */
function amounts(share: Float64Array, e: number): bigint[] {
  const out = new Array<bigint>(share.length);
  for (let i = 0; i < share.length; i++) {
    const x = Math.floor(share[i] * e);
    out[i] = x > 0 ? BigInt(x) : 0n;
  }
  return out;
}

/**
 * Double rounding can make Σ floor(share·E) exceed E by a few RAO (shares summing to 1 + a few ulps,
 * or E above 2^53). Take any excess off the largest amounts (first in list order on ties), so that
 * the caller's E − Σ paid stays ≥ 0 and is dust, as with the exact epoch.
 */
function capSum(lists: bigint[][], emission: bigint): void {
  let sum = 0n;
  for (const l of lists) for (const x of l) sum += x;
  let excess = sum - emission;
  while (excess > 0n) {
    let bl = 0;
    let bi = 0;
    for (let l = 0; l < lists.length; l++) {
      for (let i = 0; i < lists[l].length; i++) if (lists[l][i] > lists[bl][bi]) [bl, bi] = [l, i];
    }
    const take = lists[bl][bi] < excess ? lists[bl][bi] : excess;
    lists[bl][bi] -= take;
    excess -= take;
  }
}
