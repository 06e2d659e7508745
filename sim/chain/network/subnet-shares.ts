// Each emitting subnet's share of the block's TAO emission (protocol.md §4.3 and its history, §10).

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

/**
 * Shares (U64F64 bits) in the order of `subnets`, before any emission gate:
 * - dtao: the moving price over the sum of moving prices;
 * - current: that, weighted by 1 − min(MinerBurned, 1) and renormalised (falls back to the price
 *   shares when every subnet burned everything);
 * - flow: the positive part of each subnet's net-flow EMA over their sum (negative flow gets nothing).
 */
export function subnetShares(
  era: EmissionEra,
  subnets: readonly SubnetState[],
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
