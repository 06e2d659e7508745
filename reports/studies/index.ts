// The report of a `taosim study` directory: the study's question, headline numbers and charts.

import { STUDIES } from '../../sim/studies/index.ts';
import { UsageError } from '../../sim/util/errors.ts';
import type { StudyInput } from '../input/detect.ts';
import type { ReportContent } from '../report.ts';
import { collusionReport } from './collusion.ts';
import { halvingsReport } from './halvings.ts';
import { marginThinningReport } from './margin-thinning.ts';
import type { StudyReporter } from './study.ts';
import { underWeightingReport } from './under-weighting.ts';
import { weightCopyingReport } from './weight-copying.ts';

const REPORTERS: Record<string, StudyReporter> = {
  collusion: collusionReport,
  'weight-copying': weightCopyingReport,
  'margin-thinning': marginThinningReport,
  halvings: halvingsReport,
  'under-weighting': underWeightingReport,
};

export function studyReport(input: StudyInput): ReportContent {
  const reporter = Object.hasOwn(REPORTERS, input.study) ? REPORTERS[input.study] : undefined;
  if (!reporter) throw new UsageError(`no report for study "${input.study}" (known: ${Object.keys(REPORTERS).join(', ')})`, input.dir);
  const { charts, keyNumbers } = reporter(input.dir, input.config);
  const question = STUDIES.find((s) => s.name === input.study)?.question;
  return {
    kind: 'study',
    title: `taosim study: ${input.study}`,
    subtitle: `${question ? question + ' ' : ''}Results content hash ${input.manifest.contentHash.slice(0, 16)}…`,
    keyNumbers,
    charts,
  };
}
