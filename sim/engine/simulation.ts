// The run loop, as small as SimPy's core: a heap of (time, phase, seq, action) and a loop that pops
// the earliest event, sets the clock to its time and calls it. Everything else (recurring events,
// observers, whatever the models build) is an action that schedules more actions.

import { EventQueue } from './event-queue.ts';

export type Action = (now: number) => void;

export class Simulation {
  private readonly queue = new EventQueue<Action>();
  private clock = 0;
  /** Phase of the event last run at the current time; -1 when none has run at this time yet. */
  private phase = -1;
  private count = 0;

  get now(): number {
    return this.clock;
  }

  get eventsRun(): number {
    return this.count;
  }

  /** Events waiting to run. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Runs action at (time, phase), after every event already scheduled there. Throws for a time
   * before now, or for the current time at a phase already passed: running it would break the
   * (time, phase) order that every other event relies on.
   */
  schedule(time: number, phase: number, action: Action): void {
    if (time < this.clock || (time === this.clock && phase < this.phase)) {
      throw new Error(`cannot schedule an event in the past: (time ${time}, phase ${phase}) is before (time ${this.clock}, phase ${this.phase})`);
    }
    this.queue.push(time, phase, action);
  }

  /** Runs action at start, start + period, ... at the given phase, for as long as the run goes. */
  every(start: number, period: number, phase: number, action: Action): void {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer, got ${period}`);
    // Reschedule before running, so the next occurrence is queued ahead of anything the action
    // schedules at that same (time, phase), and a throwing action does not silently stop it.
    const tick: Action = (now) => {
      this.queue.push(now + period, phase, tick);
      action(now);
    };
    this.schedule(start, phase, tick);
  }

  /** Runs the earliest event; false when there is none. */
  step(): boolean {
    if (this.queue.size === 0) return false;
    this.runNext(this.queue.peekTime());
    return true;
  }

  /**
   * Runs every event with time <= endTime, in order, including events scheduled while running;
   * then sets the clock to endTime. onProgress(t) is called once for each time t at which events
   * run, before the first of them. Returns the number of events this call ran.
   */
  runUntil(endTime: number, onProgress?: (now: number) => void): number {
    if (!Number.isInteger(endTime) || endTime < this.clock) {
      throw new Error(`runUntil(${endTime}): the end must be an integer no earlier than now (${this.clock})`);
    }
    const q = this.queue;
    const before = this.count;
    for (;;) {
      const time = q.peekTime(); // Infinity when empty
      if (time > endTime) break;
      if (onProgress && (time !== this.clock || this.phase < 0)) onProgress(time);
      this.runNext(time);
    }
    if (this.clock !== endTime) {
      this.clock = endTime;
      this.phase = -1;
    }
    return this.count - before;
  }

  /** Pops the earliest event (whose time the caller has peeked), advances the clock, runs it. */
  private runNext(time: number): void {
    const q = this.queue;
    this.clock = time;
    this.phase = q.peekPhase();
    const action = q.popItem() as Action;
    this.count++;
    action(time);
  }
}
