// Study 2, weight copying: the finding in numbers (docs and README section "Weight copying").
import { describe, expect, it } from 'vitest';
import { loadStudyConfig, parseStudyConfig } from '../sim/studies/config.ts';
import { copyingRun, WEIGHT_COPYING_DEFAULTS as D, weightCopyingStudy } from '../sim/studies/weight-copying.ts';
import { UsageError } from '../sim/util/errors.ts';

describe('weight copying study', () => {
  const g = (p: number, drift: number, liquid = false, yuma3 = true) => copyingRun(D, p, liquid, yuma3, drift).meanG;
  it('without commit-reveal the copier out-earns honest validators per unit of stake (G > 1)', () => {
    expect(g(0, 0.01)).toBeGreaterThan(1.02);
    expect(g(0, 0.05)).toBeGreaterThan(1.02);
    expect(g(0, 0.01)).toBeCloseTo(1.0375, 4); // the README's G ≈ 1.04
  });
  it('with commit-reveal its rate falls as the reveal period grows, faster when miner quality moves faster', () => {
    const slow = [0, 2, 10, 20].map((p) => g(p, 0.01));
    const fast = [0, 2, 10, 20].map((p) => g(p, 0.05));
    for (let k = 1; k < 4; k++) {
      expect(slow[k]).toBeLessThan(slow[k - 1]);
      expect(fast[k]).toBeLessThan(fast[k - 1]);
      expect(fast[k]).toBeLessThan(slow[k]);
    }
    expect(fast[1]).toBeLessThan(1); // two epochs of delay already make copying a loss
  });
  it('with a long reveal period and fast-moving quality copying earns less than 1 − take (0.82) of honest', () => {
    expect(g(20, 0.05)).toBeLessThan(1 - D.take);
    expect(g(20, 0.05)).toBeCloseTo(0.776, 3); // the README's G ≈ 0.78
    expect(g(20, 0.05, false, false)).toBeLessThan(1 - D.take);
  });
  it('liquid alpha acts only in Yuma3 bonds: with Yuma3 off it changes nothing, so the grid leaves those points out', () => {
    const small = { ...D, epochs: 30, warmup: 10 };
    expect(copyingRun(small, 2, true, false, 0.05).series).toEqual(copyingRun(small, 2, false, false, 0.05).series);
    expect(copyingRun(small, 2, true, true, 0.05).series).not.toEqual(copyingRun(small, 2, false, true, 0.05).series);
    const [summary] = weightCopyingStudy({ ...small, revealPeriods: [2], qualityDrift: [0.05] });
    expect(summary.rows.map((r) => [r[1], r[2]])).toEqual([
      [false, true],
      [false, false],
      [true, true],
    ]);
  });
  it('is deterministic', () => {
    expect(copyingRun(D, 5, true, true, 0.05).series).toEqual(copyingRun(D, 5, true, true, 0.05).series);
  });
  it("configs are checked against the defaults' types", () => {
    let line = '';
    try {
      parseStudyConfig(
        { format: 'taosim-study/weight-copying/v1', revealPeriods: [] },
        'wc.json',
        D,
        'taosim-study/weight-copying/v1',
      );
    } catch (e) {
      line = (e as UsageError).format();
    }
    expect(line).toBe('wc.json: at $.revealPeriods: expected a non-empty array of numbers, got an array of 0');
    expect(() =>
      parseStudyConfig(
        { format: 'taosim-study/weight-copying/v1', copier: 1 },
        'wc.json',
        D,
        'taosim-study/weight-copying/v1',
      ),
    ).toThrow(UsageError);
    // A "comment" is a note on the grid, not a setting: the shipped grid is the defaults.
    expect(loadStudyConfig('scenarios/studies/weight-copying.json', D, 'taosim-study/weight-copying/v1')).toEqual(D);
    expect(() =>
      parseStudyConfig(
        { format: 'taosim-study/weight-copying/v1', comment: 1 },
        'wc.json',
        D,
        'taosim-study/weight-copying/v1',
      ),
    ).toThrow(UsageError);
  });
});
