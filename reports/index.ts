// Public API of reports/: from a results directory (run, study or sweep) to a report directory.

import { join } from 'node:path';
import { comparisonReport, readComparison } from './compare/index.ts';
import { type ReportInput, readReportInput } from './input/detect.ts';
import { renderSvg } from './render.ts';
import type { ReportContent } from './report.ts';
import { runReport } from './run/index.ts';
import { studyReport } from './studies/index.ts';
import { sweepReport } from './sweep/index.ts';
import { writeReport } from './write.ts';

export { escapeHtml } from './html.ts';
export type { ReportContent } from './report.ts';

export interface ReportResult {
  out: string;
  kind: ReportContent['kind'];
  charts: string[];
  files: string[];
  /** Non-fatal problems: changed inputs, chart warnings. */
  warnings: string[];
}

/** The report's content, before rendering (what the charts and key numbers are). */
export function reportContent(input: ReportInput): ReportContent {
  switch (input.kind) {
    case 'run':
      return runReport(input);
    case 'study':
      return studyReport(input);
    case 'sweep':
      return sweepReport(input);
  }
}

/** Build the report of `resultsDir` into `out` (default: <resultsDir>/report). */
export async function buildReport(resultsDir: string, out = join(resultsDir, 'report')): Promise<ReportResult> {
  const input = readReportInput(resultsDir);
  return render(reportContent(input), out, input.warnings);
}

/**
 * Build the comparison of two runs (`taosim report A B`) into `out`; `labels` name them in the
 * report. Refused (UsageError) unless both are finished runs over the same blocks and subnets.
 */
export async function buildComparison(
  dirA: string,
  dirB: string,
  out: string,
  labels: [string, string] = ['A', 'B'],
): Promise<ReportResult> {
  const [a, b] = readComparison(dirA, dirB, labels);
  const warnings = [a, b].flatMap((r) => r.input.warnings.map((w) => `${r.label}: ${w}`));
  return render(comparisonReport(a, b), out, warnings);
}

async function render(content: ReportContent, out: string, warnings: string[]): Promise<ReportResult> {
  const svgs = [];
  for (const c of content.charts) svgs.push(await renderSvg(c));
  const files = writeReport(out, content, svgs);
  return {
    out,
    kind: content.kind,
    charts: content.charts.map((c) => c.name),
    files,
    warnings: [...warnings, ...svgs.flatMap((s) => s.warnings)],
  };
}
