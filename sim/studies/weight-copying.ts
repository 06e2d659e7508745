// Study: weight copying (issue "Agents and studies", study 2; protocol.md §6). One copier with a few
// percent of stake against honest validators, sweeping the commit-reveal period, liquid alpha,
// Yuma3 and how fast miner quality moves. Output: the copier's relative dividend rate
// G = (D/S of the copier) / (median D/S of the others), per epoch and averaged.

import { driftQuality } from '../../models/miners/quality-drift.ts';
import { copiedWeights } from '../../models/validators/copier.ts';
import { scoreValidators, type WeightVector } from '../../models/validators/scoring.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';
import { RandomStreams } from '../engine/index.ts';
import { streamKey } from '../kernels/noise.ts';
import type { Cell, Table } from '../output/index.ts';
import { noiseSeedOf } from '../run/agents/validator-scoring.ts';
import type { Study } from './study.ts';
import { median, playSubnet } from './subnet-game.ts';

export type WeightCopyingConfig = {
  seed: number | string;
  validators: number;
  miners: number;
  /** The copier's share of validator stake. */
  copierStake: number;
  noise: number;
  epochs: number;
  /** Epochs left out of the averages while bonds build up. */
  warmup: number;
  revealPeriods: number[];
  liquidAlpha: boolean[];
  yuma3: boolean[];
  /** σ of each miner's quality step per epoch. */
  qualityDrift: number[];
  /** Validator take, for the "below 1 − take" test. */
  take: number;
};

export const WEIGHT_COPYING_DEFAULTS: WeightCopyingConfig = {
  seed: 'weight-copying',
  validators: 16,
  miners: 48,
  copierStake: 0.03,
  noise: 0.1,
  epochs: 120,
  warmup: 40,
  revealPeriods: [0, 1, 2, 5, 10, 20],
  liquidAlpha: [false, true],
  yuma3: [true, false],
  qualityDrift: [0.01, 0.05],
  take: 0.18,
};

export interface CopyingOutcome {
  revealPeriod: number;
  liquidAlpha: boolean;
  yuma3: boolean;
  qualityDrift: number;
  meanG: number;
  series: number[];
}

/** One configuration: the copier is the last validator uid. */
export function copyingRun(
  c: WeightCopyingConfig,
  revealPeriod: number,
  liquidAlpha: boolean,
  yuma3: boolean,
  drift: number,
): CopyingOutcome {
  const streams = new RandomStreams(c.seed);
  const V = c.validators;
  const copier = V - 1;
  const total = 1_000_000n * 1_000_000_000n;
  const copierStake = BigInt(Math.round(c.copierStake * 1e6)) * (total / 1_000_000n);
  const honestEach = (total - copierStake) / BigInt(V - 1);
  const stake = Array.from({ length: V }, (_, i) => (i === copier ? copierStake : honestEach));
  // Qualities start the same in every configuration (streams named by miner, not by configuration).
  const quality = Array.from({ length: c.miners }, (_, j) => streams.stream(`quality/${j}`).next());
  const minerUids = Array.from({ length: c.miners }, (_, j) => V + j);
  const series: number[] = [];
  const seed = noiseSeedOf(c.seed);
  const honest = Array.from({ length: V - 1 }, (_, uid) => ({ key: streamKey(`validator/${uid}`), noise: c.noise }));
  let scored: (WeightVector | null)[] = [];
  playSubnet(
    {
      validators: V,
      miners: c.miners,
      stake,
      params: { yuma3, liquidAlpha, bondsPenalty: U16_MAX },
      tempo: 360,
      revealPeriod,
      epochs: c.epochs,
      emission: 100_000_000_000n,
    },
    {
      // Quality moves, then the honest validators score it, in one batch (the epoch is the noise counter).
      beforeEpoch: (e) => {
        for (let j = 0; j < c.miners; j++) quality[j] = driftQuality(quality[j], drift, streams.stream(`drift/${j}`));
        scored = scoreValidators({ quality, firstUid: V, seed, counter: e }, honest);
      },
      weights: (uid, _e, s) =>
        uid === copier ? copiedWeights(s.neurons, s.alphaStake, uid, s.params.kappa, minerUids) : scored[uid],
      afterEpoch: (_e, r, s) => {
        const rate = (uid: number) => Number(r.validatorEmission[uid]) / Number(s.alphaStake[uid]);
        const others = Array.from({ length: V - 1 }, (_, i) => rate(i));
        const m = median(others);
        series.push(m > 0 ? rate(copier) / m : NaN);
      },
    },
  );
  const settled = series.slice(c.warmup).filter((x) => Number.isFinite(x));
  const meanG = settled.reduce((a, b) => a + b, 0) / Math.max(1, settled.length);
  return { revealPeriod, liquidAlpha, yuma3, qualityDrift: drift, meanG, series };
}

/**
 * The swept configurations. Liquid alpha is left out where Yuma3 is off: the chain applies it only
 * in Yuma3's bonds (liquid alpha v2, 2025-05; the v1 that acted on original Yuma's EMA is gone), so
 * there it changes nothing and would only repeat the liquid-alpha-off rows.
 */
export function copyingConfigurations(c: WeightCopyingConfig): [number, boolean, boolean, number][] {
  const combos: [number, boolean, boolean, number][] = [];
  for (const p of c.revealPeriods) {
    for (const la of c.liquidAlpha) {
      for (const y3 of c.yuma3) {
        if (la && !y3) continue;
        for (const d of c.qualityDrift) combos.push([p, la, y3, d]);
      }
    }
  }
  return combos;
}

/** The whole sweep: a summary row per configuration and the G series of each. */
export function weightCopyingStudy(
  c: WeightCopyingConfig,
  onProgress?: (done: number, total: number) => void,
): Table[] {
  const combos = copyingConfigurations(c);
  const summary: Cell[][] = [];
  const series: Cell[][] = [];
  combos.forEach(([p, la, y3, d], k) => {
    const o = copyingRun(c, p, la, y3, d);
    summary.push([p, la, y3, d, o.meanG, o.meanG < 1, o.meanG < 1 - c.take]);
    o.series.forEach((g, e) => {
      series.push([p, la, y3, d, e + 1, Number.isFinite(g) ? g : null]);
    });
    onProgress?.(k + 1, combos.length);
  });
  return [
    {
      name: 'weight_copying_summary',
      columns: [
        'reveal_period_epochs',
        'liquid_alpha',
        'yuma3',
        'quality_drift',
        'mean_relative_dividend_rate',
        'below_1',
        'below_1_minus_take',
      ],
      rows: summary,
    },
    {
      name: 'weight_copying_series',
      columns: ['reveal_period_epochs', 'liquid_alpha', 'yuma3', 'quality_drift', 'epoch', 'relative_dividend_rate'],
      rows: series,
    },
  ];
}

export const WEIGHT_COPYING_STUDY: Study = {
  name: 'weight-copying',
  progressUnit: 'runs',
  question: 'Does copying the visible consensus pay, and how much does commit-reveal take away?',
  format: 'taosim-study/weight-copying/v1',
  defaults: WEIGHT_COPYING_DEFAULTS,
  run: weightCopyingStudy as Study['run'],
};
