// The per-block coinbase of the pool eras (dtao, flow, current): how the block's minted TAO and
// each subnet's alpha emission enter the pools and the pending buckets (protocol.md §4.3–§4.5).
// Amounts are exact RAO; the split arithmetic uses the chain's fixed-point types. Whatever of the
// minted TAO is not placed in a pool is recycled, so issuance = minted − recycled holds to the RAO.

import { blockEmission, blockEmissionFromFloat } from '../emission/halving-schedule.ts';
import {
  addWords,
  fastQuotient,
  high32,
  PRODUCT_SHIFT32_LIMIT,
  productShift32,
  toNumber,
  trustedFloor,
  wordSumExceeds64,
} from '../fixed/exact-quotient.ts';
import { U96F32 } from '../fixed/fixed.ts';
import { U16_MAX } from '../fixed/u16.ts';
import { taoWeightI64F64 } from '../yuma/stake.ts';
import { applyGate, applyGateHighs, barUpdateDue, updatedBar, zeroDisabledSubnets } from './emission-gate.ts';
import type { NetworkState } from './network-state.ts';
import { buyAlpha, inject, sellAlpha, spotPrice, spotPriceFast } from './pool.ts';
import { adjustProtocolLiquidity, reservoirsOf } from './protocol-liquidity.ts';
import { floatShareHighs } from './share-highs-float.ts';
import { alphaIssuance, alphaIssuanceD, type SubnetState } from './subnet.ts';
import { priceShareHighs, subnetShares } from './subnet-shares.ts';

const HALF = U96F32.fromNum(0.5);

/** Subnets that receive emission at `block`: emission starts the block after FirstEmissionBlock. */
export function emittingSubnets(net: NetworkState, block: number): readonly SubnetState[] {
  const { subnets } = net;
  // Most blocks every subnet emits: the list itself, not a copy.
  for (let i = 0; i < subnets.length; i++)
    if (!(block > subnets[i].firstEmissionBlock)) return subnets.filter((s) => block > s.firstEmissionBlock);
  return subnets;
}

const PRICE_SUM = new Float64Array(2);
/**
 * Σ moving prices > 1 (U64F64 bits > 2^64). The prices are never negative, so once a partial sum
 * exceeds 1 the whole sum does and the rest need not be added; the partial sums are kept exactly as
 * word sums (addWords), a BigInt sum only for a price above 1.
 */
function pricesExceedOne(emitting: readonly SubnetState[]): boolean {
  PRICE_SUM[0] = 0;
  PRICE_SUM[1] = 0;
  for (let i = 0; i < emitting.length; i++) {
    if (!addWords(emitting[i].movingPrice, PRICE_SUM)) return true; // one price alone above 1
    if (wordSumExceeds64(PRICE_SUM)) return true;
  }
  return false;
}

const taoWeightCache = new Map<bigint, bigint>();
/** w_tao as U96F32 bits (32 fractional bits, as the chain holds it). */
function taoWeightU96(net: NetworkState): bigint {
  let w = taoWeightCache.get(net.rules.taoWeight);
  if (w === undefined) {
    w = taoWeightI64F64(net.rules.taoWeight) >> 32n;
    taoWeightCache.set(net.rules.taoWeight, w);
  }
  return w;
}

/** w·rootTAO (U96F32), the root side of every subnet's root proportion. */
function weightedRoot(net: NetworkState): bigint {
  return U96F32.mul(taoWeightU96(net), U96F32.fromInt(net.rootTotal));
}

/** root_proportion = w·rootTAO / (w·rootTAO + alpha issuance), U96F32 (§4.4). */
export function rootProportion(net: NetworkState, s: SubnetState, weighted = weightedRoot(net)): bigint {
  return U96F32.div(weighted, U96F32.add(weighted, U96F32.fromInt(alphaIssuance(s))));
}

/**
 * rootProportion's U96F32 arithmetic written out: weighted ≤ rootTAO·2^32 and issuance·2^32 are
 * below 2^88, so the sum needs no saturation and the quotient (≤ 1, i.e. ≤ 2^32) no range check;
 * a zero sum gives 0 (`safe_div`).
 */
export function rootProportionBits(weighted: bigint, issuance: bigint): bigint {
  const sum = weighted + (issuance << 32n);
  return sum === 0n ? 0n : (weighted << 32n) / sum;
}

