// Miner quality that moves over time (docs/models.md): a random walk, clamped to [0, 1], stepped once
// per epoch from the miner's own stream. How fast it moves decides how quickly stale weights go wrong.

import type { Rng } from '../../sim/engine/index.ts';

export function driftQuality(q: number, sigmaPerStep: number, rng: Rng): number {
  if (sigmaPerStep <= 0) return q;
  const next = q + rng.normal(0, sigmaPerStep);
  return next < 0 ? 0 : next > 1 ? 1 : next;
}
