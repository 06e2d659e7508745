// The epoch's bond stage (protocol.md §3.10, sim/chain/yuma/bonds.ts and its kernels): the EMA reads
// the stored u16 bonds directly, leaves the column sums the normalisations use, and (Yuma3) the u16s
// that are stored. These tests pin what it produces, bit for bit, on random epochs that reach every
// path: both bond variants, liquid alpha on and off (buy and sell sides of the sigmoid), rows out of
// column order, recently registered columns, bonds resets, permits lost, both arithmetics.
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { I32F32 } from '../sim/chain/fixed/fixed.ts';
import { integerRatio, U16_MAX } from '../sim/chain/fixed/u16.ts';
import { NEW_SUBNET_DEFAULTS } from '../sim/chain/params.ts';
import { type EpochResult, runEpoch, runFastEpoch } from '../sim/chain/yuma/epoch.ts';
import {
  epochInput,
  newNeuronState,
  registerUid,
  resetBondsToward,
  setWeights,
  storeEpochResult,
} from '../sim/chain/yuma/neurons.ts';
import type { U16Csr } from '../sim/chain/yuma/sparse.ts';

/** What the random epochs met, so the pin below is known to cover each path. */
interface Coverage {
  epochs: number;
  yuma3: number;
  original: number;
  liquid: number;
  fast: number;
  /** Epochs whose stored bonds had a row out of column order. */
  unsortedBondRows: number;
  /** Epochs with a recently registered column that held bonds. */
  recentBondColumns: number;
  /** Epochs where a permit was lost (its row emptied). */
  permitsLost: number;
}

function unsortedRow(b: U16Csr): boolean {
  for (let i = 0; i < b.rows; i++)
    for (let k = b.ptr[i] + 1; k < b.ptr[i + 1]; k++) if (b.cols[k] <= b.cols[k - 1]) return true;
  return false;
}

/** A line per epoch result: every stored and paid value, exactly. */
function serialise(r: EpochResult): string {
  return JSON.stringify(r, (_k, v) =>
    typeof v === 'bigint' ? `${v}` : ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
  );
}

