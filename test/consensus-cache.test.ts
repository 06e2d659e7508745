// The epoch's consensus-stage cache (sim/chain/yuma/consensus-cache.ts): a subnet's epoch after any
// change (weights set, a row replaced by an edited or an equal copy, a permit, a registration, stake,
// κ) equals the same epoch computed from scratch, in both arithmetics; and unchanged inputs reuse the
// stage.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { type ConsensusInput, type ConsensusStage, cachedConsensusStage } from '../sim/chain/yuma/consensus-cache.ts';
import { type EpochInput, type EpochResult, runEpoch, runFastEpoch } from '../sim/chain/yuma/epoch.ts';
import { I32F32_KERNELS } from '../sim/chain/yuma/kernels.ts';
import {
  epochInput,
  type NeuronState,
  newNeuronState,
  registerUid,
  setWeights,
  storeEpochResult,
} from '../sim/chain/yuma/neurons.ts';
import { CsrBuilder } from '../sim/chain/yuma/sparse.ts';

const N = 48;
const VALIDATORS = 12;
const TEMPO = 100;

function subnet(seed: string): { state: NeuronState; stake: bigint[] } {
  const rng = seedrandom(seed);
  const state = newNeuronState(N, 0);
  state.validatorPermit = Array.from({ length: N }, (_, i) => i < VALIDATORS);
  const stake = Array.from({ length: N }, (_, i) => (i < VALIDATORS ? BigInt(Math.floor(1e12 * (0.1 + rng()))) : 0n));
  for (let v = 0; v < VALIDATORS; v++) {
    const dests = Array.from({ length: N - VALIDATORS }, (_, k) => VALIDATORS + k);
    setWeights(
      state,
      v,
      dests,
      dests.map(() => Math.floor(rng() * 65536)),
      1,
    );
  }
  return { state, stake };
}

/** The same input with its weight rows deep-copied: a new subnet identity, so nothing cached applies. */
function fromScratch(input: EpochInput): EpochInput {
  return { ...input, weights: input.weights.map((r) => ({ cols: r.cols.slice(), vals: r.vals.slice() })) };
}

/** Plain data of a result, for toEqual. */
function plain(r: EpochResult): unknown {
  return JSON.parse(
    JSON.stringify(r, (_k, v) =>
      typeof v === 'bigint' ? `${v}` : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
    ),
  );
}

const changes: [string, (s: NeuronState, stake: bigint[], block: number, kappa: { value: number }) => void][] = [
  ['nothing', () => {}],
  ['a validator sets new weights', (s, _st, block) => setWeights(s, 3, [20, 30, 40], [1, 2, 3], block - 5)],
  [
    'a row replaced by a copy with one weight changed (same length)',
    (s) =>
      (s.weights[5] = { cols: s.weights[5].cols, vals: s.weights[5].vals.map((v, k) => (k === 7 ? v ^ 1000 : v)) }),
  ],
  [
    'a row replaced by an equal copy',
    (s) => (s.weights[5] = { cols: [...s.weights[5].cols], vals: s.weights[5].vals.slice() }),
  ],
  // The rows untouched: their weights toward uid 30 were set before its registration, so step 3 drops them.
  ['a registration after the weights were set (rows untouched)', (s) => (s.blockAtRegistration[30] = 2)],
  ['a validator loses its permit', (s) => (s.validatorPermit[2] = false)],
  ['a miner re-registers', (s, _st, block) => registerUid(s, 30, block - 10)],
  ['a validator stops being active (LastUpdate)', (s, _st, block) => (s.lastUpdate[4] = block - 10_000)],
  ['stake moves', (_s, stake) => (stake[1] += 123_456_789n)],
  ['κ changes', (_s, _st, _b, kappa) => (kappa.value = 40_000)],
];

