// Validators' dividends per unit of stake, relative to the median validator: who earns more than
// their stake warrants (a copier that profits, a cabal), who less (a lagging or lazy validator).

import { type Chart, chart, ONCE, type Row } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { median, sig } from '../stats.ts';
import { type RunContext, validatorStake } from './context.ts';
import { GROUP_COLORS } from './group-colors.ts';
import { hasAdversaries, validatorRoles } from './roles.ts';

export function relativeDividendsChart(ctx: RunContext): Chart | null {
  const v = ctx.validators;
  const stake = validatorStake(ctx);
  const earned = v.numbers('earned_alpha_rao');
  const hotkey = v.str('hotkey');
  const roles = validatorRoles(ctx);
  const rate = stake.map((s, i) => (s > 0 ? earned[i] / s : NaN));
  const mid = median(rate.filter(Number.isFinite));
  if (mid === null || !(mid > 0)) return null;
  const rows: Row[] = rate.flatMap((r, i) =>
    Number.isFinite(r) ? [{ rank: i + 1, hotkey: hotkey[i], role: roles[i], relative_rate: sig(r / mid) }] : [],
  );
  const rel = rows.map((r) => r.relative_rate as number);
  const colorByRole = hasAdversaries(ctx);
  const y = { field: 'relative_rate', type: 'quantitative', title: 'Dividends per unit of stake (× median)' } as const;
  return chart({
    name: 'validator_relative_dividends',
    title: 'Validator dividends relative to stake',
    caption:
      `${ctx.unit === 'TAO' ? 'TAO' : 'Alpha'} dividends earned per ${ctx.unit} staked, as a multiple of the median validator's (1 = par), for the ${rows.length} validators ` +
      `holding stake; from ${formatNumber(Math.min(...rel), 3)} to ${formatNumber(Math.max(...rel), 3)}.`,
    columns: ['rank', 'hotkey', 'role', 'relative_rate'],
    rows,
    spec: {
      width: 560,
      height: 220,
      layer: [
        {
          // Bars start at par, so a few percent above or below the median is visible.
          mark: { type: 'bar' },
          encoding: {
            x: {
              field: 'rank',
              type: 'ordinal',
              title: 'Validator (rank by stake, 1 = largest)',
              axis: { labelAngle: 0, labelOverlap: true },
            },
            y: { ...y, scale: { zero: false } },
            y2: { datum: 1 },
            ...(colorByRole ? { color: { field: 'role', type: 'nominal', title: 'Group', scale: GROUP_COLORS } } : {}),
          },
        },
        {
          data: ONCE,
          mark: { type: 'rule', color: '#333333', strokeDash: [4, 3] },
          encoding: { y: { datum: 1, type: 'quantitative', title: y.title } },
        },
      ],
    },
  });
}