/** Runs `cases` random subnets for a few epochs each; returns the SHA-256 of every result, and the coverage. */
function randomEpochs(cases: number): { hash: string; coverage: Coverage } {
  const hash = createHash('sha256');
  const coverage: Coverage = {
    epochs: 0,
    yuma3: 0,
    original: 0,
    liquid: 0,
    fast: 0,
    unsortedBondRows: 0,
    recentBondColumns: 0,
    permitsLost: 0,
  };
  for (let c = 0; c < cases; c++) {
    const rng = seedrandom(`bond-stage/${c}`);
    const n = 2 + Math.floor(rng() * (c % 5 === 0 ? 8 : 60));
    const validators = 1 + Math.floor(rng() * Math.min(n, 20));
    const yuma3 = rng() < 0.5;
    const liquidAlpha = rng() < 0.6;
    const bondsPenalty = [0, U16_MAX, Math.floor(rng() * U16_MAX)][Math.floor(rng() * 3)];
    const bondsMovingAverage = [900_000, 500_000, 975_000, 0, 1_000_000][Math.floor(rng() * 5)];
    const alphaSigmoidSteepness = [1000, 30000, -500, 100][Math.floor(rng() * 4)];
    const fast = rng() < 0.5;
    const shuffled = rng() < 0.3;
    const state = newNeuronState(n, 0);
    state.validatorPermit = Array.from({ length: n }, (_, i) => i < validators);
    const stake = Array.from({ length: n }, (_, i) =>
      i < validators ? BigInt(Math.floor(1e12 * (0.05 + rng()))) : BigInt(rng() < 0.2 ? Math.floor(rng() * 1e9) : 0),
    );
    const weigh = (v: number, block: number) => {
      const dests: number[] = [];
      for (let j = 0; j < n; j++) if (rng() < 0.7) dests.push(j);
      if (shuffled && rng() < 0.5) {
        for (let k = dests.length - 1; k > 0; k--) {
          const t = Math.floor(rng() * (k + 1));
          [dests[k], dests[t]] = [dests[t], dests[k]];
        }
      }
      setWeights(
        state,
        v,
        dests,
        dests.map(() => (rng() < 0.1 ? 0 : Math.floor(rng() * 65536))),
        block,
      );
    };
    for (let v = 0; v < validators; v++) weigh(v, 1);
    const params = {
      ...NEW_SUBNET_DEFAULTS,
      yuma3,
      liquidAlpha,
      bondsPenalty,
      bondsMovingAverage,
      alphaSigmoidSteepness,
      activityCutoff: 5000,
      maxAllowedValidators: validators + (rng() < 0.3 ? -1 : 0),
    };
    const epochs = 3 + Math.floor(rng() * 8);
    for (let e = 1; e <= epochs; e++) {
      const block = e * 100;
      const change = rng();
      if (change < 0.3) weigh(Math.floor(rng() * validators), block - 3);
      else if (change < 0.4) registerUid(state, Math.floor(rng() * n), block - 10);
      else if (change < 0.45) resetBondsToward(state, Math.floor(rng() * n));
      else if (change < 0.5) stake[Math.floor(rng() * n)] += BigInt(Math.floor(rng() * 1e11));
      for (let v = 0; v < validators; v++) if (rng() < 0.9) state.lastUpdate[v] = block - 1;
      const ownerUid = rng() < 0.3 ? 0 : null;
      const input = epochInput(state, {
        block,
        tempo: 100,
        params,
        ownerUid,
        alphaStake: stake,
        emission: 1_000_000_000n,
      });
      if (unsortedRow(input.bonds)) coverage.unsortedBondRows++;
      const lastTempo = state.lastStepBlock !== 0 ? state.lastStepBlock + 1 : Math.max(0, block - 100);
      if (Array.from(input.bonds.cols).some((j) => lastTempo <= state.blockAtRegistration[j]))
        coverage.recentBondColumns++;
      const r = (fast ? runFastEpoch : runEpoch)(input);
      if (state.validatorPermit.some((p, i) => p && !r.validatorPermit[i])) coverage.permitsLost++;
      hash.update(serialise(r));
      hash.update('\n');
      coverage.epochs++;
      if (yuma3) coverage.yuma3++;
      else coverage.original++;
      if (yuma3 && liquidAlpha) coverage.liquid++;
      if (fast) coverage.fast++;
      storeEpochResult(state, r, block);
    }
  }
  return { hash: hash.digest('hex'), coverage };
}

describe('bond stage', () => {
  it('gives, on 250 random subnets (1 641 epochs), the results the unfused stage gave (pinned at 0.3.0)', () => {
    const { hash, coverage } = randomEpochs(250);
    // Every path is met, many times over.
    expect(coverage.epochs).toBe(1641);
    for (const k of ['yuma3', 'original', 'liquid', 'fast'] as const) expect(coverage[k]).toBeGreaterThan(300);
    expect(coverage.unsortedBondRows).toBeGreaterThan(20);
    expect(coverage.recentBondColumns).toBeGreaterThan(50);
    expect(coverage.permitsLost).toBeGreaterThan(5);
    // SHA-256 of every result, computed with taosim 0.3.0 (f7409ee: loadBonds, then the EMA, then
    // the normalisations and toStored, each a pass of its own).
    expect(hash).toBe('40da6f824224173dfa0f522f8e74cc5638402ebaa48418553981c411ec48e734');
  });

  it('reads a stored u16 as u16 ⊘ 65535 exactly (integerRatio without a division), all 65 536 of them', () => {
    const big = (w: number) => Number(I32F32.div(I32F32.fromInt(BigInt(w)), I32F32.fromInt(BigInt(U16_MAX))));
    for (let w = 0; w <= U16_MAX; w++)
      if (integerRatio(w, U16_MAX) !== big(w)) expect(integerRatio(w, U16_MAX)).toBe(big(w));
    expect(integerRatio(U16_MAX, U16_MAX)).toBe(2 ** 32);
    expect(integerRatio(1, U16_MAX)).toBe(65537);
  });
});
