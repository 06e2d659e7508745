// One run of a scenario, a short driver: build the starting state, schedule the chain's blocks, the
// agent kinds' processes (./agents/registry.ts: each kind's parameters, state and actions live in its
// own file) and the observers on the discrete-event engine, collect metrics, return the output tables.
// Phases within a block (PHASE): the chain first (protocol.md §2.1), then agents, market, observers.

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { stepBlock } from '../chain/network/block-step.ts';
import type { NetworkState } from '../chain/network/network-state.ts';
import type { SubnetState } from '../chain/network/subnet.ts';
import type { EpochMode } from '../chain/yuma/arithmetic.ts';
import { type Action, RandomStreams, Simulation, type SimulationSnapshot } from '../engine/index.ts';
import type { Table } from '../output/index.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { Provenance } from '../state/start-state.ts';
import { type AgentContext, type AnyAgentKind, PHASE } from './agents/agent-kind.ts';
import { AGENT_KIND_BY_NAME, AGENT_KINDS } from './agents/registry.ts';
import { noiseSeedOf, type RunBackend, runScoringBackend, type ScoringContext } from './agents/validator-scoring.ts';
import { type Agents, genesis, subnetSettings } from './genesis.ts';
import { stateGenesis } from './genesis-state.ts';
import { RunMetrics } from './metrics.ts';

export { PHASE };

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
  net: NetworkState;
  agents: Agents;
  streams: RandomStreams;
  metrics: RunMetrics;
  /** Each agent kind's state by kind name (null: the kind takes no part in this run). */
  kinds: Record<string, unknown>;
  /** Subnet keys of every subnet agents act on (dissolved ones included: their events stay queued). */
  subnetKeys: string[];
  /** Validator scoring: the backend and the noise seed (the validators kind batches through it). */
  scoring: ScoringContext;
  /** What genesis changed in the scenario's draws (clipped pools), for stderr and run.json. */
  warnings: string[];
  /** From a state file: where each starting value came from, for run.json; absent otherwise. */
  provenance?: Provenance;
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
  const {
    network: net,
    agents,
    warnings,
    provenance,
  } = sc.startState ? stateGenesis(sc, streams) : genesis(sc, streams);
  const metrics = new RunMetrics(sc, net, agents);
  const backend = options.backend ?? 'auto';
  const state: RunState = {
    sc,
    seed,
    epoch: options.epoch ?? sc.epoch,
    net,
    agents,
    streams,
    metrics,
    kinds: {},
    subnetKeys: [],
    scoring: {
      agents,
      metrics,
      noiseSeed: noiseSeedOf(seed),
      backend,
      resolved: runScoringBackend(backend),
      async: false,
    },
    warnings,
  };
  if (provenance) state.provenance = provenance;
  const driver = new RunDriver(state);
  driver.initKinds();
  driver.start();
  const sim = driver.sim;
  return { state, sim, last: sc.start.block + sc.durationBlocks };
}

