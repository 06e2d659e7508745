// Study 3, margin thinning: the finding in numbers (a reduced network: 4 subnets, 12 days).
import { describe, expect, it } from 'vitest';
import { MARGIN_THINNING_DEFAULTS as D, marginRun } from '../sim/studies/margin-thinning.ts';

const c = { ...D, subnets: 4, days: 12, settleDays: 3 };
const base = { minBurnTao: 0.0005, costDeclinePerYear: 0.3, taoPriceUsd: 300, scoreExponent: 1 };

describe('margin thinning study', () => {
  const b = marginRun(c, base);
  it('miners keep entering and their margin thins: from 32 miners at 450+ USD/day to 150+ miners at a fraction of it', () => {
    expect(b.daily[0].miners).toBeLessThan(40);
    expect(b.daily[0].margin).toBeGreaterThan(400);
    expect(b.settledMiners).toBeGreaterThan(150);
    expect(b.settledMargin).toBeLessThan(b.daily[0].margin / 3);
  });
  it('a lower TAO price settles with fewer miners near break-even', () => {
    const low = marginRun(c, { ...base, taoPriceUsd: 100 });
    expect(low.settledMiners).toBeLessThan(b.settledMiners);
    expect(low.settledMargin).toBeLessThan(b.settledMargin / 3);
    expect(low.settledMargin).toBeGreaterThan(-30);
  });
  it('a steeper incentive curve keeps fewer miners, each earning more on average', () => {
    const steep = marginRun(c, { ...base, scoreExponent: 4 });
    expect(steep.settledMiners).toBeLessThan(b.settledMiners);
    expect(steep.settledMargin).toBeGreaterThan(b.settledMargin);
  });
});
