// The discrete-event engine: event queue, run loop, named random streams, observers. It knows
// nothing about what is being simulated.

export { EventQueue, MAX_TIME, PHASES, type QueuedEvent } from './event-queue.ts';
export { type Observer, observeEvery } from './observer.ts';
export {
  type PackedRandomStreams,
  RandomStreams,
  type RandomStreamsSnapshot,
  type Rng,
  type RngState,
} from './random.ts';
export { type Action, type EventRecord, Simulation, type SimulationSnapshot } from './simulation.ts';
