// events_per_s: trivial events through the engine's run loop, about 2 million per run: recurring
// events (every) on several periods and phases, plus one-shot events that a recurring spawner
// schedules a few blocks ahead, so the heap holds a realistic mix of near and far events.

import { Simulation } from '../engine/simulation.ts';
import { type BenchCase, median } from './case.ts';

const END = 20_000; // blocks
const EVERY_BLOCK = 40; // recurring events with period 1
const EVERY_TEN = 100; // recurring events with period 10
const SPAWN = 50; // one-shot events scheduled per block

/** Events per second of one run, checking that every event's action really ran. */
function oneRun(): number {
  const sim = new Simulation();
  let ran = 0;
  const work = (): void => {
    ran++;
  };
  for (let i = 0; i < EVERY_BLOCK; i++) sim.every(0, 1, i % 4, work);
  for (let i = 0; i < EVERY_TEN; i++) sim.every(i % 10, 10, i % 4, work);
  sim.every(0, 1, 0, (now) => {
    ran++;
    for (let k = 0; k < SPAWN; k++) sim.schedule(now + (k % 16), 1 + (k % 3), work);
  });
  const t0 = process.hrtime.bigint();
  const events = sim.runUntil(END);
  const t1 = process.hrtime.bigint();
  if (events !== ran || events < 1_900_000) throw new Error(`engine benchmark ran ${events} events, ${ran} actions`);
  return events / (Number(t1 - t0) / 1e9);
}

export const engineEventsCase: BenchCase = {
  name: 'events_per_s',
  unit: 'events/s',
  description:
    'trivial events through Simulation.runUntil: ~2M per run (recurring every() on 4 phases + one-shots scheduled ahead), median of 5 runs',
  run() {
    const rates: number[] = [];
    for (let r = 0; r < 5; r++) rates.push(oneRun());
    return median(rates);
  },
};
