// The yield-following stakers' books: they hold alpha on subnets (delegated to validators), track
// each subnet's daily staking yield, and rebalance once a day through the pools (add_stake,
// remove_stake). The `stakers` agent kind (./kinds.ts) owns one; it reads `market.stakers` only.

import { rebalance, targetShares } from '../../../models/stakers/yield-following.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { transfer } from '../../chain/network/balances.ts';
import type { EpochPayout } from '../../chain/network/distribution.ts';
import type { NetworkState } from '../../chain/network/network-state.ts';
import { spotPrice } from '../../chain/network/pool.ts';
import { stakeTao, unstakeAlpha } from '../../chain/network/staking.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { taoToRao } from '../../scenario/scenario.ts';
import { addAgent, MARKET } from '../genesis.ts';
import { type AgentKind, PHASE, pickValidator } from './agent-kind.ts';

export class YieldStakers {
  /** Alpha the stakers hold per subnet (netuid → alpha RAO), delegated to validators. */
  private readonly held = new Map<number, bigint>();
  /** Validator alpha paid per subnet since the last rebalance. */
  private readonly paid = new Map<number, bigint>();

  constructor(
    /** The scenario's `market.stakers` section. */
    private readonly p: NonNullable<Scenario['market']['stakers']>,
    private readonly coldkey: number,
  ) {}

  recordEpoch(e: EpochPayout): void {
    let v = 0n;
    for (const x of e.validatorAlpha) v += x;
    this.paid.set(e.netuid, (this.paid.get(e.netuid) ?? 0n) + v);
  }

  /** The daily rebalance; `pick` chooses the validator uid a stake goes to (or comes from). */
  rebalance(net: NetworkState, pick: (s: SubnetState) => number): void {
    const p = this.p;
    const subnets = net.subnets;
    const price = subnets.map((s) => Number(spotPrice(s.pool)) / 2 ** 32);
    const yields = subnets.map((s) => {
      let staked = 0n;
      for (let uid = 0; uid < s.neurons.n; uid++) if (s.neurons.validatorPermit[uid]) staked += s.alphaStake[uid];
      return staked > 0n ? Number(this.paid.get(s.netuid) ?? 0n) / Number(staked) : 0;
    });
    const heldTao = subnets.map((s, i) => (Number(this.held.get(s.netuid) ?? 0n) / 1e9) * price[i]);
    const moves = rebalance(
      heldTao,
      Number(net.balance[this.coldkey] ?? 0n) / 1e9,
      targetShares(yields, p.sensitivity),
      p.inertia,
    );
    // Sell first, so that what is sold can pay for what is bought.
    const order = moves.map((m, i) => [m, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [move, i] of order) {
      const s = subnets[i];
      const uid = pick(s);
      if (uid < 0 || Math.abs(move) < 1e-6) continue;
      const held = this.held.get(s.netuid) ?? 0n;
      if (move > 0) {
        this.held.set(s.netuid, held + stakeTao(net, s, this.coldkey, uid, taoToRao(move)));
      } else if (price[i] > 0) {
        const want = taoToRao(-move / price[i]);
        const amount = want < held ? want : held;
        const before = s.alphaStake[uid];
        unstakeAlpha(net, s, this.coldkey, uid, amount);
        this.held.set(s.netuid, held - (before - s.alphaStake[uid]));
      }
    }
    this.paid.clear();
  }
}

/**
 * Yield-following stakers (scenario `market.stakers`, not in the root era): one agent funded from
 * the market with their capital, rebalancing once a day to stake-weighted validators.
 */
export const stakers: AgentKind<Scenario['market']['stakers'], YieldStakers> = {
  name: 'stakers',
  params: (sc) => sc.market.stakers,
  init(ctx, p) {
    if (!p || ctx.st.net.rules.era === 'root') return null;
    const id = addAgent(ctx.st.agents, 'staker', NaN, ctx.first - 1, 'stakers');
    transfer(ctx.st.net, MARKET, id, taoToRao(p.capitalTao));
    return new YieldStakers(p, id);
  },
  start: (ctx) => ctx.schedule('stakers', ctx.first + BLOCKS_PER_DAY - 1, PHASE.market, BLOCKS_PER_DAY),
  act(ctx, _p, books) {
    const rng = ctx.st.streams.stream('stakers');
    return () => books.rebalance(ctx.st.net, (s) => pickValidator(s, rng.next()));
  },
  onEpoch: (_ctx, _p, books, e) => books.recordEpoch(e),
  classes: { YieldStakers: { type: YieldStakers } },
};
