// The Hill emission gate on subnet TAO shares (protocol-2026h2.md §1, specs 440/441): after the
// price shares and the MinerBurned reweight, every share w is multiplied by w^h / (w^h + θ^h) and
// the result renormalised, so subnets above the bar θ keep their share and those far below it lose
// it. θ (the chain's EmissionGateBar) is recomputed from the shares when it is 0 and every
// `barInterval` blocks (absolute block number). Pure functions on U64F64 bits; the caller stores θ.

import { fastQuotient, high32, toNumber } from '../fixed/exact-quotient.ts';
import { U64F64 } from '../fixed/fixed.ts';
import { safePowI32F32BitsMany, safePowU64F64 } from '../fixed/transcendental.ts';
import { minerBurnReweight, priceShares } from './subnet-shares.ts';

/** The gate's parameters (the chain's EmissionBarRank, EmissionBarQuantile, EmissionGateExponent). */
export interface EmissionGateRule {
  /**
   * How θ is chosen: 'rank' = the `rank`-th largest positive share (spec 441, EmissionBarRank > 0);
   * 'quantile' = the share at which the descending running sum reaches `quantile` (spec 440, rank 0).
   */
  mode: 'rank' | 'quantile';
  /** N of rank mode (u16). */
  rank: number;
  /** q of quantile mode, U64F64 bits. */
  quantile: bigint;
  /** The Hill exponent h, U64F64 bits. */
  exponent: bigint;
  /** Blocks between bar recomputations (the chain's constant 360); 0 = every block. */
  barInterval: number;
}

/** EmissionBarQuantile's default 0.61 as the chain stores it. */
export const DEFAULT_BAR_QUANTILE = 11_252_513_884_962_826_240n;

/** Mainnet since spec 441: rank mode, N = 32, h = 3 (q = 0.61 is stored but inert). */
export const RANK_EMISSION_GATE: EmissionGateRule = {
  mode: 'rank',
  rank: 32,
  quantile: DEFAULT_BAR_QUANTILE,
  exponent: U64F64.fromInt(3),
  barInterval: 360,
};

/** Spec 440 (one week): the q-mass bar, q = 0.61, h = 3. */
export const QUANTILE_EMISSION_GATE: EmissionGateRule = { ...RANK_EMISSION_GATE, mode: 'quantile', rank: 0 };

/** Whether the bar is recomputed this block: when none is stored, and on multiples of the interval. */
export function barUpdateDue(block: number, storedBar: bigint, barInterval: number): boolean {
  return storedBar === 0n || barInterval === 0 || block % barInterval === 0;
}

/** θ' from the (reweighted) shares; 0 when there is nothing to choose from. */
export function candidateBar(shares: readonly bigint[], rule: EmissionGateRule): bigint {
  const descending = [...shares].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  if (rule.mode === 'rank' && rule.rank > 0) {
    // Only positive shares count, so empty subnets do not move the bar; with fewer than N of them
    // the smallest positive share is the bar (everyone passes the midpoint).
    const positive = descending.filter((w) => w > 0n);
    if (positive.length === 0) return 0n;
    return positive[Math.min(rule.rank, positive.length) - 1];
  }
  // q-mass: the share at which the descending running sum reaches q (zeros included); the last
  // share when it never does.
  let cumulative = 0n;
  let crossing = 0n;
  for (const w of descending) {
    cumulative += w;
    crossing = w;
    if (cumulative >= rule.quantile) break;
  }
  return crossing;
}

/** The bar stored after this block's update step: θ' replaces θ only when due and positive. */
export function updatedBar(
  shares: readonly bigint[],
  block: number,
  storedBar: bigint,
  rule: EmissionGateRule,
): bigint {
  if (!barUpdateDue(block, storedBar, rule.barInterval)) return storedBar;
  const candidate = candidateBar(shares, rule);
  return candidate > 0n ? candidate : storedBar;
}

/**
 * The gate factor 1 ⊘ (1 + safe_pow(θ ⊘ w, h)): ½ at w = θ, toward 1 above, toward 0 below. The
 * BigInt reference, step by step as the chain computes it (the oracle of `gateFactor`).
 */
export function gateFactorReference(share: bigint, bar: bigint, exponent: bigint): bigint {
  const ratio = U64F64.div(bar, share);
  return U64F64.div(U64F64.one, U64F64.add(U64F64.one, safePowU64F64(ratio, exponent)));
}

const TWO32 = 1n << 32n;
const TWO96 = 1n << 96n;

/** The gate factors of every share (0 for a zero share, which the gate leaves at 0), by the reference. */
export function gateFactorsReference(shares: readonly bigint[], bar: bigint, exponent: bigint): bigint[] {
  return shares.map((w) => (w === 0n ? 0n : gateFactorReference(w, bar, exponent)));
}

/**
 * gateFactorsReference, bit for bit, with the safe_pows of all shares on doubles, side by side.
 * safe_pow's I32F32 result e widens to the U64F64 pw = e·2^32 (< 2^95: no saturation), and
 * 1 ⊘ (1 + pw) = ⌊2^128 / (2^64 + e·2^32)⌋ = ⌊2^96 / (2^32 + e)⌋ (≤ 2^64, in range): one small division.
 */
