// The one registry of the studies `taosim study` runs: each study's definition (sim/studies: its
// question, config format and defaults, the run producing its tables) joined with its report (key
// numbers and charts from those tables). It lives here, the lowest layer that sees both. Also the
// report of a `taosim study` directory.

import { COLLUSION_STUDY } from '../../sim/studies/collusion.ts';
import { GATE_STUDY } from '../../sim/studies/gate.ts';
import { HALVINGS_STUDY } from '../../sim/studies/halvings.ts';
import { MARGIN_THINNING_STUDY } from '../../sim/studies/margin-thinning.ts';
import type { Study } from '../../sim/studies/study.ts';
import { UNDER_WEIGHTING_STUDY } from '../../sim/studies/under-weighting.ts';
import { WEIGHT_COPYING_STUDY } from '../../sim/studies/weight-copying.ts';
import { UsageError } from '../../sim/util/errors.ts';
import type { StudyInput } from '../input/detect.ts';
import type { ReportContent } from '../report.ts';
import { collusionReport } from './collusion.ts';
import { gateReport } from './gate.ts';
import { halvingsReport } from './halvings.ts';
import { marginThinningReport } from './margin-thinning.ts';
import type { StudyReporter } from './study.ts';
import { underWeightingReport } from './under-weighting.ts';
import { weightCopyingReport } from './weight-copying.ts';

export interface RegisteredStudy extends Study {
  report: StudyReporter;
}

export const STUDIES: readonly RegisteredStudy[] = [
  { ...COLLUSION_STUDY, report: collusionReport },
  { ...WEIGHT_COPYING_STUDY, report: weightCopyingReport },
  { ...MARGIN_THINNING_STUDY, report: marginThinningReport },
  { ...HALVINGS_STUDY, report: halvingsReport },
  { ...UNDER_WEIGHTING_STUDY, report: underWeightingReport },
  { ...GATE_STUDY, report: gateReport },
];

/** The study called `name`, or a usage error listing the known ones (`file`: where the name came from). */
export function studyNamed(name: string, file?: string): RegisteredStudy {
  const study = STUDIES.find((s) => s.name === name);
  if (!study) throw new UsageError(`unknown study "${name}" (known: ${STUDIES.map((s) => s.name).join(', ')})`, file);
  return study;
}

export function studyReport(input: StudyInput): ReportContent {
  const study = studyNamed(input.study, input.dir);
  return {
    kind: 'study',
    title: `taosim study: ${study.name}`,
    subtitle: `${study.question} Results content hash ${input.manifest.contentHash.slice(0, 16)}…`,
    keyNumbers: study.report.keyNumbers(input.dir, input.config),
    charts: study.report.charts(input.dir, input.config),
  };
}
