// Sweeps: designs, stable ids, errors before anything runs, and identical results however run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobs } from '../sim/sweep/pool.ts';
import { planSweep, shardOf } from '../sim/sweep/sweep-file.ts';
import { finalizeSweep, runJobOf } from '../sim/sweep/sweep-results.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosimInProcess } from './helpers/cli.ts';

const scenario = {
  format: 'taosim-scenario/v1',
  duration: { blocks: 800 },
  subnets: { count: 1, initialUids: 12, validators: 3 },
  stake: { validators: 3 },
};
const sweep = (design: unknown, extra: Record<string, unknown> = {}) => ({
  format: 'taosim-sweep/v1',
  name: 't',
  scenario,
  design,
  ...extra,
});
const errorOf = (json: unknown) => {
  try {
    planSweep(json, 'sweep.json');
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  return 'accepted';
};

describe('sweep designs', () => {
  it('grid: the Cartesian product, parameters in name order, replicates last', () => {
    const p = planSweep(
      sweep(
        { type: 'grid', parameters: { 'validators.noise': [0, 0.2], 'miners.budgetTao': [1, 2, 3] } },
        { replicates: 2, seed: 5 },
      ),
      's.json',
    );
    expect(p.parameters).toEqual(['miners.budgetTao', 'validators.noise']);
    expect(p.runs).toHaveLength(12);
    expect(p.runs[0].params).toEqual({ 'miners.budgetTao': 1, 'validators.noise': 0 });
    expect(p.runs.slice(0, 2).map((r) => r.seed)).toEqual(['5/1', '5/2']);
    expect(p.runs[11].params).toEqual({ 'miners.budgetTao': 3, 'validators.noise': 0.2 });
  });
  it('zip, list, random and latin-hypercube', () => {
    expect(
      planSweep(
        sweep({ type: 'zip', parameters: { 'validators.noise': [0, 0.1], 'miners.budgetTao': [5, 6] } }),
        's',
      ).runs.map((r) => r.params),
    ).toEqual([
      { 'miners.budgetTao': 5, 'validators.noise': 0 },
      { 'miners.budgetTao': 6, 'validators.noise': 0.1 },
    ]);
    expect(
      planSweep(sweep({ type: 'list', points: [{ 'validators.noise': 0.3 }, { 'miners.budgetTao': 9 }] }), 's').runs,
    ).toHaveLength(2);
    const lhs = planSweep(
      sweep({ type: 'latin-hypercube', samples: 10, seed: 3, parameters: { 'validators.noise': { min: 0, max: 1 } } }),
      's',
    );
    // One sample in each tenth of the range.
    const strata = lhs.runs.map((r) => Math.floor((r.params['validators.noise'] as number) * 10)).sort((a, b) => a - b);
    expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const rnd = planSweep(
      sweep({
        type: 'random',
        samples: 5,
        seed: 3,
        parameters: { 'miners.budgetTao': { min: 1, max: 10, integer: true } },
      }),
      's',
    );
    for (const r of rnd.runs) expect(Number.isInteger(r.params['miners.budgetTao'])).toBe(true);
  });
  it('the same design gives the same ids; shards split the runs every N-th', () => {
    const a = planSweep(
      sweep({ type: 'grid', parameters: { 'validators.noise': [0, 0.1, 0.2] } }, { replicates: 2 }),
      's',
    );
    const b = planSweep(
      sweep({ type: 'grid', parameters: { 'validators.noise': [0, 0.1, 0.2] } }, { replicates: 2 }),
      's',
    );
    expect(a.runs.map((r) => r.id)).toEqual(b.runs.map((r) => r.id));
    expect(a.runs[0].id).toMatch(/^00000-[0-9a-f]{8}$/);
    expect(shardOf(a, '2/3').map((r) => r.index)).toEqual([1, 4]);
    expect(() => shardOf(a, '4/3')).toThrow(/--shard: expected I\/N/);
  });
  it.each([
    [
      sweep({ type: 'grid', parameters: { 'validators.noize': [0, 1] } }),
      /sweep\.json: at \$\.design: design point 0 .* unknown field "noize"/,
    ],
    [
      sweep({ type: 'grid', parameters: { 'validators.noise': [0, -1] } }),
      /design point 1 .* \$\.validators\.noise: expected a number in \[0, 10\], got -1/,
    ],
    [
      sweep({ type: 'grid', parameters: { 'validators..noise': [0] } }),
      /\$\.design\.parameters\["validators\.\.noise"\]: expected a scenario field path/,
    ],
    [sweep({ type: 'grid', parameters: { 'validators.noise': [] } }), /expected a non-empty list of values/],
    [
      sweep({ type: 'zip', parameters: { 'validators.noise': [0, 1], 'miners.budgetTao': [1] } }),
      /expected a list as long as the others \(1\) for a zip design, got an array of 2/,
    ],
    [sweep({ type: 'cube' }), /\$\.design\.type: expected one of grid, zip, list, random, latin-hypercube/],
    [
      sweep({ type: 'random', parameters: { 'validators.noise': { min: 1, max: 0 } }, samples: 3 }),
      /\.max: expected a value ≥ min \(1\)/,
    ],
    [
      { ...sweep({ type: 'grid', parameters: { 'validators.noise': [0] } }), replicates: 0 },
      /\$\.replicates: expected an integer in \[1, 100000\]/,
    ],
  ])('bad sweep %#: a clear error before anything runs', (json, pattern) => {
    expect(errorOf(json)).toMatch(pattern);
  });
});

describe('sweep results', () => {
  const plan = planSweep(
    sweep({ type: 'grid', parameters: { 'validators.noise': [0, 0.3] } }, { replicates: 2, seed: 1 }),
    's.json',
  );
  const jobs = (dir: string, runs = plan.runs) => runs.map((r) => runJobOf(dir, r, 's.json'));
  it('one worker, two workers, and two shards joined give byte-identical sweep.csv, summary.csv and sweep.json', async () => {
    const one = mkdtempSync(join(tmpdir(), 'taosim-sw1-'));
    const two = mkdtempSync(join(tmpdir(), 'taosim-sw2-'));
    await runJobs(jobs(one), 1);
    await runJobs(jobs(two), 2);
    const h1 = finalizeSweep(one, plan);
    const h2 = finalizeSweep(two, plan);
    expect(h2).toBe(h1);
    for (const f of ['sweep.csv', 'summary.csv', 'sweep.json'])
      expect(readFileSync(join(two, f), 'utf8')).toBe(readFileSync(join(one, f), 'utf8'));
    const summary = readFileSync(join(one, 'summary.csv'), 'utf8').split('\n');
    expect(summary[0]).toBe('validators.noise,metric,n,mean,sd,ci95_low,ci95_high,min,max');
    expect(summary.filter((l) => l.startsWith('0,minted_tao,2,800,0,800,800,800,800'))).toHaveLength(1);
  });
  it('finalizing with runs missing names them and says how to finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-sw3-'));
    await runJobs(jobs(dir, plan.runs.slice(0, 1)), 1);
    expect(() => finalizeSweep(dir, plan)).toThrow(/3 of 4 runs are missing or incomplete .* --resume/);
  });
  it('the CLI: shards merged equal the unsharded sweep; --plan lists the runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-sw4-'));
    const planOut = await taosimInProcess(['sweep', 'scenarios/sweeps/smoke.json', '--plan']);
    expect(planOut.stdout).toMatch(/8 runs/);
    const all = await taosimInProcess([
      'sweep',
      'scenarios/sweeps/smoke.json',
      '--out',
      join(dir, 'all'),
      '--workers',
      '1',
    ]);
    await taosimInProcess([
      'sweep',
      'scenarios/sweeps/smoke.json',
      '--out',
      join(dir, 's1'),
      '--workers',
      '1',
      '--shard',
      '1/2',
    ]);
    await taosimInProcess([
      'sweep',
      'scenarios/sweeps/smoke.json',
      '--out',
      join(dir, 's2'),
      '--workers',
      '1',
      '--shard',
      '2/2',
    ]);
    const merged = await taosimInProcess(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged')]);
    expect(all.code).toBe(0);
    expect(merged.code).toBe(0);
    for (const f of ['sweep.csv', 'summary.csv', 'sweep.json']) {
      expect(readFileSync(join(dir, 'merged', f), 'utf8')).toBe(readFileSync(join(dir, 'all', f), 'utf8'));
    }
  });
});