/**
 * rootProportionBits from float64s: w·rootTAO as `weightedD` (Number(weighted), once per block) and
 * the issuance I as a float64 within 2^-51 of it (Number(I), or alphaIssuanceD): the quotient
 * q = w·2^32 / (w + I·2^32) (≤ 2^32) as a Number where fastQuotient proves it exact, else −1 (then
 * rootProportionBits decides). The denominator's float64, weightedD + I·2^32, stays within 2^-50 of
 * the sum, as fastQuotient's proof asks. Near 1 (w ≫ I, as on a young network) q sits just below
 * 2^32, where float64 cannot place it: there it is 2^32 − ⌈c⌉ with the small complement
 * c = I·2^64 / (w + I·2^32), whose floor fastQuotient gives (⌈c⌉ = ⌊c⌋ + 1: c > 0 is no integer
 * where the floor is trusted).
 */
export function rootProportionD(weightedD: number, issuanceD: number): number {
  // weighted = 0 (weightedD = 0) gives 0, as rootProportionBits does, also for a zero sum.
  if (weightedD === 0) return 0;
  if (issuanceD === 0) return TWO32; // w / w
  const sumD = weightedD + issuanceD * TWO32;
  const q = fastQuotient(weightedD, sumD, TWO32);
  if (q >= 0) return q;
  const c = fastQuotient(issuanceD, sumD, TWO64);
  return c < 0 ? -1 : TWO32 - c - 1;
}
const TWO64 = 2 ** 64;
const TWO32 = 2 ** 32;

/** What one subnet received in one block (for metrics). */
export interface SubnetBlockFlows {
  taoIn: bigint;
  alphaIn: bigint;
  taoChainBuy: bigint;
  alphaOut: bigint;
}

/**
 * Run the coinbase for one block: `minted` RAO of new TAO is split between the emitting subnets.
 * Returns the TAO recycled (the caller lowers issuance by it).
 */
export function runPoolCoinbase(net: NetworkState, minted: bigint, block: number): bigint {
  const emitting = emittingSubnets(net, block);
  const shares = shareHighs(net, emitting, block);
  const rootSell = pricesExceedOne(emitting);

  const weighted = weightedRoot(net);
  const weightedD = Number(weighted);
  const mintedD = Number(minted);
  // RAO placed in pools. A Number is exact: each subnet places at most floor(T) ≤ minted ≤ 10^9
  // RAO (T = minted × share with share ≤ 1), so the sum stays far below 2^53.
  let placed = 0;
  for (let i = 0; i < emitting.length; i++)
    placed += emitSubnet(net, emitting[i], minted, mintedD, shares[i], rootSell, weighted, weightedD);
  return minted - BigInt(placed);
}

let highs = new Float64Array(0);
/**
 * What emitSubnet reads of each emitting subnet's share, ⌊share / 2^32⌋ (≤ 2^32), in a buffer reused
 * across blocks. The shares are gated, with the emission gate on, by the stored bar, which is updated
 * first (protocol-2026h2.md §1); then subnets with SubnetEmissionEnabled = false get 0 and the others
 * are renormalised (§1 step 5; every subnet is enabled unless registered by the queue). The last
 * division is taken from float64s where that is proven exact (priceShareHighs without the gate,
 * applyGateHighs with it), else in BigInt; floatShareHighs takes every step in float64 first, where
 * its error bound settles each floor.
 */
function shareHighs(net: NetworkState, emitting: readonly SubnetState[], block: number): Float64Array {
  const n = emitting.length;
  if (highs.length < n) highs = new Float64Array(Math.max(n, 2 * highs.length));
  const { rules } = net;
  const rule = rules.emissionGate;
  const gateOn = rule !== null && rule !== undefined;
  const allEnabled = emitting.every((s) => s.emissionEnabled !== false);
  const enabled = allEnabled ? null : emitting.map((s) => s.emissionEnabled !== false);
  if (allEnabled && !gateOn && rules.era !== 'flow' && priceShareHighs(emitting, rules.minerBurnedWeighting, highs))
    return highs;
  // The whole chain in float64 with its error bound, except on the blocks that update the bar (they
  // need the exact shares to choose it).
  if (rules.era !== 'flow' && !(gateOn && barUpdateDue(block, net.emissionGateBar ?? 0n, rule.barInterval))) {
    const steps = {
      era: rules.era,
      weighting: rules.minerBurnedWeighting,
      gate: gateOn ? { bar: net.emissionGateBar ?? 0n, exponent: rule.exponent } : null,
      enabled,
    };
    if (floatShareHighs(emitting, steps, highs)) return highs;
  }
  let shares = subnetShares(rules.era, emitting, rules.minerBurnedWeighting);
  if (gateOn) {
    const bar = updatedBar(shares, block, net.emissionGateBar ?? 0n, rule);
    if (bar !== 0n) net.emissionGateBar = bar;
    if (allEnabled) {
      applyGateHighs(shares, bar, rule.exponent, highs);
      return highs;
    }
    shares = applyGate(shares, bar, rule.exponent);
  }
  if (enabled !== null) shares = zeroDisabledSubnets(shares, enabled);
  for (let i = 0; i < n; i++) highs[i] = high32(shares[i]);
  return highs;
}

