// Null consensus: the opt-in alternative to Yuma for one subnet (`SubnetEpochConsensus = Null`,
// specs 474/475; docs/reference/protocol-2026h2.md §4.4). No consensus, clipping or bonds: the
// largest-stake validator's weight row alone decides the miners' half of the budget, and the
// validators' half is paid by stake, regardless of activity. Everything is integer arithmetic, so
// the exact and the fast epoch give the same result; the stake vector and the activity flags are
// Yuma's own (stake.ts, epoch.ts).

import type { EpochInput, EpochResult } from './epoch.ts';
import { I32F32_KERNELS } from './kernels.ts';
import { rawStakes, stakeWeights } from './stake.ts';

/** How a subnet's epoch turns weights and stake into emission. */
export type EpochConsensus = 'yuma' | 'null';

/**
 * `amount` split over `shares` exactly: each part is floor(amount·share/Σshare) or one more, and the
 * parts add up to `amount`. The units the floors leave go one each to the largest remainders (ties:
 * lower index). All zero when the shares are.
 */
export function apportionUnits(shares: readonly bigint[], amount: bigint): bigint[] {
  let total = 0n;
  for (const s of shares) total += s;
  const out = new Array<bigint>(shares.length).fill(0n);
  if (total === 0n || amount === 0n) return out;
  const remainders: { i: number; r: bigint }[] = [];
  let paid = 0n;
  for (let i = 0; i < shares.length; i++) {
    const x = amount * shares[i];
    out[i] = x / total;
    paid += out[i];
    if (x % total !== 0n) remainders.push({ i, r: x % total });
  }
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; k < Number(amount - paid); k++) out[remainders[k].i] += 1n;
  return out;
}

/** The one permit holder: the largest raw (unnormalised) stake, lowest uid on a tie; null if nobody has stake. */
export function nullWinner(stakes: readonly bigint[]): number | null {
  let winner: number | null = null;
  for (let i = 0; i < stakes.length; i++) {
    if (stakes[i] > 0n && (winner === null || stakes[i] > stakes[winner])) winner = i;
  }
  return winner;
}

/**
 * The winner's stored row as miner shares: raw u16 values, not masked by activity or permits; an
 * entry whose target (re)registered at or after the row was set is stale and dropped (Yuma's rule,
 * §3.6). Null when nothing is left, and the miners share equally.
 */
function winnerRowShares(input: EpochInput, winner: number): bigint[] | null {
  const { n, lastUpdate, blockAtRegistration } = input;
  const row = input.weights[winner];
  if (!row) return null;
  const shares = new Array<bigint>(n).fill(0n);
  let any = false;
  for (let k = 0; k < row.cols.length; k++) {
    const j = row.cols[k];
    if (j >= n || row.vals[k] === 0 || lastUpdate[winner] <= blockAtRegistration[j]) continue;
    shares[j] += BigInt(row.vals[k]);
    any = true;
  }
  return any ? shares : null;
}

/** The u16 proportion each amount is of their sum (all 0 when the sum is). */
function u16Proportions(amounts: readonly bigint[]): number[] {
  let total = 0n;
  for (const a of amounts) total += a;
  return amounts.map((a) => (total === 0n ? 0 : Number((a * 65_535n) / total)));
}

/**
 * One Null-consensus epoch. Budget X: miners X − ⌊X/2⌋ by the winner's row (equal over every uid when
 * the row is empty or stale, or there is no winner), validators ⌊X/2⌋ by raw stake (all to the miners,
 * equally, when nobody has stake). One permit, the winner's; bonds stay as stored.
 */
export function runNullEpoch(input: EpochInput): EpochResult {
  const { n, block, params } = input;
  const owner = input.ownerUid !== null && input.ownerUid < n ? input.ownerUid : null;
  const stakeInput = {
    alpha: input.alphaStake,
    root: input.rootStake,
    taoWeight: params.taoWeight,
    threshold: params.stakeThreshold,
    ownerUid: owner,
  };
  const stakes = rawStakes(stakeInput);
  const winner = nullWinner(stakes);
  const X = input.emission;
  const validatorBudget = winner === null ? 0n : X / 2n;
  const minerShares = (winner === null ? null : winnerRowShares(input, winner)) ?? new Array<bigint>(n).fill(1n);
  const serverEmission = apportionUnits(minerShares, X - validatorBudget);
  const validatorEmission = apportionUnits(stakes, validatorBudget);
  const emission = serverEmission.map((x, i) => x + validatorEmission[i]);

  const stake = stakeWeights(stakeInput);
  const zeros = new Float64Array(n);
  return {
    active: Array.from({ length: n }, (_, i) => !(input.lastUpdate[i] + params.activityCutoff < block)),
    stakeWeight: I32F32_KERNELS.toU16Vector(stake),
    validatorPermit: Array.from({ length: n }, (_, i) => i === winner),
    consensus: new Array<number>(n).fill(0),
    incentive: u16Proportions(serverEmission),
    dividends: u16Proportions(validatorEmission),
    validatorTrust: new Array<number>(n).fill(0),
    bonds: input.bonds,
    serverEmission,
    validatorEmission,
    emission,
    exact: {
      stake,
      activeStake: zeros,
      consensus: zeros,
      incentive: zeros,
      dividends: zeros,
      validatorTrust: zeros,
    },
  };
}
