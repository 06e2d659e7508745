// The report of a `taosim study` directory: the study's question, headline numbers and charts; and
// the headline numbers alone, which `taosim study` prints when it has written the directory.

import { STUDIES } from '../../sim/studies/index.ts';
import { UsageError } from '../../sim/util/errors.ts';
import type { Json, StudyInput } from '../input/detect.ts';
import type { KeyNumber, ReportContent } from '../report.ts';
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

function reporterOf(study: string, dir: string): StudyReporter {
  const reporter = Object.hasOwn(REPORTERS, study) ? REPORTERS[study] : undefined;
  if (!reporter) throw new UsageError(`no report for study "${study}" (known: ${Object.keys(REPORTERS).join(', ')})`, dir);
  return reporter;
}

/** The study's key numbers, read from the tables in `dir`. */
export function studyKeyNumbers(study: string, dir: string, config: Json): KeyNumber[] {
  return reporterOf(study, dir).keyNumbers(dir, config);
}

export function studyReport(input: StudyInput): ReportContent {
  const reporter = reporterOf(input.study, input.dir);
  const keyNumbers = reporter.keyNumbers(input.dir, input.config);
  const charts = reporter.charts(input.dir, input.config);
  const question = STUDIES.find((s) => s.name === input.study)?.question;
  return {
    kind: 'study',
    title: `taosim study: ${input.study}`,
    subtitle: `${question ? question + ' ' : ''}Results content hash ${input.manifest.contentHash.slice(0, 16)}…`,
    keyNumbers,
    charts,
  };
}
