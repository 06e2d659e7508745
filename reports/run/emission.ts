// Who receives what a subnet emits: miners, validators, root stakers and owners (and what is burned,
// recycled or left undistributed), per day. The parts add up to the alpha emitted, to the RAO.

import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Row, type SkippedChart } from '../chart.ts';
import { formatNumber, formatRao } from '../format.ts';
import { sig } from '../stats.ts';
import { dayOf, RAO, type RunContext, shortOfADay } from './context.ts';

/** A recipient and the subnet_epochs columns it adds (minus those it subtracts). */
interface Role {
  role: string;
  plus: string[];
  minus?: string[];
}

const ROLES: Role[] = [
  // miner_alpha_rao includes the owner's own incentive, which is burned.
  { role: 'miners', plus: ['miner_alpha_rao'], minus: ['burned_alpha_rao'] },
  { role: 'validators', plus: ['validator_alpha_rao'] },
  // Root dividends paid in alpha, and (dTAO launch era) the root alpha sold for the TAO root stakers receive.
  { role: 'root stakers', plus: ['root_alpha_rao', 'root_sold_alpha_rao'] },
  { role: 'owners', plus: ['owner_alpha_rao'] },
  { role: 'burned', plus: ['burned_alpha_rao'] },
  { role: 'recycled', plus: ['recycled_alpha_rao'] },
  { role: 'undistributed', plus: ['undistributed_alpha_rao'] },
];
/** Always drawn, even at 0 (the others only where the run has any); root stakers outside the root era. */
const MAIN = new Set(['miners', 'validators', 'owners']);

/** A role's amount per epoch row, exact (columns a run written before them lacks count as 0). */
function roleAmounts(ctx: RunContext, r: Role): bigint[] {
  const col = (name: string) =>
    ctx.epochs.has(name) ? ctx.epochs.bigints(name) : new Array<bigint>(ctx.epochs.length).fill(0n);
  const plus = r.plus.map(col);
  const minus = (r.minus ?? []).map(col);
  return Array.from({ length: ctx.epochs.length }, (_, i) => {
    let x = 0n;
    for (const c of plus) x += c[i];
    for (const c of minus) x -= c[i];
    return x;
  });
}

export function emissionByRole(ctx: RunContext): Chart | SkippedChart {
  const amounts = ROLES.map((r) => roleAmounts(ctx, r));
  const totals = amounts.map((xs) => xs.reduce((a, b) => a + b, 0n));
  const all = totals.reduce((a, b) => a + b, 0n);
  // Rounding dust is shown only where it is visible (at least 0.05 % of the emission).
  const always = (role: string) => MAIN.has(role) || (role === 'root stakers' && ctx.unit !== 'TAO');
  const shown = ROLES.map(
    (r, k) =>
      always(r.role) || (r.role === 'undistributed' ? totals[k] * 2000n >= all && totals[k] > 0n : totals[k] > 0n),
  );
  const pct = (x: bigint) => formatNumber(all > 0n ? Number((x * 1_000_000n) / all) / 10_000 : 0, 1);
  const shares = ROLES.flatMap((r, k) => (shown[k] ? [`${r.role} ${pct(totals[k])} %`] : [])).join(', ');
  const unit = ctx.unit === 'TAO' ? 'TAO' : 'alpha';
  const rootTao = ctx.epochs.has('root_tao_rao') ? ctx.epochs.bigints('root_tao_rao').reduce((a, b) => a + b, 0n) : 0n;
  const rootNote =
    rootTao > 0n ? `; the root stakers' alpha was sold for ${formatRao(rootTao)} TAO, added to their root stake` : '';
  const title = `Emission by role (${unit} per day, all subnets)`;
  const short = shortOfADay(ctx);
  if (short) return { name: 'emission_by_role', title, reason: `${short}; over the run: ${shares}${rootNote}.` };

  const perDay = new Map<number, number[]>();
  ctx.epochs.numbers('day').forEach((d, i) => {
    const day = dayOf(ctx, d);
    if (day === null) return;
    const acc = perDay.get(day) ?? ROLES.map(() => 0);
    amounts.forEach((xs, r) => {
      acc[r] += Number(xs[i]) / RAO;
    });
    perDay.set(day, acc);
  });
  const rows: Row[] = [...perDay.keys()]
    .sort((a, b) => a - b)
    .flatMap((day) =>
      ROLES.flatMap((r, k) => (shown[k] ? [{ day, role: r.role, amount: sig(perDay.get(day)![k]) }] : [])),
    );
  return chart({
    name: 'emission_by_role',
    title,
    caption: `${unit === 'TAO' ? 'TAO' : 'Alpha'} emitted per day to subnets, stacked by recipient; over the run: ${shares}${rootNote}.`,
    columns: ['day', 'role', 'amount'],
    rows,
    spec: {
      width: 560,
      height: 240,
      mark: { type: 'area', line: true },
      encoding: {
        x: dayAxis('Days since start (end of day)'),
        y: { field: 'amount', type: 'quantitative', stack: 'zero', title: `Emitted (${unit} per day)` },
        color: {
          field: 'role',
          type: 'nominal',
          title: 'Recipient',
          sort: ROLES.filter((_, k) => shown[k]).map((r) => r.role),
        },
      },
    },
  });
}
