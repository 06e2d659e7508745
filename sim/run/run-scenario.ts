// One run of a scenario: build the starting state, schedule the chain's blocks and the agents'
// actions on the discrete-event engine, collect metrics, and return the output tables.
// Phases within a block: the chain first (protocol.md §2.1), then agents, then observers.

import type { Scenario } from '../scenario/scenario.ts';
import { taoToRao } from '../scenario/scenario.ts';
import { drawQuality, nextArrivalDays } from '../../models/miners/static-quality.ts';
import { stepTaoPrice } from '../../models/market/tao-price.ts';
import { drawFlowTao } from '../../models/market/stake-flow.ts';
import { atTime } from '../../models/time-expression.ts';
import { stepBlock } from '../chain/network/block-step.ts';
import { registerNeuron } from '../chain/network/neuron-registration.ts';
import { stakeTao, unstakeAlpha } from '../chain/network/staking.ts';
import type { SubnetState } from '../chain/network/subnet.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import type { EpochMode } from '../chain/yuma/arithmetic.ts';
import { RandomStreams, Simulation, type Action, type SimulationSnapshot } from '../engine/index.ts';
import type { Table } from '../output/index.ts';
import { addAgent, genesis, MARKET, newSubnetConfig, subnetSettings, type Agents } from './genesis.ts';
import { lockCost, MIN_LOCK, registerSubnet, type LockState } from '../chain/network/subnet-registration.ts';
import { RunMetrics } from './metrics.ts';
import { autoBackend, noiseSeedOf, setWeightsBatch, weightInterval, type RunBackend, type ScoringContext } from './validator-scoring.ts';
import { MinerEconomy } from './miner-economy.ts';
import { YieldStakers } from './stakers.ts';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';

export const PHASE = { chain: 0, agents: 10, market: 20, observe: 30 } as const;

export interface RunResult {
  tables: Table[];
  summary: Record<string, string | number>;
  /** The final chain state (for checks such as conservation). */
  network: NetworkState;
}

export interface RunOptions {
  /** Overrides the scenario's `epoch` ('exact' or 'fast', docs/explanation/exactness.md). */
  epoch?: EpochMode;
  /** The validator-scoring backend (default 'auto'); every choice gives the same bytes. */
  backend?: RunBackend;
}

/**
 * Everything the run's events read and write, and nothing else: a checkpoint saves exactly this
 * (plus the event queue by name), so whatever an event needs later must live here, not in a closure.
 */
export interface RunState {
  sc: Scenario;
  seed: number | string;
  /** Which arithmetic runs the epochs (RunOptions.epoch, else the scenario's `epoch`), resolved once. */
  epoch: EpochMode;
  n: NetworkState;
  agents: Agents;
  streams: RandomStreams;
  metrics: RunMetrics;
  economy: MinerEconomy | null;
  stakers: YieldStakers | null;
  /** Subnet registration's lock price memory. */
  locks: LockState;
  /** Miners arrived so far per subnet key (names the arrivals' streams). */
  arrived: Record<string, number>;
  /** Subnet keys of every subnet agents act on (dissolved ones included: their events stay queued). */
  subnetKeys: string[];
  /** Validator scoring: the backend, the noise seed, and each weight-setting interval's first block. */
  scoring: ScoringContext;
  scoringStarts: Record<string, number>;
  /** What genesis changed in the scenario's draws (clipped pools), for stderr and run.json. */
  warnings: string[];
}

/** A run in progress: its state and its event queue. */
export interface ActiveRun {
  state: RunState;
  sim: Simulation;
  /** The run's last block. */
  last: number;
}

export function runScenario(
  sc: Scenario,
  seed: number | string,
  onProgress?: (done: number, total: number) => void,
  options: RunOptions = {},
): RunResult {
  const run = startRun(sc, seed, options);
  advanceRun(run, run.last, onProgress);
  return finishRun(run);
}

/** Genesis and the first events of every process; nothing has run yet. */
export function startRun(sc: Scenario, seed: number | string, options: RunOptions = {}): ActiveRun {
  const streams = new RandomStreams(seed);
  const { network: n, agents, warnings } = genesis(sc, streams);
  const metrics = new RunMetrics(sc, n, agents);
  const backend = options.backend ?? 'auto';
  const state: RunState = {
    sc,
    seed,
    epoch: options.epoch ?? sc.epoch,
    n,
    agents,
    streams,
    metrics,
    economy: sc.miners.model === 'economic' ? new MinerEconomy(sc, agents, streams) : null,
    stakers: sc.market.stakers && n.rules.era !== 'root' ? newStakers(sc, n, agents) : null,
    locks: { lastLock: MIN_LOCK, lastLockBlock: null },
    arrived: {},
    subnetKeys: [],
    scoring: { sc, n, agents, metrics, noiseSeed: noiseSeedOf(seed), backend, resolved: backend === 'auto' ? autoBackend(sc) : backend, async: false },
    scoringStarts: {},
    warnings,
  };
  const sim = new Simulation();
  new RunEvents(state, sim).start();
  return { state, sim, last: sc.start.block + sc.durationBlocks };
}

