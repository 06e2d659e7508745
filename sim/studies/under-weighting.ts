// Study: under-weighting in small subnets (issue "Agents and studies", study 5). A subnet with a few
// validators, one of which also runs miners and scores every competitor low. Clipping cuts weights
// above consensus, but nothing corrects weights below it: can a small validator tilt incentive to
// its own miners, and what does it cost it in dividends?

import { scoreValidators, type WeightVector } from '../../models/validators/scoring.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';
import { RandomStreams } from '../engine/index.ts';
import { streamKey } from '../kernels/noise.ts';
import type { Cell, Table } from '../output/index.ts';
import { noiseSeedOf } from '../run/agents/validator-scoring.ts';
import type { Study } from './study.ts';
import { median, playSubnet } from './subnet-game.ts';

export type UnderWeightingConfig = {
  seed: number | string;
  validatorCounts: number[];
  /** The attacker's share of validator stake. */
  attackerStake: number[];
  /** Factor the attacker applies to competitors' scores (0 = ignores them entirely). */
  competitorFactor: number;
  miners: number;
  /** Miners run by the attacker (the first uids after the validators). */
  attackerMiners: number;
  noise: number;
  epochs: number;
  warmup: number;
};

export const UNDER_WEIGHTING_DEFAULTS: UnderWeightingConfig = {
  seed: 'under-weighting',
  validatorCounts: [3, 4, 5],
  attackerStake: [0.05, 0.1, 0.2, 0.3, 0.45, 0.55],
  competitorFactor: 0.2,
  miners: 32,
  attackerMiners: 4,
  noise: 0.05,
  epochs: 80,
  warmup: 30,
};

export interface UnderWeightingOutcome {
  validators: number;
  attackerStake: number;
  /** The attacker's miners' share of incentive over their share of true quality. */
  ownMinersGain: number;
  /** The attacker's dividends per stake over the median of the honest validators'. */
  attackerDividendRate: number;
  /** Incentive share of the honest (competitor) miners. */
  honestMinerShare: number;
}

export function underWeightingRun(
  c: UnderWeightingConfig,
  validators: number,
  attackerStake: number,
): UnderWeightingOutcome {
  const streams = new RandomStreams(c.seed);
  const attacker = validators - 1;
  const total = 1_000_000_000_000_000n;
  const stake = Array.from({ length: validators }, (_, i) =>
    i === attacker
      ? BigInt(Math.round(attackerStake * 1e9)) * (total / 1_000_000_000n)
      : BigInt(Math.round(((1 - attackerStake) / (validators - 1)) * 1e9)) * (total / 1_000_000_000n),
  );
  const quality = Array.from({ length: c.miners }, (_, j) => 0.2 + 0.8 * streams.stream(`quality/${j}`).next());
  const own = (j: number) => j < c.attackerMiners;
  const ownUids = new Set(Array.from({ length: c.attackerMiners }, (_, j) => validators + j));
  let qualityOwn = 0;
  for (let j = 0; j < c.miners; j++) if (own(j)) qualityOwn += quality[j];
  const qualityShare = qualityOwn / quality.reduce((a, b) => a + b, 0);
  let ownShare = 0;
  let honestShare = 0;
  let rate = 0;
  let samples = 0;
  const seed = noiseSeedOf(c.seed);
  const scorers = Array.from({ length: validators }, (_, uid) => ({
    key: streamKey(`validator/${uid}`),
    noise: c.noise,
    competitorFactor: uid === attacker ? c.competitorFactor : 1,
  }));
  let scored: (WeightVector | null)[] = [];
  playSubnet(
    {
      validators,
      miners: c.miners,
      stake,
      params: { yuma3: true, bondsPenalty: U16_MAX },
      tempo: 360,
      revealPeriod: 0,
      epochs: c.epochs,
      emission: 100_000_000_000n,
    },
    {
      // Every validator scores the miners once per epoch, in one batch (the epoch is the noise counter).
      beforeEpoch: (e) => {
        scored = scoreValidators({ quality, firstUid: validators, own: ownUids, seed, counter: e }, scorers);
      },
      weights: (uid) => scored[uid],
      afterEpoch: (e, r, s) => {
        if (e <= c.warmup) return;
        let inc = 0;
        let incOwn = 0;
        for (let j = 0; j < c.miners; j++) {
          const x = r.exact.incentive[validators + j];
          inc += x;
          if (own(j)) incOwn += x;
        }
        ownShare += inc > 0 ? incOwn / inc : 0;
        honestShare += inc > 0 ? (inc - incOwn) / inc : 0;
        const per = (uid: number) => Number(r.validatorEmission[uid]) / Number(s.alphaStake[uid]);
        const m = median(Array.from({ length: validators - 1 }, (_, i) => per(i)));
        rate += m > 0 ? per(attacker) / m : 0;
        samples++;
      },
    },
  );
  return {
    validators,
    attackerStake,
    ownMinersGain: ownShare / samples / qualityShare,
    attackerDividendRate: rate / samples,
    honestMinerShare: honestShare / samples,
  };
}

export function underWeightingStudy(
  c: UnderWeightingConfig,
  onProgress?: (done: number, total: number) => void,
): Table[] {
  const rows: Cell[][] = [];
  const total = c.validatorCounts.length * c.attackerStake.length;
  for (const v of c.validatorCounts) {
    for (const a of c.attackerStake) {
      const o = underWeightingRun(c, v, a);
      rows.push([v, a, o.ownMinersGain, o.attackerDividendRate, o.honestMinerShare]);
      onProgress?.(rows.length, total);
    }
  }
  return [
    {
      name: 'under_weighting',
      columns: [
        'validators',
        'attacker_stake_share',
        'own_miners_incentive_over_fair',
        'attacker_relative_dividend_rate',
        'honest_miners_incentive_share',
      ],
      rows,
    },
  ];
}

export const UNDER_WEIGHTING_STUDY: Study = {
  name: 'under-weighting',
  progressUnit: 'runs',
  question: 'Can a small validator that scores competitors low tilt a 3–5 validator subnet toward its own miners?',
  format: 'taosim-study/under-weighting/v1',
  defaults: UNDER_WEIGHTING_DEFAULTS,
  run: underWeightingStudy as Study['run'],
};
