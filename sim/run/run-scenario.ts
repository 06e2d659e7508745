// One run of a scenario: build the starting state, schedule the chain's blocks and the agents'
// actions on the discrete-event engine, collect metrics, and return the output tables.
// Phases within a block: the chain first (protocol.md §2.1), then agents, then observers.

import type { Scenario } from '../../scenarios/scenario.ts';
import { taoToRao } from '../../scenarios/scenario.ts';
import type { WeightVector } from '../../models/validators/honest.ts';
import { scoreBatch, type ScoringValidator } from '../../models/validators/scoring.ts';
import { copiedWeights } from '../../models/validators/copier.ts';
import { drawQuality, nextArrivalDays } from '../../models/miners/static-quality.ts';
import { stepTaoPrice } from '../../models/market/tao-price.ts';
import { drawFlowTao } from '../../models/market/stake-flow.ts';
import { atTime } from '../../models/time-expression.ts';
import { stepBlock } from '../chain/network/block-step.ts';
import { registerNeuron } from '../chain/network/neuron-registration.ts';
import { stakeTao, unstakeAlpha } from '../chain/network/staking.ts';
import { submitWeights } from '../chain/network/weight-submission.ts';
import type { SubnetState } from '../chain/network/subnet.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import { RandomStreams, Simulation } from '../engine/index.ts';
import type { Table } from '../output/index.ts';
import { addAgent, genesis, MARKET, newSubnetConfig, subnetSettings, type Agents } from './genesis.ts';
import { lockCost, MIN_LOCK, registerSubnet, type LockState } from '../chain/network/subnet-registration.ts';
import { RunMetrics } from './metrics.ts';
import { MinerEconomy } from './miner-economy.ts';
import { YieldStakers } from './stakers.ts';
import { attackerMinerUids, validatorGroup } from './validator-groups.ts';

export const PHASE = { chain: 0, agents: 10, market: 20, observe: 30 } as const;
const NO_UIDS: ReadonlySet<number> = new Set();

export interface RunResult {
  tables: Table[];
  summary: Record<string, string | number>;
  /** The final chain state (for checks such as conservation). */
  network: NetworkState;
}

export function runScenario(sc: Scenario, seed: number | string, onProgress?: (done: number, total: number) => void): RunResult {
  const streams = new RandomStreams(seed);
  const { network: n, agents } = genesis(sc, streams);
  const sim = new Simulation();
  const first = sc.start.block + 1;
  const last = sc.start.block + sc.durationBlocks;
  const metrics = new RunMetrics(sc, n, agents);

  const economy = sc.miners.model === 'economic' ? new MinerEconomy(sc, agents, streams) : null;
  const stakers = sc.market.stakers && n.rules.era !== 'root' ? newStakers(sc, n, agents) : null;

  // The chain: every block.
  sim.every(first, 1, PHASE.chain, (b) => {
    const report = stepBlock(n, b);
    metrics.recordBlock(report);
    if (economy) for (const e of report.epochs) economy.recordEpoch(e, n.subnets.find((x) => x.netuid === e.netuid)!);
    if (stakers) for (const e of report.epochs) stakers.recordEpoch(e);
  });

  // Agents on each subnet: validators' weights, miners' arrivals, the market's staking flow.
  const ctx: SubnetAgentsContext = { sc, n, agents, sim, streams, metrics, last, economy };
  for (const s of n.subnets) startSubnetAgents(ctx, s, first);

  // New subnets: owners arrive as a Poisson process and register when they can pay the lock.
  if (sc.subnets.registrationsPerDay > 0) {
    const rng = streams.stream('subnet-registrations');
    const locks: LockState = { lastLock: MIN_LOCK, lastLockBlock: null };
    const scheduleNext = (from: number) => {
      const at = from + Math.max(1, Math.ceil(nextArrivalDays(sc.subnets.registrationsPerDay, rng) * 7200));
      if (at <= last) sim.schedule(at, PHASE.agents, (b) => {
        const owner = addAgent(agents, 'owner', NaN, b, `owner/registered@${b}`);
        n.balance[owner] = fundFromMarket(n, lockCost(locks, b));
        const created = registerSubnet(n, locks, owner, b, (netuid, lock) => newSubnetConfig(sc, netuid, b, owner, lock), MARKET);
        metrics.recordSubnetRegistration(created !== null);
        if (created) {
          // The global validators register on it at once (their root stake gives them permits).
          for (const h of agents.validators.slice(0, sc.subnets.validators)) {
            n.balance[h] = (n.balance[h] ?? 0n) + fundFromMarket(n, created.burn);
            registerNeuron(n, created, h, h, b);
          }
          startSubnetAgents(ctx, created, b + 1);
        } else {
          // Unable to register: the lock money goes back to the market.
          n.balance[MARKET] += n.balance[owner];
          n.balance[owner] = 0n;
        }
        scheduleNext(b);
      });
    };
    scheduleNext(sc.start.block);
  }

  // Root era: root validators weight subnets by what they see of them (mean miner quality + noise).
  if (n.rules.era === 'root') {
    for (const hotkey of agents.validators) {
      const rng = streams.stream(`${agents.name[hotkey]}/root`);
      sim.every(first, n.rules.rootTempo, PHASE.agents, () => {
        const values = n.subnets.map((s) => {
          const q = s.hotkeys.map((h) => agents.quality[h]).filter((x) => !Number.isNaN(x));
          const mean = q.length ? q.reduce((a, b) => a + b, 0) / q.length : 0;
          return Math.max(0, Math.round(65535 * Math.min(1, mean * (1 + sc.validators.noise * rng.normal()))));
        });
        n.rootWeights.set(hotkey, { netuids: n.subnets.map((s) => s.netuid), values });
      });
    }
  }

  // Yield-following stakers rebalance at the end of each day.
  if (stakers) {
    const rng = streams.stream('stakers');
    sim.every(first + 7199, 7200, PHASE.market, () => stakers.rebalance(n, (s) => pickValidator(s, rng.next())));
  }

  // TAO price (USD), daily; observers, at the sampling interval.
  const priceRng = streams.stream('market/tao-price');
  // The price for day d holds from the end of day d − 1 (day 0's is the starting price).
  sim.every(first + 7199, 7200, PHASE.market, (b) => metrics.setTaoPrice(stepTaoPrice(metrics.taoPriceUsd, sc.market.taoPriceUsd, priceRng, Math.round((b - sc.start.block) / 7200))));
  sim.every(first + sc.metrics.sampleEveryBlocks - 1, sc.metrics.sampleEveryBlocks, PHASE.observe, (b) => metrics.sample(b));

  const total = last - sc.start.block;
  sim.runUntil(last, onProgress ? (b) => onProgress(b - sc.start.block, total) : undefined);
  const tables = metrics.tables();
  if (economy) tables.push({ name: 'miners_daily', columns: MinerEconomy.COLUMNS, rows: economy.rows });
  return { tables, summary: metrics.summary(), network: n };
}

