// What the coinbase reads of each subnet's TAO share, ⌊share / 2^32⌋, through the whole share
// computation of the price eras (protocol.md §4.3, protocol-2026h2.md §1): price shares, the
// MinerBurned reweight, the emission gate with its stored bar, disabled subnets zeroed, all in
// float64s with an error bound carried step by step; each floor is taken only where the bound places
// the exact value between the same two integers. Where it cannot (a value too close to an integer,
// a sum too small, a bar update due), the caller computes the shares in BigInt (subnet-shares.ts,
// emission-gate.ts), which stay the reference: test/share-highs-float.test.ts compares the two.
//
// The bound. Values are fractions of 1 (U64F64 bits / 2^64). Each step's approximations X_i of the
// exact values x_i (the chain's integers over 2^64) satisfy |X_i − x_i| ≤ rel·X_i + abs for every
// i (a `Bound`), with u = 2^-53 the rounding of one float64 operation:
// - a price share: p_i / Σp from Number(p_i) and Number(Σp) (Σp summed exactly in 32-bit words),
//   three roundings: rel 4u; the chain's floor at 2^-64: abs 2^-64;
// - a product by a factor in [0, 1] with its own bound (c, the factor's approximation C ≤ 1):
//   |XC − xc| ≤ |X − x|·C + x·|C − c|, plus the product's rounding and the chain's floor:
//   rel' = (rel + c.rel + u)·(1 + 1/100), abs' = (abs + c.abs)·(1 + 1/100) + 2^-64;
// - a normalisation X_i / S, S the float64 sum of the X_i (n − 1 roundings): with
//   |S − Σx| ≤ S·σ, σ = (rel + n·u)·(1 + 1/100) + n·abs / S, the quotient's error is
//   rel' = (rel + σ + 2u)·(1 + 1/100), abs' = abs / S·(1 + 1/100) + 2^-64 (the chain's floor). S is
//   required to be at least 2^-8, so absolute errors grow by at most 2^8 here;
// - the gate's ratio θ / w (the I32F32 base of safe_pow, ⌊θ·2^32 / w⌋) from θ and X_i: with
//   η_i = rel + abs / X_i (|w_i / X_i − 1| ≤ η_i), the float64 ratio is within (η_i + 3u)·(1 + 1/100)
//   of it, relatively; safe_pow then runs on the exact integer (transcendental.ts). A ratio too close
//   to an integer for that (the bar's own subnet, whose share is the bar until prices move) is
//   divided exactly, from the chain's shares before the gate (subnetShares, at most once a block);
// - the gate factor 2^32 / (2^32 + e) from safe_pow's exact e: two roundings, rel 3u; the chain's
//   ⌊2^96 / (2^32 + e)⌋: abs 2^-64.
// The factor 1 + 1/100 covers the second-order terms the lines above drop, as long as every
// relative error stays below 2^-20 (checked). The high word of a share X is then ⌊X·2^32⌋ with the
// error (rel·X + abs)·2^32, which floorWithin settles or refuses.

import { addWords, floorWithin, toNumber, wordSumToNumber } from '../fixed/exact-quotient.ts';
import { U64F64 } from '../fixed/fixed.ts';
import { safePowI32F32BitsOfBases, safePowU64F64 } from '../fixed/transcendental.ts';
import type { EmissionEra } from './protocol-rules.ts';
import { type ShareInputs, subnetShares } from './subnet-shares.ts';

/** The emission gate as one block applies it: the stored bar (no update due) and the exponent, U64F64 bits. */
export interface GateStep {
  bar: bigint;
  exponent: bigint;
}

/** |X_i − x_i| ≤ rel·X_i + abs for every i (fractions of 1). */
interface Bound {
  rel: number;
  abs: number;
}

const U = 2 ** -53;
/** One floor of U64F64 bits, as a fraction. */
const FLOOR64 = 2 ** -64;
const GROW = 1.01;
/** A normalising sum below this is left to BigInt (it would amplify the absolute errors too much). */
const MIN_SUM = 2 ** -8;
/** Relative errors stay far below this, or the bound's first-order reasoning is not trusted. */
const MAX_REL = 2 ** -20;
const TWO32 = 2 ** 32;
const TWO_M64 = 2 ** -64;
/** U64F64 ratios from here on have I32F32 bits (ratio >> 32) of 2^53 or more. */
const TWO85 = 1n << 85n;
/** Most subnets (the sums' word arithmetic and n·u stay small). */
const MAX_SUBNETS = 2 ** 16;