let lastEmission = -1n;
let lastEmissionBits = 0n;
/** U96F32.fromInt of an alpha emission; subnets mostly share one, so the last one is reused. */
function emissionBits(alphaEmission: bigint): bigint {
  if (alphaEmission !== lastEmission) {
    lastEmissionBits = U96F32.fromInt(alphaEmission);
    lastEmission = alphaEmission;
  }
  return lastEmissionBits;
}

/**
 * One subnet's coinbase: buy alpha with the excess, inject into its pool, accumulate its pending
 * alpha and its running totals. Returns the RAO placed in the pool or its balancer reservoir
 * (injected and chain-bought TAO), at most minted ≤ 10^9, as a Number.
 */
function emitSubnet(
  net: NetworkState,
  s: SubnetState,
  minted: bigint,
  mintedD: number,
  shareHigh: number,
  rootSell: boolean,
  weighted: bigint,
  weightedD: number,
): number {
  // The U96F32 operations below are written out where no saturation or range check can fire: RAO
  // amounts are below 2^55 (21M TAO) and the per-block ones below 2^30 (10^9), so every product
  // and quotient stays far below 2^128 (each line says why). The common case, the cap not binding,
  // is settled in float64 where that is provably exact (uncappedAlphaInRao), else in BigInt.
  // The issuance, the spot price and the root proportion as float64s where they settle the BigInt
  // values exactly (alphaIssuanceD, spotPriceFast, rootProportionD); the BigInts only where not.
  const issuanceD = alphaIssuanceD(s);
  let issuance = -1n; // alphaIssuance(s), summed only where needed
  let alphaEmission = blockEmissionFromFloat(issuanceD); // the halving rule, via its exact thresholds
  if (alphaEmission === undefined) {
    issuance = alphaIssuance(s);
    alphaEmission = blockEmission(issuance);
  }
  const priceD = spotPriceFast(s.pool);
  // root_proportion (§4.4), as rootProportion() computes it, on the issuance read above (≤ 2^32).
  let rpD = rootProportionD(weightedD, issuanceD);
  if (rpD < 0) {
    if (issuance < 0n) issuance = alphaIssuance(s);
    rpD = Number(rootProportionBits(weighted, issuance));
  }
  const rootCap = net.rules.injectionCap === 'root-proportion';
  let taoInRao: bigint;
  let alphaInRao: bigint;
  let TRao: bigint;
  const fast = priceD > 0 ? uncappedAlphaInRao(mintedD, shareHigh, priceD, rootCap, rpD, alphaEmission) : -1;
  if (fast >= 0) {
    // Not capped: taoIn = T, so taoInRao = floor(T) and the excess is 0.
    TRao = BigInt(floorT(mintedD, shareHigh));
    taoInRao = TRao;
    alphaInRao = BigInt(fast);
  } else {
    const price = priceD >= 0 ? BigInt(priceD) : spotPrice(s.pool);
    const rp = BigInt(rpD);
    // TAO side: T = block emission × share (U64F64 share narrowed to U96F32: shareHigh = share >> 32);
    // for an integer emission the U96F32 product is exactly emission × share bits (< 2^30 · 2^32 =
    // 2^62 for a share ≤ 1, far below 2^128 for any U64F64 share).
    const T = minted * BigInt(shareHigh);
    let alphaIn = price === 0n ? 0n : U96F32.div(T, price);
    // floor(T) in RAO; while nothing is capped taoIn = T, so taoInRao = floor(T) and the excess is 0.
    TRao = T >> 32n;
    taoInRao = TRao;
    if (rootCap) {
      // U96F32.mul(rp, alphaEmission << 32) = rp · alphaEmission (rp ≤ 2^32: below 2^62).
      const cap = rp * alphaEmission;
      if (alphaIn > cap) {
        alphaIn = cap;
        taoInRao = U96F32.toInt(U96F32.mul(alphaIn, price), 0n);
      }
    } else {
      // dtao as launched: alpha_in = min(T / price, alpha emission), all of T injected as TAO.
      const cap = emissionBits(alphaEmission);
      if (alphaIn > cap) alphaIn = cap;
    }
    alphaInRao = alphaIn >> 32n; // U96F32.toInt: alphaIn ≥ 0
  }
  const excessRao = taoInRao === TRao ? 0n : TRao - taoInRao;

  // Excess TAO buys alpha for the protocol (a normal swap: the price goes up). tao_in and alpha_in
  // were sized on the price before this buy; the injection's admission below sees the pool after it.
  if (excessRao > 0n) {
    const bought = buyAlpha(s.pool, excessRao);
    s.protocolAlpha += bought;
    s.alphaOut += bought;
  }
  // A constant-product pool takes every injection, so under either rule it goes in whole.
  const placed =
    net.rules.injection === 'reservoir-475' && s.pool.quoteWeight !== undefined
      ? injectWithReservoirs(s, taoInRao, alphaInRao, excessRao)
      : injectOrRefuse(s, taoInRao, alphaInRao, excessRao);

  // Alpha side: alpha_out = the subnet's alpha emission, split owner / miners / validators / root.
  distributeAlphaEmission(net, s, alphaEmission, rpD, rootSell);
  s.totals.alphaEmitted += alphaEmission;
  return toNumber(placed);
}

