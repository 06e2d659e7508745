// Lazy validators and the cost of evaluating: the validators table of a run.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/scenario.ts';
import { runScenario } from '../sim/run/run-scenario.ts';

describe('validators table', () => {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      duration: { days: 3 },
      subnets: { count: 2, initialUids: 24, validators: 6 },
      stake: { validators: 6, concentration: 0 }, // equal stakes: only behaviour differs
      validators: { lazyFraction: 0.5, lazyEveryTempos: 10, evaluationCostUsd: 2 },
      miners: { arrivalsPerSubnetPerDay: 0 },
    },
    'inline',
  );
  const t = runScenario(sc, 9).tables.find((x) => x.name === 'validators')!;
  const col = (c: string) => t.columns.indexOf(c);
  const rows = t.rows;
  it('lists every validator; the lazy half evaluates about a tenth as often', () => {
    expect(rows).toHaveLength(6);
    const evals = rows.map((r) => r[col('evaluations')] as number);
    for (const k of [0, 1, 2]) expect(evals[k]).toBeGreaterThan(100); // 2 subnets × 20 tempos × 3 days
    for (const k of [3, 4, 5]) expect(evals[k]).toBeLessThan(evals[0] / 5);
  });
  it('evaluation cost comes out of profit; lazy validators earn less per unit of stake', () => {
    for (const r of rows) expect(r[col('profit_usd')]).toBeCloseTo((r[col('earned_usd')] as number) - (r[col('evaluations')] as number) * 2, 6);
    const earned = rows.map((r) => Number(r[col('earned_alpha_rao')]));
    expect(earned[3] + earned[4] + earned[5]).toBeLessThan(earned[0] + earned[1] + earned[2]);
  });
});
