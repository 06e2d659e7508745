// The halving schedule: thresholds of the exact emission rule, and a projection of when each is
// reached from a starting issuance, with optional recycling (protocol.md §4.1).

import { BLOCKS_PER_DAY, emissionForIssuance, halvingThreshold, TOTAL_SUPPLY } from './block-emission.ts';

export interface HalvingRow {
  /** Halving number: k = 1 is the first halving. */
  k: number;
  /** Issuance (RAO) at which it begins. */
  threshold: bigint;
  /** RAO minted per block once it begins. */
  emissionPerBlock: bigint;
  /** Blocks from the start until it is reached: 0 if already reached, null if never. */
  blocksFromStart: bigint | null;
}

/** Emission per block by halving index, with the thresholds; cached since they never change. */
const thresholds: bigint[] = [];
export function thresholdOf(k: number): bigint {
  while (thresholds.length <= k) thresholds.push(halvingThreshold(thresholds.length));
  return thresholds[k];
}

/**
 * RAO per block at an issuance, via the cached thresholds: exactly emissionForIssuance, since the
 * halving count is non-decreasing in issuance and constant between thresholds.
 */
export function blockEmission(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  let k = 0;
  while (issuance >= thresholdOf(k + 1)) k++;
  return emissionAtHalving(k);
}

const thresholdsD: number[] = [];
/** Number(thresholdOf(k)), cached. */
function thresholdD(k: number): number {
  while (thresholdsD.length <= k) thresholdsD.push(Number(thresholdOf(thresholdsD.length)));
  return thresholdsD[k];
}
const TOTAL_SUPPLY_D = Number(TOTAL_SUPPLY);
/** Relative distance from a threshold beyond which a float64 issuance settles the halving. */
const THRESHOLD_MARGIN = 2 ** -48;
/** Halvings beyond this are left to blockEmission (their thresholds crowd together below the supply). */
const FAST_HALVINGS = 32;

/**
 * blockEmission(I) from a float64 `issuanceD` within I·2^-51 of the issuance I (a sum of a few
 * converted RAO amounts): the emission when issuanceD lies more than 2^-48 (relative) inside one
 * halving's interval [T_k, T_{k+1}) — the thresholds' float64s are within 2^-53, so I lies in the same
 * interval — else undefined (then the caller sums the BigInts and asks blockEmission).
 */
export function blockEmissionFromFloat(issuanceD: number): bigint | undefined {
  if (!(issuanceD >= 0) || issuanceD >= TOTAL_SUPPLY_D * (1 - THRESHOLD_MARGIN)) return undefined;
  let k = 0;
  while (issuanceD >= thresholdD(k + 1)) if (++k >= FAST_HALVINGS) return undefined;
  if (k > 0 && issuanceD < thresholdD(k) * (1 + THRESHOLD_MARGIN)) return undefined;
  if (issuanceD >= thresholdD(k + 1) * (1 - THRESHOLD_MARGIN)) return undefined;
  return emissionAtHalving(k);
}

/** 10^9 >> k, cached (read every block for every subnet's alpha emission). */
const emissions: bigint[] = [];
function emissionAtHalving(k: number): bigint {
  while (emissions.length <= k) emissions.push(1_000_000_000n >> BigInt(emissions.length));
  return emissions[k];
}

/** RAO minted in one block: the emission, capped so issuance never exceeds the supply (`mint_tao`). */
export function mintBlock(issuance: bigint): bigint {
  const e = blockEmission(issuance);
  const room = TOTAL_SUPPLY - issuance;
  return e < room ? e : room > 0n ? room : 0n;
}

/**
 * Project halvings 1..count from `issuance`, minting each block's emission and recycling
 * `recycledPerDay` RAO per day (spread evenly over its BLOCKS_PER_DAY blocks).
 */
export function projectHalvings(issuance: bigint, recycledPerDay: bigint, count: number): HalvingRow[] {
  const rows: HalvingRow[] = [];
  let at = issuance;
  let blocks = 0n;
  let reachable = true;
  const perDay = BigInt(BLOCKS_PER_DAY);
  for (let k = 1; k <= count; k++) {
    const threshold = thresholdOf(k);
    let blocksFromStart: bigint | null;
    if (issuance >= threshold) {
      blocksFromStart = 0n;
    } else if (!reachable) {
      blocksFromStart = null;
    } else {
      // Within the current segment emission is constant: net gain per block = e − r/7200.
      const netPerDay = emissionForIssuance(at) * perDay - recycledPerDay;
      if (netPerDay <= 0n) {
        reachable = false;
        blocksFromStart = null;
      } else {
        const need = (threshold - at) * perDay;
        const b = (need + netPerDay - 1n) / netPerDay; // ceil
        blocks += b;
        at = threshold;
        blocksFromStart = blocks;
      }
    }
    rows.push({ k, threshold, emissionPerBlock: emissionForIssuance(threshold), blocksFromStart });
  }
  return rows;
}
