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

import { recentlyRegistered } from './bonds.ts';
import { clipToConsensus, weightedMedianColumns, type StakeArithmetic } from './consensus.ts';
import type { EpochInput, EpochResult } from './epoch.ts';
import { CsrBuilder, cloneCsr, columnSums, rowSums, type Csr, type U16Csr } from './sparse.ts';

const U16_MAX = 65535;
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

  // §3.2 activity
  const active = Array.from({ length: n }, (_, i) => !(input.lastUpdate[i] + params.activityCutoff < block));

  // §3.3 stake
  const stake = stakeWeights(input, owner);

  // §3.4 permits
  const permitOld = Array.from({ length: n }, (_, i) => input.permitOld[i] === true || i === owner);
  const permitNew = topKNonZero(stake, params.maxAllowedValidators, owner);

  // §3.5 active stake
  const activeStake = new Float64Array(n);
  for (let i = 0; i < n; i++) activeStake[i] = active[i] && permitOld[i] ? stake[i] : 0;
  normalizeInPlace(activeStake);

  // §3.6 weights
  const weights = maskedNormalizedWeights(input, permitOld, owner);

  // §3.7 consensus
  const consensus = weightedMedianColumns(activeStake, weights, n, params.kappa / U16_MAX, DOUBLES);

  // §3.8 clipping and validator trust
  const clipped = clipToConsensus(weights, consensus);
  const validatorTrust = rowSums(clipped);

  // §3.9 incentive
  const incentive = weightedColumnSums(clipped, activeStake, n);
  normalizeInPlace(incentive);

  // §3.10 bonds and dividends
  const oneMinusAlpha = params.bondsMovingAverage / 1_000_000;
  const b: FastBondsInput = {
    n,
    stored: input.bonds,
    permit: permitNew,
    recent: recentlyRegistered(input.blockAtRegistration, input.lastStepBlock, block, tempo),
    weightsForBonds: weightsForBonds(weights, clipped, params.bondsPenalty, n),
    activeStake,
    incentive,
    consensus,
    alpha: 1 - oneMinusAlpha,
    oneMinusAlpha,
    liquid: params.yuma3 && params.liquidAlpha ? liquidParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness) : null,
  };
  const { dividends, stored } = params.yuma3 ? yuma3Bonds(b) : originalYumaBonds(b);
  normalizeInPlace(dividends);

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
function stakeWeights(input: EpochInput, owner: number | null): Float64Array {
  const n = input.n;
  const root = input.rootStake;
  const w = input.params.taoWeight && root ? Number(input.params.taoWeight) / U64_MAX : 0;
  const threshold = input.params.stakeThreshold;
  const out = new Float64Array(n);
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
function topKNonZero(s: Float64Array, k: number, owner: number | null): boolean[] {
  const n = s.length;
  const permit = Array.from({ length: n }, (_, i) => s[i] !== 0);
  let nonZero = 0;
  for (let i = 0; i < n; i++) if (s[i] !== 0) nonZero++;
  if (n >= k && nonZero > k) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => s[a] - s[b] || a - b);
    for (let r = 0; r < n - k; r++) permit[order[r]] = false;
  }
  if (owner !== null) permit[owner] = true;
  return permit;
}

// --- §3.6 weights, §3.7 consensus, §3.8 clipping ----------------------------------------------------

/** §3.6 steps 1–6 (as `maskedNormalizedWeights`), row normalisation w / Σw in doubles. */
function maskedNormalizedWeights(input: EpochInput, permitOld: readonly boolean[], owner: number | null): Csr {
  const { n, lastUpdate, blockAtRegistration, commitBlock } = input;
  let capacity = 0;
  for (let i = 0; i < n; i++) if (permitOld[i] && input.weights[i]) capacity += input.weights[i].cols.length;
  const out = new CsrBuilder(n, capacity);
  const keptCols = new Int32Array(n);
  const keptVals = new Float64Array(n);
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

function weightedColumnSums(m: Csr, v: ArrayLike<number>, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) out[m.cols[k]] += vi * m.vals[k];
  }
  return out;
}

/** r_i = Σ_j m_ij·v_j. */
function weightedRowSums(m: Csr, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) s += m.vals[k] * v[m.cols[k]];
    out[i] = s;
  }
  return out;
}

/** m_ij·v_i, same structure. */
function scaleRows(m: Csr, v: ArrayLike<number>): Csr {
  const vals = new Float64Array(m.vals.length);
  for (let i = 0; i < m.rows; i++) {
    const vi = v[i];
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) vals[k] = m.vals[k] * vi;
  }
  return { rows: m.rows, ptr: m.ptr, cols: m.cols, vals };
}

/** Each entry divided by its column's sum; zero columns unchanged. */
function colNormalizeInPlace(m: Csr, columns: number): void {
  const s = columnSums(m, columns);
  const { cols, vals } = m;
  for (let k = 0; k < cols.length; k++) {
    const cs = s[cols[k]];
    if (cs !== 0) vals[k] /= cs;
  }
}

