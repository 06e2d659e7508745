// Whole runs: conservation of TAO and alpha, every era, determinism, scenario errors, the CLI.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosimInProcess } from './helpers/cli.ts';

const small = (extra: Record<string, unknown> = {}) => ({
  format: 'taosim-scenario/v1',
  name: 'small',
  duration: { days: 2 },
  subnets: { count: 3, initialUids: 24, validators: 6 },
  stake: { validators: 8 },
  miners: { arrivalsPerSubnetPerDay: 6 },
  ...extra,
});

describe('conservation', () => {
  // Started 10,000 TAO short of the first halving (10.5M), so it comes on day 1 of 4.
  it('4 days across the first halving: issuance = start + minted − recycled, and every RAO is held somewhere', () => {
    const days = 4;
    const sc = parseScenario(
      small({ duration: { days }, start: { issuanceTao: 10_490_000 }, protocol: { preset: 'current' } }),
      'inline',
    );
    const { network: net, tables } = runScenario(sc, 7);
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    // The halving came (10.49M + ~7200/day): emission per block dropped from 1e9 to 5e8.
    const daily = tables.find((t) => t.name === 'network_daily')!;
    const perBlock = daily.rows.map((r) => r[5]);
    expect(perBlock).toHaveLength(days);
    expect(perBlock[0]).toBe(1_000_000_000n);
    expect(perBlock[perBlock.length - 1]).toBe(500_000_000n);
    // More than the halved rate (3600 TAO a day) all along, less than the full rate (7200).
    expect(net.minted > BigInt(days) * 3600n * 1_000_000_000n).toBe(true);
    expect(net.minted < BigInt(days) * 7200n * 1_000_000_000n).toBe(true);
  });
  it.each(['root', 'dtao', 'flow'])('the %s era conserves TAO too', (preset) => {
    const sc = parseScenario(small({ duration: { days: 3 }, protocol: { preset } }), 'inline');
    const { network: net, summary } = runScenario(sc, 3);
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    if (preset !== 'root') for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    expect(Number(summary.epochs)).toBeGreaterThan(3 * 3 * 19);
  });
  it('balancer pools conserve TAO and alpha too', () => {
    const sc = parseScenario(
      small({ duration: { days: 3 }, protocol: { preset: 'current', overrides: { pool: 'balancer' } } }),
      'inline',
    );
    const { network: net } = runScenario(sc, 3);
    expect(taoHeld(net)).toBe(net.issuance);
    for (const s of net.subnets) {
      expect(alphaAccounted(s)).toBe(s.alphaOut);
      expect(s.pool.quoteWeight).not.toBe(500_000_000_000_000_000n); // injections re-weighted it
    }
  });
  it('the root era pays subnets TAO by root weights: owners receive 18 % of what their subnet earned', () => {
    const sc = parseScenario(small({ duration: { days: 2 }, protocol: { preset: 'root' } }), 'inline');
    const { network: net } = runScenario(sc, 3);
    const owners = net.subnets.map((s) => net.balance[s.ownerColdkey]);
    for (const b of owners) expect(b > 0n).toBe(true);
    let total = 0n;
    for (const b of owners) total += b;
    // 2 days × 7200 TAO, ~18 % to owners (the last partial tempo is still pending)
    expect(Number(total) / 1e9).toBeGreaterThan(0.17 * 14400 * 0.9);
    expect(Number(total) / 1e9).toBeLessThan(0.18 * 14400);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give byte-identical outputs; another seed differs', () => {
    const sc = parseScenario(small(), 'inline');
    const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'taosim-run-')));
    const hash = (seed: number, dir: string) =>
      writeRunDirectory(dir, { scenario: sc, seed, tables: runScenario(sc, seed).tables }).contentHash;
    const a = hash(11, dirs[0]);
    const b = hash(11, dirs[1]);
    const c = hash(12, dirs[2]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    for (const f of ['subnet_epochs.csv', 'network_daily.csv', 'neurons.csv']) {
      expect(readFileSync(join(dirs[0], f), 'utf8')).toBe(readFileSync(join(dirs[1], f), 'utf8'));
    }
  });
});

