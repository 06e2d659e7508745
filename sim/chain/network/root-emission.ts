// Emission before dTAO (protocol.md §4.9): root validators weight subnets; every root tempo the root
// epoch turns those weights into each subnet's TAO per block, which accumulates until the subnet's
// epoch. Computed in I32F32 with the same exact helpers as the Yuma epoch.

import * as F from '../fixed/i32f32.ts';
import { expSafe } from '../fixed/transcendental.ts';
import { u16ProportionToFixed } from '../fixed/u16.ts';
import { legacyEpochDue } from './epoch-schedule.ts';
import type { NetworkState } from './network-state.ts';

const ONE = F.ONE;

/**
 * The root epoch: S = normalised root stake of validators that set weights; W row-normalised;
 * rank_j = Σ_i S_i ⊗ W_ij; trust_j = Σ_{i: W_ij > 0} S_i; consensus_j = 1 / (1 + exp(−ρ (trust_j − κ)));
 * each subnet's share ∝ consensus_j ⊗ rank_j. Returns RAO per block per netuid.
 */
export function rootEmissionValues(net: NetworkState, blockEmission: bigint): Map<number, bigint> {
  const netuids = net.subnets.map((s) => s.netuid);
  const col = new Map(netuids.map((u, j) => [u, j]));
  const validators = [...net.rootWeights.keys()].sort((a, b) => a - b);
  const stake = new Float64Array(validators.length);
  let total = 0n;
  for (const h of validators) total += net.rootStake[h] ?? 0n;
  validators.forEach((h, i) => {
    stake[i] = total === 0n ? 0 : Number(((net.rootStake[h] ?? 0n) << 32n) / total);
  });
  const rank = new Float64Array(netuids.length);
  const trust = new Float64Array(netuids.length);
  validators.forEach((h, i) => {
    const w = net.rootWeights.get(h)!;
    let sum = 0;
    for (const v of w.values) sum += v;
    if (sum === 0) return;
    w.netuids.forEach((u, k) => {
      const j = col.get(u);
      if (j === undefined || w.values[k] === 0) return;
      rank[j] += F.mul(stake[i], F.div(w.values[k] * ONE, sum * ONE));
      trust[j] += stake[i];
    });
  });
  const rho = net.rules.rootRho * ONE;
  const kappa = u16ProportionToFixed(net.rules.rootKappa);
  const score = new Float64Array(netuids.length);
  for (let j = 0; j < netuids.length; j++) {
    const consensus = F.div(ONE, ONE + expSafe(F.mul(-rho, trust[j] - kappa)));
    score[j] = F.mul(consensus, rank[j]);
  }
  F.normalizeInPlace(score);
  const out = new Map<number, bigint>();
  netuids.forEach((u, j) => {
    out.set(u, (BigInt(score[j]) * blockEmission) >> 32n);
  });
  return out;
}

/**
 * Root-era coinbase for one block: the root epoch runs on its own legacy schedule (netuid 0, root
 * tempo); every subnet accumulates its emission value as pending TAO. Returns the TAO recycled
 * (emission no subnet received: rounding, or no root weights yet).
 */
export function runRootCoinbase(net: NetworkState, minted: bigint, block: number): bigint {
  if (net.rootEmissionValues.size === 0 || legacyEpochDue(0, net.rules.rootTempo, block)) {
    net.rootEmissionValues = rootEmissionValues(net, minted);
  }
  let placed = 0n;
  for (const s of net.subnets) {
    const v = net.rootEmissionValues.get(s.netuid) ?? 0n;
    // Emission values were set at an older block emission; never place more than was minted.
    const take = placed + v > minted ? minted - placed : v;
    s.pendingTao += take;
    s.totals.taoInjected += take;
    placed += take;
  }
  return minted - placed;
}