export function gateFactors(shares: readonly bigint[], bar: bigint, exponent: bigint): bigint[] {
  const ratios = shares.map((w) => (w === 0n ? 0n : U64F64.div(bar, w)));
  const powers = safePowI32F32BitsMany(ratios, exponent);
  return shares.map((w, i) => (w === 0n ? 0n : TWO96 / (TWO32 + BigInt(powers[i]))));
}

/** One share's gate factor (gateFactors of one share). */
export function gateFactor(share: bigint, bar: bigint, exponent: bigint): bigint {
  return gateFactors([share], bar, exponent)[0];
}

/**
 * The gated products w·g (unnormalised) and their total, or null where the gate leaves the shares as
 * they are: a zero bar, or every product 0 (fixed-point underflow: the ungated shares are restored
 * so no emission is stranded).
 */
function gatedProducts(
  shares: readonly bigint[],
  bar: bigint,
  exponent: bigint,
  factors: typeof gateFactors,
): { gated: bigint[]; total: bigint } | null {
  if (bar === 0n) return null;
  const g = factors(shares, bar, exponent);
  const n = shares.length;
  const gated = new Array<bigint>(n);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    // U64F64.mul written out: a share (< 2^128) times a factor (≤ 1, 2^64 bits), shifted, never saturates.
    const w = shares[i] === 0n ? 0n : (shares[i] * g[i]) >> 64n;
    gated[i] = w;
    total += w;
  }
  return total === 0n ? null : { gated, total };
}

/**
 * Gate the shares with bar θ and renormalise. A zero bar leaves them as they are; if every gated
 * product is 0 (fixed-point underflow) the ungated shares are restored so no emission is stranded.
 * `factors` computes the gate factors (the reference in tests).
 */
export function applyGate(
  shares: readonly bigint[],
  bar: bigint,
  exponent: bigint,
  factors: typeof gateFactors = gateFactors,
): bigint[] {
  const p = gatedProducts(shares, bar, exponent, factors);
  if (p === null) return [...shares];
  const { gated, total } = p;
  // U64F64.div written out: each gated share is at most the total, so no quotient exceeds 1.
  for (let i = 0; i < gated.length; i++) gated[i] = (gated[i] << 64n) / total;
  return gated;
}

const TWO32_D = 2 ** 32;

/**
 * applyGate's shares narrowed to what the coinbase reads, ⌊share / 2^32⌋, written into `out`:
 * ⌊⌊w·2^64 / total⌋ / 2^32⌋ = ⌊w·2^32 / total⌋ (nested floors), a quotient ≤ 2^32 taken from
 * float64s where fastQuotient proves it exact, else divided in BigInt.
 */
export function applyGateHighs(shares: readonly bigint[], bar: bigint, exponent: bigint, out: Float64Array): void {
  const p = gatedProducts(shares, bar, exponent, gateFactors);
  if (p === null) {
    for (let i = 0; i < shares.length; i++) out[i] = high32(shares[i]);
    return;
  }
  const { gated, total } = p;
  const totalD = toNumber(total);
  for (let i = 0; i < gated.length; i++) {
    const q = fastQuotient(toNumber(gated[i]), totalD, TWO32_D);
    out[i] = q >= 0 ? q : toNumber((gated[i] << 32n) / total);
  }
}

/**
 * Disabled subnets (SubnetEmissionEnabled = false) get 0 and the enabled ones are renormalised over
 * themselves (all 0 when their sum is 0); with every subnet enabled the shares are unchanged.
 */
export function zeroDisabledSubnets(shares: readonly bigint[], enabled: readonly boolean[]): bigint[] {
  if (enabled.every((e) => e)) return [...shares];
  let enabledSum = 0n;
  for (let i = 0; i < shares.length; i++) if (enabled[i]) enabledSum += shares[i];
  return shares.map((w, i) => (enabled[i] && enabledSum > 0n ? U64F64.div(w, enabledSum) : 0n));
}

/** Steps 3–4 of protocol-2026h2.md §1 on the reweighted shares: update the bar, then gate with the stored bar. */
export function emissionGate(
  shares: readonly bigint[],
  block: number,
  storedBar: bigint,
  rule: EmissionGateRule,
): { shares: bigint[]; bar: bigint } {
  const bar = updatedBar(shares, block, storedBar, rule);
  return { shares: applyGate(shares, bar, rule.exponent), bar };
}

/** Inputs of the whole share computation, one entry per emit-eligible subnet in netuid order. */
export interface GatedSharesInput {
  /** SubnetMovingPrice, U64F64 bits. */
  movingPrices: readonly bigint[];
  /** MinerBurned, U64F64 bits. */
  minerBurned: readonly bigint[];
  /** SubnetEmissionEnabled. */
  emissionEnabled: readonly boolean[];
  /** The block being built (the bar cadence is absolute). */
  block: number;
  /** EmissionGateBar as stored before this block, U64F64 bits (0 = never computed). */
  storedBar: bigint;
  rule: EmissionGateRule;
}

/**
 * Each subnet's TAO share (U64F64 bits) as the chain computes it since spec 440, and the bar to
 * store: price share → MinerBurned reweight → bar update → gate → disabled-subnet zeroing.
 */
export function gatedTaoShares(input: GatedSharesInput): { shares: bigint[]; bar: bigint } {
  const reweighted = minerBurnReweight(priceShares(input.movingPrices), input.minerBurned);
  const gated = emissionGate(reweighted, input.block, input.storedBar, input.rule);
  return { shares: zeroDisabledSubnets(gated.shares, input.emissionEnabled), bar: gated.bar };
}
