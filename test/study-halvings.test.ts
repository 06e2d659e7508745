// Study 4, the December 2025 halving: the finding in numbers (reduced: 8 subnets, 4 + 8 days).
import { describe, expect, it } from 'vitest';
import { halvingsStudy, HALVINGS_DEFAULTS as D } from '../sim/studies/halvings.ts';

describe('halvings study', () => {
  const tables = halvingsStudy({ ...D, subnets: 8, daysBefore: 4, daysAfter: 8 });
  const ba = Object.fromEntries(tables.find((t) => t.name === 'halving_before_after')!.rows.map((r) => [r[0], r]));
  const ratio = (m: string) => ba[m][3] as number;
  it('TAO minted and injected into pools halve at 10.5M TAO; alpha emission does not', () => {
    expect(ratio('tao_minted_per_day')).toBeCloseTo(0.5, 6);
    expect(ratio('tao_injected_per_day')).toBeCloseTo(0.5, 3);
    expect(ratio('alpha_emitted_per_day')).toBeCloseTo(1, 6);
    expect(ba['tao_minted_per_day'][1]).toBeCloseTo(7200, 0);
  });
  it('miners earn in alpha, so the halving alone does not halve their income: margins move by less than 20 %', () => {
    expect(ratio('mean_miner_margin_usd_per_day')).toBeGreaterThan(0.8);
    expect(ratio('validator_alpha_per_day')).toBeGreaterThan(0.9);
  });
  it('projects the second halving in December 2029 and each subnet\'s own first alpha halving', () => {
    const proj = tables.find((t) => t.name === 'halving_projection')!.rows;
    const second = proj.find((r) => r[0] === 'tao' && r[1] === 2)!;
    expect(second[2]).toBe(15_750_000);
    expect(String(second[3]).slice(0, 7)).toBe('2029-12');
    expect(proj.filter((r) => String(r[0]).startsWith('alpha sn')).length).toBe(8);
  });
});
