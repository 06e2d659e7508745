// The discrete-event engine: event queue, run loop, named random streams, observers. It knows
// nothing about what is being simulated.

export { EventQueue, MAX_TIME, PHASES, type QueuedEvent } from './event-queue.ts';
export { RandomStreams, type Rng, type RngState, type RandomStreamsSnapshot } from './random.ts';
export { Simulation, type Action, type EventRecord, type SimulationSnapshot } from './simulation.ts';
export { observeEvery, type Observer } from './observer.ts';
