// Neuron registration: the burn price (protocol.md §5.1 current, §5.2 legacy) and which uid a new
// hotkey takes when the subnet is full (§5.3).

import { PRODUCT_SHIFT32_LIMIT, productShift32, toNumber } from '../fixed/exact-quotient.ts';
import { U64F64, U110F18 } from '../fixed/fixed.ts';
import type { ProtocolRules } from './protocol-rules.ts';
import type { SubnetState } from './subnet.ts';

const Q32 = 1n << 32n;

/** x^h in Q32, floored at each multiplication (square-and-multiply). */
function powQ32(x: bigint, h: number): bigint {
  let r = Q32;
  let b = x;
  for (let e = h; e > 0; e >>= 1) {
    if (e & 1) r = (r * b) >> 32n;
    b = (b * b) >> 32n;
  }
  return r;
}

const decayCache = new Map<number, bigint>();

/** The per-block decay factor f in Q32: the largest f with f^halfLife ≤ 1/2 (bisection on Q32 values). */
export function burnDecayFactor(halfLife: number): bigint {
  const cached = decayCache.get(halfLife);
  if (cached !== undefined) return cached;
  let lo = 0n;
  let hi = Q32;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (powQ32(mid, halfLife) > Q32 / 2n) hi = mid;
    else lo = mid;
  }
  decayCache.set(halfLife, lo);
  return lo;
}

function clampBurn(s: SubnetState, burn: bigint): bigint {
  return burn < s.minBurn ? s.minBurn : burn > s.maxBurn ? s.maxBurn : burn;
}

/** §5.1: each block (after block 1) burn ← floor(burn × f), clamped into [MinBurn, MaxBurn]. */
export function decayBurn(s: SubnetState, rules: ProtocolRules, block: number): void {
  if (block <= 1) return;
  s.burn = clampBurn(s, (s.burn * burnDecayFactor(rules.burnHalfLife)) >> 32n);
}

/**
 * `decayBurn` for every subnet of a block, with the factor looked up once. A subnet whose burn sits
 * at its minimum (≤ its maximum) is skipped: there floor(burn × f) ≤ burn (f < 1 in Q32) and the
 * clamp returns MinBurn again — for MinBurn > 0 the product is strictly below it; for MinBurn = 0 it
 * is 0, which is not above MaxBurn ≥ 0 — so the burn is unchanged.
 */
export function decayBurns(subnets: readonly SubnetState[], rules: ProtocolRules, block: number): void {
  if (block <= 1) return;
  const f = burnDecayFactor(rules.burnHalfLife);
  const fD = Number(f);
  const fHigh = Math.floor(fD / TWO16);
  const fLow = fD - fHigh * TWO16;
  for (let i = 0; i < subnets.length; i++) {
    const s = subnets[i];
    if (s.burn === s.minBurn && s.minBurn <= s.maxBurn) continue;
    const burnD = toNumber(s.burn);
    s.burn = clampBurn(
      s,
      burnD < PRODUCT_SHIFT32_LIMIT ? BigInt(productShift32(burnD, fHigh, fLow)) : (s.burn * f) >> 32n,
    );
  }
}

const TWO16 = 2 ** 16;

/** §5.1: after a registration burn ← floor(burn × BurnIncreaseMult) (U64F64), clamped. */
export function bumpBurn(s: SubnetState, rules: ProtocolRules): void {
  s.burn = clampBurn(s, U64F64.toInt(U64F64.mul(U64F64.fromInt(s.burn), rules.burnIncreaseMult), 0n));
}

/**
 * §5.2 legacy: every AdjustmentInterval blocks the burn moves by (r + t) / 2t, with r the
 * registrations this interval and t the target, in U110F18 (AdjustmentAlpha 0). All simulated
 * registrations are burned (no proof of work), so the chain's rule for which quantity moves reduces
 * to: the burn moves when r > t (more burns than PoW) or when r = 0 (equal counts: both move); for
 * 0 < r ≤ t it is the PoW difficulty that moves, and the burn stays.
 */
export function adjustBurnInterval(s: SubnetState, rules: ProtocolRules, block: number): void {
  if (rules.adjustmentInterval <= 0 || block % rules.adjustmentInterval !== 0) return;
  const r = BigInt(s.registrationsThisInterval);
  const t = BigInt(rules.targetRegistrationsPerInterval);
  s.registrationsThisInterval = 0;
  if (t === 0n || (r > 0n && r <= t)) return;
  const x = U110F18.fromInt(s.burn);
  const next = U110F18.div(U110F18.mul(x, U110F18.fromInt(r + t)), U110F18.fromInt(2n * t));
  s.burn = clampBurn(s, U110F18.toInt(next, 0n));
}

/** immune(uid) ⇔ b − BlockAtRegistration < ImmunityPeriod. */
export function isImmune(s: SubnetState, uid: number, block: number): boolean {
  return block - s.neurons.blockAtRegistration[uid] < s.immunityPeriod;
}

/**
 * §5.3: the uid a new hotkey replaces in a full subnet. Owner-immortal uids (the owner hotkey) are
 * never chosen. Among the rest: lowest `Emission`, then earliest registration, then lowest uid. A
 * non-immune uid is taken when more than MinNonImmuneUids non-immune uids exist; otherwise the best
 * immune one (or the best non-immune one if every candidate is non-immune). Null if none qualifies.
 */
export function uidToReplace(s: SubnetState, rules: ProtocolRules, block: number): number | null {
  let best: number | null = null;
  let bestImmune: number | null = null;
  let nonImmune = 0;
  const better = (a: number, b: number | null): boolean => {
    if (b === null) return true;
    if (s.emission[a] !== s.emission[b]) return s.emission[a] < s.emission[b];
    const ra = s.neurons.blockAtRegistration[a];
    const rb = s.neurons.blockAtRegistration[b];
    return ra !== rb ? ra < rb : a < b;
  };
  for (let uid = 0; uid < s.neurons.n; uid++) {
    if (s.hotkeys[uid] === s.ownerHotkey && rules.immuneOwnerUidsLimit > 0) continue;
    if (isImmune(s, uid, block)) {
      if (better(uid, bestImmune)) bestImmune = uid;
    } else {
      nonImmune++;
      if (better(uid, best)) best = uid;
    }
  }
  if (nonImmune > rules.minNonImmuneUids || bestImmune === null) return best;
  return bestImmune;
}
