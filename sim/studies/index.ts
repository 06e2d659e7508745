// The studies `taosim study` runs: name → config format, defaults, and the function producing tables.

import type { Table } from '../output/index.ts';
import { COLLUSION_DEFAULTS, collusionStudy } from './collusion.ts';
import { HALVINGS_DEFAULTS, halvingsStudy } from './halvings.ts';
import { MARGIN_THINNING_DEFAULTS, marginThinningStudy } from './margin-thinning.ts';
import { UNDER_WEIGHTING_DEFAULTS, underWeightingStudy } from './under-weighting.ts';
import { WEIGHT_COPYING_DEFAULTS, weightCopyingStudy } from './weight-copying.ts';

export interface Study {
  name: string;
  question: string;
  format: string;
  defaults: Record<string, number | string | boolean | number[] | boolean[] | string[]>;
  /** What run()'s onProgress counts (plural), for progress lines. */
  progressUnit: string;
  run(config: never, onProgress?: (done: number, total: number) => void): Table[];
}

export const STUDIES: Study[] = [
  {
    name: 'collusion',
    progressUnit: 'evaluations',
    question: 'How much honest utility does an honest majority need to keep its share of emission against a cabal (Yuma consensus guarantees)?',
    format: 'taosim-study/collusion/v1',
    defaults: COLLUSION_DEFAULTS,
    run: collusionStudy as Study['run'],
  },
  {
    name: 'weight-copying',
    progressUnit: 'runs',
    question: 'Does copying the visible consensus pay, and how much does commit-reveal take away?',
    format: 'taosim-study/weight-copying/v1',
    defaults: WEIGHT_COPYING_DEFAULTS,
    run: weightCopyingStudy as Study['run'],
  },
  {
    name: 'margin-thinning',
    progressUnit: 'runs',
    question: 'As miners keep entering while it pays, where do their number and their USD margin settle, and what moves that?',
    format: 'taosim-study/margin-thinning/v1',
    defaults: MARGIN_THINNING_DEFAULTS,
    run: marginThinningStudy as Study['run'],
  },
  {
    name: 'halvings',
    progressUnit: 'blocks',
    question: 'What does the December 2025 halving change for subnets, miners and validators, and when do the next ones come?',
    format: 'taosim-study/halvings/v1',
    defaults: HALVINGS_DEFAULTS,
    run: halvingsStudy as Study['run'],
  },
  {
    name: 'under-weighting',
    progressUnit: 'runs',
    question: 'Can a small validator that scores competitors low tilt a 3–5 validator subnet toward its own miners?',
    format: 'taosim-study/under-weighting/v1',
    defaults: UNDER_WEIGHTING_DEFAULTS,
    run: underWeightingStudy as Study['run'],
  },
];
