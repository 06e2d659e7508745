// Who receives what a subnet emits: miners, validators, root stakers and owners, per day.

import { dayAxis } from '../axes.ts';
import { chart, type Chart, type Row } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { sig, sum } from '../stats.ts';
import { dayOf, RAO, type RunContext } from './context.ts';

const ROLES = [
  ['miners', 'miner_alpha_rao'],
  ['validators', 'validator_alpha_rao'],
  ['root stakers', 'root_alpha_rao'],
  ['owners', 'owner_alpha_rao'],
] as const;

export function emissionByRole(ctx: RunContext): Chart {
  const days = ctx.epochs.numbers('day').map((d) => dayOf(ctx, d));
  const perDay = new Map<number, number[]>();
  const columns = ROLES.map(([, col]) => ctx.epochs.numbers(col));
  days.forEach((d, i) => {
    if (d === null) return;
    const acc = perDay.get(d) ?? ROLES.map(() => 0);
    columns.forEach((col, r) => (acc[r] += col[i] / RAO));
    perDay.set(d, acc);
  });
  const rows: Row[] = [...perDay.keys()]
    .sort((a, b) => a - b)
    .flatMap((day) => ROLES.map(([role], r) => ({ day, role, amount: sig(perDay.get(day)![r]) })));
  const totals = ROLES.map((_, r) => sum([...perDay.values()].map((a) => a[r])));
  const all = sum(totals);
  const shares = ROLES.map(([role], r) => `${role} ${formatNumber((100 * totals[r]) / (all || 1), 1)} %`).join(', ');
  const unit = ctx.unit;
  return chart({
    name: 'emission_by_role',
    title: `Emission by role (${unit} per day, all subnets)`,
    caption: `${unit === 'TAO' ? 'TAO' : 'Alpha'} paid out per day by subnet epochs, stacked by recipient; over the run: ${shares}.`,
    columns: ['day', 'role', 'amount'],
    rows,
    spec: {
      width: 560,
      height: 240,
      mark: { type: 'area', line: true },
      encoding: {
        x: dayAxis('Days since start (end of day)'),
        y: { field: 'amount', type: 'quantitative', stack: 'zero', title: `Emitted (${unit} per day)` },
        color: { field: 'role', type: 'nominal', title: 'Recipient', sort: ROLES.map(([r]) => r) },
      },
    },
  });
}
