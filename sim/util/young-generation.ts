// The size of V8's young generation that taosim asks for. A run makes garbage at a steady rate (the
// coinbase's BigInt amounts, 18 a subnet a block), nearly all of it dead by the next scavenge; V8's
// default semi-space (16 MiB) scavenges a 1 024-subnet day about 800 times, 64 MiB about 280 times,
// each copying what is still live. bin/taosim.js passes the same size to Node on its first line.

/** The semi-space size in MiB (`node --max-semi-space-size`). */
export const SEMI_SPACE_MB = 64;

/**
 * The young generation a worker thread is given (`resourceLimits.maxYoungGenerationSizeMb`): V8
 * sizes it as three semi-spaces (two for the scavenger, one for new large objects).
 */
export const WORKER_YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