/** The run as a checkpoint left it: the same state and the same queue, so it continues identically. */
export function resumeRun(state: RunState, queue: SimulationSnapshot): ActiveRun {
  // A checkpoint written before the mode lived in RunState: the scenario it saved carries the choice.
  state.epoch ??= state.sc.epoch;
  const events = new RunEvents(state);
  const sim = Simulation.restore(queue, (name) => events.action(name));
  events.sim = sim;
  return { state, sim, last: state.sc.start.block + state.sc.durationBlocks };
}

/** Runs every event up to and including block `until` (at most the run's last block). */
export function advanceRun(run: ActiveRun, until: number, onProgress?: (done: number, total: number) => void): void {
  const start = run.state.sc.start.block;
  const total = run.last - start;
  run.state.scoring.async = false;
  run.sim.runUntil(Math.min(until, run.last), onProgress ? (b) => onProgress(b - start, total) : undefined);
}

/**
 * advanceRun, letting validator scoring run asynchronously: webasm on its worker pool (the same
 * bytes on more cores) or webgpu. Events still run one at a time, in the same order.
 */
export async function advanceRunAsync(run: ActiveRun, until: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  const start = run.state.sc.start.block;
  const total = run.last - start;
  run.state.scoring.async = true;
  await run.sim.runUntilAsync(Math.min(until, run.last), onProgress ? (b) => onProgress(b - start, total) : undefined);
}

/** The output tables and summary of a run that reached its last block. */
export function finishRun(run: ActiveRun): RunResult {
  if (run.sim.now !== run.last) throw new Error(`finishRun: the run is at block ${run.sim.now}, not at its end ${run.last}`);
  const { metrics, economy, n } = run.state;
  const tables = metrics.tables();
  if (economy) tables.push({ name: 'miners_daily', columns: MinerEconomy.COLUMNS, rows: economy.rows });
  return { tables, summary: metrics.summary(), network: n };
}

/** How the run was computed, for run.json: the epoch path and the scoring backends that ran. */
export function runExecution(run: ActiveRun): { epoch: EpochMode; backend: RunBackend; scoringBackend: 'cpu' | 'webasm' | 'webgpu' } {
  const { epoch, scoring } = run.state;
  return { epoch, backend: scoring.backend, scoringBackend: scoring.resolved };
}

/**
 * The run's processes as named events. Each event's name says how to rebuild its action
 * (`action(name)`), which is what lets a checkpoint store the queue: the chain, the network-wide
 * agents, `scoring/<interval>` (validators' weights, batched over subnets), and per subnet key
 * `<key>/arrival`, `<key>/economy`, `<key>/flow`.
 */
class RunEvents {
  private readonly first: number;
  private readonly last: number;

  constructor(
    private readonly st: RunState,
    /** Set once the queue exists (a resumed run rebuilds the queue from these events' actions). */
    public sim: Simulation = new Simulation(),
  ) {
    this.first = st.sc.start.block + 1;
    this.last = st.sc.start.block + st.sc.durationBlocks;
  }

  /** Schedules every process of a new run. */
  start(): void {
    const { sc, n, agents, stakers } = this.st;
    const { sim, first } = this;
    sim.every(first, 1, PHASE.chain, this.action('chain'), 'chain');
    for (const s of n.subnets) this.startSubnet(s, first);
    if (sc.subnets.registrationsPerDay > 0) this.scheduleSubnetRegistration(sc.start.block);
    if (n.rules.era === 'root') {
      for (const hotkey of agents.validators) {
        const name = `root-weights/${hotkey}`;
        sim.every(first, n.rules.rootTempo, PHASE.agents, this.action(name), name);
      }
    }
    if (stakers) sim.every(first + BLOCKS_PER_DAY - 1, BLOCKS_PER_DAY, PHASE.market, this.action('stakers'), 'stakers');
    sim.every(first + BLOCKS_PER_DAY - 1, BLOCKS_PER_DAY, PHASE.market, this.action('tao-price'), 'tao-price');
    sim.every(first + sc.metrics.sampleEveryBlocks - 1, sc.metrics.sampleEveryBlocks, PHASE.observe, this.action('sample'), 'sample');
  }

