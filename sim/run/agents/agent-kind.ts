// What an agent kind is (the SimPy process / Mesa agent idea): one home per kind of actor in a run,
// holding the slice of the scenario it reads, its state, how it starts and how it acts. The driver
// (../run-scenario.ts) knows no kind by name: it loops over the registry (./registry.ts) to start
// them, and routes every queued event to its kind by the event name's prefix (`<kind>/<arg>`), which
// is what lets a checkpoint store the queue by name and rebuild it. Agents act on the chain only
// through its extrinsic-like functions (sim/chain/network: transfer, add/remove stake, burned
// register, register network, set weights, set root weights).

import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import type { EpochPayout } from '../../chain/network/distribution.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import type { Action, Simulation } from '../../engine/index.ts';
import type { ClassCodec } from '../../engine/snapshot.ts';
import type { Table } from '../../output/index.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import type { RunState } from '../run-scenario.ts';

/** Phases within a block: the chain first (protocol.md §2.1), then agents, then the market, then observers. */
export const PHASE = { chain: 0, agents: 10, market: 20, observe: 30 } as const;

/** What the driver lends a kind: the run's state, its event queue and a few shared services. */
export interface AgentContext {
  readonly st: RunState;
  readonly sim: Simulation;
  /** The run's first and last block. */
  readonly first: number;
  readonly last: number;
  /** Queues event `name` (`<kind>` or `<kind>/<arg>`) once at block `at`, or every `period` blocks from `at`. */
  schedule(name: string, at: number, phase: number, period?: number): void;
  /** Days since the run's start at block b. */
  day(b: number): number;
  /** Stable stream-name prefix of a subnet (netuids are reused after a dissolution). */
  subnetKey(s: SubnetState): string;
  /**
   * The subnet a per-subnet event names; undefined once it is dissolved (its events stay queued
   * and do nothing); an error for a key the run never had.
   */
  subnetByKey(key: string): SubnetState | undefined;
  /** Starts every kind's per-subnet processes on a subnet created during the run. */
  startSubnet(s: SubnetState, from: number): void;
  /** Another kind's state (undefined if absent from this run), e.g. arrivals asking the economy. */
  stateOf<S>(kind: string): S | undefined;
}

/**
 * One kind of agent. P: the slice of the scenario it reads; S: its state (saved in checkpoints
 * under RunState.kinds[name]; classes in it are named in `classes`).
 */
export interface AgentKind<P = unknown, S = unknown> {
  /** The kind's name: its events are called `name` or `name/<arg>`. */
  readonly name: string;
  /** The part of the scenario it reads (the run's rules are in ctx.st.net.rules). */
  params(sc: Scenario): P;
  /** Its state for a new run, or null when the kind takes no part in this run. */
  init(ctx: AgentContext, p: P): S | null;
  /** Schedules its network-wide processes at the start of the run. */
  start?(ctx: AgentContext, p: P, state: S): void;
  /** Schedules its processes on subnet `s` from block `from` (at the start, and for new subnets). */
  startSubnet?(ctx: AgentContext, p: P, state: S, s: SubnetState, from: number): void;
  /** The action of its event `name/arg` (arg '' for a bare `name`). */
  act(ctx: AgentContext, p: P, state: S, arg: string): Action;
  /** Sees each epoch's payout right after the block that ran it. */
  onEpoch?(ctx: AgentContext, p: P, state: S, e: EpochPayout, s: SubnetState): void;
  /** Output tables it keeps (beside the metrics'). */
  tables?(state: S): Table[];
  /** Classes whose instances live in its state (for checkpoints). */
  readonly classes?: Record<string, ClassCodec>;
}

/** Type-erased, as the registry holds kinds. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of every parameter and state type
export type AnyAgentKind = AgentKind<any, any>;

/** The validator uid a unit of delegation goes to: stake-weighted, by a uniform draw u in [0, 1). */
export function pickValidator(s: SubnetState, u: number): number {
  let total = 0n;
  for (let i = 0; i < s.neurons.n; i++) if (s.neurons.validatorPermit[i]) total += s.alphaStake[i];
  if (total === 0n) return -1;
  const target = BigInt(Math.floor(u * 2 ** 32));
  let acc = 0n;
  for (let i = 0; i < s.neurons.n; i++) {
    if (!s.neurons.validatorPermit[i]) continue;
    acc += s.alphaStake[i];
    if (acc << 32n > target * total) return i;
  }
  return -1;
}

/** A seeded wait of about `meanDays` (uniform in [0.5, 1.5] of it), in whole blocks, at least 1. */
export function jitteredWait(meanDays: number, u: number): number {
  return Math.max(1, Math.round(meanDays * BLOCKS_PER_DAY * (0.5 + u)));
}
