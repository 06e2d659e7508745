// fast_vs_exact_max_dividend_diff: how far the fast epoch (`--epoch fast`, the Float64 arithmetic) moves
// what validators earn. One simulated week (50400 blocks) of the full-network bench scenario
// (run-full-network.ts) cut to 32 subnets (a week of all 128 takes about 2 minutes per run here),
// run twice from the same seed, with exact and with fast epochs. For each subnet and validator uid:
// its share of the week's validator dividends on that subnet (earned_validator_alpha_rao of the
// `neurons` table over the subnet's total); the figure is the largest |share_exact − share_fast|.
// Extras: the same per epoch (largest difference of a subnet's top validator's share of that epoch's
// dividends) and both runs' wall times.

import type { Table } from '../output/index.ts';
import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { BenchCase } from './case.ts';

const SUBNETS = 32;

let epochTopShareDiff = 0;
let exactSeconds = 0;
let fastSeconds = 0;

function weekScenario() {
  return parseScenario(
    {
      format: 'taosim-scenario/v1',
      name: 'bench-fast-vs-exact',
      duration: { days: 7 },
      start: { issuanceTao: 10_000_000 },
      protocol: { preset: 'current' },
      subnets: { count: SUBNETS, initialUids: 256, validators: 64 },
      stake: { validators: 64, rootTotal: 5_000_000 },
      pools: { taoMedian: 10_000 },
    },
    'bench',
  );
}

function column(t: Table, name: string): number {
  const k = t.columns.indexOf(name);
  if (k < 0) throw new Error(`table ${t.name} has no column ${name}`);
  return k;
}

/** netuid/uid → the uid's share of the validator dividends its subnet paid over the run. */
function weekShares(tables: Table[]): Map<string, number> {
  const t = tables.find((x) => x.name === 'neurons')!;
  const [net, uid, earned] = [column(t, 'netuid'), column(t, 'uid'), column(t, 'earned_validator_alpha_rao')];
  const totals = new Map<string, number>();
  for (const r of t.rows) totals.set(String(r[net]), (totals.get(String(r[net])) ?? 0) + Number(r[earned]));
  const out = new Map<string, number>();
  for (const r of t.rows) {
    const total = totals.get(String(r[net]))!;
    out.set(`${r[net]}/${r[uid]}`, total > 0 ? Number(r[earned]) / total : 0);
  }
  return out;
}

/** block/netuid → the largest validator's share of that epoch's dividends. */
function epochTopShares(tables: Table[]): Map<string, number> {
  const t = tables.find((x) => x.name === 'subnet_epochs')!;
  const [block, net, top] = [column(t, 'block'), column(t, 'netuid'), column(t, 'dividend_top_share')];
  return new Map(t.rows.map((r) => [`${r[block]}/${r[net]}`, Number(r[top])]));
}

function maxDiff(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size !== b.size) throw new Error(`the runs differ in shape: ${a.size} vs ${b.size} entries`);
  let m = 0;
  for (const [k, v] of a) m = Math.max(m, Math.abs(v - (b.get(k) ?? NaN)));
  return m;
}

export const fastVsExactCase: BenchCase = {
  name: 'fast_vs_exact_max_dividend_diff',
  unit: 'share',
  description: `largest difference, exact vs fast epochs, of a validator's share of its subnet's week of validator dividends (${SUBNETS} subnets × 256 uids, 64 validators, 50400 blocks, current protocol)`,
  run() {
    const sc = weekScenario();
    const t0 = process.hrtime.bigint();
    const exact = runScenario(sc, 1, undefined, { epoch: 'exact' });
    const t1 = process.hrtime.bigint();
    const fast = runScenario(sc, 1, undefined, { epoch: 'fast' });
    const t2 = process.hrtime.bigint();
    exactSeconds = Number(t1 - t0) / 1e9;
    fastSeconds = Number(t2 - t1) / 1e9;
    epochTopShareDiff = maxDiff(epochTopShares(exact.tables), epochTopShares(fast.tables));
    return maxDiff(weekShares(exact.tables), weekShares(fast.tables));
  },
  extra: () => [
    {
      name: 'fast_vs_exact_max_epoch_top_share_diff',
      value: epochTopShareDiff,
      unit: 'share',
      description:
        "largest difference, per subnet epoch, of the top validator's share of that epoch's dividends (same runs)",
    },
    {
      name: 'fast_vs_exact_week_exact_s',
      value: exactSeconds,
      unit: 's',
      description: `the week of ${SUBNETS} subnets with exact epochs`,
    },
    {
      name: 'fast_vs_exact_week_fast_s',
      value: fastSeconds,
      unit: 's',
      description: `the week of ${SUBNETS} subnets with fast epochs`,
    },
  ],
};
