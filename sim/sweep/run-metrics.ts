// The scalar metrics of one run that a sweep compares (one row each in sweep.csv). Derived from the
// run's tables, so they mean the same as the CSVs (docs/reference/outputs.md).

import type { Cell, Table } from '../output/index.ts';
import type { RunResult } from '../run/run-scenario.ts';

const num = (x: Cell): number => (typeof x === 'bigint' ? Number(x) : typeof x === 'number' ? x : 0);

function column(t: Table | undefined, name: string): number[] {
  if (!t) return [];
  const k = t.columns.indexOf(name);
  return k < 0 ? [] : t.rows.map((r) => num(r[k]));
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function runMetrics(r: RunResult): Record<string, number> {
  const t = (name: string) => r.tables.find((x) => x.name === name);
  const epochs = t('subnet_epochs');
  const daily = t('network_daily');
  const miners = t('miners_daily');
  const lastDay = Math.max(0, ...column(miners, 'day'));
  const lastMiners = miners ? miners.rows.filter((row) => num(row[0]) === lastDay) : [];
  const out: Record<string, number> = {
    issuance_tao: Number(r.network.issuance) / 1e9,
    minted_tao: Number(r.network.minted) / 1e9,
    recycled_tao: Number(r.network.recycled) / 1e9,
    epochs: Number(r.summary.epochs),
    registrations: Number(r.summary.registrations),
    subnets: r.network.subnets.length,
    miner_alpha: sum(column(epochs, 'miner_alpha_rao')) / 1e9,
    validator_alpha: sum(column(epochs, 'validator_alpha_rao')) / 1e9,
    owner_alpha: sum(column(epochs, 'owner_alpha_rao')) / 1e9,
    mean_incentive_gini: mean(column(epochs, 'incentive_gini')),
    mean_dividend_gini: mean(column(epochs, 'dividend_gini')),
    final_root_stake_gini: column(daily, 'root_stake_gini').at(-1) ?? 0,
    final_mean_price_tao: mean(
      r.network.subnets.map((s) => (s.pool.alphaIn > 0n ? Number(s.pool.tao) / Number(s.pool.alphaIn) : 0)),
    ),
  };
  if (miners) {
    out.final_active_miners = sum(lastMiners.map((row) => num(row[2])));
    out.final_mean_margin_usd = mean(lastMiners.map((row) => num(row[5])));
  }
  Object.assign(out, groupShares(t('neurons'), t('validators')));
  return out;
}

/** Shares of emission earned by attackers and copiers, present only where the scenario has them. */
function groupShares(neurons: Table | undefined, validators: Table | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  const share = (t: Table | undefined, value: string, group: string) => {
    if (!t) return null;
    const g = t.columns.indexOf('group');
    const v = t.columns.indexOf(value);
    let total = 0;
    let part = 0;
    let present = false;
    for (const row of t.rows) {
      total += num(row[v]);
      if (row[g] === group) {
        part += num(row[v]);
        present = true;
      }
    }
    return present ? (total > 0 ? part / total : 0) : null;
  };
  const put = (name: string, x: number | null) => {
    if (x !== null) out[name] = x;
  };
  put('cabal_miner_share', share(neurons, 'earned_miner_alpha_rao', 'attacker-miner'));
  put(
    'cabal_validator_share',
    share(validators, 'earned_alpha_rao', 'cabal') ?? share(validators, 'earned_alpha_rao', 'under-weighter'),
  );
  put('copier_validator_share', share(validators, 'earned_alpha_rao', 'copier'));
  return out;
}