describe('consensus-stage cache', () => {
  for (const [mode, epoch] of [
    ['exact', runEpoch],
    ['fast', runFastEpoch],
  ] as const) {
    for (const [what, change] of changes) {
      it(`${mode}: the epoch after "${what}" equals the same epoch from scratch`, () => {
        const { state, stake } = subnet(`cache/${what}`);
        const kappa = { value: NEW_SUBNET_DEFAULTS.kappa };
        const input = (block: number) =>
          epochInput(state, {
            block,
            tempo: TEMPO,
            params: {
              ...NEW_SUBNET_DEFAULTS,
              kappa: kappa.value,
              yuma3: true,
              liquidAlpha: true,
              activityCutoff: 5000,
            },
            ownerUid: null,
            alphaStake: stake,
            emission: 1_000_000_000n,
          });
        // Three epochs fill the cache for this subnet (the stake-weighted consensus settles the permits).
        for (let e = 1; e <= 3; e++) storeEpochResult(state, epoch(input(e * TEMPO)), e * TEMPO);
        const block = 4 * TEMPO;
        change(state, stake, block, kappa);
        const cached = epoch(input(block));
        const scratch = epoch(fromScratch(input(block)));
        expect(plain(cached)).toEqual(plain(scratch));
      });
    }
  }

  it('unchanged inputs give the identical stage, and the results stay the caller’s own', () => {
    const { state, stake } = subnet('cache/reuse');
    const input = (block: number) =>
      epochInput(state, {
        block,
        tempo: TEMPO,
        params: { ...NEW_SUBNET_DEFAULTS, yuma3: true, liquidAlpha: true, activityCutoff: 5000 },
        ownerUid: null,
        alphaStake: stake,
        emission: 1_000_000_000n,
      });
    const first = runEpoch(input(TEMPO));
    const again = runEpoch(input(TEMPO));
    expect(plain(again)).toEqual(plain(first));
    // The stored vectors are fresh arrays, not views of the cached stage.
    expect(again.consensus).not.toBe(first.consensus);
    expect(again.exact.incentive).not.toBe(first.exact.incentive);
    again.exact.incentive.fill(0);
    expect(plain(runEpoch(input(TEMPO)))).toEqual(plain(first));
  });

  it('recomputes on every change of stake or weights, and reuses the stage once both held still for an epoch', () => {
    // A counting stage function: which epochs computed. The masked weights are kept only when the
    // active stake is the previous epoch's, so after a stake change the second equal epoch still
    // computes (and keeps them) and the third reuses.
    const subnetKey = {};
    let computed = 0;
    const stage = (): ConsensusStage => {
      computed++;
      const none = { rows: 2, ptr: new Int32Array(3), cols: new Int32Array(0), vals: new Float64Array(0) };
      const zero = new Float64Array(2);
      return {
        weights: none,
        consensus: zero,
        clipped: none,
        validatorTrust: zero,
        incentive: zero,
        weightsForBonds: none,
      };
    };
    // Row 0 holds every entry (uid 0 is the owner, so its self-weights stay), row 1 none.
    const input = (stake: number[], vals: number[], kappa = 100): ConsensusInput => ({
      n: 2,
      mask: {
        n: 2,
        weights: [
          { cols: vals.map((_, k) => k % 2), vals: Uint16Array.from(vals) },
          { cols: [], vals: new Uint16Array(0) },
        ],
        permitOld: [true, true],
        ownerUid: 0,
        lastUpdate: [1, 1],
        blockAtRegistration: [0, 0],
      },
      maskInto: new CsrBuilder(2, 0),
      activeStake: Float64Array.from(stake),
      kappa,
      bondsPenalty: 0,
    });
    const steps: [ConsensusInput, boolean][] = [
      [input([1, 2], [5, 6]), true], // first epoch
      [input([1, 2], [5, 6]), true], // stake as before: the weights are kept now
      [input([1, 2], [5, 6]), false], // reused
      [input([1, 2], [5, 6]), false],
      [input([1, 2], [5, 7]), true], // a weight value
      [input([1, 2], [5, 7]), false],
      [input([1, 3], [5, 7]), true], // stake
      [input([1, 3], [5, 7]), true],
      [input([1, 3], [5, 7]), false],
      [input([1, 3], [5, 7, 9]), true], // an entry more
      [input([1, 3], [5, 7, 9], 101), true], // κ
      [input([1, 3], [5, 7, 9], 101), true],
      [input([1, 3], [5, 7, 9], 101), false],
    ];
    steps.forEach(([x, computes], t) => {
      const before = computed;
      cachedConsensusStage(I32F32_KERNELS, subnetKey, x, stage);
      expect([t, computed - before]).toEqual([t, computes ? 1 : 0]);
    });
  });
});