const TWO16 = 2 ** 16;
/** A cap is certainly not reached when the float64 estimate is this far below it (errors ≤ 2^-50). */
const CAP_SLACK = 1 - 2 ** -40;

/**
 * ⌊T / 2^32⌋ for T = minted · h (the block emission times the share's high word, h ≤ 2^32), exactly
 * in float64 for minted < 2^36 (productShift32 on h's 16-bit halves).
 */
export function floorT(mintedD: number, h: number): number {
  const high = Math.floor(h / TWO16);
  return productShift32(mintedD, high, h - high * TWO16);
}

/**
 * emitSubnet's alpha_in in RAO when the cap provably does not bind, else −1 (then the BigInt path
 * decides). alpha_in = ⌊T·2^32 / price⌋ (U96F32.div, never out of range for price ≥ 1), so
 * alpha_in_rao = ⌊T / price⌋ (nested floors). The float64 T/price (T = minted·h and the price each
 * rounded once, the quotient once: within 2^-51 relative) below the cap by the factor 1 − 2^-40
 * (the cap rounded once more) puts the exact quotient below the cap: alpha_in ≤ cap, not capped.
 */
export function uncappedAlphaInRao(
  mintedD: number,
  h: number,
  priceD: number,
  rootCap: boolean,
  rpD: number,
  alphaEmission: bigint,
): number {
  if (!(mintedD < PRODUCT_SHIFT32_LIMIT)) return -1;
  const td = mintedD * h;
  // The cap in RAO: rp·emission / 2^32 (root-proportion rule) or the emission (dtao as launched).
  const capRao = rootCap ? (rpD * toNumber(alphaEmission)) / TWO32 : toNumber(alphaEmission);
  if (!(td / priceD < capRao * CAP_SLACK)) return -1;
  return fastQuotient(td, priceD, 1);
}

/**
 * Injection as taosim had it before the reservoirs: a balancer pool may refuse an injection that
 * would push its weights out of range; that TAO is then not placed (recycled) and that alpha not
 * minted. Returns the TAO placed: injected + chain-bought = floor(T) when the injection went
 * through, else the chain buy alone.
 */
function injectOrRefuse(s: SubnetState, taoInRao: bigint, alphaInRao: bigint, excessRao: bigint): bigint {
  const injected = inject(s.pool, taoInRao, alphaInRao);
  const placed = !injected ? excessRao : excessRao === 0n ? taoInRao : excessRao + taoInRao;
  s.totals.taoInjected += placed;
  if (injected && alphaInRao !== 0n) s.totals.alphaInjected += alphaInRao;
  return placed;
}

