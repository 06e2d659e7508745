// Mechanisms (protocol-2026h2.md §5.3): the emission split, the storage index, and how the
// mechanisms' epochs combine into what the subnet stores.
import { describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import {
  combineMechanismResults,
  mechanismStorageIndex,
  mechanismWeight,
  splitMechanismEmission,
  weightedAccumulate,
} from '../sim/chain/network/mechanisms.ts';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { runEpoch } from '../sim/chain/yuma/epoch.ts';
import { epochInput, newNeuronState, setWeights } from '../sim/chain/yuma/neurons.ts';

describe('protocol-2026h2.md §5.3 emission split (chain tests split_emissions_*)', () => {
  it('even division: 5 mechanisms, 25 → 5 each', () => {
    expect(splitMechanismEmission(25n, 5)).toEqual([5n, 5n, 5n, 5n, 5n]);
  });
  it('rounding to the first: 4 mechanisms, 10 → [4, 2, 2, 2]', () => {
    expect(splitMechanismEmission(10n, 4)).toEqual([4n, 2n, 2n, 2n]);
  });
  it('fibonacci split [3450, 6899, 10348, 17247, 27594] of 19 → [1, 2, 3, 5, 8]', () => {
    expect(splitMechanismEmission(19n, 5, [3450, 6899, 10348, 17247, 27594])).toEqual([1n, 2n, 3n, 5n, 8n]);
  });
  it('a short split is padded with zeros; the remainder still goes to mechanism 0', () => {
    // ⌊1000·65535/65535⌋ = 1000 to mechanism 0, nothing to 1 and 2.
    expect(splitMechanismEmission(1000n, 3, [65535])).toEqual([1000n, 0n, 0n]);
    // 7·32767/65535 = 3.49… → 3 each, the 1 left over to mechanism 0.
    expect(splitMechanismEmission(7n, 2, [32768, 32767])).toEqual([4n, 3n]);
  });
  it('one mechanism gets everything', () => {
    expect(splitMechanismEmission(123_456_789n, 1)).toEqual([123_456_789n]);
  });
});

describe('protocol-2026h2.md §5.3 storage index and weights', () => {
  it('netuid + 4096 · mechanism', () => {
    expect(mechanismStorageIndex(7, 0)).toBe(7);
    expect(mechanismStorageIndex(7, 1)).toBe(4103);
    expect(mechanismStorageIndex(128, 15)).toBe(61568);
  });
  it('E_m ⊘ E in U64F64; with E = 0 mechanism 0 weighs 1, the others 0', () => {
    expect(mechanismWeight(1n, 4n, 0)).toBe(1n << 62n);
    expect(mechanismWeight(0n, 0n, 0)).toBe(U64F64.fromInt(1));
    expect(mechanismWeight(0n, 0n, 1)).toBe(0n);
  });
  it('⌊acc + x ⊗ w⌋ floors at each step: 3 · ⅓ twice is 0 + 0, not 2', () => {
    const third = U64F64.div(U64F64.fromInt(1), U64F64.fromInt(3));
    expect(weightedAccumulate(0n, 3n, third)).toBe(0n); // 3 ⊗ ⌊2^64/3⌋ is just under 1
    expect(weightedAccumulate(5n, 65535n, 1n << 63n)).toBe(5n + 32767n);
  });
});

/** One validator (uid 0, stake 1e12) weighting uids 1 and 2, as in the chain test. */
function mechanismEpoch(w1: number, w2: number, E: bigint) {
  const s = newNeuronState(3, 0);
  s.validatorPermit = [true, false, false];
  setWeights(s, 0, [1, 2], [w1, w2], 1);
  return runEpoch(
    epochInput(s, {
      block: 2,
      tempo: 360,
      params: { ...NEW_SUBNET_DEFAULTS, activityCutoff: 5000, taoWeight: 0n },
      ownerUid: null,
      alphaStake: [1_000_000_000_000n, 0n, 0n],
      emission: E,
    }),
  );
}

describe('protocol-2026h2.md §5.3 epoch per mechanism (epoch_with_mechanisms_incentives_proportional_to_weights)', () => {
  const E = 1_000_000_000n;
  const parts = splitMechanismEmission(E, 2);
  const m0 = mechanismEpoch(4, 1, parts[0]);
  const m1 = mechanismEpoch(1, 4, parts[1]);
  it('each mechanism stores its own incentive: [_, 52428, 13107] and mirrored (±1)', () => {
    // The chain test allows ±1; taosim's exact epoch gives 52427 (0.8 · 65535 = 52428 floored after I32F32 rounding).
    expect(m0.incentive.slice(1)).toEqual([52427, 13107]);
    expect(m1.incentive.slice(1)).toEqual([13107, 52427]);
    // Mechanism 0 pays its 500,000,000: half to the validator, the miners 4 : 1.
    expect(m0.serverEmission).toEqual([0n, 199_999_389n, 50_000_610n]);
    expect(m0.validatorEmission).toEqual([250_000_000n, 0n, 0n]);
  });
  it('the subnet gets the emissions summed and the stored terms averaged by E_m/E', () => {
    const c = combineMechanismResults([m0, m1], parts);
    for (let uid = 0; uid < 3; uid++) {
      expect(c.serverEmission[uid]).toBe(m0.serverEmission[uid] + m1.serverEmission[uid]);
      expect(c.validatorEmission[uid]).toBe(m0.validatorEmission[uid] + m1.validatorEmission[uid]);
    }
    expect(c.serverEmission).toEqual([0n, 249_999_999n, 249_999_999n]);
    expect(c.validatorEmission).toEqual([500_000_000n, 0n, 0n]);
    // Stored u16s: ⌊⌊x0 ⊗ ½⌋ + x1 ⊗ ½⌋, e.g. dividends 65535 → 32767 + 32767 = 65534.
    expect(c.dividends[0]).toBe(65534);
    expect(c.incentive.slice(1)).toEqual([32766, 32766]); // ⌊⌊52427 ⊗ ½⌋ + 13107 ⊗ ½⌋ = ⌊26213 + 6553.5⌋
    // `Emission` storage is the weighted average, about half of what was paid.
    // ⌊199,999,389/2⌋ = 99,999,694, then ⌊99,999,694 + 50,000,610/2⌋ = 124,999,999.
    expect(c.emission).toEqual([250_000_000n, 124_999_999n, 124_999_999n]);
    expect(c.validatorPermit).toEqual([true, false, false]);
  });
});
