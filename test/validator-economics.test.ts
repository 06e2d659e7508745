// Lazy validators and the cost of evaluating: the validators table of a run.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

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
    for (const r of rows)
      expect(r[col('profit_usd')]).toBeCloseTo(
        (r[col('earned_usd')] as number) - (r[col('evaluations')] as number) * 2,
        6,
      );
    const earned = rows.map((r) => Number(r[col('earned_alpha_rao')]));
    expect(earned[3] + earned[4] + earned[5]).toBeLessThan(earned[0] + earned[1] + earned[2]);
  });
});

describe('copiers in a network run', () => {
  it('a copier holding the smallest validator uid submits the visible consensus and earns dividends without evaluating', () => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { days: 2 },
        subnets: { count: 1, initialUids: 24, validators: 6 },
        stake: { validators: 6, concentration: 0 },
        validators: { copiers: 1 },
        miners: { arrivalsPerSubnetPerDay: 0 },
      },
      'inline',
    );
    const t = runScenario(sc, 3).tables.find((x) => x.name === 'validators')!;
    const col = (c: string) => t.columns.indexOf(c);
    const copier = t.rows[5];
    expect(copier[col('evaluations')]).toBe(0);
    expect(Number(copier[col('earned_alpha_rao')])).toBeGreaterThan(0);
  });
  it('more copiers than validator uids is a validation error', () => {
    expect(() =>
      parseScenario(
        {
          format: 'taosim-scenario/v1',
          subnets: { count: 1, initialUids: 8, validators: 2 },
          stake: { validators: 2 },
          validators: { copiers: 2 },
        },
        'x.json',
      ),
    ).toThrow(/fewer than subnets\.validators/);
  });
});

describe('an attacking group in a network run', () => {
  const run = (attack: Record<string, unknown> | undefined) => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { days: 2 },
        subnets: { count: 1, initialUids: 30, validators: 6 },
        stake: { validators: 6, concentration: 0 },
        validators: attack ? { attack } : {},
        miners: { arrivalsPerSubnetPerDay: 0 },
      },
      'inline',
    );
    const r = runScenario(sc, 5);
    const neurons = r.tables.find((x) => x.name === 'neurons')!;
    const validators = r.tables.find((x) => x.name === 'validators')!;
    const earned = (uids: number[]) =>
      uids.reduce((a, u) => a + Number(neurons.rows[u][neurons.columns.indexOf('earned_miner_alpha_rao')]), 0);
    const own = [29, 28, 27, 26];
    const total = earned(Array.from({ length: 24 }, (_, k) => 6 + k));
    const perStake = (rank: number) => Number(validators.rows[rank][validators.columns.indexOf('earned_alpha_rao')]);
    return {
      ownShare: earned(own) / total,
      cabalDividends: perStake(4) + perStake(5),
      honestDividends: perStake(0) + perStake(1),
    };
  };
  const honest = run(undefined);
  it('a cabal of 2 in 6 equal validators (33 % of stake) putting all weight on 4 own miners tilts incentive toward them but earns fewer dividends', () => {
    const cabal = run({ model: 'cabal', validators: 2, ownMiners: 4, selfWeight: 1 });
    expect(cabal.ownShare).toBeGreaterThan(honest.ownShare);
    expect(cabal.cabalDividends).toBeLessThan(cabal.honestDividends);
  });
  it('an under-weighting pair tilts incentive less than a full cabal', () => {
    const cabal = run({ model: 'cabal', validators: 2, ownMiners: 4, selfWeight: 1 });
    const under = run({ model: 'under-weighting', validators: 2, ownMiners: 4, competitorFactor: 0.5 });
    expect(under.ownShare).toBeGreaterThan(honest.ownShare);
    expect(under.ownShare).toBeLessThan(cabal.ownShare);
  });
});
