// Block emission and halvings, protocol.md §4.1.
import { describe, expect, it } from 'vitest';
import {
  emissionForIssuance,
  halvingCount,
  halvingThreshold,
  TOTAL_SUPPLY,
} from '../sim/chain/emission/block-emission.ts';
import { blockEmission, mintBlock, projectHalvings } from '../sim/chain/emission/halving-schedule.ts';

const TAO = 1_000_000_000n;

describe('halving table of protocol.md §4.1', () => {
  const table: [number, bigint, bigint][] = [
    [0, 0n, 1_000_000_000n],
    [1, 10_500_000n * TAO, 500_000_000n],
    [2, 15_750_000n * TAO, 250_000_000n],
    [3, 18_375_000n * TAO, 125_000_000n],
    [4, 19_687_500n * TAO, 62_500_000n],
    [5, 20_343_750n * TAO, 31_250_000n],
    [6, 20_671_875n * TAO, 15_625_000n],
    [7, 20_835_937_500_000_000n, 7_812_500n],
    [8, 20_917_968_750_000_000n, 3_906_250n],
    [9, 20_958_984_375_000_000n, 1_953_125n],
    [10, 20_979_492_187_500_000n, 976_562n],
  ];
  it.each(table)(
    'halving %i begins at exactly S·(1 − 2^−k) = %s RAO with %s RAO per block',
    (k, threshold, perBlock) => {
      expect(halvingThreshold(k)).toBe(threshold);
      expect(emissionForIssuance(threshold)).toBe(perBlock);
      if (k > 0) {
        expect(halvingCount(threshold - 1n)).toBe(k - 1);
        expect(emissionForIssuance(threshold - 1n)).toBe(perBlock * 2n + (k === 10 ? 1n : 0n));
      }
    },
  );
  it('daily emission is 7200 TAO before the first halving and 3600 after', () => {
    expect(emissionForIssuance(0n) * 7200n).toBe(7200n * TAO);
    expect(emissionForIssuance(10_500_000n * TAO) * 7200n).toBe(3600n * TAO);
  });
  it('nothing is minted at or above the 21M cap, and minting never crosses it', () => {
    expect(emissionForIssuance(TOTAL_SUPPLY)).toBe(0n);
    expect(emissionForIssuance(TOTAL_SUPPLY + 5n)).toBe(0n);
    expect(mintBlock(TOTAL_SUPPLY - 3n)).toBe(0n); // emission is already 0 this close to the cap
    expect(mintBlock(TOTAL_SUPPLY)).toBe(0n);
  });
  it('the cached-threshold fast path equals the exact rule everywhere it was probed', () => {
    const probes: bigint[] = [0n, 1n, 123_456_789n * TAO, TOTAL_SUPPLY - 1n];
    for (let k = 1; k <= 40; k++) {
      const t = halvingThreshold(k);
      probes.push(t - 1n, t, t + 1n);
    }
    for (let i = 0n; i < 2000n; i++) probes.push((TOTAL_SUPPLY * i) / 2000n + i * 7919n);
    for (const p of probes) {
      if (p < 0n || p > TOTAL_SUPPLY) continue;
      expect(blockEmission(p), `issuance ${p}`).toBe(emissionForIssuance(p));
    }
  });
});

describe('halving projection', () => {
  it('from 10.5M TAO with no recycling the second halving is 5.25M TAO / 0.5 TAO = 10.5M blocks away', () => {
    const rows = projectHalvings(10_500_000n * TAO, 0n, 3);
    expect(rows[0].blocksFromStart).toBe(0n);
    expect(rows[1].blocksFromStart).toBe(10_500_000n);
    expect(rows[2].blocksFromStart).toBe(21_000_000n);
  });
  it('recycling delays it: 360 TAO/day recycled out of 3600 adds 1/9 to the time', () => {
    const rows = projectHalvings(10_500_000n * TAO, 360n * TAO, 2);
    // net 3240 TAO/day → 5.25M / 3240 days = 1620.37 days → ceil(5.25e15·7200/3.24e12) blocks
    expect(rows[1].blocksFromStart).toBe(11_666_667n);
  });
  it('recycling at least the emission means the halving is never reached', () => {
    const rows = projectHalvings(10_500_000n * TAO, 3600n * TAO, 2);
    expect(rows[1].blocksFromStart).toBeNull();
  });
});
