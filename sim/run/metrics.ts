// What a run records, as tidy tables (columns documented in docs/reference/outputs.md). Amounts are
// exact RAO (integers); shares and concentration measures are floats computed from them.

import { BLOCKS_PER_DAY, halvingCount } from '../chain/emission/block-emission.ts';
import { blockEmission } from '../chain/emission/halving-schedule.ts';
import { U64F64, U96F32 } from '../chain/fixed/fixed.ts';
import type { BlockReport } from '../chain/network/block-step.ts';
import type { EpochPayout } from '../chain/network/distribution.ts';
import { type NetworkState, subnetByNetuid } from '../chain/network/network-state.ts';
import type { RegistrationResult } from '../chain/network/neuron-registration.ts';
import { spotPrice } from '../chain/network/pool.ts';
import { holdsReservoirs } from '../chain/network/protocol-liquidity.ts';
import type { SubnetState } from '../chain/network/subnet.ts';
import type { WeightRejection } from '../chain/network/weight-submission.ts';
import { type Cell, RowLog, type Table } from '../output/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { attackerMinerUids, runGroup, validatorGroup } from './agents/validator-groups.ts';
import type { Agents } from './genesis.ts';

/** Gini coefficient of non-negative amounts (0 = equal, → 1 = one holder has all). */
export function gini(xs: ArrayLike<number>): number {
  // The positive amounts, sorted ascending, in a buffer kept from call to call.
  if (giniScratch.length < xs.length) giniScratch = new Float64Array(Math.max(xs.length, 2 * giniScratch.length));
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = +xs[i];
    if (x > 0) giniScratch[n++] = x;
  }
  if (n === 0) return 0;
  const v = giniScratch.subarray(0, n).sort();
  let cum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    cum += v[i];
    weighted += (i + 1) * v[i];
  }
  return (2 * weighted) / (n * cum) - (n + 1) / n;
}

let giniScratch = new Float64Array(0);

/** Smallest number of holders with more than half of the total (Nakamoto coefficient at 50 %). */
export function nakamoto(xs: number[]): number {
  const v = xs.filter((x) => x > 0).sort((a, b) => b - a);
  const total = v.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    acc += v[i];
    if (acc > total / 2) return i + 1;
  }
  return 0;
}

const num = (x: bigint): number => Number(x);

/** The largest amount's share of the total (0 when the total is 0). */
function topShare(xs: Float64Array): number {
  let t = 0;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    t += x;
    if (x > m) m = x;
  }
  return t > 0 ? m / t : 0;
}

/** recordEpoch's per-uid amounts as doubles (scratch, reused by every epoch). */
let serverScratch = new Float64Array(0);
let dividendScratch = new Float64Array(0);

/**
 * What the metrics read of the scenario: the start and duration (days, run length), the TAO price's
 * start, evaluation costs and the validator groups. (A run hands them the scenario itself, which a
 * checkpoint saves as part of its state.)
 */
export type MetricsParams = Pick<Scenario, 'start' | 'durationBlocks' | 'market' | 'validators' | 'subnets'>;

export class RunMetrics {
  taoPriceUsd: number;
  private readonly epochRows = new RowLog('subnet_epochs');
  private readonly dailyRows = new RowLog('network_daily');
  /** Per subnet and uid: what the uid's current hotkey earned as a miner and as a validator. */
  private readonly earned = new Map<number, { hotkey: number[]; miner: bigint[]; validator: bigint[] }>();
  private registrations = 0;
  private replacements = 0;
  private refusedRegistrations = 0;
  private subnetRegistrations = 0;
  private weightSets = 0;
  private weightRejections = 0;
  private lastSampleMinted = 0n;
  private lastSampleRecycled = 0n;
  private lastSampleInjected = 0n;
  private lastSampleAlphaEmitted = 0n;
  /** TAO paid to root stakers as root dividends: in all, at the last sample, and per hotkey. */
  private rootTao = 0n;
  private lastSampleRootTao = 0n;
  private readonly rootTaoEarned = new Map<number, bigint>();
  /** Each subnet's running TAO total (totals.taoInjected) at its previous epoch. */
  private readonly taoAtLastEpoch = new Map<SubnetState, bigint>();
  /** Σ over epochs of what each role received (EpochPayout's parts; amounts as in subnet_epochs). */
  private readonly roleTotals = {
    emitted: 0n,
    miners: 0n,
    burned: 0n,
    validators: 0n,
    rootAlpha: 0n,
    rootSold: 0n,
    owner: 0n,
    recycled: 0n,
    undistributed: 0n,
  };

