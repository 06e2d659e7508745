// `taosim report`: charts, tables and the HTML page for a run, every study and a sweep; the same
// input gives the same bytes; unfinished or foreign directories are refused with one clear line.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, formatRao } from '../reports/format.ts';
import { buildReport, escapeHtml } from '../reports/index.ts';
import { parseCsv } from '../reports/input/csv.ts';
import { STUDIES } from '../reports/studies/index.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { formatJson } from '../sim/util/json.ts';
import { taosimInProcess } from './helpers/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'taosim-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Two days on three subnets with everything a run report can show: economic miners (margins), a
 * copier and a cabal (group shares), and a start just below 10.5M TAO (a halving on day 1).
 */
function writeTinyRun(dir: string): void {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'tiny',
      duration: { days: 2 },
      start: { issuanceTao: 10_499_000 },
      protocol: { preset: 'current' },
      subnets: { count: 3, initialUids: 24, validators: 6 },
      stake: { validators: 6 },
      validators: { copiers: 1, attack: { model: 'cabal', validators: 1, ownMiners: 3, selfWeight: 1 } },
      miners: { model: 'economic' },
    },
    'inline',
  );
  const result = runScenario(sc, 5);
  writeRunDirectory(dir, {
    scenario: { ...sc, seed: 5 },
    seed: 5,
    tables: result.tables,
    extraFiles: [{ name: 'summary.json', content: `${formatJson(result.summary)}\n` }],
  });
}

/** Small grids, so every study runs in about a second. */
const STUDY_CONFIGS: Record<string, Record<string, unknown>> = {
  'under-weighting': { validatorCounts: [3, 4], attackerStake: [0.1, 0.55], epochs: 40, warmup: 10 },
  'weight-copying': {
    revealPeriods: [0, 2],
    liquidAlpha: [false, true],
    yuma3: [true],
    qualityDrift: [0.05],
    epochs: 40,
    warmup: 10,
  },
  halvings: { subnets: 2, initialUids: 32, validators: 4, daysBefore: 2, daysAfter: 2, arrivalsPerSubnetPerDay: 2 },
  'margin-thinning': {
    subnets: 2,
    days: 3,
    settleDays: 1,
    arrivalsPerSubnetPerDay: 4,
    minBurnTao: [0.0005, 1],
    costDeclinePerYear: [0.3],
    taoPriceUsd: [300],
    scoreExponent: [1],
  },
  collusion: {
    honestStake: [0.6, 0.8],
    noise: [0, 0.2],
    kappa: [0.5],
    bondsPenalty: [1],
    validatorShare: [0.5],
    epochs: 10,
    dynamicHonestUtility: [0.8],
  },
  gate: { samples: 2, ranks: [32, 0], quantiles: [0.61], exponents: [1, 3], days: 10, pruningDays: 20 },
};

const STUDY_CHARTS: Record<string, string[]> = {
  'under-weighting': ['under_weighting_gain', 'under_weighting_dividends'],
  gate: ['gate_top8_share', 'gate_top32_share', 'gate_gini'],
  'weight-copying': ['weight_copying_g'],
  halvings: ['halving_daily', 'halving_before_after'],
  'margin-thinning': ['margin_thinning_base', 'margin_thinning_equilibrium_min_burn_tao'],
  collusion: [
    'collusion_retention_heatmap',
    'collusion_retention_noise_0',
    'collusion_retention_noise_0_2',
    'collusion_dynamics',
  ],
};

function writeStudy(name: string, dir: string): void {
  const study = STUDIES.find((s) => s.name === name)!;
  const config = { ...study.defaults, ...STUDY_CONFIGS[name] };
  writeRunDirectory(dir, {
    scenario: { study: name, ...config },
    seed: config.seed as string | number,
    tables: study.run(config as never),
  });
}

/**
 * A sweep directory as `taosim sweep` writes it (docs/reference/sweep.md): parameter columns named
 * by scenario paths, one numeric and one not, two replicates; the means are made up.
 */
