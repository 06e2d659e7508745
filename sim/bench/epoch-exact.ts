// epoch_exact_64x256_us: one exact epoch on 256 uids, 64 permitted validators each weighting all
// 192 miners, Yuma3 with liquid alpha on, bonds carried from epoch to epoch; epoch_fast_64x256_us:
// the fast (Float64) epoch on the same input. Their weights never change, so what an epoch may reuse
// from the subnet's previous one (the consensus stage) is reused every time;
// epoch_exact_64x256_changing_us re-draws every validator's weights before each epoch: the general case.

import seedrandom from 'seedrandom';
import { U16_MAX } from '../chain/fixed/u16.ts';
import { NEW_SUBNET_DEFAULTS } from '../chain/params.ts';
import { type EpochInput, type EpochResult, runEpoch, runFastEpoch } from '../chain/yuma/epoch.ts';
import { epochInput, newNeuronState, setWeights, storeEpochResult } from '../chain/yuma/neurons.ts';
import { type BenchCase, median } from './case.ts';

const N = 256;
const VALIDATORS = 64;
const TEMPO = 360;

export function benchEpochInputs(
  seed = 'bench/epoch',
  liquidAlpha = true,
): {
  state: ReturnType<typeof newNeuronState>;
  input: (block: number) => EpochInput;
  /** Every validator sets new weights (drawn from the seed) at `block`. */
  redrawWeights: (block: number) => void;
} {
  const rng = seedrandom(seed);
  const state = newNeuronState(N, 0);
  state.validatorPermit = Array.from({ length: N }, (_, i) => i < VALIDATORS);
  const stake = Array.from({ length: N }, (_, i) => (i < VALIDATORS ? BigInt(Math.floor(1e12 * (0.1 + rng()))) : 0n));
  const quality = Array.from({ length: N - VALIDATORS }, () => rng());
  const dests = quality.map((_, k) => VALIDATORS + k);
  const redrawWeights = (block: number) => {
    for (let v = 0; v < VALIDATORS; v++) {
      const values = quality.map((q) => Math.max(0, Math.round(U16_MAX * q * (0.8 + 0.4 * rng()))));
      setWeights(state, v, dests, values, block);
    }
  };
  redrawWeights(1);
  const params = { ...NEW_SUBNET_DEFAULTS, yuma3: true, liquidAlpha, activityCutoff: 5000 };
  return {
    state,
    input: (block) =>
      epochInput(state, { block, tempo: TEMPO, params, ownerUid: null, alphaStake: stake, emission: 148_000_000_000n }),
    redrawWeights,
  };
}

type Epoch = (input: EpochInput) => EpochResult;

function epochCase(
  name: string,
  epoch: Epoch,
  liquidAlpha: boolean,
  description: string,
  changingWeights = false,
): BenchCase {
  return { name, unit: 'µs', description, run: () => medianEpochMicros(epoch, liquidAlpha, changingWeights) };
}

export const epochExactCase = epochCase(
  'epoch_exact_64x256_us',
  runEpoch,
  true,
  'median time of one exact epoch: 256 uids, 64 validators x 192 miners, Yuma3 + liquid alpha, bonds carried',
);

export const epochExactNoLiquidCase = epochCase(
  'epoch_exact_64x256_no_liquid_us',
  runEpoch,
  false,
  'the same epoch with liquid alpha off (fixed EMA rate, the default on a new subnet)',
);

export const epochFastCase = epochCase(
  'epoch_fast_64x256_us',
  runFastEpoch,
  true,
  "median time of one fast (Float64) epoch on epoch_exact_64x256_us's input",
);

export const epochExactChangingCase = epochCase(
  'epoch_exact_64x256_changing_us',
  runEpoch,
  true,
  "epoch_exact_64x256_us with every validator's weights re-drawn before each epoch (nothing carried over but the bonds)",
  true,
);

/**
 * Median µs of epochs 20–199 (the first 20 warm up the JIT and let the bonds build up). With
 * `changingWeights`, every validator sets new weights (drawn from the bench's seed) before each epoch.
 */
export function medianEpochMicros(epoch: Epoch, liquidAlpha: boolean, changingWeights = false): number {
  const { state, input, redrawWeights } = benchEpochInputs('bench/epoch', liquidAlpha);
  const times: number[] = [];
  for (let e = 0; e < 200; e++) {
    const block = (e + 1) * TEMPO;
    if (changingWeights) redrawWeights(block - 1);
    // Keep every validator active: refresh LastUpdate as if weights were re-set each tempo.
    for (let v = 0; v < VALIDATORS; v++) state.lastUpdate[v] = block - 1;
    const t0 = process.hrtime.bigint();
    const r = epoch(input(block));
    const t1 = process.hrtime.bigint();
    storeEpochResult(state, r, block);
    if (e >= 20) times.push(Number(t1 - t0) / 1000);
  }
  return median(times);
}