interface SubnetAgentsContext {
  sc: Scenario;
  n: NetworkState;
  agents: Agents;
  sim: Simulation;
  streams: RandomStreams;
  metrics: RunMetrics;
  last: number;
  economy: MinerEconomy | null;
}

/** Stable stream-name prefix of a subnet: netuids are reused after a dissolution. */
function subnetKey(sc: Scenario, s: SubnetState): string {
  return s.createdAt < sc.start.block ? `sn${s.netuid}` : `sn${s.netuid}@${s.createdAt}`;
}

/** TAO taken from the market's balance (what it can give of `amount`). */
function fundFromMarket(n: NetworkState, amount: bigint): bigint {
  const paid = amount < n.balance[MARKET] ? amount : n.balance[MARKET];
  n.balance[MARKET] -= paid;
  return paid;
}

/** Schedule the agents that act on subnet `s` from block `from` on; they stop when it is dissolved. */
function startSubnetAgents(ctx: SubnetAgentsContext, s: SubnetState, from: number): void {
  const { sc, n, agents, sim, streams, metrics, last, economy } = ctx;
  const day = (b: number) => (b - sc.start.block) / 7200;
  const key = subnetKey(sc, s);

  // Validators: each sets weights on the subnet once per tempo by default.
  const interval = sc.validators.weightsEveryBlocks ?? s.tempo;
  const qualities = qualityView(s, agents.quality);
  const lazyFrom = Math.ceil(agents.validators.length * (1 - sc.validators.lazyFraction));
  agents.validators.forEach((hotkey, rank) => {
    if (!s.uidOf.has(hotkey)) return;
    const rng = streams.stream(`${agents.name[hotkey]}/${key}`);
    const offset = (s.netuid * 7 + hotkey * 13) % interval;
    // Lazy validators (the smallest) evaluate only every lazyEveryTempos tempos; their old weights stay.
    const every = rank >= lazyFrom ? interval * sc.validators.lazyEveryTempos : interval;
    // Copiers (the smallest of the validators holding uids) evaluate nothing: they submit the
    // consensus they can see on chain.
    const copier = validatorGroup(sc, rank) === 'copier';
    const scorer = { noise: sc.validators.noise, exponent: 1, competitorFactor: 1, own: NO_UIDS, rng, ...attackerRole(sc, s, rank) };
    sim.every(from + offset, copier ? interval : every, PHASE.agents, (b) => {
      const uid = s.uidOf.get(hotkey);
      if (uid === undefined || s.dissolved) return;
      let w: WeightVector | null;
      if (copier) {
        const miners = s.hotkeys.flatMap((h, j) => (Number.isNaN(agents.quality[h]) ? [] : [j]));
        w = copiedWeights(s.neurons, s.alphaStake, uid, s.params.kappa, miners);
      } else {
        scorer.exponent = atTime(sc.validators.scoreExponent, day(b));
        w = scoreBatch(qualities(), [scorer])[0];
        metrics.recordEvaluation(hotkey);
      }
      if (w) metrics.recordWeights(submitWeights(s, uid, w.dests, w.values, b));
    });
  });

  // Miners arrive as a Poisson process and register if they can pay the burn.
  const arrivals = streams.stream(`arrivals/${key}`);
  let arrived = 0;
  const scheduleNext = (after: number) => {
    const days = nextArrivalDays(sc.miners.arrivalsPerSubnetPerDay, arrivals);
    const at = after + Math.max(1, Math.ceil(days * 7200));
    if (Number.isFinite(at) && at <= last) sim.schedule(at, PHASE.agents, (b) => arrive(b));
  };
  const arrive = (b: number) => {
    if (s.dissolved) return;
    // An economic newcomer looks at what incumbents earn and stays away if it would not pay.
    if (economy && !economy.wouldEnter(s, metrics.taoPriceUsd, day(b))) {
      scheduleNext(b);
      return;
    }
    const id = addAgent(agents, 'miner', NaN, b, `miner/${key}/arrival${++arrived}`);
    agents.quality[id] = drawQuality(sc.miners, streams.stream(agents.name[id]));
    // The newcomer buys its budget from the market (TAO changes hands; none is created).
    n.balance[id] = fundFromMarket(n, taoToRao(sc.miners.budgetTao));
    metrics.recordRegistration(s, registerNeuron(n, s, id, id, b), id, b);
    scheduleNext(b);
  };
  scheduleNext(from - 1);

  // Economic miners review their margins once a day.
  if (economy) {
    sim.every(from + 7199, 7200, PHASE.agents, (b) => {
      if (s.dissolved) return;
      // Miners that earn well register one more uid with the same model, paying from their balance.
      for (const h of economy.review(s, metrics.taoPriceUsd, day(b))) {
        const clone = addAgent(agents, 'miner', agents.quality[h], b, `${agents.name[h]}/sybil@${b}`);
        metrics.recordRegistration(s, registerNeuron(n, s, clone, h, b), clone, b);
      }
    });
  }

  // The market: net staking flow every tempo, delegated to a stake-weighted validator.
  if (sc.market.stakeFlowTaoPerDay !== 0 && n.rules.era !== 'root') {
    const rng = streams.stream(`flow/${key}`);
    sim.every(from + (s.netuid % s.tempo), s.tempo, PHASE.market, () => {
      if (s.dissolved) return;
      const flow = drawFlowTao(atTime(sc.market.stakeFlowTaoPerDay, day(sim.now)), s.tempo, rng);
      const uid = pickValidator(s, rng.next());
      if (uid < 0) return;
      if (flow > 0) stakeTao(n, s, MARKET, uid, taoToRao(flow));
      else if (flow < 0) unstakeAlpha(n, s, MARKET, uid, alphaForTao(s, -flow));
    });
  }
}