/**
 * The newest coinbase (protocol-2026h2.md §4.1): tao_in is materialised into the subnet account and
 * all of alpha_in minted; `adjust_protocol_liquidity` adds the price-active part (which may include
 * earlier blocks' reservoirs) to the pool and holds the rest in the reservoirs. Returns the TAO
 * placed: all of floor(T), in the pool or its TAO reservoir.
 */
function injectWithReservoirs(s: SubnetState, taoInRao: bigint, alphaInRao: bigint, excessRao: bigint): bigint {
  const active = adjustProtocolLiquidity(s.pool, reservoirsOf(s), taoInRao, alphaInRao);
  s.totals.taoInjected += excessRao + active.tao;
  s.totals.alphaInjected += active.alpha;
  return excessRao + taoInRao;
}

const cutCache = new Map<number, bigint>();
/** SubnetOwnerCut ⊘ 65535 as U96F32 (11796 → bits 773074452). */
function ownerCutRatio(cut: number): bigint {
  let r = cutCache.get(cut);
  if (r === undefined) {
    r = U96F32.div(U96F32.fromInt(cut), U96F32.fromInt(U16_MAX));
    cutCache.set(cut, r);
  }
  return r;
}

interface OwnerServerSplit {
  /** alpha_out after the owner cut (U96F32). */
  out: bigint;
  ownerRao: bigint;
  /** out × 0.5 (U96F32) and its floor. */
  server: bigint;
  serverRao: bigint;
  /** out − server (U96F32, saturating): the validators' and root's part before the root split. */
  rest: bigint;
  /** alpha emission − owner − server, in RAO, as a Number (≤ the emission ≤ 10^9: exact). */
  restRao: number;
  /** out and rest as float64s (rounded), for rootAndValidatorRao. */
  outD: number;
  restD: number;
}
interface CachedSplit {
  emission: bigint;
  cut: number;
  split: OwnerServerSplit;
}
/** The two splits computed last, newest first. */
let lastSplit: CachedSplit | null = null;
let previousSplit: CachedSplit | null = null;
/**
 * The owner's and the miners' parts of an alpha emission depend only on it and the cut, and the
 * emission changes only at the subnet's halvings: the last two computed are reused (subnets on either
 * side of a halving, taken in netuid order, interleave two emissions).
 */
function ownerAndServer(alphaEmission: bigint, ownerCut: number): OwnerServerSplit {
  if (lastSplit !== null && lastSplit.emission === alphaEmission && lastSplit.cut === ownerCut) return lastSplit.split;
  if (previousSplit !== null && previousSplit.emission === alphaEmission && previousSplit.cut === ownerCut) {
    const hit = previousSplit;
    previousSplit = lastSplit;
    lastSplit = hit;
    return hit.split;
  }
  const full = U96F32.fromInt(alphaEmission);
  const owner = U96F32.mul(full, ownerCutRatio(ownerCut));
  const out = U96F32.sub(full, owner);
  const server = U96F32.mul(out, HALF);
  const ownerRao = U96F32.toInt(owner, 0n);
  const serverRao = U96F32.toInt(server, 0n);
  const rest = U96F32.sub(out, server);
  const restRao = Number(alphaEmission - ownerRao - serverRao);
  const split = { out, ownerRao, server, serverRao, rest, restRao, outD: toNumber(out), restD: toNumber(rest) };
  previousSplit = lastSplit;
  lastSplit = { emission: alphaEmission, cut: ownerCut, split };
  return split;
}

// HALF is exactly 2^31 (0.5 in U96F32), so U96F32.mul(x, HALF) = saturate((x·2^31) >> 32) = x >> 1
// for any x in [0, U96F32.max] (the floor of x/2, already in range).
if (HALF !== 1n << 31n) throw new Error('U96F32 0.5 is not 2^31');

const RAO_PAIR = new Float64Array(2);
const TWO33 = 2 ** 33;
const TWO65 = 2 ** 65;