/** The run as a checkpoint left it: the same state and the same queue, so it continues identically. */
export function resumeRun(state: RunState, queue: SimulationSnapshot): ActiveRun {
  // A checkpoint written before the mode lived in RunState: the scenario it saved carries the choice.
  state.epoch ??= state.sc.epoch;
  const driver = new RunDriver(state);
  const sim = Simulation.restore(queue, (name) => driver.action(name));
  driver.sim = sim;
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
export async function advanceRunAsync(
  run: ActiveRun,
  until: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const start = run.state.sc.start.block;
  const total = run.last - start;
  run.state.scoring.async = true;
  await run.sim.runUntilAsync(Math.min(until, run.last), onProgress ? (b) => onProgress(b - start, total) : undefined);
}

/** The output tables and summary of a run that reached its last block. */
export function finishRun(run: ActiveRun): RunResult {
  if (run.sim.now !== run.last)
    throw new Error(`finishRun: the run is at block ${run.sim.now}, not at its end ${run.last}`);
  const { metrics, kinds, net } = run.state;
  const tables = metrics.tables();
  for (const k of AGENT_KINDS) if (k.tables && kinds[k.name] != null) tables.push(...k.tables(kinds[k.name]));
  return { tables, summary: metrics.summary(), network: net };
}

/** How the run was computed, for run.json: the epoch path and the scoring backends that ran. */
export function runExecution(run: ActiveRun): {
  epoch: EpochMode;
  backend: RunBackend;
  scoringBackend: 'cpu' | 'webasm' | 'webgpu';
} {
  const { epoch, scoring } = run.state;
  return { epoch, backend: scoring.backend, scoringBackend: scoring.resolved };
}

/**
 * The run's processes as named events: the chain (`chain`), the observers (`sample`) and the agent
 * kinds (./agents/registry.ts), each event called `<kind>` or `<kind>/<arg>`. An event's name says
 * how to rebuild its action (`action(name)`), which is what lets a checkpoint store the queue.
 */
class RunDriver implements AgentContext {
  readonly first: number;
  readonly last: number;

  constructor(
    readonly st: RunState,
    /** Set once the queue exists (a resumed run rebuilds the queue from these events' actions). */
    public sim: Simulation = new Simulation(),
  ) {
    this.first = st.sc.start.block + 1;
    this.last = st.sc.start.block + st.sc.durationBlocks;
  }

  /** Every kind's state for a new run, in the registry's order (null: absent from this run). */
  initKinds(): void {
    for (const k of AGENT_KINDS) this.st.kinds[k.name] = k.init(this, k.params(this.st.sc));
  }

  /** Schedules every process of a new run. */
  start(): void {
    const { sc, net } = this.st;
    const { sim, first } = this;
    sim.every(first, 1, PHASE.chain, this.action('chain'), 'chain');
    for (const s of net.subnets) this.startSubnet(s, first);
    for (const [k, state] of this.present()) k.start?.(this, k.params(sc), state);
    sim.every(
      first + sc.metrics.sampleEveryBlocks - 1,
      sc.metrics.sampleEveryBlocks,
      PHASE.observe,
      this.action('sample'),
      'sample',
    );
  }

  /** The action of the event called `name`. */
  action(name: string): Action {
    const { sc, net, epoch, metrics } = this.st;
    if (name === 'chain') {
      const watchers = this.present().filter(([k]) => k.onEpoch);
      return (b) => {
        const report = stepBlock(net, b, epoch);
        metrics.recordBlock(report);
        if (report.epochs.length === 0) return; // most blocks: no epoch for the watchers
        for (const [k, state] of watchers) {
          const p = k.params(sc);
          for (const e of report.epochs) k.onEpoch!(this, p, state, e, net.subnets.find((x) => x.netuid === e.netuid)!);
        }
      };
    }
    if (name === 'sample') return (b) => metrics.sample(b);
    const slash = name.indexOf('/');
    const kind = AGENT_KIND_BY_NAME.get(slash < 0 ? name : name.slice(0, slash));
    const state = kind && this.st.kinds[kind.name];
    if (!kind || state === null || state === undefined)
      throw new Error(`checkpoint names an unknown event ${JSON.stringify(name)}`);
    return kind.act(this, kind.params(sc), state, slash < 0 ? '' : name.slice(slash + 1));
  }

  schedule(name: string, at: number, phase: number, period?: number): void {
    if (period === undefined) this.sim.schedule(at, phase, this.action(name), name);
    else this.sim.every(at, period, phase, this.action(name), name);
  }

  /** Every kind's processes on subnet `s` from block `from` on; they stop when it is dissolved. */
  startSubnet(s: SubnetState, from: number): void {
    this.st.subnetKeys.push(this.subnetKey(s));
    for (const [k, state] of this.present()) k.startSubnet?.(this, k.params(this.st.sc), state, s, from);
  }

  day(b: number): number {
    return (b - this.st.sc.start.block) / BLOCKS_PER_DAY;
  }

  /** Stable stream-name prefix of a subnet: netuids are reused after a dissolution. */
  readonly subnetKey = (s: SubnetState): string =>
    s.createdAt < this.st.sc.start.block ? `sn${s.netuid}` : `sn${s.netuid}@${s.createdAt}`;

  subnetByKey(key: string): SubnetState | undefined {
    const s = this.st.net.subnets.find((x) => this.subnetKey(x) === key);
    if (!s && !this.st.subnetKeys.includes(key)) throw new Error(`checkpoint names an event of unknown subnet ${key}`);
    return s;
  }

  stateOf<S>(kind: string): S | undefined {
    return (this.st.kinds[kind] ?? undefined) as S | undefined;
  }

  /** The kinds taking part in this run, with their states, in the registry's order. */
  private present(): [AnyAgentKind, unknown][] {
    return AGENT_KINDS.flatMap((k) => {
      const state = this.st.kinds[k.name];
      return state === null || state === undefined ? [] : [[k, state] as [AnyAgentKind, unknown]];
    });
  }
}

export { subnetSettings };