/**
 * An attacking group (scenario `validators.attack`) owns miners of its own. Cabal members put
 * `selfWeight` on them; under-weighters scale everyone else's scores by `competitorFactor`.
 */
function attackerRole(sc: Scenario, s: SubnetState, rank: number): Partial<ScoringValidator> {
  const group = validatorGroup(sc, rank);
  if (group !== 'cabal' && group !== 'under-weighter') return {};
  const own = attackerMinerUids(sc, s);
  return group === 'cabal' ? { own, selfWeight: sc.validators.attack!.selfWeight } : { own, competitorFactor: sc.validators.attack!.competitorFactor };
}

/** The stakers' agent, funded from the market with their capital. */
function newStakers(sc: Scenario, n: NetworkState, agents: Agents): YieldStakers {
  const id = addAgent(agents, 'staker', NaN, sc.start.block, 'stakers');
  n.balance[id] = fundFromMarket(n, taoToRao(sc.market.stakers!.capitalTao));
  return new YieldStakers(sc, id);
}

/** Each uid's miner quality (NaN for non-miners), rebuilt only when a uid changes hands. */
function qualityView(s: SubnetState, quality: number[]): () => Float64Array {
  let version = -1;
  let view = new Float64Array(0);
  return () => {
    if (s.hotkeysVersion !== version) {
      version = s.hotkeysVersion;
      view = new Float64Array(s.hotkeys.length);
      for (let uid = 0; uid < view.length; uid++) view[uid] = quality[s.hotkeys[uid]];
    }
    return view;
  };
}

/** The validator uid a unit of delegation goes to: stake-weighted, by a uniform draw u in [0, 1). */
function pickValidator(s: SubnetState, u: number): number {
  let total = 0n;
  for (let i = 0; i < s.neurons.n; i++) if (s.neurons.validatorPermit[i]) total += s.alphaStake[i];
  if (total === 0n) return -1;
  const target = BigInt(Math.floor(u * 2 ** 32));
  let acc = 0n;
  for (let i = 0; i < s.neurons.n; i++) {
    if (!s.neurons.validatorPermit[i]) continue;
    acc += s.alphaStake[i];
    if ((acc << 32n) > target * total) return i;
  }
  return -1;
}

/** Alpha worth about `tao` TAO at the pool's spot price. */
function alphaForTao(s: SubnetState, tao: number): bigint {
  if (s.pool.tao === 0n) return 0n;
  return (taoToRao(tao) * s.pool.alphaIn) / s.pool.tao;
}

export { subnetSettings };
