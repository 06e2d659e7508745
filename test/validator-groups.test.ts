import { describe, expect, it } from 'vitest';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { runMetrics } from '../sim/sweep/run-metrics.ts';

// Eight equal validators on two subnets; the cabal ranks just below the top (no copiers).
const cabal = (validators: number, selfWeight: number) =>
  parseScenario(
    {
      format: 'taosim-scenario/v1',
      duration: { blocks: 3600 },
      subnets: { count: 2, initialUids: 32, validators: 8 },
      stake: { validators: 8, concentration: 0 },
      validators: { noise: 0.1, attack: { model: 'cabal', validators, ownMiners: 4, selfWeight } },
    },
    'cabal.json',
  );

describe('validator groups in a run', () => {
  it("labels every validator and the attackers' genesis miners", () => {
    const r = runScenario(cabal(3, 1), 1);
    const v = r.tables.find((t) => t.name === 'validators')!;
    const g = v.columns.indexOf('group');
    expect(v.rows.map((row) => row[g])).toEqual([
      'honest',
      'honest',
      'honest',
      'honest',
      'honest',
      'cabal',
      'cabal',
      'cabal',
    ]);
    const n = r.tables.find((t) => t.name === 'neurons')!;
    const ng = n.columns.indexOf('group');
    const attackerUids = n.rows.filter((row) => row[ng] === 'attacker-miner').map((row) => `${row[0]}/${row[1]}`);
    expect(attackerUids).toEqual(['1/28', '1/29', '1/30', '1/31', '2/28', '2/29', '2/30', '2/31']);
  });

  it('a cabal above kappa takes all miner emission; below it, Yuma clips it and its dividends fall short of its stake', () => {
    const majority = runMetrics(runScenario(cabal(5, 1), 1));
    expect(majority.cabal_miner_share).toBe(1);
    const minority = runMetrics(runScenario(cabal(3, 1), 1));
    expect(minority.cabal_miner_share).toBeLessThan(0.5);
    expect(minority.cabal_validator_share).toBeLessThan(3 / 8);
    expect(minority.copier_validator_share).toBeUndefined();
  });
});