function writeSweep(dir: string, params: Record<string, string[]>, withManifest = true): void {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(params);
  const combos = names.reduce<string[][]>((acc, p) => acc.flatMap((c) => params[p].map((v) => [...c, v])), [[]]);
  const metrics = ['mean_dividend_gini', 'issuance_tao', 'epochs'];
  const summary = [[...names, 'metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'min', 'max'].join(',')];
  const runs = [['run_id', ...names, 'seed', 'replicate', 'metric', 'value'].join(',')];
  combos.forEach((c, i) => {
    metrics.forEach((m, k) => {
      const mean = m === 'epochs' ? 8 : 0.3 + 0.1 * i + k;
      const half = m === 'epochs' ? 0 : 0.05;
      summary.push([...c, m, 2, mean, half, mean - half, mean + half, mean - half, mean + half].join(','));
      for (const r of [0, 1]) runs.push([`${i}-${r}`, ...c, `7/${r + 1}`, r, m, mean].join(','));
    });
  });
  writeFileSync(join(dir, 'summary.csv'), `${summary.join('\n')}\n`);
  writeFileSync(join(dir, 'sweep.csv'), `${runs.join('\n')}\n`);
  if (withManifest)
    writeFileSync(
      join(dir, 'sweep.json'),
      JSON.stringify({ format: 'taosim-sweep/v1-result', name: 'fixture', parameters: names, runs: [] }),
    );
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

type Spec = Record<string, unknown>;

/** Every single-view spec inside a (possibly layered or concatenated) spec. */
function unitSpecs(spec: Spec): Spec[] {
  for (const key of ['layer', 'vconcat', 'hconcat', 'concat']) {
    if (Array.isArray(spec[key])) return (spec[key] as Spec[]).flatMap(unitSpecs);
  }
  return [spec];
}

/** The checks every report must pass: files, marks, titles, captions. */
function checkReport(out: string, charts: string[]): void {
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  // Self-contained: nothing to fetch.
  expect(html).not.toMatch(/<script|<link|<img|\ssrc=|href="https?:|url\(http/i);
  for (const name of charts) {
    const svg = readFileSync(join(out, 'charts', `${name}.svg`), 'utf8');
    expect(svg, name).toMatch(/^<svg /);
    expect(svg, name).toMatch(/class="mark-[a-z]+ role-mark/);
    expect(svg, name).toMatch(/<path|<rect/);
    expect(html, name).toContain(svg.trim());

    const spec = JSON.parse(readFileSync(join(out, 'charts', `${name}.vl.json`), 'utf8')) as Spec;
    expect(typeof spec.title === 'string' && spec.title.length > 0, `${name}: title`).toBe(true);
    const caption = spec.description as string;
    expect(caption.length, `${name}: caption`).toBeGreaterThan(20);
    expect(caption, `${name}: one line`).not.toContain('\n');
    expect(html, name).toContain(`<figcaption>${escapeHtml(caption)}</figcaption>`);
    expect(md, name).toContain(caption);
    for (const unit of unitSpecs(spec)) {
      const enc = (unit.encoding ?? {}) as Record<string, Spec>;
      for (const ch of ['x', 'y', 'color']) {
        const def = enc[ch];
        if (def && ('field' in def || 'datum' in def)) {
          expect(typeof def.title === 'string' && (def.title as string).length > 0, `${name}: ${ch} title`).toBe(true);
        }
      }
    }
    expect(
      readFileSync(join(out, 'tables', `${name}.csv`), 'utf8').split('\n').length,
      `${name}: table`,
    ).toBeGreaterThan(2);
  }
  // No chart the report does not list.
  expect(
    listFiles(join(out, 'charts'))
      .filter((f) => f.endsWith('.svg'))
      .sort(),
  ).toEqual(charts.map((c) => `${c}.svg`).sort());
  expect(existsSync(join(out, 'tables', 'key_numbers.csv'))).toBe(true);
}

describe('helpers', () => {
  it('numbers as text are the same on every machine: grouped by commas, never by the locale', () => {
    expect(formatRao(9_515_999_991_479_523n)).toBe('9,515,999.99');
    expect(formatRao(9_515_999_991_479_523n, 0)).toBe('9,516,000');
    expect(formatRao(123_456_789n, 9)).toBe('0.123456789');
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(-0.001, 2)).toBe('0.00');
  });

  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,\n',
      [
        ['a', 'b'],
        ['1', ''],
      ],
    ],
    [
      'a,b\n"x,y","q""r"\n',
      [
        ['a', 'b'],
        ['x,y', 'q"r'],
      ],
    ],
    ['a\n"two\nlines"\n', [['a'], ['two\nlines']]],
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
  ])('parseCsv(%j)', (text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });
});

describe('report of a run', () => {
  const run = join(root, 'run');
  beforeAll(() => writeTinyRun(run));
  const CHARTS = [
    'emission_by_role',
    'issuance_halvings',
    'tao_injected',
    'pool_prices',
    'stake_concentration',
    'miner_margins',
    'validator_relative_dividends',
    'adversary_share',
  ];

  it('writes every chart with marks, titled axes and its caption, into <run>/report by default', async () => {
    const r = await buildReport(run);
    expect(r.out).toBe(join(run, 'report'));
    expect(r.kind).toBe('run');
    expect(r.charts).toEqual(CHARTS);
    expect(r.warnings).toEqual([]);
    checkReport(r.out, CHARTS);
  });

  it('starts with the key numbers: days, subnets, issuance, TAO minted, the halving, epochs, registrations', async () => {
    const { out } = await buildReport(run, join(root, 'run-report'));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const keys = readFileSync(join(out, 'tables', 'key_numbers.csv'), 'utf8');
    expect(keys).toMatch(
      /^key_number,value\nDays,2\nSubnets,3\nIssuance \(TAO\),"10,499,000.00 → 10,50\d,\d{3}\.\d\d"\nTAO minted,"7,\d{3}\.\d\d"\n/,
    );
    expect(keys).toContain('Halvings reached,1\n');
    expect(keys).toMatch(/Epochs,\d+\nRegistrations,\d+\n$/);
    // The summary comes before the first chart.
    expect(html.indexOf('Key numbers')).toBeLessThan(html.indexOf('<figure'));
    expect(readFileSync(join(out, 'charts', 'issuance_halvings.vl.json'), 'utf8')).toContain('"strokeDash"');
  });

  it('is deterministic: two builds give the same bytes, file for file', async () => {
    const a = await buildReport(run, join(root, 'det-a'));
    const b = await buildReport(run, join(root, 'det-b'));
    const files = listFiles(a.out);
    expect(files).toEqual(listFiles(b.out));
    expect(files.length).toBe(3 * CHARTS.length + 3);
    for (const f of files) expect(readFileSync(join(b.out, f)), f).toEqual(readFileSync(join(a.out, f)));
  });

  it('gives each chart its own SVG ids, so they can share one page', async () => {
    const html = readFileSync(join(run, 'report', 'report.html'), 'utf8');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('report of a study', () => {
  it.each(Object.keys(STUDY_CHARTS))('%s', async (name) => {
    const dir = join(root, `study-${name}`);
    writeStudy(name, dir);
    const r = await buildReport(dir);
    expect(r.kind).toBe('study');
    for (const c of STUDY_CHARTS[name]) expect(r.charts).toContain(c);
    expect(r.warnings).toEqual([]);
    checkReport(r.out, r.charts);
    expect(readFileSync(join(r.out, 'report.html'), 'utf8')).toContain(
      escapeHtml(STUDIES.find((s) => s.name === name)!.question),
    );
  });
});

describe('report of a sweep', () => {
  it('two parameters: each varying metric against each parameter, and a heatmap per metric', async () => {
    const dir = join(root, 'sweep2');
    writeSweep(dir, { 'subnets.settings.commitReveal': ['false', 'true'], 'validators.noise': ['0', '0.1', '0.2'] });
    const r = await buildReport(dir);
    expect(r.kind).toBe('sweep');
    expect(r.charts).toEqual([
      'sweep_mean_dividend_gini_vs_subnets_settings_commitReveal',
      'sweep_mean_dividend_gini_vs_validators_noise',
      'sweep_mean_dividend_gini_heatmap',
      'sweep_issuance_tao_vs_subnets_settings_commitReveal',
      'sweep_issuance_tao_vs_validators_noise',
      'sweep_issuance_tao_heatmap',
    ]);
    checkReport(r.out, r.charts);
    // epochs is the same everywhere: no chart, one line in the summary.
    expect(readFileSync(join(r.out, 'summary.md'), 'utf8')).toContain('| The same in every run | epochs = 8 |');
    // The 95 % band is drawn from ci95_low to ci95_high.
    const spec = readFileSync(join(r.out, 'charts', 'sweep_issuance_tao_vs_validators_noise.vl.json'), 'utf8');
    expect(spec).toContain('"ci95_low"');
    expect(spec).toContain('"ci95_high"');
    expect(spec).toContain('validators\\\\.noise'); // a dotted path stays one field
  });

  it('one parameter: no heatmap', async () => {
    const dir = join(root, 'sweep1');
    writeSweep(dir, { 'validators.noise': ['0', '0.2', '0.4'] });
    const r = await buildReport(dir);
    expect(r.charts).toEqual([
      'sweep_mean_dividend_gini_vs_validators_noise',
      'sweep_issuance_tao_vs_validators_noise',
    ]);
    checkReport(r.out, r.charts);
  });

  it('a report written over another removes the charts that are no longer part of it', async () => {
    const out = join(root, 'reused');
    await buildReport(join(root, 'sweep2'), out);
    const r = await buildReport(join(root, 'sweep1'), out);
    checkReport(out, r.charts);
  });
});

describe('refusals', () => {
  const refuse = async (dir: string, message: RegExp) => {
    const e = await buildReport(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).format()).toMatch(message);
  };

  it('an unfinished run (no run.json) is refused, and nothing is written', async () => {
    const dir = join(root, 'unfinished');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'subnet_epochs.csv'), 'block,day\n');
    await refuse(dir, /^incomplete run: no run\.json in .*unfinished \(the run has not finished/);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });

  it('an unfinished sweep (no sweep.json) is refused', async () => {
    const dir = join(root, 'unfinished-sweep');
    writeSweep(dir, { 'validators.noise': ['0', '0.2'] }, false);
    await refuse(dir, /^incomplete sweep: no sweep\.json in /);
  });

  it('a missing directory, a missing table and a study without a report are usage errors', async () => {
    await refuse(join(root, 'nowhere'), /^no results directory /);
    const dir = join(root, 'broken-run');
    writeTinyRun(dir);
    rmSync(join(dir, 'validators.csv'));
    await refuse(dir, /missing table validators\.csv/);
    const odd = join(root, 'odd-study');
    writeRunDirectory(odd, { scenario: { study: 'astrology' }, seed: 1, tables: [] });
    await refuse(odd, /unknown study "astrology" \(known: collusion, weight-copying/);
  });

  it('the command prints one line and exits with 2, no stack trace', async () => {
    const r = await taosimInProcess(['report', join(root, 'unfinished')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^taosim: error: incomplete run: no run\.json in /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the command reports a finished run', async () => {
    const r = await taosimInProcess(['report', join(root, 'run'), '--out', join(root, 'cli-report')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cli-report\/report\.html: run report, 8 charts \(emission_by_role, /);
  });
});
