// `taosim report A B`: two runs of the same network, one perturbed (the emission gate's rank, a
// cabal), side by side. The comparison's tables hold real differences (B − A per subnet and per
// validator group), the same inputs give the same bytes, and runs that cannot be compared are
// refused with one line saying why.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComparison } from '../reports/index.ts';
import { parseCsv } from '../reports/input/csv.ts';
import { emissionForIssuance } from '../sim/chain/emission/block-emission.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { formatJson } from '../sim/util/json.ts';
import { taosimInProcess } from './helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'taosim-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A day of 10 subnets without the emission gate (the gate's exact arithmetic is the slow part of a run). */
const BASE = {
  format: 'taosim-scenario/v1',
  name: 'base',
  duration: { days: 1 },
  protocol: { preset: 'current' },
  subnets: { count: 10, initialUids: 16, validators: 4 },
  stake: { validators: 6 },
  pools: { priceSpread: 1 },
};
const GATE_RANK_3 = {
  ...BASE,
  name: 'gate-rank-3',
  protocol: { preset: 'current', overrides: { emissionGate: { mode: 'rank', rank: 3 } } },
};
const CABAL = { ...BASE, name: 'cabal', validators: { attack: { model: 'cabal', validators: 2, ownMiners: 3 } } };

function writeRun(dir: string, raw: Record<string, unknown>) {
  const sc = parseScenario(raw, 'inline');
  const result = runScenario(sc, 7);
  writeRunDirectory(dir, {
    scenario: { ...sc, seed: 7 },
    seed: 7,
    tables: result.tables,
    extraFiles: [{ name: 'summary.json', content: `${formatJson(result.summary)}\n` }],
  });
  return result;
}

/** A CSV table of a report as objects (numbers where the cell is one). */
function table(out: string, name: string): Record<string, string | number>[] {
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'tables', `${name}.csv`), 'utf8'));
  return rows.map((r) =>
    Object.fromEntries(head.map((h, i) => [h, r[i] !== '' && Number.isFinite(Number(r[i])) ? Number(r[i]) : r[i]])),
  );
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

const base = join(root, 'base');
const gate = join(root, 'gate');
const cabal = join(root, 'cabal');
let baseResult: ReturnType<typeof runScenario>;

beforeAll(() => {
  baseResult = writeRun(base, BASE);
  writeRun(gate, GATE_RANK_3);
  writeRun(cabal, CABAL);
});

describe('subnet_epochs.tao_injected_rao', () => {
  it("sums per subnet to the TAO put into its pool, all but what came after the subnet's last epoch", () => {
    const [head, ...rows] = parseCsv(readFileSync(join(base, 'subnet_epochs.csv'), 'utf8'));
    const n = head.indexOf('netuid');
    const t = head.indexOf('tao_injected_rao');
    const perSubnet = new Map<number, bigint>();
    for (const r of rows) perSubnet.set(Number(r[n]), (perSubnet.get(Number(r[n])) ?? 0n) + BigInt(r[t]));
    const net = baseResult.network;
    const tempoEmission = 361n * emissionForIssuance(net.issuance);
    for (const s of net.subnets) {
      const recorded = perSubnet.get(s.netuid)!;
      expect(recorded).toBeGreaterThan(0n);
      expect(recorded).toBeLessThanOrEqual(s.totals.taoInjected);
      expect(s.totals.taoInjected - recorded).toBeLessThan(tempoEmission);
    }
  });
});

