// The economic miners' books: what each earned today, its USD margin, when it stops, and whether a
// newcomer would enter (models/miners/economics.ts has the rules). The `economy` agent kind
// (./kinds.ts) owns one of these; it reads only the scenario's `miners` section.

import { costUsdPerHour, dailyMarginUsd, entryPays, evolveQuality } from '../../../models/miners/economics.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import type { EpochPayout } from '../../chain/network/distribution.ts';
import { registerNeuron } from '../../chain/network/neuron-registration.ts';
import { spotPrice } from '../../chain/network/pool.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import type { RandomStreams } from '../../engine/index.ts';
import { RowLog } from '../../output/index.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { type Agents, addAgent } from '../genesis.ts';
import { type AgentKind, PHASE } from './agent-kind.ts';

export class MinerEconomy {
  /** Alpha (in alpha, as a float) each miner hotkey earned since the last review. */
  private readonly earnedToday = new Map<number, number>();
  private readonly negativeDays = new Map<number, number>();
  /** Per subnet: yesterday's miner alpha and active miners, for newcomers' expectations. */
  private readonly lastDay = new Map<number, { alpha: number; miners: number }>();
  private readonly entries = new Map<number, number>();
  readonly rows = new RowLog('miners_daily');

  constructor(
    /** The scenario's `miners` section. */
    private readonly m: Scenario['miners'],
    private readonly agents: Agents,
    private readonly streams: RandomStreams,
  ) {}

  recordEpoch(e: EpochPayout, s: SubnetState): void {
    for (let uid = 0; uid < e.server.length; uid++) {
      if (e.server[uid] === 0n) continue;
      const h = s.hotkeys[uid];
      this.earnedToday.set(h, (this.earnedToday.get(h) ?? 0) + Number(e.server[uid]) / 1e9);
    }
  }

  /** Alpha price in TAO of a subnet (spot), as a float. */
  private alphaPrice(s: SubnetState): number {
    return Number(spotPrice(s.pool)) / 2 ** 32;
  }

  /** Should a newcomer register on `s` today, given the TAO price? */
  wouldEnter(s: SubnetState, taoUsd: number, day: number): boolean {
    const last = this.lastDay.get(s.netuid);
    // Before any review a newcomer expects what the incumbents earn on average.
    const expectedAlpha = last ? last.alpha / (last.miners + 1) : 0;
    const margin = dailyMarginUsd(expectedAlpha, this.alphaPrice(s), taoUsd, costUsdPerHour(this.m, day));
    const ok = last === undefined || entryPays(margin, Number(s.burn) / 1e9, taoUsd, this.m.paybackDays);
    if (ok) this.entries.set(s.netuid, (this.entries.get(s.netuid) ?? 0) + 1);
    return ok;
  }

  /**
   * The daily review of one subnet: every active miner's margin; miners negative for too long stop
   * (their quality becomes NaN: validators no longer weight them); the others' quality evolves
   * (decay, upgrades that pay back, copying the best public model). Writes a miners_daily row and
   * returns the miners that want one more uid (sybils).
   */
  review(s: SubnetState, taoUsd: number, day: number): number[] {
    const m = this.m;
    const cost = costUsdPerHour(m, day);
    const price = this.alphaPrice(s);
    const margins: number[] = [];
    const sybils: number[] = [];
    let alpha = 0;
    let exits = 0;
    let upgrades = 0;
    let best = 0;
    for (const h of s.hotkeys)
      if (this.agents.role[h] === 'miner' && this.agents.quality[h] > best) best = this.agents.quality[h];
    for (const h of s.hotkeys) {
      if (this.agents.role[h] !== 'miner' || Number.isNaN(this.agents.quality[h])) continue;
      const earned = this.earnedToday.get(h) ?? 0;
      alpha += earned;
      const income = earned * price * taoUsd;
      let margin = dailyMarginUsd(earned, price, taoUsd, cost);
      const neg = margin < 0 ? (this.negativeDays.get(h) ?? 0) + 1 : 0;
      this.negativeDays.set(h, neg);
      if (neg >= m.exitAfterDays) {
        this.agents.quality[h] = NaN;
        exits++;
        margins.push(margin);
        continue;
      }
      const next = evolveQuality(
        this.agents.quality[h],
        income,
        best,
        m.paybackDays,
        m,
        this.streams.stream(`${this.agents.name[h]}/dynamics`).next(),
        day,
      );
      if (next.upgraded) {
        upgrades++;
        margin -= m.upgradeCostUsd;
      }
      this.agents.quality[h] = next.quality;
      margins.push(margin);
      if (m.sybilMarginUsd !== null && margin > m.sybilMarginUsd) sybils.push(h);
    }
    for (const h of s.hotkeys) this.earnedToday.delete(h);
    s.hotkeysVersion++; // qualities changed: per-uid views (the validators' quality view) are stale
    this.lastDay.set(s.netuid, { alpha, miners: margins.length - exits });
    margins.sort((a, b) => a - b);
    const mean = margins.length ? margins.reduce((a, b) => a + b, 0) / margins.length : null;
    const med = margins.length ? margins[margins.length >> 1] : null;
    this.rows.push([
      day,
      s.netuid,
      margins.length - exits,
      exits,
      this.entries.get(s.netuid) ?? 0,
      mean,
      med,
      margins.length ? margins[0] : null,
      margins.length ? margins[margins.length - 1] : null,
      24 * cost,
      price,
      taoUsd,
      Number(s.burn) / 1e9,
      upgrades,
    ]);
    this.entries.set(s.netuid, 0);
    return sybils;
  }

  static readonly COLUMNS = [
    'day',
    'netuid',
    'active_miners',
    'exits',
    'entries',
    'mean_margin_usd',
    'median_margin_usd',
    'min_margin_usd',
    'max_margin_usd',
    'daily_cost_usd',
    'alpha_price_tao',
    'tao_price_usd',
    'burn_tao',
    'upgrades',
  ];
}

/**
 * Economic miners (scenario `miners.model: economic`): once a day each subnet's miners review their
 * margins; those that earn well register one more uid with the same model (burned_register, paid
 * from their own balance). Newcomers ask `wouldEnter` (./arrivals.ts).
 */
export const economy: AgentKind<Scenario['miners'], MinerEconomy> = {
  name: 'economy',
  params: (sc) => sc.miners,
  init: (ctx, m) => (m.model === 'economic' ? new MinerEconomy(m, ctx.st.agents, ctx.st.streams) : null),
  startSubnet(ctx, _m, _books, s, from) {
    ctx.schedule(`economy/${ctx.subnetKey(s)}`, from + BLOCKS_PER_DAY - 1, PHASE.agents, BLOCKS_PER_DAY);
  },
  act(ctx, _m, books, key) {
    const s = ctx.subnetByKey(key);
    if (!s) return () => {};
    const { net, agents, metrics } = ctx.st;
    return (b) => {
      if (s.dissolved) return;
      for (const h of books.review(s, metrics.taoPriceUsd, ctx.day(b))) {
        const clone = addAgent(agents, 'miner', agents.quality[h], b, `${agents.name[h]}/sybil@${b}`);
        metrics.recordRegistration(s, registerNeuron(net, s, clone, h, b), clone, b);
      }
    };
  },
  onEpoch: (_ctx, _m, books, e, s) => books.recordEpoch(e, s),
  tables: (books) => [{ name: books.rows.name, columns: MinerEconomy.COLUMNS, rows: books.rows.rows }],
  classes: { MinerEconomy: { type: MinerEconomy } },
};