const WORDS = new Float64Array(2);
let values = new Float64Array(0);

/** The share computation of one block: its era's shares, then the gate and disabled subnets. */
export interface ShareSteps {
  /** A price era ('flow' is not done here). */
  era: Exclude<EmissionEra, 'flow'>;
  /** The MinerBurned reweight (the current era's rule). */
  weighting: boolean;
  /** The gate with the stored bar; null: none. */
  gate: GateStep | null;
  /** SubnetEmissionEnabled per subnet; null: all enabled (the chain then renormalises nothing). */
  enabled: readonly boolean[] | null;
}

/**
 * ⌊share / 2^32⌋ of each subnet into `out`, as the BigInt chain gives it: price shares, the MinerBurned
 * reweight, the gate, then disabled subnets zeroed and the rest renormalised, as `steps` says. A gate
 * ratio the bound cannot settle is divided from the chain's shares before the gate (subnetShares,
 * computed then). False (out unspecified) where the bound cannot settle a floor: the caller then
 * computes the shares in BigInt.
 */
export function floatShareHighs(subnets: readonly ShareInputs[], steps: ShareSteps, out: Float64Array): boolean {
  const { weighting } = steps;
  // As the chain: a zero bar gates nothing (gatedProducts), and with every subnet enabled nothing is
  // renormalised (zeroDisabledSubnets); either step would otherwise renormalise what the chain does not.
  const gate = steps.gate !== null && steps.gate.bar !== 0n ? steps.gate : null;
  const enabled = steps.enabled !== null && !steps.enabled.every((e) => e) ? steps.enabled : null;
  const n = subnets.length;
  let bound = preGateShares(subnets, weighting);
  if (bound === null) return false;
  const x = values; // after preGateShares, which sizes it
  if (gate !== null) {
    const bases = gateBases(x, n, gate, bound, subnets, steps);
    bound = applyGate(x, n, gate, bases, bound);
    if (bound !== null) bound = normalize(x, n, bound);
    if (bound === null) return false;
  }
  if (enabled !== null) {
    for (let i = 0; i < n; i++) if (!enabled[i]) x[i] = 0; // exactly the chain's 0
    bound = normalize(x, n, bound);
    if (bound === null) return false;
  }
  return highWords(x, n, bound, out);
}

/** The shares before the gate (subnetShares) into `values`, with their bound; null where not settled. */
function preGateShares(subnets: readonly ShareInputs[], weighting: boolean): Bound | null {
  const n = subnets.length;
  if (n === 0 || n > MAX_SUBNETS) return null;
  if (values.length < n) values = new Float64Array(Math.max(n, 2 * values.length));
  const bound = priceShares(subnets, values);
  if (bound === null || !weighting) return bound;
  return normalize(values, n, reweightByBurn(subnets, values, bound));
}

/**
 * The gate's ratios as safe_pow reads them, ⌊θ·2^32 / w⌋ (I32F32 bits of U64F64.div(θ, w)), for the
 * shares before the gate: what the float path computes (test/share-highs-float.test.ts holds each to
 * the chain's). −1 for a share whose power comes from the reference instead; null where not settled.
 */
export function floatGateBases(subnets: readonly ShareInputs[], steps: ShareSteps, gate: GateStep): number[] | null {
  const bound = preGateShares(subnets, steps.weighting);
  if (bound === null) return null;
  const { bases, reference } = gateBases(values, subnets.length, gate, bound, subnets, steps);
  if (reference !== null) for (const i of reference.keys()) bases[i] = -1;
  return bases;
}

/** p_i / Σp into x; null when Σp is 0 or a price exceeds 1 (2^64 bits). */
function priceShares(subnets: readonly ShareInputs[], x: Float64Array): Bound | null {
  const n = subnets.length;
  WORDS[0] = 0;
  WORDS[1] = 0;
  for (let i = 0; i < n; i++) if (!addWords(subnets[i].movingPrice, WORDS)) return null;
  const total = wordSumToNumber(WORDS);
  if (total === 0) return null;
  for (let i = 0; i < n; i++) x[i] = toNumber(subnets[i].movingPrice) / total;
  return { rel: 4 * U, abs: FLOOR64 };
}