  constructor(
    private readonly sc: MetricsParams,
    private readonly net: NetworkState,
    private readonly agents: Agents,
  ) {
    const tp = sc.market.taoPriceUsd;
    this.taoPriceUsd = tp.model === 'series' ? tp.series[0] : tp.start;
  }

  setTaoPrice(p: number): void {
    this.taoPriceUsd = p;
  }

  /** Evaluations (weight settings attempted) per validator hotkey. */
  private readonly evaluations = new Map<number, number>();

  recordEvaluation(hotkey: number): void {
    this.evaluations.set(hotkey, (this.evaluations.get(hotkey) ?? 0) + 1);
  }

  recordWeights(r: WeightRejection | null): void {
    if (r === null) this.weightSets++;
    else this.weightRejections++;
  }

  recordRegistration(_s: SubnetState, r: RegistrationResult, _hotkey: number, _block: number): void {
    if ('refused' in r) this.refusedRegistrations++;
    else {
      this.registrations++;
      if (r.replacedHotkey !== null) this.replacements++;
    }
  }

  recordSubnetRegistration(created: boolean): void {
    if (created) this.subnetRegistrations++;
  }

  recordBlock(r: BlockReport): void {
    for (const e of r.epochs) this.recordEpoch(e);
  }

  private recordEpoch(e: EpochPayout): void {
    const s = this.subnetOf(e.netuid);
    const earned = this.earnedOn(s);
    let miners = 0n;
    let validators = 0n;
    let root = 0n;
    let rootTao = 0n;
    const count = e.server.length;
    if (serverScratch.length < count) {
      serverScratch = new Float64Array(Math.max(count, 2 * serverScratch.length));
      dividendScratch = new Float64Array(serverScratch.length);
    }
    for (let uid = 0; uid < count; uid++) {
      if (earned.hotkey[uid] !== s.hotkeys[uid]) {
        // A new occupant: its tally starts from zero.
        earned.hotkey[uid] = s.hotkeys[uid];
        earned.miner[uid] = 0n;
        earned.validator[uid] = 0n;
      }
      // Sums skip zero terms (the same totals, fewer bigints made).
      const m = e.server[uid];
      const va = e.validatorAlpha[uid];
      const vr = e.validatorRoot[uid];
      const v = vr === 0n ? va : va + vr;
      if (m !== 0n) {
        earned.miner[uid] += m;
        miners += m;
      }
      if (v !== 0n) earned.validator[uid] += v;
      if (va !== 0n) validators += va;
      if (vr !== 0n) root += vr;
      const rt = e.rootTao[uid];
      if (rt !== 0n) {
        rootTao += rt;
        this.rootTaoEarned.set(s.hotkeys[uid], (this.rootTaoEarned.get(s.hotkeys[uid]) ?? 0n) + rt);
      }
      serverScratch[uid] = num(m);
      dividendScratch[uid] = num(v);
    }
    const server = serverScratch.subarray(0, count);
    const dividends = dividendScratch.subarray(0, count);
    let permits = 0;
    for (const p of e.result.validatorPermit) if (p) permits++;
    this.rootTao += rootTao;
    const taoInjected = s.totals.taoInjected - (this.taoAtLastEpoch.get(s) ?? 0n);
    this.taoAtLastEpoch.set(s, s.totals.taoInjected);
    const t = this.roleTotals;
    t.emitted += e.emitted;
    t.miners += miners;
    t.burned += e.burned;
    t.validators += validators;
    t.rootAlpha += root;
    t.rootSold += e.rootSold;
    t.owner += e.owner;
    t.recycled += e.recycled;
    t.undistributed += e.undistributed;
    const row: Cell[] = [
      e.block,
      (e.block - this.sc.start.block) / BLOCKS_PER_DAY,
      e.netuid,
      e.emission,
      miners,
      validators,
      root,
      e.owner,
      e.burned,
      e.rootSold,
      rootTao,
      e.recycled,
      e.undistributed,
      e.emitted,
      s.neurons.n,
      permits,
      topShare(server),
      gini(server),
      topShare(dividends),
      gini(dividends),
      s.pool.tao,
      s.pool.alphaIn,
      U96F32.toNumber(spotPrice(s.pool)),
      U64F64.toNumber(s.movingPrice),
      s.burn,
      taoInjected,
    ];
    if (holdsReservoirs(this.net.rules)) row.push(s.reservoirs?.tao ?? 0n, s.reservoirs?.alpha ?? 0n);
    this.epochRows.push(row);
  }