describe('scenario validation', () => {
  const errorOf = (json: unknown): string => {
    try {
      parseScenario(json, 'bad.json');
    } catch (e) {
      if (e instanceof UsageError) return e.format();
      throw e;
    }
    throw new Error('accepted');
  };
  it.each([
    [{ ...small(), format: 'x' }, /bad\.json: at \$\.format: expected "taosim-scenario\/v1"/],
    [{ ...small(), subnets: { count: 0 } }, /\$\.subnets\.count: expected an integer in \[1, 128\], got 0/],
    [
      { ...small(), subnets: { count: 2, initialUids: 300 } },
      /\$\.subnets\.initialUids: expected an integer in \[1, 256\], got 300/,
    ],
    [
      { ...small(), subnets: { count: 2, initialUids: 10, validators: 20 } },
      /\$\.subnets\.validators: expected an integer in \[1, 10\]/,
    ],
    [
      { ...small(), protocol: { preset: 'future' } },
      /\$\.protocol\.preset: expected one of root, dtao, flow, current, spec-440, spec-441, spec-442, spec-473, spec-475, today, got "future"/,
    ],
    [
      { ...small(), protocol: { overrides: { scheduler: 'fast' } } },
      /\$\.protocol\.overrides\.scheduler: expected "current", "legacy" or "mainline-475"/,
    ],
    [
      { ...small(), validators: { model: 'oracle' } },
      /\$\.validators\.model: expected a known validator model: honest, got "oracle"/,
    ],
    [{ ...small(), duration: { days: 1, blocks: 5 } }, /\$\.duration: expected either "days" or "blocks", not both/],
    [
      { ...small(), subnets: { count: 2, settings: { tempo: 0 } } },
      /\$\.subnets\.settings\.tempo: expected an integer in \[1, 65535\], got 0/,
    ],
    [
      {
        ...small(),
        subnets: { count: 2, initialUids: 24, validators: 6, settings: { alphaLow: 60000, alphaHigh: 50000 } },
      },
      /settings\.alphaHigh: expected a value ≥ alphaLow/,
    ],
    [
      { ...small(), stake: { rootTotal: 20_000_000 } },
      /\$\.start\.issuanceTao: root stake \(20000000 TAO\) plus pools .* exceed the starting issuance/,
    ],
    [
      { ...small(), miners: { budgetTao: 'lots' } },
      /\$\.miners\.budgetTao: expected a number in \[0, 1000000\], got "lots"/,
    ],
    [{ ...small(), start: { date: '2025-13-40' } }, /\$\.start\.date: expected a date YYYY-MM-DD/],
    [{ ...small(), colour: 'red' }, /\$\.colour: unknown field "colour"/],
  ])('%#: %j', (json, pattern) => {
    expect(errorOf(json)).toMatch(pattern);
  });
});

describe('taosim run and validate', () => {
  it('validate prints a summary of a shipped scenario; a bad file exits 2 with the path', async () => {
    const ok = await taosimInProcess(['validate', 'scenarios/oct-2023.json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid scenario "oct-2023": 32 subnets, 30 days, protocol preset root/);
    const dir = mkdtempSync(join(tmpdir(), 'taosim-val-'));
    const bad = join(dir, 'bad.json');
    require('node:fs').writeFileSync(bad, JSON.stringify({ ...small(), subnets: { count: -1 } }));
    const r = await taosimInProcess(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: at $.subnets.count: expected an integer`);
  });
  it('run writes the tables, summary.json and run.json (last); the same seed twice gives the same hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-cli-'));
    const file = join(dir, 'tiny.json');
    require('node:fs').writeFileSync(file, JSON.stringify(small({ duration: { blocks: 800 } })));
    const a = await taosimInProcess(['run', file, '--out', join(dir, 'a'), '--seed', '5']);
    const b = await taosimInProcess(['run', file, '--out', join(dir, 'b'), '--seed', '5']);
    expect(a.code).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const f of ['subnet_epochs.csv', 'network_daily.csv', 'neurons.csv', 'summary.json', 'run.json']) {
      expect(existsSync(join(dir, 'a', f))).toBe(true);
    }
    const ma = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8'));
    const mb = JSON.parse(readFileSync(join(dir, 'b', 'run.json'), 'utf8'));
    expect(ma.contentHash).toBe(mb.contentHash);
    expect(ma.seed).toBe(5);
    expect(ma.scenario.protocol.rules.scheduler).toBe('current'); // defaults written back
    expect(a.stdout).toContain(ma.contentHash);
  });
});
