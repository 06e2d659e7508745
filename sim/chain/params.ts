// Protocol constants and the hyperparameters a newly created subnet gets
// (protocol.md §5.4 and §7; file:line references there).

import { U16_MAX } from './fixed/u16.ts';
import type { YumaParams } from './yuma/epoch.ts';

/** ActivityCutoffFactorMilli: the activity cutoff is this many thousandths of the tempo. */
export const ACTIVITY_CUTOFF_FACTOR_MILLI = 13_889;

/** Activity cutoff in blocks under the dynamic-tempo rule: max(1, floor(factor·τ / 1000)) (§3.2). */
export function activityCutoffBlocks(tempo: number, factorMilli = ACTIVITY_CUTOFF_FACTOR_MILLI): number {
  return Math.max(1, Math.floor((factorMilli * tempo) / 1000));
}

/** Values set by `init_new_network` or, where it sets none, the runtime defaults. */
export const NEW_SUBNET_DEFAULTS: Omit<YumaParams, 'activityCutoff'> & { tempo: number } = {
  tempo: 360,
  kappa: 32767,
  bondsMovingAverage: 900_000,
  bondsPenalty: U16_MAX,
  yuma3: true,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  maxAllowedValidators: 64,
  stakeThreshold: 0n,
  taoWeight: 0n,
};