  /** The live subnet with this netuid. */
  private subnetOf(netuid: number): SubnetState {
    return subnetByNetuid(this.net, netuid)!;
  }

  private earnedOn(s: SubnetState): { hotkey: number[]; miner: bigint[]; validator: bigint[] } {
    let e = this.earned.get(s.netuid);
    if (!e) {
      e = { hotkey: [], miner: [], validator: [] };
      this.earned.set(s.netuid, e);
    }
    return e;
  }

  /**
   * Alpha held on a uid. In the root era a subnet's stake vector is only the epoch's view of each
   * hotkey's one TAO stake (root_stake_rao), which counts on every subnet: no alpha is held there.
   */
  private alphaHeld(s: SubnetState, uid: number): bigint {
    return this.net.rules.era === 'root' ? 0n : s.alphaStake[uid];
  }

  /** A sampling row at `block`: the interval's flows end there (the block's chain work included). */
  sample(block: number): void {
    const net = this.net;
    let pools = 0n;
    let alphaStake = 0n;
    let injected = 0n;
    let alphaEmitted = 0n;
    for (const s of net.subnets) {
      pools += s.pool.tao;
      for (let uid = 0; uid < s.alphaStake.length; uid++) alphaStake += this.alphaHeld(s, uid);
      injected += s.totals.taoInjected;
      alphaEmitted += s.totals.alphaEmitted;
    }
    const validatorStake = this.agents.validators.map((h) => num(net.rootStake[h] ?? 0n));
    this.dailyRows.push([
      // Days since the start at this block: the row covers blocks (previous row, block], so with
      // daily sampling row d covers start + BLOCKS_PER_DAY·(d − 1) + 1 … start + BLOCKS_PER_DAY·d, day d.
      (block - this.sc.start.block) / BLOCKS_PER_DAY,
      block,
      net.issuance,
      net.minted - this.lastSampleMinted,
      net.recycled - this.lastSampleRecycled,
      blockEmission(net.issuance),
      halvingCount(net.issuance),
      pools,
      net.rootTotal,
      alphaStake,
      gini(validatorStake),
      nakamoto(validatorStake),
      this.taoPriceUsd,
      this.registrations,
      this.replacements,
      injected - this.lastSampleInjected,
      alphaEmitted - this.lastSampleAlphaEmitted,
      this.rootTao - this.lastSampleRootTao,
    ]);
    this.lastSampleRootTao = this.rootTao;
    this.lastSampleMinted = net.minted;
    this.lastSampleRecycled = net.recycled;
    this.lastSampleInjected = injected;
    this.lastSampleAlphaEmitted = alphaEmitted;
  }

  tables(): Table[] {
    const neuronRows: Cell[][] = [];
    const rankOf = new Map(this.agents.validators.map((h, rank) => [h, rank]));
    for (const s of this.net.subnets) {
      const attackerMiners = attackerMinerUids(this.sc, s);
      for (let uid = 0; uid < s.neurons.n; uid++) {
        const h = s.hotkeys[uid];
        const earned = this.earnedOn(s);
        const mine = earned.hotkey[uid] === h;
        neuronRows.push([
          s.netuid,
          uid,
          h,
          this.agents.role[h],
          s.neurons.blockAtRegistration[uid],
          Number.isNaN(this.agents.quality[h]) ? null : this.agents.quality[h],
          this.alphaHeld(s, uid),
          mine ? earned.miner[uid] : 0n,
          mine ? earned.validator[uid] : 0n,
          s.neurons.validatorPermit[uid],
          this.groupOf(h, uid, s, rankOf, attackerMiners),
        ]);
      }
    }
    return [
      this.validatorTable(),
      {
        name: this.epochRows.name,
        columns: [
          'block',
          'day',
          'netuid',
          'emission_alpha_rao',
          'miner_alpha_rao',
          'validator_alpha_rao',
          'root_alpha_rao',
          'owner_alpha_rao',
          'burned_alpha_rao',
          'root_sold_alpha_rao',
          'root_tao_rao',
          'recycled_alpha_rao',
          'undistributed_alpha_rao',
          'emitted_alpha_rao',
          'uids',
          'validator_permits',
          'incentive_top_share',
          'incentive_gini',
          'dividend_top_share',
          'dividend_gini',
          'pool_tao_rao',
          'pool_alpha_rao',
          'price_tao',
          'moving_price_tao',
          'burn_rao',
          'tao_injected_rao',
          ...(holdsReservoirs(this.net.rules) ? ['reservoir_tao_rao', 'reservoir_alpha_rao'] : []),
        ],
        rows: this.epochRows.rows,
      },
      {
        name: this.dailyRows.name,
        columns: [
          'day',
          'block',
          'issuance_rao',
          'minted_rao',
          'recycled_rao',
          'emission_per_block_rao',
          'halvings',
          'pools_tao_rao',
          'root_stake_rao',
          'alpha_stake_rao',
          'root_stake_gini',
          'root_stake_nakamoto',
          'tao_price_usd',
          'registrations',
          'replacements',
          'tao_injected_rao',
          'alpha_emitted_rao',
          'root_tao_rao',
        ],
        rows: this.dailyRows.rows,
      },
      {
        name: 'neurons',
        columns: [
          'netuid',
          'uid',
          'hotkey',
          'role',
          'registered_block',
          'quality',
          'alpha_stake_rao',
          'earned_miner_alpha_rao',
          'earned_validator_alpha_rao',
          'validator_permit',
          'group',
        ],
        rows: neuronRows,
      },
    ];
  }