/** Each entry divided by its column's maximum; zero columns unchanged. */
function colMaxUpscaleInPlace(m: Csr, columns: number): void {
  const mx = new Float64Array(columns);
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
function loadBonds(stored: U16Csr, recent: Uint8Array, n: number, colTotal: Float64Array | null): Csr {
  const out = new CsrBuilder(n, stored.cols.length);
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
function emaRows(next: Csr, old: Csr, alpha: number, oneMinus: number, n: number): Csr {
  const acc = new Float64Array(n);
  const touched = new Uint8Array(n);
  const list = new Int32Array(n);
  const out = new CsrBuilder(n, next.cols.length + old.cols.length);
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
    for (const [m, from, to, rate] of [[next, a, a1, alpha], [old, b, b1, oneMinus]] as const) {
      for (let k = from; k < to; k++) {
        const j = m.cols[k];
        acc[j] += rate * m.vals[k];
        if (!touched[j]) {
          touched[j] = 1;
          list[len++] = j;
        }
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

/** §3.12: rows of new-permit holders as floor(x·65535); every other row emptied. */
function toStored(m: Csr, permit: readonly boolean[]): U16Csr {
  const ptr = new Int32Array(m.rows + 1);
  const cols = new Int32Array(m.cols.length);
  const vals = new Uint16Array(m.cols.length);
  let w = 0;
  for (let i = 0; i < m.rows; i++) {
    if (permit[i]) {
      for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) {
        cols[w] = m.cols[k];
        vals[w] = fastToU16(m.vals[k]);
        w++;
      }
    }
    ptr[i + 1] = w;
  }
  return { rows: m.rows, ptr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
}

/** §3.10a original Yuma. */
function originalYumaBonds(input: FastBondsInput): { dividends: Float64Array; stored: U16Csr } {
  const { n, recent } = input;
  const colTotal = new Float64Array(n);
  const { cols, vals } = input.stored;
  for (let k = 0; k < cols.length; k++) if (cols[k] < n && !recent[cols[k]]) colTotal[cols[k]] += vals[k];
  const bonds = loadBonds(input.stored, recent, n, colTotal);
  const delta = scaleRows(input.weightsForBonds, input.activeStake);
  colNormalizeInPlace(delta, n);
  const ema = emaRows(delta, bonds, input.alpha, input.oneMinusAlpha, n);
  colNormalizeInPlace(ema, n);
  const dividends = weightedRowSums(ema, input.incentive);
  colMaxUpscaleInPlace(ema, n);
  return { dividends, stored: toStored(ema, input.permit) };
}

/** §3.10b Yuma3. */
function yuma3Bonds(input: FastBondsInput): { dividends: Float64Array; stored: U16Csr } {
  const { n } = input;
  const bonds = loadBonds(input.stored, input.recent, n, null);
  const useLiquid = input.liquid !== null && input.consensus.some((c) => c !== 0);
  const ema = useLiquid
    ? liquidEmaRows(input.weightsForBonds, bonds, input.consensus, input.liquid!, n)
    : emaRows(input.weightsForBonds, bonds, input.alpha, input.oneMinusAlpha, n);
  const normalized = cloneCsr(ema);
  colNormalizeInPlace(normalized, n);
  const perValidator = weightedRowSums(normalized, input.incentive);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) dividends[i] = perValidator[i] * input.activeStake[i];
  return { dividends, stored: toStored(ema, input.permit) };
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

/** What `compute_liquid_alpha_values_sparse` sees per column (entries behind its pointer read as 0). */
function mergeWalk(m: Csr, from: number, to: number, seen: Float64Array): void {
  let top = -1;
  for (let k = from; k < to; k++) {
    const j = m.cols[k];
    if (j > top) {
      seen[j] = m.vals[k];
      top = j;
    }
  }
}

// --- §3.11 emission split -----------------------------------------------------------------------------

function splitEmission(
  incentive: Float64Array,
  dividends: Float64Array,
  activeStake: Float64Array,
  stake: Float64Array,
  emission: bigint,
): { server: bigint[]; validator: bigint[]; combined: bigint[] } {
  const n = incentive.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += incentive[i] + dividends[i];
  let serverShare = new Float64Array(n);
  let validatorShare = new Float64Array(n);
  let combinedShare = new Float64Array(n);
  if (total === 0) {
    let activeSum = 0;
    for (let i = 0; i < n; i++) activeSum += activeStake[i];
    validatorShare = (activeSum === 0 ? stake : activeStake).slice();
    combinedShare = validatorShare.slice();
  } else {
    for (let i = 0; i < n; i++) {
      serverShare[i] = incentive[i] / total;
      validatorShare[i] = dividends[i] / total;
      combinedShare[i] = (incentive[i] + dividends[i]) / total;
    }
  }
  const server = amounts(serverShare, emission);
  const validator = amounts(validatorShare, emission);
  const combined = amounts(combinedShare, emission);
  capSum([server, validator], emission);
  capSum([combined], emission);
  return { server, validator, combined };
}

/** floor(share·E) in doubles, as RAO. */
function amounts(share: Float64Array, emission: bigint): bigint[] {
  const e = Number(emission);
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