  /** The action of the event called `name`. */
  action(name: string): Action {
    const { sc, n, epoch, streams, metrics, economy, stakers } = this.st;
    switch (name) {
      case 'chain':
        return (b) => {
          const report = stepBlock(n, b, epoch);
          metrics.recordBlock(report);
          if (economy) for (const e of report.epochs) economy.recordEpoch(e, n.subnets.find((x) => x.netuid === e.netuid)!);
          if (stakers) for (const e of report.epochs) stakers.recordEpoch(e);
        };
      case 'subnet-registration':
        return (b) => this.registerSubnet(b);
      case 'stakers': {
        const rng = streams.stream('stakers');
        return () => stakers!.rebalance(n, (s) => pickValidator(s, rng.next()));
      }
      case 'tao-price': {
        // The price for day d holds from the end of day d − 1 (day 0's is the starting price).
        const rng = streams.stream('market/tao-price');
        return (b) => metrics.setTaoPrice(stepTaoPrice(metrics.taoPriceUsd, sc.market.taoPriceUsd, rng, Math.round((b - sc.start.block) / BLOCKS_PER_DAY)));
      }
      case 'sample':
        return (b) => metrics.sample(b);
    }
    const scoring = /^scoring\/(\d+)$/.exec(name);
    if (scoring) return this.scoring(Number(scoring[1]));
    const root = /^root-weights\/(\d+)$/.exec(name);
    if (root) return this.rootWeights(Number(root[1]));
    const sub = /^(.+)\/(arrival|economy|flow)$/.exec(name);
    if (sub) {
      const s = n.subnets.find((x) => subnetKey(sc, x) === sub[1]);
      // A dissolved subnet's events stay queued and do nothing, as they did before the checkpoint.
      if (!s) {
        if (!this.st.subnetKeys.includes(sub[1])) throw new Error(`checkpoint names an event of unknown subnet ${sub[1]}`);
        return () => {};
      }
      if (sub[2] === 'arrival') return (b) => this.arrive(s, b);
      if (sub[2] === 'economy') return this.economyReview(s);
      return this.flow(s);
    }
    throw new Error(`checkpoint names an unknown event ${JSON.stringify(name)}`);
  }

  /** Schedule the agents that act on subnet `s` from block `from` on; they stop when it is dissolved. */
  private startSubnet(s: SubnetState, from: number): void {
    const { sc, n, economy } = this.st;
    const key = subnetKey(sc, s);
    this.st.subnetKeys.push(key);
    // Validators: each sets weights on the subnet once per tempo by default (as often as the rate
    // limit allows at most), in one batch with every other subnet of the same interval.
    const interval = weightInterval(sc, s);
    if (this.st.scoringStarts[interval] === undefined) {
      this.st.scoringStarts[interval] = from;
      this.sim.every(from, interval, PHASE.agents, this.action(`scoring/${interval}`), `scoring/${interval}`);
    }
    // Miners arrive as a Poisson process and register if they can pay the burn.
    this.st.arrived[key] = 0;
    this.scheduleArrival(s, from - 1);
    // Economic miners review their margins once a day.
    if (economy) this.sim.every(from + BLOCKS_PER_DAY - 1, BLOCKS_PER_DAY, PHASE.agents, this.action(`${key}/economy`), `${key}/economy`);
    // The market: net staking flow every tempo, delegated to a stake-weighted validator.
    if (sc.market.stakeFlowTaoPerDay !== 0 && n.rules.era !== 'root') {
      this.sim.every(from + (s.netuid % s.tempo), s.tempo, PHASE.market, this.action(`${key}/flow`), `${key}/flow`);
    }
  }

  private day(b: number): number {
    return (b - this.st.sc.start.block) / BLOCKS_PER_DAY;
  }

  /** Validators' weights on every subnet of this weight-setting interval whose agents have started. */
  private scoring(interval: number): Action {
    const { sc, n } = this.st;
    return (b) => {
      const subnets = n.subnets.filter((s) => weightInterval(sc, s) === interval && s.createdAt < b);
      const tick = Math.floor((b - this.st.scoringStarts[interval]) / interval);
      return setWeightsBatch(this.st.scoring, subnets, b, tick, (s) => subnetKey(sc, s));
    };
  }

