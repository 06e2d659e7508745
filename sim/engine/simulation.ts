// The run loop, as small as SimPy's core: a heap of (time, phase, seq, action) and a loop that pops
// the earliest event, sets the clock to its time and calls it. Everything else (recurring events,
// observers, whatever the models build) is an action that schedules more actions.

import { EventQueue } from './event-queue.ts';

/**
 * What an event does at its time. An action may return a promise (an asynchronous kernel call, say):
 * runUntilAsync waits for it before the next event, so the order of events is unchanged;
 * runUntil refuses it.
 */
export type Action = (now: number) => void | Promise<void>;

/**
 * A queued event as a snapshot stores it. Actions are closures, so a snapshot stores each event's
 * name instead; restoring asks the model to rebuild the action of each name.
 */
export interface EventRecord {
  time: number;
  phase: number;
  seq: number;
  name: string;
  /** Set for recurring events (every): the period they repeat with. */
  period?: number;
}

export interface SimulationSnapshot {
  clock: number;
  phase: number;
  count: number;
  nextSeq: number;
  events: EventRecord[];
}

/** An action as queued: the model's function with the name (and period) that identify it. */
interface Queued extends Action {
  eventName?: string;
  period?: number;
}

export class Simulation {
  private queue = new EventQueue<Queued>();
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
   * (time, phase) order that every other event relies on. A name makes the event checkpointable:
   * see snapshot().
   */
  schedule(time: number, phase: number, action: Action, name?: string): void {
    if (time < this.clock || (time === this.clock && phase < this.phase)) {
      throw new Error(
        `cannot schedule an event in the past: (time ${time}, phase ${phase}) is before (time ${this.clock}, phase ${this.phase})`,
      );
    }
    const queued: Queued =
      name === undefined ? action : Object.assign((now: number) => action(now), { eventName: name });
    this.queue.push(time, phase, queued);
  }

  /** Runs action at start, start + period, ... at the given phase, for as long as the run goes. */
  every(start: number, period: number, phase: number, action: Action, name?: string): void {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`period must be a positive integer, got ${period}`);
    const tick = this.recurring(period, phase, action, name);
    if (start < this.clock || (start === this.clock && phase < this.phase)) {
      throw new Error(
        `cannot schedule an event in the past: (time ${start}, phase ${phase}) is before (time ${this.clock}, phase ${this.phase})`,
      );
    }
    this.queue.push(start, phase, tick);
  }

  /** The self-rescheduling wrapper of a recurring action. */
  private recurring(period: number, phase: number, action: Action, name?: string): Queued {
    // Reschedule before running, so the next occurrence is queued ahead of anything the action
    // schedules at that same (time, phase), and a throwing action does not silently stop it.
    const tick: Queued = (now) => {
      this.queue.push(now + period, phase, tick);
      return action(now);
    };
    if (name !== undefined) Object.assign(tick, { eventName: name, period });
    return tick;
  }

  /**
   * The clock and every queued event by name. Throws if an event has no name: a snapshot that
   * could not be restored must never be written.
   */
  snapshot(): SimulationSnapshot {
    const { events, nextSeq } = this.queue.entries();
    const records = events.map(({ time, phase, seq, item }): EventRecord => {
      if (item.eventName === undefined)
        throw new Error(`cannot snapshot: the event at (time ${time}, phase ${phase}) has no name`);
      return item.period === undefined
        ? { time, phase, seq, name: item.eventName }
        : { time, phase, seq, name: item.eventName, period: item.period };
    });
    records.sort((a, b) => a.seq - b.seq); // a stable order for the bytes
    return { clock: this.clock, phase: this.phase, count: this.count, nextSeq, events: records };
  }

  /**
   * The simulation a snapshot describes: action(name) rebuilds each event's action. The queue gets
   * the same (time, phase, seq) for every event, so the run continues in exactly the same order.
   */
  static restore(snap: SimulationSnapshot, action: (name: string) => Action): Simulation {
    const sim = new Simulation();
    const events = snap.events.map((e) => {
      const a = action(e.name);
      const item: Queued =
        e.period === undefined
          ? Object.assign((now: number) => a(now), { eventName: e.name })
          : sim.recurring(e.period, e.phase, a, e.name);
      return { time: e.time, phase: e.phase, seq: e.seq, item };
    });
    sim.queue = EventQueue.fromEntries(events, snap.nextSeq);
    sim.clock = snap.clock;
    sim.phase = snap.phase;
    sim.count = snap.count;
    return sim;
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
    this.checkEnd(endTime);
    const q = this.queue;
    const before = this.count;
    for (;;) {
      const time = q.peekTime(); // Infinity when empty
      if (time > endTime) break;
      if (onProgress && (time !== this.clock || this.phase < 0)) onProgress(time);
      if (this.runNext(time) instanceof Promise) {
        throw new Error(`the event at (time ${time}, phase ${this.phase}) is asynchronous: run it with runUntilAsync`);
      }
    }
    this.finishAt(endTime);
    return this.count - before;
  }

  /** runUntil for actions that may return promises: each is awaited before the next event runs. */
  async runUntilAsync(endTime: number, onProgress?: (now: number) => void): Promise<number> {
    this.checkEnd(endTime);
    const q = this.queue;
    const before = this.count;
    for (;;) {
      const time = q.peekTime();
      if (time > endTime) break;
      if (onProgress && (time !== this.clock || this.phase < 0)) onProgress(time);
      const pending = this.runNext(time);
      if (pending instanceof Promise) await pending;
    }
    this.finishAt(endTime);
    return this.count - before;
  }

  private checkEnd(endTime: number): void {
    if (!Number.isInteger(endTime) || endTime < this.clock) {
      throw new Error(`runUntil(${endTime}): the end must be an integer no earlier than now (${this.clock})`);
    }
  }

  private finishAt(endTime: number): void {
    if (this.clock !== endTime) {
      this.clock = endTime;
      this.phase = -1;
    }
  }

  /** Pops the earliest event (whose time the caller has peeked), advances the clock, runs it. */
  private runNext(time: number): void | Promise<void> {
    const q = this.queue;
    this.clock = time;
    this.phase = q.peekPhase();
    const action = q.popItem()!; // the caller peeked a time, so the queue is not empty
    this.count++;
    return action(time);
  }
}