describe('taosim report A B', () => {
  it('the emission gate at rank 3 (off in A): per-subnet TAO shares A, B and B − A, summing to 1, the top subnets gaining', async () => {
    const r = await buildComparison(base, gate, join(root, 'gate-report'), ['base', 'rank 3']);
    expect(r.kind).toBe('comparison');
    expect(r.charts).toEqual(['tao_emission_share', 'validator_dividends', 'subnet_prices']);
    expect(r.warnings).toEqual([]);
    const shares = table(r.out, 'tao_emission_share');
    expect(shares.map((s) => s.netuid)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const total = (k: string) => shares.reduce((a, s) => a + (s[k] as number), 0);
    expect(total('share_a')).toBeCloseTo(1, 5);
    expect(total('share_b')).toBeCloseTo(1, 5);
    expect(total('difference')).toBeCloseTo(0, 5);
    for (const s of shares) {
      expect(s.difference as number).toBeCloseTo((s.share_b as number) - (s.share_a as number), 5);
      expect(s.share_a as number).toBeCloseTo((s.tao_a as number) / total('tao_a'), 5);
    }
    // TAO per subnet is subnet_epochs.tao_injected_rao summed (6 significant digits).
    const [head, ...rows] = parseCsv(readFileSync(join(base, 'subnet_epochs.csv'), 'utf8'));
    const sn1 = rows.filter((x) => x[head.indexOf('netuid')] === '1');
    const sn1Tao = sn1.reduce((a, x) => a + Number(x[head.indexOf('tao_injected_rao')]), 0) / 1e9;
    expect(shares[0].tao_a as number).toBeCloseTo(sn1Tao, 6 - Math.ceil(Math.log10(sn1Tao)));
    // The gate at rank 3 moves TAO to the three largest subnets of the base, away from the rest.
    const top3 = [...shares].sort((p, q) => (q.share_a as number) - (p.share_a as number)).slice(0, 3);
    for (const s of top3) expect(s.difference as number).toBeGreaterThan(0);
    expect(shares.filter((s) => (s.difference as number) < 0)).toHaveLength(7);

    const keys = table(r.out, 'key_numbers');
    expect(Object.keys(keys[0])).toEqual(['key_number', 'base', 'rank 3', 'rank 3 − base']);
    const gini = keys.find((k) => k.key_number === 'Gini of subnets’ TAO emission')!;
    expect(gini['rank 3'] as number).toBeGreaterThan(gini.base as number);
    expect(gini['rank 3 − base'] as number).toBeCloseTo((gini['rank 3'] as number) - (gini.base as number), 3);
    const minted = keys.find((k) => k.key_number === 'TAO minted')!;
    expect(minted['rank 3 − base']).toBe(0); // the gate moves TAO between subnets, it mints none
    const html = readFileSync(join(r.out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>What changed</h2>');
    expect(html).toMatch(/TAO emission share moved most on SN\d+ \(/);
    expect(html.indexOf('What changed')).toBeLessThan(html.indexOf('<figure'));
  });

  it('a cabal: its share of validator dividends in A and B, and B − A per group', async () => {
    const r = await buildComparison(base, cabal, join(root, 'cabal-report'), ['base', 'cabal']);
    // A cabal moves dividends between validators, not TAO between pools: no price differs after a day.
    expect(r.charts).toEqual(['tao_emission_share', 'validator_dividends', 'validator_group_dividends']);
    const groups = table(r.out, 'validator_group_dividends');
    expect(groups.map((g) => g.group)).toEqual(['honest', 'cabal']);
    // The same two validators in both runs: honest in the base, a cabal in B.
    expect(groups[1].share_a as number).toBeGreaterThan(0);
    expect(groups[1].share_b as number).toBeGreaterThan(0);
    expect(groups[1].stake_share_a as number).toBeCloseTo(groups[1].stake_share_b as number, 2);
    for (const g of groups)
      expect(g.difference as number).toBeCloseTo((g.share_b as number) - (g.share_a as number), 5);
    expect(groups[0].share_b as number).toBeCloseTo(1 - (groups[1].share_b as number), 5);
    const validators = table(r.out, 'validator_dividends');
    expect(validators.filter((v) => v.group_b === 'cabal')).toHaveLength(2);
    expect(validators.reduce((a, v) => a + (v.share_b as number), 0)).toBeCloseTo(1, 5);
    const keys = table(r.out, 'key_numbers');
    const row = keys.find((k) => k.key_number === 'cabal validators’ share of dividends')!;
    expect(row.base).toBe(`${(100 * (groups[1].share_a as number)).toFixed(1)} %`);
    expect(row.cabal).toBe(`${(100 * (groups[1].share_b as number)).toFixed(1)} %`);
    expect(readFileSync(join(r.out, 'summary.md'), 'utf8')).toMatch(
      /- The 2 cabal validators \(\d+\.\d % of validators' stake in cabal\) took \d+\.\d % of validator dividends in base and \d+\.\d % in cabal/,
    );
  });

  it('a run against itself: every difference is 0, and the report says nothing moved', async () => {
    const copy = join(root, 'base-copy');
    cpSync(base, copy, { recursive: true });
    const r = await buildComparison(base, copy, join(root, 'same-report'));
    expect(table(r.out, 'tao_emission_share').every((s) => s.difference === 0)).toBe(true);
    expect(table(r.out, 'validator_dividends').every((s) => s.difference === 0)).toBe(true);
    expect(r.charts).toEqual(['tao_emission_share', 'validator_dividends']);
    const md = readFileSync(join(r.out, 'summary.md'), 'utf8');
    expect(md).toContain('- A and B give the same TAO emission shares, validator dividends and prices.');
    expect(md).toContain('Not drawn: no subnet ends at a different price.');
  });

  it('is deterministic: the same two runs give the same bytes, file for file', async () => {
    const a = await buildComparison(base, gate, join(root, 'det-a'));
    const b = await buildComparison(base, gate, join(root, 'det-b'));
    const files = listFiles(a.out);
    expect(files).toEqual(listFiles(b.out));
    expect(files.length).toBe(3 * 3 + 3);
    for (const f of files) expect(readFileSync(join(b.out, f)), f).toEqual(readFileSync(join(a.out, f)));
  });
});

describe('the command', () => {
  it('names the runs with --names and writes into --out', async () => {
    const out = join(root, 'cli-report');
    const r = await taosimInProcess(['report', base, gate, '--names', 'base,perturbed', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `${out}/report.html: comparison report, 3 charts (tao_emission_share, validator_dividends, subnet_prices)\n`,
    );
    expect(readFileSync(join(out, 'tables', 'key_numbers.csv'), 'utf8')).toMatch(
      /^key_number,base,perturbed,perturbed − base\n/,
    );
  });

  it("defaults to the directories' names, written into A/compare-<B>", async () => {
    const r = await taosimInProcess(['report', base, cabal]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(base, 'compare-cabal', 'tables', 'key_numbers.csv'), 'utf8')).toMatch(
      /^key_number,base,cabal,cabal − base\n/,
    );
  });

  const refusals: [string, () => string[], RegExp][] = [
    [
      'different durations',
      () => {
        const short = join(root, 'short');
        if (!existsSync(short)) writeRun(short, { ...BASE, duration: { blocks: 3600 } });
        return [base, short];
      },
      /are not comparable: durations differ \(base: 7,200 blocks \(1\.00 days\), short: 3,600 blocks \(0\.50 days\)\)$/,
    ],
    [
      'different subnets',
      () => {
        const fewer = join(root, 'fewer');
        if (!existsSync(fewer)) writeRun(fewer, { ...BASE, subnets: { ...BASE.subnets, count: 8 } });
        return [base, fewer];
      },
      /are not comparable: subnet sets differ \(only in base: SN9, SN10; only in fewer: none\)$/,
    ],
    [
      'a sweep',
      () => {
        const sweep = join(root, 'sweep');
        mkdirSync(sweep, { recursive: true });
        writeFileSync(join(sweep, 'sweep.json'), '{}\n');
        writeFileSync(join(sweep, 'summary.csv'), 'metric,n\n');
        return [base, sweep];
      },
      /sweep: is a sweep \(sweep\.json\): taosim report A B compares two runs \(taosim run\); report a sweep on its own$/,
    ],
    [
      'another version',
      () => {
        const old = join(root, 'old');
        cpSync(gate, old, { recursive: true });
        const manifest = JSON.parse(readFileSync(join(old, 'run.json'), 'utf8'));
        writeFileSync(join(old, 'run.json'), `${JSON.stringify({ ...manifest, taosimVersion: '0.0.1' })}\n`);
        return [base, old];
      },
      /old\/run\.json: written by taosim 0\.0\.1, this is taosim .*: report it with that version, or rerun the scenario$/,
    ],
    [
      'bad --names',
      () => [base, gate, '--names', 'base'],
      /^--names: expected two different names separated by a comma/,
    ],
    ['--names with one run', () => [base, '--names', 'a,b'], /^--names: names the two runs of a comparison/],
  ];
  it.each(refusals)('refuses %s with one line and exit code 2, writing nothing', async (_, args, message) => {
    const out = join(root, `refused-${_.replace(/\W+/g, '-')}`);
    const r = await taosimInProcess(['report', ...args(), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim().replace(/^taosim: error: /, '')).toMatch(message);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
  });
});
