// Each emitting subnet's share of the block's TAO emission (protocol.md §4.3 and its history, §10).

import { addWords, floorWithin, toNumber, wordSumToNumber } from '../fixed/exact-quotient.ts';
import { I64F64, U64F64 } from '../fixed/fixed.ts';
import type { EmissionEra } from './protocol-rules.ts';
import type { SubnetState } from './subnet.ts';

/**
 * v_i ⊘ Σv in U64F64 (v_i ≥ 0); all zeros when the sum is 0. Each quotient is at most 1 (2^64), so
 * U64F64.div's range check never fires: the division is written out.
 */
function normalizeU64F64(v: bigint[]): bigint[] {
  let total = 0n;
  for (const x of v) total += x;
  if (total === 0n) return v.map(() => 0n);
  return v.map((x) => (x << 64n) / total);
}

/** Step 1 of the price eras: each moving price (U64F64) over their sum, truncated; 0s when the sum is 0. */
export function priceShares(movingPrices: readonly bigint[]): bigint[] {
  return normalizeU64F64([...movingPrices]);
}

/**
 * Step 2 (current): each share weighted by 1 − min(MinerBurned, 1) and renormalised; the price
 * shares unchanged when every weight is 0 (every subnet burned everything).
 */
export function minerBurnReweight(shares: readonly bigint[], minerBurned: readonly bigint[]): bigint[] {
  const weighted = shares.map((share, i) => {
    const burned = minerBurned[i] < U64F64.one ? minerBurned[i] : U64F64.one;
    // Nothing burned: mul(share, 1 − 0) = (share·2^64) >> 64 = share (share ≤ 1 is in range).
    if (burned === 0n) return share;
    return U64F64.mul(share, U64F64.sub(U64F64.one, burned));
  });
  const total = weighted.reduce((a, b) => a + b, 0n);
  return total === 0n ? [...shares] : normalizeU64F64(weighted);
}

/** What a subnet's share is computed from. */
export type ShareInputs = Pick<SubnetState, 'movingPrice' | 'minerBurned' | 'flowEma'>;

/**
 * Shares (U64F64 bits) in the order of `subnets`, before any emission gate:
 * - dtao: the moving price over the sum of moving prices;
 * - current: that, weighted by 1 − min(MinerBurned, 1) and renormalised (falls back to the price
 *   shares when every subnet burned everything);
 * - flow: the positive part of each subnet's net-flow EMA over their sum (negative flow gets nothing).
 */
export function subnetShares(
  era: EmissionEra,
  subnets: readonly ShareInputs[],
  minerBurnedWeighting: boolean,
): bigint[] {
  if (era === 'flow') {
    return normalizeU64F64(subnets.map((s) => (s.flowEma > 0n ? s.flowEma : 0n)));
  }
  const byPrice = priceShares(subnets.map((s) => s.movingPrice));
  if (!minerBurnedWeighting) return byPrice;
  return minerBurnReweight(
    byPrice,
    subnets.map((s) => s.minerBurned),
  );
}

const TWO32 = 2 ** 32;
const SUM = new Float64Array(2);
const EPS50 = 2 ** -50;
const TWO_M31 = 2 ** -31;
/** Most subnets priceShareHighs answers for (its proof bounds the renormalisation's drift by n·2^-31). */
const HIGHS_MAX_SUBNETS = 2 ** 16;

/**
 * What the coinbase reads of the price eras' shares without the gate, ⌊share / 2^32⌋ (the U64F64 share
 * narrowed to U96F32), written into `out` from float64s where that is provably exact; false (out
 * unspecified) when it cannot tell: the caller then computes subnetShares. With q = p·2^32 / Σp
 * (p a moving price) and its float64 r = fl(fl(p) / fl(Σp))·2^32 (three roundings: |r − q| ≤ q·2^-51,
 * below r·2^-50):
 * - without the MinerBurned weighting the share is ⌊p·2^64 / Σp⌋ and ⌊share / 2^32⌋ = ⌊q⌋;
 * - with it and nothing burned, the weights are the price shares s (each in (q·2^32 − 1, q·2^32])
 *   renormalised over their total t ∈ (2^64 − n, 2^64]: ⌊s·2^32 / t⌋ with s·2^32 / t in
 *   (q − 2^-32, q·2^64 / (2^64 − n)) ⊂ (q − 2^-32, q + n·2^-31.99] (q ≤ 2^32, n ≤ 2^16);
 * so in both cases the value floored lies within e = r·2^-50 + (n + 1)·2^-31 of r, and floorWithin(r, e)
 * is its floor where it answers. For 1 024 subnets with shares near 1/1 024, e ≈ 2^-21: a block falls
 * back (one subnet within e of an integer) about once in a thousand, where a fixed margin of 2^-12
 * made it every other block.
 * Σp = 0 and anything burned are left to subnetShares.
 */
export function priceShareHighs(
  subnets: readonly Pick<SubnetState, 'movingPrice' | 'minerBurned'>[],
  minerBurnedWeighting: boolean,
  out: Float64Array,
): boolean {
  const n = subnets.length;
  if (n > HIGHS_MAX_SUBNETS) return false;
  // Σp as exact word sums (no BigInt per subnet); totalD is Number(Σp).
  SUM[0] = 0;
  SUM[1] = 0;
  for (let i = 0; i < n; i++) {
    const s = subnets[i];
    if (minerBurnedWeighting && s.minerBurned !== 0n) return false;
    if (!addWords(s.movingPrice, SUM)) return false;
  }
  const totalD = wordSumToNumber(SUM);
  if (totalD === 0) return false;
  const slack = (n + 1) * TWO_M31;
  for (let i = 0; i < n; i++) {
    const r = (toNumber(subnets[i].movingPrice) / totalD) * TWO32;
    const e = r * EPS50 + slack;
    // The value is never negative: below 1 − e its floor is 0 however close r is to 0.
    const q = r + e < 1 ? 0 : floorWithin(r, e);
    if (q < 0) return false;
    out[i] = q;
  }
  return true;
}

/** Per-block decay factor of an EMA with the given half-life in blocks, as I64F64 bits. */
export function emaRetention(halfLifeBlocks: number): bigint {
  return I64F64.fromNum(Math.pow(0.5, 1 / halfLifeBlocks));
}

/** Flow era: fold this block's net flow into the EMA (I64F64) and reset the block's flow. */
export function updateFlowEma(s: SubnetState, retention: bigint): void {
  const flow = I64F64.fromInt(s.netFlow);
  s.flowEma = I64F64.add(I64F64.mul(retention, s.flowEma), I64F64.mul(I64F64.sub(I64F64.one, retention), flow));
  s.netFlow = 0n;
}