  private scheduleArrival(s: SubnetState, after: number): void {
    const { sc, streams } = this.st;
    const key = subnetKey(sc, s);
    const days = nextArrivalDays(sc.miners.arrivalsPerSubnetPerDay, streams.stream(`arrivals/${key}`));
    const at = after + Math.max(1, Math.ceil(days * BLOCKS_PER_DAY));
    if (Number.isFinite(at) && at <= this.last) this.sim.schedule(at, PHASE.agents, this.action(`${key}/arrival`), `${key}/arrival`);
  }

  /** A miner arrives at subnet `s`. */
  private arrive(s: SubnetState, b: number): void {
    const { sc, n, agents, streams, metrics, economy } = this.st;
    if (s.dissolved) return;
    const key = subnetKey(sc, s);
    // An economic newcomer looks at what incumbents earn and stays away if it would not pay.
    if (!economy || economy.wouldEnter(s, metrics.taoPriceUsd, this.day(b))) {
      const id = addAgent(agents, 'miner', NaN, b, `miner/${key}/arrival${++this.st.arrived[key]}`);
      agents.quality[id] = drawQuality(sc.miners, streams.stream(agents.name[id]));
      // The newcomer buys its budget from the market (TAO changes hands; none is created).
      n.balance[id] = fundFromMarket(n, taoToRao(sc.miners.budgetTao));
      metrics.recordRegistration(s, registerNeuron(n, s, id, id, b), id, b);
    }
    this.scheduleArrival(s, b);
  }

  /** Miners that earn well register one more uid with the same model, paying from their balance. */
  private economyReview(s: SubnetState): Action {
    const { n, agents, metrics, economy } = this.st;
    return (b) => {
      if (s.dissolved) return;
      for (const h of economy!.review(s, metrics.taoPriceUsd, this.day(b))) {
        const clone = addAgent(agents, 'miner', agents.quality[h], b, `${agents.name[h]}/sybil@${b}`);
        metrics.recordRegistration(s, registerNeuron(n, s, clone, h, b), clone, b);
      }
    };
  }

  /** The market's net staking flow on subnet `s`, delegated to a stake-weighted validator. */
  private flow(s: SubnetState): Action {
    const { sc, n, streams } = this.st;
    const rng = streams.stream(`flow/${subnetKey(sc, s)}`);
    return () => {
      if (s.dissolved) return;
      const flow = drawFlowTao(atTime(sc.market.stakeFlowTaoPerDay, this.day(this.sim.now)), s.tempo, rng);
      const uid = pickValidator(s, rng.next());
      if (uid < 0) return;
      if (flow > 0) stakeTao(n, s, MARKET, uid, taoToRao(flow));
      else if (flow < 0) unstakeAlpha(n, s, MARKET, uid, alphaForTao(s, -flow));
    };
  }

  /** New subnets: owners arrive as a Poisson process and register when they can pay the lock. */
  private scheduleSubnetRegistration(from: number): void {
    const { sc, streams } = this.st;
    const at = from + Math.max(1, Math.ceil(nextArrivalDays(sc.subnets.registrationsPerDay, streams.stream('subnet-registrations')) * BLOCKS_PER_DAY));
    if (at <= this.last) this.sim.schedule(at, PHASE.agents, this.action('subnet-registration'), 'subnet-registration');
  }

  private registerSubnet(b: number): void {
    const { sc, n, agents, metrics, locks } = this.st;
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
      this.startSubnet(created, b + 1);
    } else {
      // Unable to register: the lock money goes back to the market.
      n.balance[MARKET] += n.balance[owner];
      n.balance[owner] = 0n;
    }
    this.scheduleSubnetRegistration(b);
  }

  /** Root era: a root validator weights subnets by what it sees of them (mean miner quality + noise). */
  private rootWeights(hotkey: number): Action {
    const { sc, n, agents, streams } = this.st;
    const rng = streams.stream(`${agents.name[hotkey]}/root`);
    return () => {
      const values = n.subnets.map((s) => {
        const q = s.hotkeys.map((h) => agents.quality[h]).filter((x) => !Number.isNaN(x));
        const mean = q.length ? q.reduce((a, b) => a + b, 0) / q.length : 0;
        return Math.max(0, Math.round(U16_MAX * Math.min(1, mean * (1 + sc.validators.noise * rng.normal()))));
      });
      n.rootWeights.set(hotkey, { netuids: n.subnets.map((s) => s.netuid), values });
    };
  }
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

/** The stakers' agent, funded from the market with their capital. */
function newStakers(sc: Scenario, n: NetworkState, agents: Agents): YieldStakers {
  const id = addAgent(agents, 'staker', NaN, sc.start.block, 'stakers');
  n.balance[id] = fundFromMarket(n, taoToRao(sc.market.stakers!.capitalTao));
  return new YieldStakers(sc, id);
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
