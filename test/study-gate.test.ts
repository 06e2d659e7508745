// The gate study (protocol-2026h2.md §1): its code path reproduces the addendum's numbers with the
// chain's defaults, and the finding: the rank-32, h = 3 gate moves TAO from the 96 subnets below the
// bar to the top 32; how stale the bar gets with a longer bar interval; time to pruning by price rank.
import { describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { QUANTILE_EMISSION_GATE, RANK_EMISSION_GATE } from '../sim/chain/network/emission-gate.ts';
import { priceShares } from '../sim/chain/network/subnet-shares.ts';
import { checkGateConfig, GATE_DEFAULTS as D, gateRule, gateShares, gateStudy } from '../sim/studies/gate.ts';
import { UsageError } from '../sim/util/errors.ts';

const CHAIN = { rank: 32, quantile: 0.61, exponent: 3 };
const SPEC_440 = { rank: 0, quantile: 0.61, exponent: 3 };

describe('the chain defaults through the study reproduce protocol-2026h2.md §1', () => {
  it('the grid rules rank 32 / q 0.61, h 3 are the chain presets, bit for bit', () => {
    expect(gateRule(CHAIN)).toEqual(RANK_EMISSION_GATE);
    expect(gateRule(SPEC_440)).toEqual(QUANTILE_EMISSION_GATE);
  });
  it('rank 32, prices 1 : 2 → θ = 1/3, shares 0.2195122 : 0.7804878 (exact bits)', () => {
    const r = gateShares([1, 2], gateRule(CHAIN));
    expect(r.bar).toBe(priceShares([U64F64.fromInt(1), U64F64.fromInt(2)])[0]);
    expect(r.shares).toEqual([4_049_285_274_661_600_308n, 14_397_458_799_047_951_307n]);
  });
  it('q 0.61, prices 1 : 2 → θ = 2/3, shares 0.1 : 0.9 (exact bits); 7 : 2 : 1 → θ = 0.7', () => {
    const r = gateShares([1, 2], gateRule(SPEC_440));
    expect(r.bar).toBe(12_297_829_382_473_034_410n);
    expect(r.shares).toEqual([1_844_674_367_470_709_843n, 16_602_069_706_238_841_772n]);
    expect(U64F64.toNumber(gateShares([7, 2, 1], gateRule(SPEC_440)).bar)).toBeCloseTo(0.7, 15);
  });
  it('one subnet: θ = 1, share 1; no gate: the price shares', () => {
    expect(gateShares([5], gateRule(CHAIN))).toEqual({ shares: [U64F64.one], bar: U64F64.one });
    expect(gateShares([1, 3], null)).toEqual({ shares: priceShares([U64F64.fromInt(1), U64F64.fromInt(3)]), bar: 0n });
  });
});

describe('gate study: concentration over 128 lognormal subnet prices', () => {
  const [table, intervals, pruning] = gateStudy(D);
  const col = (name: string) => table.columns.indexOf(name);
  const row = (rule: string, h: number | null) => {
    const r = table.rows.find((x) => x[col('bar_rule')] === rule && x[col('exponent')] === h);
    if (!r) throw new Error(`no row ${rule} h ${h}`);
    return (name: string) => r[col(name)] as number;
  };
  const none = row('none', null);
  const chain = row('rank 32', 3);

  it('one row per bar rule × h, plus the ungated baseline', () => {
    expect(table.rows).toHaveLength(1 + (4 + 3) * 4);
  });
  it('σ = 1.3 puts the rank-32 bar inside the range observed on mainnet (0.0073–0.0089)', () => {
    expect(chain('bar')).toBeGreaterThan(0.0073);
    expect(chain('bar')).toBeLessThan(0.0089);
  });
  it('the chain default (rank 32, h 3): top 8 38 % → 54 %, top 32 72 % → 93 %, Gini 0.63 → 0.82', () => {
    expect(none('top8_tao_share')).toBeCloseTo(0.3823, 4);
    expect(chain('top8_tao_share')).toBeCloseTo(0.5368, 4);
    expect(none('top32_tao_share')).toBeCloseTo(0.7211, 4);
    expect(chain('top32_tao_share')).toBeCloseTo(0.9283, 4);
    expect(none('gini')).toBeCloseTo(0.6273, 4);
    expect(chain('gini')).toBeCloseTo(0.8248, 4);
    // The 96 subnets below the bar keep 7 % of TAO, a quarter of their 28 % ungated.
    expect(chain('subnets_below_bar')).toBe(96);
    expect(chain('below_bar_tao_share')).toBeCloseTo(0.0717, 4);
  });
  it('a lower rank N concentrates more; a higher h moves TAO to the top 32 for every bar', () => {
    const top8 = [8, 16, 32, 64].map((n) => row(`rank ${n}`, 3)('top8_tao_share'));
    for (let i = 1; i < top8.length; i++) expect(top8[i]).toBeLessThan(top8[i - 1]);
    for (const rule of ['rank 8', 'rank 16', 'rank 32', 'q 0.5', 'q 0.61', 'q 0.75']) {
      const top32 = [1, 2, 3, 4].map((h) => row(rule, h)('top32_tao_share'));
      for (let i = 1; i < top32.length; i++) expect(top32[i]).toBeGreaterThan(top32[i - 1]);
    }
    // Spec 440's q = 0.61 bar sat higher than spec 441's rank 32 (≈ 107 subnets below it, not 96).
    expect(row('q 0.61', 3)('subnets_below_bar')).toBeCloseTo(106.7, 1);
    expect(row('q 0.61', 3)('top8_tao_share')).toBeGreaterThan(chain('top8_tao_share'));
  });
  it('the bar interval barely matters: moving prices drift slowly, so a 360-block bar is 0.006 % stale and a 30-day one 2 %', () => {
    const t = intervals;
    const c = (name: string) => t.rows.map((r) => r[t.columns.indexOf(name)] as number);
    expect(c('bar_interval_blocks')).toEqual([360, 7200, 50400, 216000]);
    const error = c('mean_bar_error');
    expect(error[0]).toBeCloseTo(0.0000606, 6);
    expect(error[3]).toBeCloseTo(0.0215, 3);
    for (let i = 1; i < error.length; i++) expect(error[i]).toBeGreaterThan(error[i - 1]);
    // Concentration moves by a fifth of a point at most.
    const top8 = c('top8_tao_share');
    expect(top8[0]).toBeCloseTo(0.5184, 4);
    expect(Math.abs(top8[3] - top8[0])).toBeLessThan(0.003);
  });
  it('time to pruning (queue always full): the lowest 8 prices go in ~9 days, ranks 105–128 all within 120 days, the top 32 never', () => {
    const c = (name: string) => pruning.rows.map((r) => r[pruning.columns.indexOf(name)] as number | null);
    const share = c('pruned_share') as number[];
    const days = c('median_days_to_pruning');
    expect(pruning.rows).toHaveLength(16);
    expect(days[15]).toBe(9);
    expect(days[14]).toBe(26);
    expect(share.slice(13)).toEqual([1, 1, 1]);
    expect(share.slice(0, 4)).toEqual([0, 0, 0, 0]);
    // Price rank decides: a lower rank is pruned sooner, and more often.
    for (let i = 9; i < 16; i++) expect(days[i] as number).toBeLessThan(days[i - 1] as number);
    for (let i = 1; i < 16; i++) expect(share[i]).toBeGreaterThanOrEqual(share[i - 1]);
  });
  it('is deterministic', () => {
    expect(gateStudy({ ...D, samples: 2, days: 10, pruningDays: 20 })).toEqual(
      gateStudy({ ...D, samples: 2, days: 10, pruningDays: 20 }),
    );
  });
});

describe('gate study configuration', () => {
  it('out-of-range values are refused in one line naming the field', () => {
    const refusal = (c: object) => {
      try {
        checkGateConfig({ ...D, ...c });
      } catch (e) {
        return (e as UsageError).format();
      }
      return null;
    };
    expect(refusal({})).toBeNull();
    expect(refusal({ subnets: 0 })).toBe('subnets: expected an integer from 1 to 4096');
    expect(refusal({ quantiles: [0.5, 1.5] })).toBe('quantiles[1]: expected a number in (0, 1]');
    expect(refusal({ ranks: [-1] })).toMatch(/^ranks\[0\]/);
    expect(refusal({ registrationEveryBlocks: 100 })).toMatch(/^registrationEveryBlocks: /);
    expect(refusal({ days: 1 })).toBe('days: expected a number of days from 3 to 365');
    expect(refusal({ barIntervals: [360, 100] })).toBe('barIntervals[1]: expected a multiple of 60 blocks');
    expect(() => gateStudy({ ...D, exponents: [0] })).toThrow(UsageError);
  });
});
