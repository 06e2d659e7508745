// Observers sample metrics on a fixed period. Giving them their own phase (the last of the time,
// by convention) means they see the state after everything else at that time has run.

import type { Simulation } from './simulation.ts';

export interface Observer {
  sample(now: number): void;
}

/** Calls observer.sample(now) at start, start + period, ... at phase; start defaults to now, so the
 * initial state is sampled too. */
export function observeEvery(
  sim: Simulation,
  period: number,
  phase: number,
  observer: Observer,
  start = sim.now,
): void {
  sim.every(start, period, phase, (now) => observer.sample(now));
}
