// Study 1, collusion: Opentensor's consensus-guarantees game reproduced on the exact epoch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COLLUSION_DEFAULTS as C,
  firstTrue,
  oneEpochShare,
  requiredUtility,
  stakeTrajectory,
} from '../sim/studies/collusion.ts';
import { taosim } from './helpers/cli.ts';

const base = { noise: 0, kappa: 0.5, bondsPenalty: 1 };

describe('collusion study: one epoch', () => {
  it('σ = 0 matches the closed form E_H = ξ·S_H + (1 − ξ)·W_H when nothing is clipped', () => {
    expect(oneEpochShare(C.seed, { ...base, honestStake: 0.6, honestUtility: 0.6, selfWeight: 0.4 }, 0.5)).toBeCloseTo(
      0.6,
      5,
    );
    expect(oneEpochShare(C.seed, { ...base, honestStake: 0.6, honestUtility: 0.5, selfWeight: 0 }, 0.5)).toBeCloseTo(
      0.6875,
      5,
    );
    expect(oneEpochShare(C.seed, { ...base, honestStake: 0.6, honestUtility: 0.6, selfWeight: 1 }, 0.5)).toBeCloseTo(
      0.6316,
      4,
    );
  });
});

/** Required W_H at S_H = 0.6, κ = 0.5, for each ξ given. */
function required(
  noise: number,
  bondsPenalty: number,
  validatorShare: number[],
  extra: Partial<typeof C> = {},
  sH = 0.6,
  kappa = 0.5,
) {
  return requiredUtility({ ...C, validatorShare, ...extra }, { honestStake: sH, noise, kappa, bondsPenalty });
}

describe('collusion study: the published consensus guarantees (subtensor docs/consensus.md), S_H = 0.6, within ±0.01', () => {
  it('weight noise σ = 0 / 0.2 / 0.4 (β = 1, ξ = 0.5): 60 % / 67 % / 73 %', () => {
    const got = [0, 0.2].map((noise) => required(noise, 1, [0.5])[0].utility!);
    expect(Math.abs(got[0] - 0.6)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(got[1] - 0.67)).toBeLessThanOrEqual(0.01);
  });
  it("validator share ξ = 0 / 0.25 / 0.5 (σ = 0.4, β = 1): 82 % / 78 % / 73 %; the cabal's worst W_C is found between the coarse points", () => {
    const r = required(0.4, 1, [0, 0.25, 0.5]);
    expect(r.map((x) => x.validatorShare)).toEqual([0, 0.25, 0.5]);
    [0.82, 0.78, 0.73].forEach((published, k) => expect(Math.abs(r[k].utility! - published)).toBeLessThanOrEqual(0.01));
    expect(r[2].utility).toBeCloseTo(0.7337, 3);
    expect(r[2].worstSelfWeight).toBe(0.8);
  });
  it('bonds penalty β = 0 / 0.5 (σ = 0.4, ξ = 0.5): 78 % / 76 %', () => {
    expect(Math.abs(required(0.4, 0, [0.5])[0].utility! - 0.78)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(required(0.4, 0.5, [0.5])[0].utility! - 0.76)).toBeLessThanOrEqual(0.01);
  });
  it('κ = 0.6 offers no protection below 60 % honest stake: only a perfect W_H = 1 breaks even against W_C = 1', () => {
    const [r] = required(0.4, 1, [0.5], {}, 0.55, 0.6);
    expect(r.utility).toBe(1);
    expect(r.worstSelfWeight).toBe(1);
    expect(
      oneEpochShare(
        C.seed,
        { noise: 0.4, kappa: 0.6, bondsPenalty: 1, honestStake: 0.55, honestUtility: 0.98, selfWeight: 1 },
        0.5,
      ),
    ).toBeLessThan(0.55);
  });
  it('κ = 0.4 needs more honest utility than κ = 0.5 below 60 % honest stake', () => {
    const at = (kappa: number) => required(0.4, 1, [0.5], {}, 0.55, kappa)[0].utility!;
    expect(at(0.4)).toBeGreaterThan(at(0.5));
  });
});

describe('collusion study: the contour search', () => {
  it('firstTrue finds the first true point from any hint, with few calls near it', () => {
    for (const edge of [0, 1, 7, 30, 50, 51]) {
      for (const hint of [0, 6, 29, 50]) expect(firstTrue((k) => k >= edge, 50, hint)).toBe(edge);
    }
    let calls = 0;
    firstTrue((k) => (calls++, k >= 31), 50, 30);
    expect(calls).toBe(2);
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

describe('taosim study collusion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-collusion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('prints its finding: the required honest utility at S_H = 0.6 as a table, then the files it wrote', () => {
    const config = join(dir, 'small.json');
    writeFileSync(
      config,
      JSON.stringify({
        format: 'taosim-study/collusion/v1',
        honestStake: [0.6],
        noise: [0, 0.4],
        kappa: [0.5],
        bondsPenalty: [1],
        validatorShare: [0.5],
        epochs: 2,
        dynamicHonestUtility: [0.8],
      }),
    );
    const r = taosim(['study', 'collusion', '--config', config, '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^How much honest utility does an honest majority need/);
    expect(lines[2]).toMatch(/^Key number +Value$/);
    expect(lines[4]).toMatch(
      /^Required W_H at S_H = 0\.6 by weight noise σ \(κ 0\.5, β 1, ξ 0\.5\) +σ 0: 0\.600, σ 0\.4: 0\.734$/,
    );
    expect(lines[5]).toMatch(/^… by bonds penalty β \(σ 0\.4, κ 0\.5, ξ 0\.5\) +β 1: 0\.734$/);
    expect(lines[7]).toMatch(/^Grid +1 stakes × 2 noises × 1 κ × 1 penalties × 1 ξ$/);
    expect(lines.at(-2)).toMatch(
      /: collusion_retention\.csv \(2 rows\), collusion_dynamics\.csv \(2 rows\); content hash [0-9a-f]{64}$/,
    );
  });
});
