// Study 4, the December 2025 halving: the finding in numbers (reduced: 8 subnets, 4 + 8 days).
import { describe, expect, it } from 'vitest';
import { HALVINGS_DEFAULTS as D, halvingScenario, halvingsStudy } from '../sim/studies/halvings.ts';

describe('halvings study', () => {
  const config = { ...D, subnets: 8, daysBefore: 4, daysAfter: 8 };
  const tables = halvingsStudy(config);
  const ba = Object.fromEntries(tables.find((t) => t.name === 'halving_before_after')!.rows.map((r) => [r[0], r]));
  const ratio = (m: string) => ba[m][3] as number;
  it('TAO minted and injected into pools halve at 10.5M TAO; alpha emission does not', () => {
    expect(ratio('tao_minted_per_day')).toBeCloseTo(0.5, 6);
    expect(ratio('tao_injected_per_day')).toBeCloseTo(0.5, 3);
    expect(ratio('alpha_emitted_per_day')).toBeCloseTo(1, 6);
    expect(ba.tao_minted_per_day[1]).toBeCloseTo(7200, 0);
  });
  it('miners earn in alpha, so the halving alone does not halve their income: margins move by less than 20 %', () => {
    expect(ratio('mean_miner_margin_usd_per_day')).toBeGreaterThan(0.8);
    expect(ratio('validator_alpha_per_day')).toBeGreaterThan(0.9);
  });
  it("projects the second halving in December 2029 and each subnet's own first alpha halving", () => {
    const proj = tables.find((t) => t.name === 'halving_projection')!.rows;
    const second = proj.find((r) => r[0] === 'tao' && r[1] === 2)!;
    expect(second[2]).toBe(15_750_000);
    expect(second[3]).toBe('projected');
    expect(String(second[5]).slice(0, 7)).toBe('2029-12');
    expect(proj.filter((r) => String(r[0]).startsWith('alpha sn')).length).toBe(8);
  });
  it('reports the halving inside the run at its actual block and date, marked observed', () => {
    const proj = tables.find((t) => t.name === 'halving_projection')!;
    expect(proj.columns).toEqual(['what', 'halving', 'threshold', 'status', 'block', 'date']);
    const [, k, threshold, status, block, date] = proj.rows.find((r) => r[0] === 'tao' && r[1] === 1)!;
    expect([k, threshold, status, date]).toEqual([1, 10_500_000, 'observed', '2025-12-08']); // 4 days after 4 December
    // Day 5 mints 1 TAO a block up to and including the halving block, 0.5 after: the daily table agrees.
    const start = halvingScenario(config).start.block;
    const day5 = tables.find((t) => t.name === 'halving_daily')!.rows.find((r) => r[0] === 5)!;
    const fullRateBlocks = (block as number) - (start + 4 * 7200);
    expect(fullRateBlocks).toBeGreaterThan(0);
    expect(fullRateBlocks).toBe(2 * (day5[1] as number) - 7200);
  });
});
