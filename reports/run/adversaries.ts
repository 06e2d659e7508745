// Do copiers or a cabal take more than their stake's share? Their share of stake beside their share
// of the validators' dividends.

import { type Chart, chart, type Row } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { sig, sum } from '../stats.ts';
import { type RunContext, validatorStake } from './context.ts';
import { GROUP_COLORS } from './group-colors.ts';
import { hasAdversaries, validatorRoles } from './roles.ts';

export function adversaryShareChart(ctx: RunContext): Chart | null {
  if (!hasAdversaries(ctx)) return null;
  const stake = validatorStake(ctx);
  const earned = ctx.validators.numbers('earned_alpha_rao');
  const roles = validatorRoles(ctx);
  const totalStake = sum(stake);
  const totalEarned = sum(earned);
  if (!(totalStake > 0) || !(totalEarned > 0)) return null;
  const present = new Set(roles);
  const groups = [
    ...GROUP_COLORS.domain.filter((g) => present.has(g)),
    ...[...present].filter((g) => !GROUP_COLORS.domain.includes(g)).sort(),
  ];
  const rows: Row[] = groups.flatMap((role) => {
    const idx = roles.flatMap((r, i) => (r === role ? [i] : []));
    const s = sum(idx.map((i) => stake[i])) / totalStake;
    const e = sum(idx.map((i) => earned[i])) / totalEarned;
    return [
      { role, measure: 'share of stake', share: sig(s) },
      { role, measure: 'share of dividends', share: sig(e) },
    ];
  });
  const adversarial = groups.filter((g) => g !== 'honest');
  const text = adversarial
    .map((g) => {
      const s = rows.find((r) => r.role === g && r.measure === 'share of stake')!.share as number;
      const e = rows.find((r) => r.role === g && r.measure === 'share of dividends')!.share as number;
      return `${g} validators hold ${formatNumber(100 * s, 1)} % of stake and earn ${formatNumber(100 * e, 1)} % of dividends`;
    })
    .join('; ');
  return chart({
    name: 'adversary_share',
    title: 'Share of copier and attacking validators',
    caption: `Alpha stake and alpha dividends of each group of validators, as shares of all validators': ${text}.`,
    columns: ['role', 'measure', 'share'],
    rows,
    spec: {
      width: 420,
      height: 220,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'role', type: 'nominal', title: 'Validators', sort: groups, axis: { labelAngle: 0 } },
        xOffset: { field: 'measure', type: 'nominal', sort: ['share of stake', 'share of dividends'] },
        y: {
          field: 'share',
          type: 'quantitative',
          axis: { format: '%' },
          scale: { domain: [0, 1] },
          title: 'Share of all validators (%)',
        },
        color: { field: 'measure', type: 'nominal', title: 'Measure', sort: ['share of stake', 'share of dividends'] },
      },
    },
  });
}
