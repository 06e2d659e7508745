// The epoch's scratch (sim/chain/yuma/scratch.ts) is shared by every epoch of the same size: what one
// epoch leaves in it must not reach the next one's result, and a result handed back must not change
// when later epochs run (the run keeps them: stored bonds, payouts, metrics).
import { describe, expect, it } from 'vitest';
import { benchEpochInputs } from '../sim/bench/epoch-exact.ts';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { type EpochInput, type EpochResult, runEpoch, runFastEpoch } from '../sim/chain/yuma/epoch.ts';
import { epochInput, newNeuronState } from '../sim/chain/yuma/neurons.ts';

/** A deep copy of a result (typed arrays and bigint lists included), to compare with later. */
function snapshot(r: EpochResult): unknown {
  return structuredClone(r);
}

/** 256 uids with stake on the first 64 and no weights at all: Σ(I + D) = 0, validators paid by stake. */
function unweightedInput(block: number): EpochInput {
  const state = newNeuronState(256, 0);
  const alphaStake = Array.from({ length: 256 }, (_, i) => (i < 64 ? BigInt(1e12 + i * 1e9) : 0n));
  const params = { ...NEW_SUBNET_DEFAULTS, yuma3: true, liquidAlpha: true, activityCutoff: 5000 };
  return epochInput(state, { block, tempo: 360, params, ownerUid: null, alphaStake, emission: 148_000_000_000n });
}

describe.each([
  ['exact', runEpoch],
  ['fast', runFastEpoch],
] as const)('%s epochs sharing one scratch', (_mode, epoch) => {
  it('give each subnet the result it gets alone, and leave earlier results as they were', () => {
    const alone = (seed: string) => {
      const { input } = benchEpochInputs(seed);
      return snapshot(epoch(input(720)));
    };
    const expectedA = alone('scratch/a');
    const expectedB = alone('scratch/b');
    const expectedEmpty = snapshot(epoch(unweightedInput(720)));

    const a = benchEpochInputs('scratch/a');
    const b = benchEpochInputs('scratch/b');
    const ra = epoch(a.input(720));
    const rb = epoch(b.input(720));
    const rEmpty = epoch(unweightedInput(720));
    // Further epochs of other subnets of the same size, then the results are compared.
    epoch(b.input(1080));
    epoch(a.input(1080));
    expect(snapshot(ra)).toEqual(expectedA);
    expect(snapshot(rb)).toEqual(expectedB);
    expect(snapshot(rEmpty)).toEqual(expectedEmpty);
  });

  it('pay miners nothing when Σ(I + D) = 0, after an epoch that paid them', () => {
    const { input } = benchEpochInputs('scratch/a');
    const paid = epoch(input(720));
    expect(paid.serverEmission.some((x) => x > 0n)).toBe(true);
    const r = epoch(unweightedInput(720));
    expect(r.serverEmission.every((x) => x === 0n)).toBe(true);
    expect(r.validatorEmission.slice(0, 64).every((x) => x > 0n)).toBe(true);
  });
});
