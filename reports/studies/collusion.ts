// Collusion: the honest utility an honest majority needs to keep its share against a cabal
// (retention), and how a cabal's stake evolves when stake follows emission (dynamics).

import { type Chart, chart, type Row, slug } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import { lineChart } from '../line-chart.ts';
import type { KeyNumber } from '../report.ts';
import { distinct, sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

/** The published figures are for κ = 0.5, ξ = 0.5 and a full bonds penalty: the nearest grid values. */
function nearest(values: number[], target: number): number {
  return distinct(values).reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
}

interface Retention {
  noise: number[];
  kappa: number[];
  penalty: number[];
  /** Validator share ξ (results written before ξ was varied have it at 0.5). */
  share: number[];
  stake: number[];
  required: (number | null)[];
}

function readRetention(dir: string): Retention {
  const f = Frame.read(dir, 'collusion_retention.csv');
  return {
    noise: f.numbers('noise'),
    kappa: f.numbers('kappa'),
    penalty: f.numbers('bonds_penalty'),
    share: f.has('validator_share') ? f.numbers('validator_share') : f.rows.map(() => 0.5),
    stake: f.numbers('honest_stake'),
    required: f.num('required_honest_utility'), // empty: not even W_H = 1 suffices
  };
}

const label = (v: number | null) => (v === null ? 'none' : formatNumber(v, 2));

/** The rows at one validator share ξ: the charts hold ξ fixed. */
function atShare(r: Retention, share: number): Retention {
  const keep = r.share.map((x) => x === share);
  const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  return {
    noise: pick(r.noise),
    kappa: pick(r.kappa),
    penalty: pick(r.penalty),
    share: pick(r.share),
    stake: pick(r.stake),
    required: pick(r.required),
  };
}

function heatmap(r: Retention, kappa: number, penalty: number): Chart {
  const rows: Row[] = r.stake.flatMap((s, i) =>
    r.kappa[i] === kappa && r.penalty[i] === penalty
      ? [{ honest_stake: s, noise: r.noise[i], required_honest_utility: r.required[i], label: label(r.required[i]) }]
      : [],
  );
  const x = {
    field: 'honest_stake',
    type: 'ordinal',
    title: 'Honest stake S_H (share)',
    axis: { labelAngle: 0 },
  } as const;
  const y = { field: 'noise', type: 'ordinal', title: 'Weight noise σ (std. dev.)' } as const;
  return chart({
    name: 'collusion_retention_heatmap',
    title: `Honest utility needed to keep the honest share (κ = ${kappa}, bonds penalty ${penalty}, ξ = ${r.share[0]})`,
    caption:
      'Each cell: the least honest utility W_H with which an honest team holding S_H of stake keeps at least S_H of emission ' +
      'against the cabal’s worst self-weight; darker needs more; “none”: not even W_H = 1 suffices. The boundary between light and dark is the retention contour.',
    columns: ['honest_stake', 'noise', 'required_honest_utility', 'label'],
    rows,
    spec: {
      width: { step: 44 },
      height: { step: 36 },
      layer: [
        { mark: { type: 'rect', color: '#dddddd' }, encoding: { x, y } }, // cells with no solution stay grey
        {
          mark: { type: 'rect' },
          encoding: {
            x,
            y,
            color: {
              field: 'required_honest_utility',
              type: 'quantitative',
              title: 'Required W_H (share)',
              scale: { scheme: 'yelloworangered', domain: [0.5, 1] },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            x,
            y,
            text: { field: 'label', type: 'nominal' },
            color: { condition: { test: 'datum.required_honest_utility > 0.8', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  });
}

function noiseLines(r: Retention, noise: number): Chart {
  const rows: Row[] = r.stake.flatMap((s, i) =>
    r.noise[i] === noise
      ? [
          {
            honest_stake: s,
            series: `κ = ${r.kappa[i]}, bonds penalty ${r.penalty[i]}`,
            required_honest_utility: r.required[i],
          },
        ]
      : [],
  );
  return lineChart({
    name: `collusion_retention_noise_${slug(String(noise))}`,
    title: `Honest utility needed at weight noise σ = ${noise}`,
    caption: `The least honest utility W_H that keeps the honest share against the cabal, by honest stake, one line per κ and bonds penalty (gaps: no W_H suffices); σ = ${noise}, validator share ξ = ${r.share[0]}.`,
    columns: ['honest_stake', 'series', 'required_honest_utility'],
    rows,
    x: { field: 'honest_stake', title: 'Honest stake S_H (share)' },
    y: { field: 'required_honest_utility', title: 'Required honest utility W_H (share)' },
    series: { field: 'series', title: 'κ, bonds penalty' },
    width: 480,
    height: 220,
  });
}

function dynamics(dir: string): Chart {
  const f = Frame.read(dir, 'collusion_dynamics.csv');
  const wh = f.numbers('honest_utility');
  const wc = f.numbers('cabal_self_weight');
  const epoch = f.numbers('epoch');
  const cabal = f.numbers('cabal_stake');
  const rows: Row[] = epoch.map((e, i) => ({
    epoch: e,
    series: `W_H = ${wh[i]}, W_C = ${wc[i]}`,
    cabal_stake: sig(cabal[i]),
  }));
  const finals = distinct(rows.map((r) => r.series as string)).map((s) => {
    const last = rows.filter((r) => r.series === s).at(-1)!;
    return `${s}: ${formatNumber(100 * (last.cabal_stake as number), 1)} %`;
  });
  return lineChart({
    name: 'collusion_dynamics',
    title: "A cabal's stake when stake follows emission",
    caption: `Each epoch stake moves halfway toward the emission share (S ← (S + E)/2, bonds carried); the cabal’s stake at the end: ${finals.join('; ')}.`,
    columns: ['epoch', 'series', 'cabal_stake'],
    rows,
    x: { field: 'epoch', title: 'Epoch (count)' },
    y: { field: 'cabal_stake', title: 'Cabal stake (share of all stake)', zero: true, format: '.0%' },
    series: { field: 'series', title: 'Honest utility, cabal self-weight' },
  });
}

/** The grid values nearest the published setting: S_H 0.6, κ 0.5, ξ 0.5, the largest β and σ. */
function publishedSetting(r: Retention) {
  return {
    stake: nearest(r.stake, 0.6),
    kappa: nearest(r.kappa, 0.5),
    share: nearest(r.share, 0.5),
    penalty: Math.max(...r.penalty),
    noise: Math.max(...r.noise),
  };
}

type Setting = ReturnType<typeof publishedSetting>;

/** "σ 0: 0.600, σ 0.2: 0.667, …": the required W_H at the published setting, one field varied. */
function varying(r: Retention, p: Setting, field: 'noise' | 'penalty' | 'share', symbol: string): string {
  const values = distinct(r[field]).sort((a, b) => a - b);
  return values
    .map((v) => {
      const q = { ...p, [field]: v };
      const i = r.stake.findIndex(
        (s, k) =>
          s === q.stake &&
          r.kappa[k] === q.kappa &&
          r.noise[k] === q.noise &&
          r.penalty[k] === q.penalty &&
          r.share[k] === q.share,
      );
      return `${symbol} ${v}: ${i < 0 || r.required[i] === null ? 'none' : formatNumber(r.required[i]!, 3)}`;
    })
    .join(', ');
}

function collusionKeyNumbers(dir: string): KeyNumber[] {
  const r = readRetention(dir);
  const p = publishedSetting(r);
  return [
    {
      label: `Required W_H at S_H = ${p.stake} by weight noise σ (κ ${p.kappa}, β ${p.penalty}, ξ ${p.share})`,
      value: varying(r, p, 'noise', 'σ'),
    },
    { label: `… by bonds penalty β (σ ${p.noise}, κ ${p.kappa}, ξ ${p.share})`, value: varying(r, p, 'penalty', 'β') },
    {
      label: `… by validator share ξ (σ ${p.noise}, κ ${p.kappa}, β ${p.penalty})`,
      value: varying(r, p, 'share', 'ξ'),
    },
    {
      label: 'Grid',
      value: `${distinct(r.stake).length} stakes × ${distinct(r.noise).length} noises × ${distinct(r.kappa).length} κ × ${distinct(r.penalty).length} penalties × ${distinct(r.share).length} ξ`,
    },
  ];
}

export const collusionReport: StudyReporter = {
  keyNumbers: collusionKeyNumbers,
  charts: (dir) => {
    const all = readRetention(dir);
    const p = publishedSetting(all);
    const r = atShare(all, p.share);
    const noises = distinct(r.noise).sort((a, b) => a - b);
    return [heatmap(r, p.kappa, p.penalty), ...noises.map((n) => noiseLines(r, n)), dynamics(dir)];
  },
};
