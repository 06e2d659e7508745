// The exact protocol core: the small public API the rest of taosim builds on.
// Every rule here restates docs/reference/protocol.md (sections cited in each module).

export { I32F32, I64F64, I96F32, U64F64, U96F32, U110F18, convertFixed, type FixedType } from './fixed/fixed.ts';
export * as I32F32Fast from './fixed/i32f32.ts';
export { fixedProportionToU16, u16ProportionToFixed, u16ToFixed } from './fixed/u16.ts';
export { expSafe, expSafeBig } from './fixed/transcendental.ts';

export {
  BLOCKS_PER_DAY,
  BLOCK_TIME_MS,
  DEFAULT_BLOCK_EMISSION,
  RAO_PER_TAO,
  TOTAL_SUPPLY,
  emissionForIssuance,
  halvingCount,
  halvingThreshold,
} from './emission/block-emission.ts';
export { blockEmission, mintBlock, projectHalvings, type HalvingRow } from './emission/halving-schedule.ts';

export { runEpoch, type EpochInput, type EpochResult, type YumaParams } from './yuma/epoch.ts';
export {
  newNeuronState,
  registerUid,
  resetBondsToward,
  setWeights,
  storeEpochResult,
  type NeuronState,
} from './yuma/neurons.ts';
export type { U16Row } from './yuma/weights.ts';
export { maxUpscaleU16 } from './weights/max-upscale.ts';
export { ACTIVITY_CUTOFF_FACTOR_MILLI, NEW_SUBNET_DEFAULTS, activityCutoffBlocks } from './params.ts';