/** x_i ⊗ (1 − min(MinerBurned_i, 1)) (U64F64.mul, floored): a product by a factor within u. */
function reweightByBurn(subnets: readonly ShareInputs[], x: Float64Array, b: Bound): Bound {
  for (let i = 0; i < subnets.length; i++) {
    const burned = subnets[i].minerBurned;
    if (burned === 0n) continue; // the chain keeps the share as it is
    const keep = burned < U64F64.one ? U64F64.one - burned : 0n;
    x[i] *= toNumber(keep) * TWO_M64;
  }
  return product(b, { rel: U, abs: 0 });
}

/** A product's bound: the factor (bounded by c) in [0, 1], one rounding, the chain's floor. */
function product(b: Bound, c: Bound): Bound {
  return { rel: (b.rel + c.rel + U) * GROW, abs: (b.abs + c.abs) * GROW + FLOOR64 };
}

/** x_i / Σx in place (U64F64 normalisation, floored); null when the sum is below MIN_SUM. */
function normalize(x: Float64Array, n: number, b: Bound): Bound | null {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  if (!(sum >= MIN_SUM)) return null;
  for (let i = 0; i < n; i++) x[i] /= sum;
  const sigma = (b.rel + n * U) * GROW + (n * b.abs) / sum;
  const rel = (b.rel + sigma + 2 * U) * GROW;
  return rel < MAX_REL ? { rel, abs: (b.abs / sum) * GROW + FLOOR64 } : null;
}

interface GateBases {
  /** safe_pow's I32F32 base per share (0 for a zero share). */
  bases: number[];
  /** Powers from the reference, by index, for shares whose bases exceed the exact double range. */
  reference: Map<number, bigint> | null;
}

/**
 * Each share's ratio θ ⊘ w as safe_pow's base, from the floats where the bound settles its floor, else
 * from the chain's share. A share that floored to 0 there (X_i > 0 can stand for one) is set to 0 in
 * x, as the chain gates it to 0.
 */
function gateBases(
  x: Float64Array,
  n: number,
  gate: GateStep,
  b: Bound,
  subnets: readonly ShareInputs[],
  steps: ShareSteps,
): GateBases {
  const bar = toNumber(gate.bar) * TWO_M64;
  const bases = new Array<number>(n);
  let exact: readonly bigint[] | null = null;
  let reference: Map<number, bigint> | null = null;
  for (let i = 0; i < n; i++) {
    const w = x[i];
    if (w === 0) {
      bases[i] = 0;
      continue;
    }
    const eta = b.rel + b.abs / w;
    const r = (bar / w) * TWO32;
    let base = eta < MAX_REL ? floorWithin(r, r * (eta + 3 * U) * GROW) : -1;
    if (base < 0) {
      // The ratio's I32F32 bits ⌊θ·2^32 / w⌋ (the high word of U64F64.div(θ, w)) as a Number where
      // exact; a share so far below the bar that they are not has its power from the reference.
      exact ??= subnetShares(steps.era, subnets, steps.weighting);
      if (exact[i] === 0n) {
        x[i] = 0;
        bases[i] = 0;
        continue;
      }
      const ratio = U64F64.div(gate.bar, exact[i]);
      if (ratio >= TWO85) {
        reference ??= new Map();
        reference.set(i, safePowU64F64(ratio, gate.exponent) >> 32n);
        base = 0;
      } else base = Number(ratio >> 32n);
    }
    bases[i] = base;
  }
  return { bases, reference };
}

/** Each share times its gate factor 1 ⊘ (1 + safe_pow(θ ⊘ w, h)) (gateFactors), unnormalised. */
function applyGate(x: Float64Array, n: number, gate: GateStep, g: GateBases, b: Bound): Bound {
  const powers = safePowI32F32BitsOfBases(g.bases, gate.exponent);
  for (let i = 0; i < n; i++) {
    if (x[i] === 0) continue;
    const e = g.reference?.get(i) ?? powers[i];
    const denominator = typeof e === 'number' ? TWO32 + e : toNumber(BigInt(TWO32) + e);
    x[i] *= TWO32 / denominator;
  }
  return product(b, { rel: 3 * U, abs: FLOOR64 });
}

/** ⌊x_i·2^32⌋ into out where the bound settles each; false otherwise. */
function highWords(x: Float64Array, n: number, b: Bound, out: Float64Array): boolean {
  const abs = b.abs * TWO32;
  for (let i = 0; i < n; i++) {
    const r = x[i] * TWO32;
    const e = (r * b.rel + abs) * GROW;
    // Shares are never negative: below 1 − e the floor is 0 however close r is to 0.
    const q = r + e < 1 ? 0 : floorWithin(r, e);
    if (q < 0) return false;
    out[i] = q;
  }
  return true;
}