  /**
   * Per validator: dividends earned on every subnet it holds a uid on, valued at the final spot prices
   * and TAO price, what its evaluations cost, and the difference.
   */
  private validatorTable(): Table {
    const rows: Cell[][] = this.agents.validators.map((h, rank) => {
      let alpha = 0n;
      let usd = 0;
      let stake = 0n;
      for (const s of this.net.subnets) {
        const uid = s.uidOf.get(h);
        if (uid === undefined) continue;
        const e = this.earnedOn(s);
        const earned = e.hotkey[uid] === h ? e.validator[uid] : 0n;
        alpha += earned;
        stake += this.alphaHeld(s, uid);
        usd += (Number(earned) / 1e9) * U96F32.toNumber(spotPrice(s.pool)) * this.taoPriceUsd;
      }
      const evaluations = this.evaluations.get(h) ?? 0;
      const cost = evaluations * this.sc.validators.evaluationCostUsd;
      const rootTao = this.rootTaoEarned.get(h) ?? 0n;
      return [
        h,
        stake,
        this.net.rootStake[h] ?? 0n,
        alpha,
        rootTao,
        usd,
        evaluations,
        cost,
        usd - cost,
        runGroup(this.sc, rank, h, this.net.subnets),
      ];
    });
    return {
      name: 'validators',
      columns: [
        'hotkey',
        'alpha_stake_rao',
        'root_stake_rao',
        'earned_alpha_rao',
        'earned_root_tao_rao',
        'earned_usd',
        'evaluations',
        'evaluation_cost_usd',
        'profit_usd',
        'group',
      ],
      rows,
    };
  }

  /** A validator's group; a miner is an attacker's while the uid is still held by its genesis miner. */
  private groupOf(
    h: number,
    uid: number,
    s: SubnetState,
    rankOf: Map<number, number>,
    attackerMiners: Set<number>,
  ): string {
    const rank = rankOf.get(h);
    if (rank !== undefined) return validatorGroup(this.sc, rank, s);
    const original = s.neurons.blockAtRegistration[uid] <= this.sc.start.block;
    return attackerMiners.has(uid) && original ? 'attacker-miner' : this.agents.role[h];
  }

  summary(): Record<string, string | number> {
    const t = this.roleTotals;
    return {
      blocks: this.sc.durationBlocks,
      epochs: this.epochRows.rows.length,
      issuanceRao: this.net.issuance.toString(),
      mintedRao: this.net.minted.toString(),
      recycledRao: this.net.recycled.toString(),
      registrations: this.registrations,
      replacements: this.replacements,
      refusedRegistrations: this.refusedRegistrations,
      subnetRegistrations: this.subnetRegistrations,
      subnets: this.net.subnets.length,
      weightSets: this.weightSets,
      weightRejections: this.weightRejections,
      // What the epochs paid, by role (alpha RAO; TAO in the root era): the parts add up to emitted.
      emittedAlphaRao: t.emitted.toString(),
      minerAlphaRao: (t.miners - t.burned).toString(),
      burnedAlphaRao: t.burned.toString(),
      validatorAlphaRao: t.validators.toString(),
      rootAlphaRao: (t.rootAlpha + t.rootSold).toString(),
      ownerAlphaRao: t.owner.toString(),
      recycledAlphaRao: t.recycled.toString(),
      undistributedAlphaRao: t.undistributed.toString(),
      rootTaoRao: this.rootTao.toString(),
      rootStakeRao: this.net.rootTotal.toString(),
    };
  }
}
