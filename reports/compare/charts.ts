// The comparison's charts: where the TAO emission went (per subnet, A and B and the difference),
// who earned the validators' dividends (per validator, and per group where the runs have groups),
// and the prices of the subnets that moved most. Tables are wide (one row per subnet or validator,
// columns _a, _b and difference = B − A) so they read on their own; the specs fold them for drawing.

import { dayAxis } from '../axes.ts';
import { type Chart, chart, type Row, type SkippedChart, type SpecBody } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { GROUP_COLORS } from '../run/group-colors.ts';
import { sig } from '../stats.ts';
import type { ComparedRun } from './input.ts';
import { type RunMeasures, tao } from './measures.ts';

/** A Vega expression naming the run of a folded column: "share_a" → A's label. */
function runLabel(field: string, a: string, b: string): string {
  return `datum.${field} === 'a' ? ${JSON.stringify(a)} : ${JSON.stringify(b)}`;
}

const pct = (x: number) => `${formatNumber(100 * x, 1)} %`;
export const pp = (x: number) => `${x > 0 ? '+' : ''}${formatNumber(100 * x, 2)} pp`;

/** Two panels over one category axis: the value in A and B side by side, and B − A below. */
function pairAndDifference(o: {
  x: { field: string; title: string; sort?: string[] };
  a: string;
  b: string;
  labels: [string, string];
  yTitle: string;
  diffTitle: string;
  color?: Record<string, unknown>;
}): SpecBody {
  const [la, lb] = o.labels;
  const x = {
    field: o.x.field,
    type: 'ordinal',
    title: o.x.title,
    sort: o.x.sort ?? null,
    axis: { labelAngle: 0, labelOverlap: true },
  } as const;
  const axis = { format: '.1%' };
  return {
    vconcat: [
      {
        width: 640,
        height: 200,
        transform: [
          { fold: [o.a, o.b], as: ['column', 'value'] },
          { calculate: `datum.column === ${JSON.stringify(o.a)} ? 'a' : 'b'`, as: 'which' },
          { calculate: runLabel('which', la, lb), as: 'run' },
        ],
        mark: { type: 'bar' },
        encoding: {
          x,
          xOffset: { field: 'run', type: 'nominal', sort: [la, lb] },
          y: { field: 'value', type: 'quantitative', title: o.yTitle, axis },
          color: {
            field: 'run',
            type: 'nominal',
            title: 'Run',
            sort: [la, lb],
            scale: { range: ['#9ecae9', '#4c78a8'] },
          },
        },
      },
      {
        width: 640,
        height: 140,
        mark: { type: 'bar' },
        // In percentage points, not '%': differences can be far below the 0.1 % a percent axis shows.
        transform: [{ calculate: '100 * datum.difference', as: 'difference_pp' }],
        encoding: {
          x,
          y: { field: 'difference_pp', type: 'quantitative', title: o.diffTitle },
          color: o.color ?? {
            condition: { test: 'datum.difference < 0', value: '#e45756' },
            value: '#54a24b',
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  } as SpecBody;
}

export function taoShareChart(a: ComparedRun, b: ComparedRun, ma: RunMeasures, mb: RunMeasures): Chart | SkippedChart {
  const title = `TAO emission share per subnet: ${a.label} and ${b.label}`;
  if (!ma.subnetTaoRao || !mb.subnetTaoRao) {
    const old = !ma.subnetTaoRao ? a.label : b.label;
    return {
      name: 'tao_emission_share',
      title,
      reason: `run ${old} has no per-subnet TAO (subnet_epochs.csv lacks tao_injected_rao).`,
    };
  }
  const rows: Row[] = ma.netuids.map((n) => {
    const sa = ma.taoShare.get(n)!;
    const sb = mb.taoShare.get(n)!;
    return {
      netuid: n,
      tao_a: sig(tao(ma.subnetTaoRao!.get(n) ?? 0n)),
      tao_b: sig(tao(mb.subnetTaoRao!.get(n) ?? 0n)),
      share_a: sig(sa),
      share_b: sig(sb),
      difference: sig(sb - sa),
    };
  });
  const movers = topMovers(ma.netuids, (n) => mb.taoShare.get(n)! - ma.taoShare.get(n)!, 3);
  return chart({
    name: 'tao_emission_share',
    title,
    caption:
      `Each subnet's share of the TAO emitted into subnets over the run (injection and chain buys), ${a.label} beside ${b.label}, ` +
      `and below the difference ${b.label} − ${a.label} in percentage points; ` +
      (movers.length
        ? `largest moves: ${movers.map((n) => `SN${n} ${pp(mb.taoShare.get(n)! - ma.taoShare.get(n)!)}`).join(', ')}.`
        : 'no subnet moved.'),
    columns: ['netuid', 'tao_a', 'tao_b', 'share_a', 'share_b', 'difference'],
    rows,
    spec: pairAndDifference({
      x: { field: 'netuid', title: 'Subnet (netuid)' },
      a: 'share_a',
      b: 'share_b',
      labels: [a.label, b.label],
      yTitle: 'Share of TAO emission',
      diffTitle: `${b.label} − ${a.label} (pp)`,
    }),
  });
}

/** The `count` keys with the largest |delta| (ties: the first in `keys`), none whose delta is 0. */
export function topMovers<K>(keys: readonly K[], delta: (k: K) => number, count: number): K[] {
  return keys
    .map((k, i) => ({ k, i, d: Math.abs(delta(k)) }))
    .filter((x) => x.d > 0)
    .sort((p, q) => q.d - p.d || p.i - q.i)
    .slice(0, count)
    .map((x) => x.k);
}

/** Validators of both runs by hotkey, in A's order (stake rank) then B's newcomers. */
export function validatorPairs(ma: RunMeasures, mb: RunMeasures) {
  const byB = new Map(mb.validators.map((v) => [v.hotkey, v]));
  const seen = new Set(ma.validators.map((v) => v.hotkey));
  const hotkeys = [
    ...ma.validators.map((v) => v.hotkey),
    ...mb.validators.map((v) => v.hotkey).filter((h) => !seen.has(h)),
  ];
  const byA = new Map(ma.validators.map((v) => [v.hotkey, v]));
  const share = (rao: bigint | undefined, total: bigint) =>
    rao !== undefined && total > 0n ? Number(rao) / Number(total) : 0;
  return hotkeys.map((hotkey, i) => {
    const va = byA.get(hotkey);
    const vb = byB.get(hotkey);
    const sa = share(va?.earnedRao, ma.dividendsRao);
    const sb = share(vb?.earnedRao, mb.dividendsRao);
    return { rank: i + 1, hotkey, groupA: va?.group ?? '', groupB: vb?.group ?? '', va, vb, sa, sb };
  });
}

export function validatorDividendsChart(
  a: ComparedRun,
  b: ComparedRun,
  ma: RunMeasures,
  mb: RunMeasures,
): Chart | null {
  // Validators without dividends in either run (no permit anywhere) would only widen the axis.
  const pairs = validatorPairs(ma, mb).filter((p) => (p.va?.earnedRao ?? 0n) > 0n || (p.vb?.earnedRao ?? 0n) > 0n);
  if (pairs.length === 0) return null;
  const unit = a.ctx.unit;
  const rows: Row[] = pairs.map((p) => ({
    rank: p.rank,
    hotkey: p.hotkey,
    group_a: p.groupA,
    group_b: p.groupB,
    dividends_a: sig(tao(p.va?.earnedRao ?? 0n)),
    dividends_b: sig(tao(p.vb?.earnedRao ?? 0n)),
    share_a: sig(p.sa),
    share_b: sig(p.sb),
    difference: sig(p.sb - p.sa),
  }));
  const top = topMovers(pairs, (p) => p.sb - p.sa, 1)[0];
  const groups = [...GROUP_COLORS.domain];
  return chart({
    name: 'validator_dividends',
    title: `Validator dividends: ${a.label} and ${b.label}`,
    caption:
      `Each validator's share of all validators' dividends (${unit}) over the run, for the ${pairs.length} validators earning any, by stake rank in ${a.label}, and below the difference ` +
      `${b.label} − ${a.label}, coloured by its group in ${b.label}; total dividends ${formatNumber(tao(ma.dividendsRao), 0)} → ${formatNumber(tao(mb.dividendsRao), 0)} ${unit}` +
      (top
        ? `; the largest move: rank ${top.rank} (${top.groupB || top.groupA}) ${pct(top.sa)} → ${pct(top.sb)}.`
        : '.'),
    columns: ['rank', 'hotkey', 'group_a', 'group_b', 'dividends_a', 'dividends_b', 'share_a', 'share_b', 'difference'],
    rows,
    spec: pairAndDifference({
      x: { field: 'rank', title: `Validator (rank by stake in ${a.label}, 1 = largest)` },
      a: 'share_a',
      b: 'share_b',
      labels: [a.label, b.label],
      yTitle: 'Share of dividends',
      diffTitle: `${b.label} − ${a.label} (pp)`,
      color: {
        field: 'group_b',
        type: 'nominal',
        title: 'Group',
        scale: { domain: groups, range: GROUP_COLORS.range },
      },
    }),
  });
}

export interface GroupShare {
  group: string;
  /** Validators in the group (the same hotkeys in A and B). */
  members: number;
  stakeA: number;
  stakeB: number;
  dividendsA: number;
  dividendsB: number;
}

/**
 * Each group's share of stake and of dividends in A and B. A group is the same validators (hotkeys)
 * in both runs: those adversarial in either run (B's group first), the rest honest — so a cabal's
 * row compares what its members earn as a cabal with what they earned as honest validators.
 */
export function groupShares(ma: RunMeasures, mb: RunMeasures): GroupShare[] {
  const groupOf = new Map<string, string>();
  for (const v of ma.validators) groupOf.set(v.hotkey, v.group);
  for (const v of mb.validators) if (v.group !== 'honest' || !groupOf.has(v.hotkey)) groupOf.set(v.hotkey, v.group);
  const present = new Set(groupOf.values());
  const order = [
    ...GROUP_COLORS.domain.filter((g) => present.has(g)),
    ...[...present].filter((g) => !GROUP_COLORS.domain.includes(g)).sort(),
  ];
  type V = RunMeasures['validators'][number];
  const shareOf = (m: RunMeasures, g: string, pick: (v: V) => number) => {
    const all = m.validators.reduce((s, v) => s + pick(v), 0);
    const mine = m.validators.filter((v) => groupOf.get(v.hotkey) === g).reduce((s, v) => s + pick(v), 0);
    return all > 0 ? mine / all : 0;
  };
  const earned = (v: V) => Number(v.earnedRao);
  const stake = (v: V) => v.stake;
  return order.map((group) => ({
    group,
    members: [...groupOf.values()].filter((g) => g === group).length,
    stakeA: shareOf(ma, group, stake),
    stakeB: shareOf(mb, group, stake),
    dividendsA: shareOf(ma, group, earned),
    dividendsB: shareOf(mb, group, earned),
  }));
}

export function groupDividendsChart(a: ComparedRun, b: ComparedRun, groups: GroupShare[]): Chart | null {
  if (!groups.some((g) => g.group !== 'honest')) return null;
  const rows: Row[] = groups.map((g) => ({
    group: g.group,
    stake_share_a: sig(g.stakeA),
    stake_share_b: sig(g.stakeB),
    share_a: sig(g.dividendsA),
    share_b: sig(g.dividendsB),
    difference: sig(g.dividendsB - g.dividendsA),
  }));
  return chart({
    name: 'validator_group_dividends',
    title: `Validator dividends by group: ${a.label} and ${b.label}`,
    caption:
      `Each group's share of all validators' dividends, ${a.label} beside ${b.label} (a group is the same validators in both: those adversarial in either run), and below the difference: ` +
      `${groups.map((g) => `${g.group} ${pct(g.dividendsA)} → ${pct(g.dividendsB)} (stake ${pct(g.stakeA)} → ${pct(g.stakeB)})`).join('; ')}.`,
    columns: ['group', 'stake_share_a', 'stake_share_b', 'share_a', 'share_b', 'difference'],
    rows,
    spec: pairAndDifference({
      x: { field: 'group', title: 'Validators', sort: groups.map((g) => g.group) },
      a: 'share_a',
      b: 'share_b',
      labels: [a.label, b.label],
      yTitle: 'Share of dividends',
      diffTitle: `${b.label} − ${a.label} (pp)`,
    }),
  });
}

const PRICE_SUBNETS = 4;

/** Subnets whose end price moved most between the runs (by |ln(B/A)|), in netuid order within the top. */
export function priceMovers(ma: RunMeasures, mb: RunMeasures, count = PRICE_SUBNETS): number[] {
  const both = ma.netuids.filter((n) => (ma.prices.last.get(n) ?? 0) > 0 && (mb.prices.last.get(n) ?? 0) > 0);
  return topMovers(both, (n) => Math.log(mb.prices.last.get(n)! / ma.prices.last.get(n)!), count);
}

export function pricesChart(
  a: ComparedRun,
  b: ComparedRun,
  ma: RunMeasures,
  mb: RunMeasures,
): Chart | SkippedChart | null {
  if (ma.prices.last.size === 0) return null; // root era: no pools
  const title = `Prices of the subnets that moved most: ${a.label} and ${b.label}`;
  if (a.ctx.fullDays < 1)
    return { name: 'subnet_prices', title, reason: 'the runs are shorter than the whole day this chart plots.' };
  const movers = priceMovers(ma, mb);
  if (movers.length === 0) return { name: 'subnet_prices', title, reason: 'no subnet ends at a different price.' };
  const days = [...ma.prices.endOfDay.keys()].sort((p, q) => p - q);
  const rows: Row[] = days.flatMap((day) =>
    movers.flatMap((n) => {
      const pa = ma.prices.endOfDay.get(day)?.get(n);
      const pb = mb.prices.endOfDay.get(day)?.get(n);
      if (pa === undefined || pb === undefined) return [];
      return [
        {
          day,
          netuid: n,
          subnet: `SN${n}`,
          price_a: sig(pa),
          price_b: sig(pb),
          difference_pct: sig(100 * (pb / pa - 1)),
        },
      ];
    }),
  );
  const change = (n: number) => mb.prices.last.get(n)! / ma.prices.last.get(n)! - 1;
  const [la, lb] = [a.label, b.label];
  const x = dayAxis('Days since start (end of day)');
  const color = {
    field: 'subnet',
    type: 'nominal',
    title: 'Subnet',
    sort: movers.map((n) => `SN${n}`),
    scale: { scheme: 'tableau10' },
  } as const;
  return chart({
    name: 'subnet_prices',
    title,
    caption:
      `Spot price at the end of each day (log scale) of the ${movers.length} subnet${movers.length > 1 ? 's' : ''} whose end price differs most, ` +
      `${la} dashed, ${lb} solid, and below ${lb} relative to ${la}; at the end: ${movers.map((n) => `SN${n} ${change(n) > 0 ? '+' : ''}${formatNumber(100 * change(n), 1)} %`).join(', ')}.`,
    columns: ['day', 'netuid', 'subnet', 'price_a', 'price_b', 'difference_pct'],
    rows,
    spec: {
      vconcat: [
        {
          width: 560,
          height: 220,
          transform: [
            { fold: ['price_a', 'price_b'], as: ['column', 'price_tao'] },
            { calculate: `datum.column === 'price_a' ? ${JSON.stringify(la)} : ${JSON.stringify(lb)}`, as: 'run' },
          ],
          mark: { type: 'line', point: a.ctx.fullDays <= 10 },
          encoding: {
            x,
            y: {
              field: 'price_tao',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'Price (TAO per alpha, log)',
            },
            color,
            strokeDash: {
              field: 'run',
              type: 'nominal',
              title: 'Run',
              sort: [la, lb],
              scale: {
                domain: [la, lb],
                range: [
                  [5, 3],
                  [1, 0],
                ],
              },
            },
            detail: { field: 'run', type: 'nominal' },
          },
        },
        {
          width: 560,
          height: 140,
          mark: { type: 'line', point: a.ctx.fullDays <= 10 },
          encoding: {
            x,
            y: { field: 'difference_pct', type: 'quantitative', title: `${lb} ÷ ${la} − 1 (%)` },
            color,
          },
        },
      ],
    } as SpecBody,
  });
}