/**
 * distributeAlphaEmission's root and validator RAO from float64s, into into[0] and into[1]; false
 * when float64 cannot settle them (then the BigInt lines decide). rp ≤ 2^32 is exact; out and rest
 * (< 2^62) are rounded once.
 * - root = ⌊⌊rp·out / 2^33⌋ / 2^32⌋ = ⌊rp·out / 2^65⌋ (nested floors), a quotient below 2^29 whose
 *   float64 (two roundings) trustedFloor settles;
 * - validator = ⌊m / 2^32⌋ with m = rest − ⌊y⌋, y = rp·out / 2^33 < 2^61 (saturating at 0). The
 *   float64 (rest − y) / 2^32 is within 2^-21 of (rest − y) / 2^32 (rest, y and their difference each
 *   off by at most 2^9 in bits below 2^62), which is within 2^-32 of m / 2^32 (⌊y⌋ ≤ y < ⌊y⌋ + 1): so
 *   trustedFloor's answer is ⌊m / 2^32⌋. Where m < 0 saturates, m / 2^32 ≤ −2^-32: the estimate is
 *   negative (no answer) or below 1 − 2^-12, answered 0, the saturated value.
 */
export function rootAndValidatorRao(rpD: number, outD: number, restD: number, into: Float64Array): boolean {
  const product = rpD * outD;
  const root = trustedFloor(product / TWO65);
  if (root < 0) return false;
  const validator = trustedFloor((restD - product / TWO33) / TWO32);
  if (validator < 0) return false;
  into[0] = root;
  into[1] = validator;
  return true;
}

/** Mint alpha_out and accumulate the pending owner, server, validator and root amounts (§4.4). */
function distributeAlphaEmission(
  net: NetworkState,
  s: SubnetState,
  alphaEmission: bigint,
  rpD: number,
  rootSell: boolean,
): void {
  s.alphaOut += alphaEmission;
  // OwnerCutEnabled = false: no cut is taken, the whole alpha_out goes on to root, validators and miners.
  const cut = s.ownerCutEnabled === false ? 0 : net.rules.ownerCut;
  const { out, ownerRao, serverRao, rest, restRao, outD, restD } = ownerAndServer(alphaEmission, cut);
  let validatorRao: bigint;
  let rootRao: bigint;
  let dust: number;
  if (rootAndValidatorRao(rpD, outD, restD, RAO_PAIR)) {
    rootRao = BigInt(RAO_PAIR[0]);
    validatorRao = BigInt(RAO_PAIR[1]);
    dust = restRao - RAO_PAIR[1] - RAO_PAIR[0];
  } else {
    // U96F32.mul(U96F32.mul(rp, out), HALF), with the multiplication by HALF as a shift (above); rp ≤
    // 2^32 and out < 2^62 keep rp·out below 2^94 (no saturation), and ⌊⌊x / 2^32⌋ / 2⌋ = ⌊x / 2^33⌋.
    const rootAlpha = (BigInt(rpD) * out) >> 33n;
    // U96F32.sub(U96F32.sub(out, server), rootAlpha), with the first difference cached; it cannot go
    // below 0 (rootAlpha ≤ ⌊out / 2⌋ ≤ rest), but saturates as the chain's does if it did.
    const validator = rest > rootAlpha ? rest - rootAlpha : 0n;
    validatorRao = validator >> 32n;
    rootRao = rootAlpha >> 32n;
    // Dust = emission − owner − server − validator − root. Every term is a RAO amount in
    // [0, emission] with emission ≤ 10^9 < 2^53, so the difference is exact as a Number.
    dust = restRao - toNumber(validatorRao) - toNumber(rootRao);
  }
  s.pending.owner += ownerRao;
  s.pending.server += serverRao;
  s.pending.validator += validatorRao;
  s.pending.emitted += alphaEmission;
  if (net.rules.era === 'dtao') {
    // As launched, root alpha was sold for TAO every block (PendingRootDivs); the epoch pays that
    // TAO to root stakers (distribution.ts).
    if (rootRao > 0n) {
      s.alphaOut -= rootRao;
      s.pending.rootTao += sellAlpha(s.pool, rootRao);
      s.pending.swapped += rootRao;
    }
  } else if (rootSell) {
    s.pending.root += rootRao;
  } else {
    // Root sell off (Σ prices ≤ 1): the root share is recycled, lowering alpha issuance.
    s.alphaOut -= rootRao;
    s.pending.recycled += rootRao;
  }
  if (dust !== 0) s.alphaDust += dust > 0 && dust < SMALL_RAO.length ? SMALL_RAO[dust] : BigInt(dust);
}

/** 0n … 15n: the usual dust of a block (a few RAO of rounding), without a BigInt made each time. */
const SMALL_RAO = Array.from({ length: 16 }, (_, i) => BigInt(i));
