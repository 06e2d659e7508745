// How much memory a run will need, estimated from the scenario's size before anything runs, so a
// scenario that would exhaust the machine is refused up front with the numbers rather than dying
// hours later. The coefficients are fitted to peak RSS measured on runs of one simulated day
// (docs/reliability.md has the table); the estimate errs high.

import { totalmem } from 'node:os';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { mostValidators, type Scenario } from '../scenario/scenario.ts';
import { UsageError } from '../util/errors.ts';

const MB = 2 ** 20;

/** What the estimate reads: the network's size, its growth and its duration. */
type SizeParams = Pick<Scenario, 'subnets' | 'protocol' | 'durationBlocks'>;

export interface MemoryEstimate {
  bytes: number;
  /** Set when the estimate is above half the machine's memory but below all of it. */
  warning?: string;
}

/** Peak resident memory of a run of `sc`, in bytes. */
export function estimateRunMemory(sc: SizeParams): number {
  const subnets = sc.subnets.count + Math.ceil(sc.subnets.registrationsPerDay * (sc.durationBlocks / BLOCKS_PER_DAY));
  const live = Math.min(subnets, sc.protocol.rules.subnetLimit);
  const uids = Math.max(sc.subnets.settings.maxUids, ...sc.subnets.overrides.map((o) => o.maxUids ?? 0));
  const validators = Math.min(mostValidators(sc.subnets), uids);
  const neurons = live * uids;
  const weightCells = live * validators * uids; // weights and bonds: one row per validator
  const epochs = live * (sc.durationBlocks / sc.subnets.settings.tempo);
  return (
    256 * MB + // Node, tsx, the modules and the collector's headroom
    6_000 * neurons + // neuron state, stakes, per-uid metrics
    200 * weightCells + // weight rows and bonds
    6 * live * uids * uids + // epoch temporaries that grow with n²
    400 * epochs // one subnet_epochs row per epoch
  );
}

/**
 * Refuses (a UsageError naming the file) a scenario whose estimate exceeds this machine's memory,
 * unless forced; warns above half of it.
 */
export function checkMemory(sc: SizeParams, force: boolean, file: string, machineBytes = totalmem()): MemoryEstimate {
  const bytes = estimateRunMemory(sc);
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  if (bytes > machineBytes && !force) {
    throw new UsageError(
      `this run needs an estimated ${gib(bytes)} of memory and this machine has ${gib(machineBytes)}; ` +
        'make the scenario smaller (subnets, uids, validators, duration) or pass --force to run anyway',
      file,
    );
  }
  return bytes > machineBytes / 2
    ? { bytes, warning: `this run needs an estimated ${gib(bytes)} of this machine's ${gib(machineBytes)} of memory` }
    : { bytes };
}
