// Nominators (scenario `agents.nominators`, not in the root era): each holds stake on one validator
// hotkey of one subnet, follows every validator's recent net yield there (its alpha dividend less its
// delegate take, per alpha staked), and at seeded intervals moves to a better validator only when the
// gain beats its inertia margin and the move's cost (models/stakers/nominator-switch.ts). A move is
// remove_stake then add_stake through the subnet's pool, fees and slippage included, so TAO and alpha
// are conserved. The model keeps one stake per hotkey: a nominator's alpha is its own book of what it
// put in plus its pro-rata part of the nominators' share of each dividend (protocol-2026h2.md §5.2).

import { chooseValidator } from '../../../models/stakers/nominator-switch.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { U96F32 } from '../../chain/fixed/fixed.ts';
import { transfer } from '../../chain/network/balances.ts';
import { buyAlpha, sellAlpha } from '../../chain/network/pool.ts';
import { stakeTao, unstakeAlpha } from '../../chain/network/staking.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import { splitTake } from '../../chain/network/take.ts';
import type { Table } from '../../output/index.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import { taoToRao } from '../../scenario/scenario.ts';
import { addAgent, MARKET } from '../genesis.ts';
import { type AgentKind, jitteredWait, PHASE, pickValidator } from './agent-kind.ts';

type Params = NonNullable<NonNullable<Scenario['agents']>['nominators']>;

export interface Nominator {
  /** Agent id (its coldkey). */
  id: number;
  /** Key of its subnet (AgentContext.subnetKey). */
  subnet: string;
  /** The validator hotkey it stakes on; -1 once its subnet is gone. */
  hotkey: number;
  /** Alpha it holds on that hotkey (RAO). */
  alpha: bigint;
  moves: number;
}

export interface NominatorsState {
  members: Nominator[];
  /** EMA of each validator's net yield per epoch: by subnet key, then by hotkey. */
  yields: Record<string, Map<number, number>>;
  /** Moves made, and the alpha they cost (sold minus bought back, fees and slippage). */
  moves: number;
  moveCostAlpha: bigint;
}

/** Weight of the newest epoch in the yield average. */
const YIELD_EMA = 0.2;

/** The nominators' part of a validator's alpha dividend: all of it, or what its take leaves. */
function nominatorsPart(takeU16: number | undefined, dividend: bigint): bigint {
  return takeU16 === undefined || dividend === 0n ? dividend : splitTake(U96F32.fromInt(dividend), takeU16).nominators;
}

/** Alpha lost by selling `alpha` and buying back with the TAO, on a copy of the pool. */
function roundTripCost(s: SubnetState, alpha: bigint): bigint {
  const pool = { ...s.pool };
  return alpha - buyAlpha(pool, sellAlpha(pool, alpha));
}

