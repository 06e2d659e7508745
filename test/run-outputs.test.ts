// What a run's tables say must be what the chain holds: every RAO of emission is attributed to a
// role (root stakers included), stake is counted once, daily rows cover whole days, and a report of
// a run shorter than a day says what it cannot draw instead of drawing empty charts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../reports/index.ts';
import { dayOf, type RunContext } from '../reports/run/context.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import type { Table } from '../sim/output/index.ts';
import { writeRunDirectory } from '../sim/output/index.ts';
import { advanceRun, finishRun, type RunResult, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { formatJson } from '../sim/util/json.ts';

const root = mkdtempSync(join(tmpdir(), 'taosim-run-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A day and a bit on two small subnets (the mid-2025 scenario's settings otherwise). */
function scenario(preset: string, blocks = 7200 + 400) {
  const def = JSON.parse(readFileSync('scenarios/mid-2025.json', 'utf8'));
  return parseScenario(
    {
      ...def,
      name: `short-${preset}`,
      duration: { blocks },
      protocol: { preset },
      subnets: { ...def.subnets, count: 2, initialUids: 16, validators: 4 },
      stake: { ...def.stake, validators: 4 },
    },
    'inline',
  );
}

interface Run extends RunResult {
  startRootTotal: bigint;
  startBlock: number;
}

function run(preset: string, blocks?: number): Run {
  const sc = scenario(preset, blocks);
  const active = startRun(sc, 3);
  const startRootTotal = active.state.net.rootTotal;
  advanceRun(active, active.last);
  return { ...finishRun(active), startRootTotal, startBlock: sc.start.block };
}

const table = (r: RunResult, name: string): Table => r.tables.find((t) => t.name === name)!;
const column = (t: Table, name: string): bigint[] => {
  const i = t.columns.indexOf(name);
  expect(i, `${t.name}.${name}`).toBeGreaterThanOrEqual(0);
  return t.rows.map((row) => {
    const v = row[i];
    return typeof v === 'bigint' ? v : BigInt(v as number);
  });
};
const total = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

const runs = new Map<string, Run>();
const cached = (preset: string): Run => {
  if (!runs.has(preset)) runs.set(preset, run(preset));
  return runs.get(preset)!;
};

describe('emission by role adds up to what was emitted, to the RAO', () => {
  const ROLE_COLUMNS = [
    'miner_alpha_rao',
    'validator_alpha_rao',
    'root_alpha_rao',
    'root_sold_alpha_rao',
    'owner_alpha_rao',
    'recycled_alpha_rao',
    'undistributed_alpha_rao',
  ];

  it.each(['dtao', 'current', 'root'])(
    '%s era: per epoch, miners + validators + root + owner + recycled + undistributed = emitted',
    (preset) => {
      const r = cached(preset);
      const epochs = table(r, 'subnet_epochs');
      const emitted = column(epochs, 'emitted_alpha_rao');
      const parts = ROLE_COLUMNS.map((c) => column(epochs, c));
      const undistributed = column(epochs, 'undistributed_alpha_rao');
      const recycled = column(epochs, 'recycled_alpha_rao');
      const miners = column(epochs, 'miner_alpha_rao');
      expect(emitted.length).toBeGreaterThan(30);
      emitted.forEach((e, k) => {
        expect(total(parts.map((p) => p[k]))).toBe(e);
        // Undistributed is rounding dust (a few RAO per block and per uid), plus, when root alpha is
        // recycled and miners earn, half of it: the chain pays miners half of what the epoch ran on,
        // (server + validator) / 2, which falls short of their pending server alpha by root / 2.
        const unexplained = undistributed[k] - (miners[k] > 0n ? recycled[k] / 2n : 0n);
        expect(undistributed[k] >= 0n && unexplained > -2_000n && unexplained < 2_000n).toBe(true);
      });
      if (preset === 'current') expect(total(recycled) > 0n).toBe(true);
      // emitted is complete: with what is still pending it is everything the coinbase emitted.
      let chainEmitted = 0n;
      let pending = 0n;
      for (const s of r.network.subnets) {
        chainEmitted += preset === 'root' ? s.totals.taoInjected : s.totals.alphaEmitted;
        pending += preset === 'root' ? s.pendingTao : s.pending.emitted;
      }
      expect(total(emitted) + pending).toBe(chainEmitted);
      // summary.json's totals are the same parts.
      const s = r.summary;
      const parts2 = [
        'minerAlphaRao',
        'burnedAlphaRao',
        'validatorAlphaRao',
        'rootAlphaRao',
        'ownerAlphaRao',
        'recycledAlphaRao',
        'undistributedAlphaRao',
      ];
      expect(total(parts2.map((k) => BigInt(s[k] as string)))).toBe(BigInt(s.emittedAlphaRao as string));
      expect(BigInt(s.emittedAlphaRao as string)).toBe(total(emitted));
    },
  );

  it('dtao era: root stakers get about a sixth of the alpha, sold for TAO that lands on their root stake', () => {
    const r = cached('dtao');
    const epochs = table(r, 'subnet_epochs');
    const daily = table(r, 'network_daily');
    const emitted = total(column(epochs, 'emitted_alpha_rao'));
    const sold = total(column(epochs, 'root_sold_alpha_rao'));
    const rootTao = total(column(epochs, 'root_tao_rao'));
    // root_proportion ≈ 5M·0.18 / (5M·0.18 + alpha issuance); half of the post-owner 82 % of it.
    expect(Number(sold) / Number(emitted)).toBeGreaterThan(0.1);
    expect(Number(sold) / Number(emitted)).toBeLessThan(0.3);
    expect(rootTao > 0n).toBe(true);
    // The TAO is held: root stake grew by exactly what was paid, per daily row and in all.
    const [rootStake] = column(daily, 'root_stake_rao');
    const [paidDay1] = column(daily, 'root_tao_rao');
    const day1 = column(epochs, 'block').map((b, k) =>
      Number(b) <= r.startBlock + 7200 ? column(epochs, 'root_tao_rao')[k] : 0n,
    );
    expect(paidDay1).toBe(total(day1));
    expect(rootStake).toBe(r.startRootTotal + paidDay1);
    expect(r.network.rootTotal).toBe(r.startRootTotal + rootTao);
    // To the validators whose dividends had a root part; validators.csv says how much each got.
    expect(total(column(table(r, 'validators'), 'earned_root_tao_rao'))).toBe(rootTao);
    expect(BigInt(r.summary.rootTaoRao as string)).toBe(rootTao);
    // Every RAO is still somewhere.
    expect(taoHeld(r.network)).toBe(r.network.issuance);
    for (const s of r.network.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
  });
});

describe('stake is counted once', () => {
  it("root era: no alpha exists; a hotkey's one TAO stake is root stake, not once per subnet", () => {
    const r = cached('root');
    const daily = table(r, 'network_daily');
    for (const x of column(daily, 'alpha_stake_rao')) expect(x).toBe(0n);
    for (const x of column(table(r, 'neurons'), 'alpha_stake_rao')) expect(x).toBe(0n);
    for (const x of column(table(r, 'validators'), 'alpha_stake_rao')) expect(x).toBe(0n);
    expect(column(daily, 'root_stake_rao').at(-1)! <= column(daily, 'issuance_rao').at(-1)!).toBe(true);
    expect(total(column(table(r, 'validators'), 'root_stake_rao')) <= r.network.rootTotal).toBe(true);
  });

  it("pool eras: each subnet's staked alpha is at most its outstanding alpha", () => {
    const r = cached('dtao');
    const neurons = table(r, 'neurons');
    const netuid = column(neurons, 'netuid');
    const stake = column(neurons, 'alpha_stake_rao');
    for (const s of r.network.subnets) {
      const staked = total(stake.filter((_, k) => Number(netuid[k]) === s.netuid));
      expect(staked > 0n && staked <= s.alphaOut).toBe(true);
    }
  });
});

describe('daily rows are whole days', () => {
  it('network_daily: day d is sampled at start + 7200 d and its flows are blocks start + 7200 (d − 1) + 1 … start + 7200 d', () => {
    const r = cached('dtao');
    const daily = table(r, 'network_daily');
    expect(daily.rows.map((row) => row[daily.columns.indexOf('day')])).toEqual([1]);
    expect(column(daily, 'block')).toEqual([BigInt(r.startBlock + 7200)]);
    expect(column(daily, 'minted_rao')).toEqual([7200n * 1_000_000_000n]);
  });

  it("the report sums an epoch at a day's last block into that day, as network_daily does", () => {
    const ctx = { fullDays: 2 } as RunContext;
    expect(dayOf(ctx, 1 / 7200)).toBe(1);
    expect(dayOf(ctx, 1)).toBe(1);
    expect(dayOf(ctx, 1 + 1 / 7200)).toBe(2);
    expect(dayOf(ctx, 2)).toBe(2);
    expect(dayOf(ctx, 2.5)).toBe(null);
  });
});

describe('a run shorter than a day', () => {
  it('its report draws no empty chart and warns nothing: it says what is missing', async () => {
    const sc = scenario('dtao', 1000);
    const active = startRun(sc, 3);
    advanceRun(active, active.last);
    const result = finishRun(active);
    const dir = join(root, 'short');
    writeRunDirectory(dir, {
      scenario: { ...sc, seed: 3 },
      seed: 3,
      tables: result.tables,
      extraFiles: [{ name: 'summary.json', content: `${formatJson(result.summary)}\n` }],
    });
    const report = await buildReport(dir);
    expect(report.warnings).toEqual([]);
    expect(report.charts).toEqual(['validator_relative_dividends']);
    const md = readFileSync(join(report.out, 'summary.md'), 'utf8');
    const notes = md.split('\n').filter((l) => l.startsWith('Not drawn: '));
    expect(notes).toHaveLength(5);
    expect(md).toMatch(
      /### Emission by role[^\n]*\n\nNot drawn: the run is 1,000 blocks \(0\.14 days\) long, shorter than the whole day this chart plots; over the run: miners [\d.]+ %, validators [\d.]+ %, root stakers 1\d\.\d %, owners 18\.0 %/,
    );
    expect(md).toContain(
      'Not drawn: network_daily.csv has no rows: the run of 1,000 blocks ended before its first sample (every 7,200 blocks).',
    );
    const html = readFileSync(join(report.out, 'report.html'), 'utf8');
    expect(html).toContain('<p>Not drawn: the run is 1,000 blocks (0.14 days) long');
  });
});
