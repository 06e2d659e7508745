// The exact stake vector (§3.3, sim/chain/yuma/stake.ts): without root stake it is computed on
// doubles; here against the I64F64 path written out on BigInt (rawStakes, normalised, floored to
// I32F32), on random stakes that reach the threshold, the owner's exemption, stakes near and above
// 2^53 (the BigInt path) and all-zero stakes.
import { serialize } from 'node:v8';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { I64F64 } from '../sim/chain/fixed/fixed.ts';
import { rawStakes, type StakeInput, stakeWeights, stakeWeightsFloat64, topKNonZero } from '../sim/chain/yuma/stake.ts';

function i64f64Weights(input: StakeInput): number[] {
  const S = rawStakes(input);
  const total = S.reduce((a, b) => a + b, 0n);
  return S.map((s) => (total === 0n ? 0 : Number(I64F64.div(s, total) >> 32n)));
}

describe('stakeWeights (§3.3) equals the I64F64 computation', () => {
  it('on 600 random stake vectors with and without root stake', () => {
    const big = (bits: number, rng: () => number) =>
      BigInt(Math.floor(rng() * 2 ** 26)) << BigInt(Math.max(0, bits - 26));
    let hugeCases = 0;
    for (let c = 0; c < 600; c++) {
      const rng = seedrandom(`stake-weights/${c}`);
      const n = 1 + Math.floor(rng() * 300);
      const scale = [20, 40, 50, 53, 54, 62][c % 6];
      const alpha = Array.from({ length: n }, () => (rng() < 0.6 ? 0n : big(1 + Math.floor(rng() * scale), rng)));
      if (scale > 50) hugeCases++;
      const input: StakeInput = {
        alpha,
        threshold: rng() < 0.5 ? 0n : big(Math.floor(rng() * scale), rng),
        ownerUid: rng() < 0.5 ? Math.floor(rng() * n) : null,
      };
      if (c % 5 === 0) {
        input.root = Array.from({ length: n }, () => (rng() < 0.5 ? 0n : big(40, rng)));
        input.taoWeight = BigInt(Math.floor(rng() * 2 ** 50)) << 10n;
      }
      expect(Array.from(stakeWeights(input)), `case ${c}`).toEqual(i64f64Weights(input));
    }
    expect(hugeCases).toBeGreaterThan(100);
  });
  it('where α·2^32 / Σα falls just below an integer, and a stake equals the threshold', () => {
    const rng = seedrandom('stake-weights/edges');
    for (let c = 0; c < 2000; c++) {
      // An odd Σ and k = Σ^-1 mod 2^32: α1 = (k·Σ − 1) / 2^32 is an integer and α1·2^32 / Σ = k − 1/Σ,
      // within a rounding of the integer k.
      const total = (BigInt(Math.floor(rng() * 2 ** (20 + Math.floor(rng() * 32)))) << 1n) + 1n;
      const mod = 1n << 32n;
      let k = total % mod;
      for (let t = 0; t < 6; t++) k = (k * ((2n - ((total * k) % mod) + mod) % mod)) % mod;
      expect((k * total) % mod).toBe(1n);
      const a1 = (k * total - 1n) >> 32n;
      const alpha = [a1, total - a1, 0n];
      const threshold = [0n, a1, total - a1][c % 3];
      const input: StakeInput = { alpha, threshold, ownerUid: c % 4 === 0 ? 0 : null };
      expect(Array.from(stakeWeights(input)), `case ${c}`).toEqual(i64f64Weights(input));
    }
    expect(Array.from(stakeWeights({ alpha: [0n, 0n, 0n], ownerUid: null }))).toEqual([0, 0, 0]);
  });
  it('with root stake (the I64F64 path), where the quotient falls within a rounding of an integer', () => {
    const rng = seedrandom('stake-weights/root-edges');
    let nearInteger = 0;
    for (let c = 0; c < 2000; c++) {
      // As above, on S_i = α_i·2^64 (root stakes of 0 with a TaoWeight: the BigInt vector), then
      // with a root stake added to the first uid to move its quotient off the integer again.
      const total = (BigInt(Math.floor(rng() * 2 ** (20 + Math.floor(rng() * 32)))) << 1n) + 1n;
      const mod = 1n << 32n;
      let k = total % mod;
      for (let t = 0; t < 6; t++) k = (k * ((2n - ((total * k) % mod) + mod) % mod)) % mod;
      const a1 = (k * total - 1n) >> 32n;
      const input: StakeInput = {
        alpha: [a1, total - a1, 0n],
        root: [c % 2 === 0 ? 0n : BigInt(Math.floor(rng() * 2 ** 40)), 0n, 0n],
        taoWeight: BigInt(Math.floor(rng() * 2 ** 50)) << 10n,
        ownerUid: null,
      };
      if (input.root![0] === 0n) nearInteger++;
      expect(Array.from(stakeWeights(input)), `case ${c}`).toEqual(i64f64Weights(input));
    }
    expect(nearInteger).toBe(1000);
  });
});

describe('the stake vector and permits into reused buffers (the epoch scratch)', () => {
  it('equal those into fresh arrays, whatever the buffers held (600 random cases, both arithmetics)', () => {
    const big = (bits: number, rng: () => number) =>
      BigInt(Math.floor(rng() * 2 ** 26)) << BigInt(Math.max(0, bits - 26));
    for (let c = 0; c < 600; c++) {
      const rng = seedrandom(`stake-weights/reuse/${c}`);
      const n = 1 + Math.floor(rng() * 300);
      const scale = [20, 40, 54, 62][c % 4];
      const alpha = Array.from({ length: n }, () => (rng() < 0.6 ? 0n : big(1 + Math.floor(rng() * scale), rng)));
      // Some cases all below the threshold (a zero total), some with a negative stake (the BigInt path
      // after the double path gave up half way).
      if (c % 7 === 0) alpha[n - 1] = -5n;
      const input: StakeInput = {
        alpha,
        threshold: c % 9 === 0 ? 2n ** 70n : rng() < 0.5 ? 0n : big(Math.floor(rng() * scale), rng),
        ownerUid: rng() < 0.5 ? Math.floor(rng() * n) : null,
      };
      if (c % 5 === 0) {
        input.root = Array.from({ length: n }, () => (rng() < 0.5 ? 0n : big(40, rng)));
        input.taoWeight = BigInt(Math.floor(rng() * 2 ** 50)) << 10n;
      }
      const dirty = () => new Float64Array(n).fill(12345.5);
      const exact = stakeWeights(input);
      expect(Array.from(stakeWeights(input, dirty())), `case ${c}`).toEqual(Array.from(exact));
      expect(Array.from(stakeWeightsFloat64(input, dirty())), `case ${c}`).toEqual(
        Array.from(stakeWeightsFloat64(input)),
      );
      const k = 1 + Math.floor(rng() * n);
      expect(topKNonZero(exact, k, input.ownerUid, dirty()), `case ${c}`).toEqual(
        topKNonZero(exact, k, input.ownerUid),
      );
    }
  });
});

describe('topKNonZero returns a packed list', () => {
  it('which checkpoints write as a dense array (a holey one is written entry by entry, 3.7x the bytes)', () => {
    const stake = Float64Array.from({ length: 256 }, (_, i) => (i % 5 === 0 ? 0 : (i * 7919) % 1000));
    const permit = topKNonZero(stake, 64, 3);
    expect(permit.filter(Boolean)).toHaveLength(64);
    // A copy by spread is packed; the same bytes mean the list was packed too.
    expect(serialize(permit)).toEqual(serialize([...permit]));
    expect(serialize(permit).length).toBeLessThan(300);
  });
});