export const nominators: AgentKind<Params, NominatorsState> = {
  name: 'nominators',
  // Absent from the scenario: undefined, and init leaves the kind out of the run.
  params: (sc) => sc.agents?.nominators as Params,
  init: (ctx, p) =>
    p && ctx.st.net.rules.era !== 'root' ? { members: [], yields: {}, moves: 0, moveCostAlpha: 0n } : null,
  start(ctx, p, st) {
    const { net, agents, streams } = ctx.st;
    const subnets = net.subnets.filter((s) => !s.dissolved);
    for (let i = 0; i < p.count && subnets.length > 0; i++) {
      const s = subnets[i % subnets.length];
      const id = addAgent(agents, 'staker', NaN, ctx.first - 1, `nominator/${i}`);
      const rng = streams.stream(`nominator/${i}`);
      const uid = pickValidator(s, rng.next());
      transfer(net, MARKET, id, taoToRao(p.capitalTao));
      const alpha = uid < 0 ? 0n : stakeTao(net, s, id, uid, net.balance[id]);
      st.members.push({ id, subnet: ctx.subnetKey(s), hotkey: uid < 0 ? -1 : s.hotkeys[uid], alpha, moves: 0 });
      ctx.schedule(`nominators/${i}`, ctx.first + jitteredWait(p.reviewDays, rng.next()), PHASE.market);
    }
  },
  act(ctx, p, st, arg) {
    const i = Number(arg);
    const m = st.members[i];
    if (!/^\d+$/.test(arg) || !m) throw new Error(`unknown nominators event ${JSON.stringify(arg)}`);
    const rng = ctx.st.streams.stream(`nominator/${i}`);
    return (b) => {
      const s = ctx.subnetByKey(m.subnet);
      if (!s || s.dissolved || m.hotkey < 0) {
        m.hotkey = -1; // a dissolved subnet paid its pool out to the hotkeys' owners (the model's one stake per hotkey)
        return;
      }
      review(ctx.st.net, s, st, m, p, m.subnet);
      const next = b + jitteredWait(p.reviewDays, rng.next());
      if (next <= ctx.last) ctx.schedule(`nominators/${i}`, next, PHASE.market);
    };
  },
  onEpoch(ctx, _p, st, e, s) {
    const key = ctx.subnetKey(s);
    const takes = ctx.st.net.delegation?.delegateTakes;
    const part = new Map<number, bigint>();
    let yields = st.yields[key];
    if (yields === undefined) st.yields[key] = yields = new Map();
    for (let uid = 0; uid < s.neurons.n; uid++) {
      if (!s.neurons.validatorPermit[uid] && e.validatorAlpha[uid] === 0n) continue;
      const h = s.hotkeys[uid];
      const x = nominatorsPart(takes?.get(h), e.validatorAlpha[uid]);
      part.set(h, x);
      const stake = s.alphaStake[uid];
      const y = stake > 0n ? Number(x) / Number(stake) : 0;
      const prev = yields.get(h);
      yields.set(h, prev === undefined ? y : prev + YIELD_EMA * (y - prev));
    }
    for (const m of st.members) {
      if (m.subnet !== key || m.hotkey < 0) continue;
      const uid = s.uidOf.get(m.hotkey);
      const x = part.get(m.hotkey);
      if (uid === undefined || !x || s.alphaStake[uid] === 0n) continue;
      m.alpha += (x * m.alpha) / s.alphaStake[uid];
    }
  },
  tables: (st) => [nominatorsTable(st)],
};

/** One look at the yields and, if it pays, a move (remove_stake, then add_stake on the new validator). */
function review(
  net: Parameters<typeof stakeTao>[0],
  s: SubnetState,
  st: NominatorsState,
  m: Nominator,
  p: Params,
  key: string,
): void {
  const yields = st.yields[key];
  const yieldOf = (h: number) => yields?.get(h) ?? 0;
  const candidates = [];
  for (let uid = 0; uid < s.neurons.n; uid++)
    if (s.neurons.validatorPermit[uid]) candidates.push({ hotkey: s.hotkeys[uid], yield: yieldOf(s.hotkeys[uid]) });
  const from = s.uidOf.get(m.hotkey);
  const held = from === undefined ? 0n : m.alpha < s.alphaStake[from] ? m.alpha : s.alphaStake[from];
  const cost = roundTripCost(s, held);
  const rule = { minGain: p.minGain, horizonEpochs: (p.horizonDays * BLOCKS_PER_DAY) / s.tempo };
  const current = { hotkey: m.hotkey, yield: from === undefined ? 0 : yieldOf(m.hotkey) };
  const next = chooseValidator(current, candidates, Number(held), Number(cost), rule);
  if (next === m.hotkey || from === undefined || held === 0n) return;
  const tao = unstakeAlpha(net, s, m.id, from, held);
  const bought = stakeTao(net, s, m.id, s.uidOf.get(next) as number, tao);
  st.moves++;
  st.moveCostAlpha += held - bought;
  m.alpha = bought;
  m.hotkey = next;
  m.moves++;
}

function nominatorsTable(st: NominatorsState): Table {
  return {
    name: 'nominators',
    columns: ['nominator', 'subnet', 'hotkey', 'alpha', 'moves'],
    rows: st.members.map((m, i) => [i, m.subnet, m.hotkey, m.alpha.toString(), m.moves]),
  };
}
