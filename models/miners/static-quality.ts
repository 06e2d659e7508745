// A miner with a fixed true quality (docs/models.md): drawn once, uniform in [min, max], from the
// miner's own stream so that adding miners never changes another miner's draw. Richer miners
// (improvement, costs, exit) come with the agents issue.

import type { Rng } from '../../sim/engine/index.ts';

export interface StaticQualityParams {
  qualityMin: number;
  qualityMax: number;
}

export function drawQuality(p: StaticQualityParams, rng: Rng): number {
  return p.qualityMin + (p.qualityMax - p.qualityMin) * rng.next();
}

/** Days until the next arrival of a Poisson process with `perDay` arrivals a day. */
export function nextArrivalDays(perDay: number, rng: Rng): number {
  return perDay <= 0 ? Infinity : -Math.log(1 - rng.next()) / perDay;
}
