// Study 1, collusion: Opentensor's consensus-guarantees game reproduced on the exact epoch.
import { describe, expect, it } from 'vitest';
import { COLLUSION_DEFAULTS as C, oneEpochShare, requiredUtility, stakeTrajectory } from '../sim/studies/collusion.ts';

const base = { noise: 0, kappa: 0.5, bondsPenalty: 1 };

describe('collusion study: one epoch', () => {
  it('σ = 0 matches the closed form E_H = ξ·S_H + (1 − ξ)·W_H when nothing is clipped', () => {
    expect(oneEpochShare(C, { ...base, honestStake: 0.6, honestUtility: 0.6, selfWeight: 0.4 })).toBeCloseTo(0.6, 5);
    expect(oneEpochShare(C, { ...base, honestStake: 0.6, honestUtility: 0.5, selfWeight: 0 })).toBeCloseTo(0.6875, 5);
    expect(oneEpochShare(C, { ...base, honestStake: 0.6, honestUtility: 0.6, selfWeight: 1 })).toBeCloseTo(0.6316, 4);
  });
  it('retention at S_H = 0.6 against the worst cabal reproduces the published 60 % / 67 % / 73 % for σ = 0 / 0.2 / 0.4 (±0.02)', () => {
    const published = [0.6, 0.67, 0.73];
    [0, 0.2, 0.4].forEach((noise, k) => {
      const r = requiredUtility(C, { honestStake: 0.6, noise, kappa: 0.5, bondsPenalty: 1 });
      expect(Math.abs(r.utility - published[k])).toBeLessThanOrEqual(0.021);
    });
  });
  it('a smaller bonds penalty needs more honest utility: published 78 % (β = 0), 76 % (β = 0.5) at σ = 0.4', () => {
    const b0 = requiredUtility(C, { honestStake: 0.6, noise: 0.4, kappa: 0.5, bondsPenalty: 0 }).utility;
    const b5 = requiredUtility(C, { honestStake: 0.6, noise: 0.4, kappa: 0.5, bondsPenalty: 0.5 }).utility;
    expect(Math.abs(b0 - 0.78)).toBeLessThanOrEqual(0.021);
    expect(Math.abs(b5 - 0.76)).toBeLessThanOrEqual(0.021);
  });
  it('κ = 0.6 offers no protection below 60 % honest stake: only a perfect W_H = 1 breaks even against W_C = 1', () => {
    const p = { noise: 0.4, kappa: 0.6, bondsPenalty: 1, honestStake: 0.55 };
    expect(requiredUtility(C, p).utility).toBe(1);
    expect(oneEpochShare(C, { ...p, honestUtility: 0.98, selfWeight: 1 })).toBeLessThan(0.55);
  });
  it('κ = 0.4 needs more honest utility than κ = 0.5 below 60 % honest stake', () => {
    const p = { noise: 0.4, bondsPenalty: 1, honestStake: 0.55 };
    expect(requiredUtility(C, { ...p, kappa: 0.4 }).utility).toBeGreaterThan(requiredUtility(C, { ...p, kappa: 0.5 }).utility);
  });
});

describe('collusion study: stake follows emission', () => {
  it('σ = 0, κ = 0.5: a cabal with 40 % of stake and W_C = 1 loses stake share over 100 epochs when W_H ≥ 0.8', () => {
    for (const wH of [0.8, 0.9]) {
      const s = stakeTrajectory(C, { honestStake: 0.6, honestUtility: wH, selfWeight: 1, ...base }, 100);
      expect(1 - s[99]).toBeLessThan(0.4);
      expect(1 - s[99]).toBeLessThan(1 - s[9]);
    }
    const at08 = stakeTrajectory(C, { honestStake: 0.6, honestUtility: 0.8, selfWeight: 1, ...base }, 100);
    expect(1 - at08[99]).toBeCloseTo(0.125, 2);
  });
});
