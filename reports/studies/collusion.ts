// Collusion: the honest utility an honest majority needs to keep its share against a cabal
// (retention), and how a cabal's stake evolves when stake follows emission (dynamics).

import { chart, type Chart, type Row, slug } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import { lineChart } from '../line-chart.ts';
import { distinct, sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

/** The published retention figure is for κ = 0.5 and a full bonds penalty: the nearest grid values. */
function nearest(values: number[], target: number): number {
  return distinct(values).reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
}

interface Retention {
  noise: number[];
  kappa: number[];
  penalty: number[];
  stake: number[];
  required: (number | null)[];
}

function readRetention(dir: string): Retention {
  const f = Frame.read(dir, 'collusion_retention.csv');
  return {
    noise: f.numbers('noise'),
    kappa: f.numbers('kappa'),
    penalty: f.numbers('bonds_penalty'),
    stake: f.numbers('honest_stake'),
    required: f.num('required_honest_utility'), // empty: not even W_H = 1 suffices
  };
}

const label = (v: number | null) => (v === null ? 'none' : formatNumber(v, 2));

function heatmap(r: Retention, kappa: number, penalty: number): Chart {
  const rows: Row[] = r.stake.flatMap((s, i) =>
    r.kappa[i] === kappa && r.penalty[i] === penalty
      ? [{ honest_stake: s, noise: r.noise[i], required_honest_utility: r.required[i], label: label(r.required[i]) }]
      : [],
  );
  const x = { field: 'honest_stake', type: 'ordinal', title: 'Honest stake S_H (share)', axis: { labelAngle: 0 } } as const;
  const y = { field: 'noise', type: 'ordinal', title: 'Weight noise σ (std. dev.)' } as const;
  return chart({
    name: 'collusion_retention_heatmap',
    title: `Honest utility needed to keep the honest share (κ = ${kappa}, bonds penalty ${penalty})`,
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
      ? [{ honest_stake: s, series: `κ = ${r.kappa[i]}, bonds penalty ${r.penalty[i]}`, required_honest_utility: r.required[i] }]
      : [],
  );
  return lineChart({
    name: `collusion_retention_noise_${slug(String(noise))}`,
    title: `Honest utility needed at weight noise σ = ${noise}`,
    caption: `The least honest utility W_H that keeps the honest share against the cabal, by honest stake, one line per κ and bonds penalty (gaps: no W_H suffices); σ = ${noise}.`,
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
  const rows: Row[] = epoch.map((e, i) => ({ epoch: e, series: `W_H = ${wh[i]}, W_C = ${wc[i]}`, cabal_stake: sig(cabal[i]) }));
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

export const collusionReport: StudyReporter = (dir) => {
  const r = readRetention(dir);
  const kappa = nearest(r.kappa, 0.5);
  const penalty = Math.max(...r.penalty);
  const noises = distinct(r.noise).sort((a, b) => a - b);
  const s60 = nearest(r.stake, 0.6);
  const at60 = noises.map((n) => {
    const i = r.stake.findIndex((s, k) => s === s60 && r.noise[k] === n && r.kappa[k] === kappa && r.penalty[k] === penalty);
    return `σ ${n}: ${label(i < 0 ? null : r.required[i])}`;
  });
  return {
    charts: [heatmap(r, kappa, penalty), ...noises.map((n) => noiseLines(r, n)), dynamics(dir)],
    keyNumbers: [
      { label: `Required W_H at S_H = ${s60} (κ ${kappa}, penalty ${penalty})`, value: at60.join(', ') },
      { label: 'Grid', value: `${distinct(r.stake).length} stakes × ${noises.length} noises × ${distinct(r.kappa).length} κ × ${distinct(r.penalty).length} penalties` },
    ],
  };
};
