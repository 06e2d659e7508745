// Study 5, under-weighting in small subnets: the finding in numbers.
import { describe, expect, it } from 'vitest';
import { UNDER_WEIGHTING_DEFAULTS as D, underWeightingRun } from '../sim/studies/under-weighting.ts';

describe('under-weighting study', () => {
  it('below κ the subnet survives: the attacker tilts incentive a little and pays for it in dividends', () => {
    for (const v of [3, 5]) {
      const o = underWeightingRun(D, v, 0.1);
      expect(o.ownMinersGain).toBeGreaterThan(1); // under-weighting is not corrected by clipping…
      expect(o.ownMinersGain).toBeLessThan(1.1); // …but with 10 % of stake it moves incentive < 10 %
      expect(o.attackerDividendRate).toBeLessThan(0.8); // and its weights far from consensus cost it > 20 % dividends
      expect(o.honestMinerShare).toBeGreaterThan(0.8);
    }
  });
  it("the tilt grows with the attacker's stake", () => {
    const gains = [0.05, 0.2, 0.45].map((a) => underWeightingRun(D, 4, a).ownMinersGain);
    expect(gains[1]).toBeGreaterThan(gains[0]);
    expect(gains[2]).toBeGreaterThan(gains[1]);
  });
  it('above κ the attacker holds consensus: its miners take over twice their fair share and it out-earns the others', () => {
    const o = underWeightingRun(D, 3, 0.55);
    expect(o.ownMinersGain).toBeGreaterThan(2);
    expect(o.ownMinersGain).toBeCloseTo(2.488, 3);
    expect(o.attackerDividendRate).toBeGreaterThan(1.2);
  });
});
