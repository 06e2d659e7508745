// The report of a `taosim sweep` directory: what was swept, and every metric against every swept
// parameter.

import { formatCount, formatNumber } from '../format.ts';
import type { SweepInput } from '../input/detect.ts';
import type { KeyNumber, ReportContent } from '../report.ts';
import { heatmap, metricAgainstParam } from './charts.ts';
import { readSweepSummary, type SweepSummary } from './summary.ts';

export function sweepReport(input: SweepInput): ReportContent {
  const s = readSweepSummary(input.dir);
  const constant = new Map(s.metrics.flatMap((m) => constantValue(s, m)));
  const varying = s.metrics.filter((m) => !constant.has(m));
  const charts = varying.flatMap((m) => [
    ...s.params.map((_, k) => metricAgainstParam(s, m, k)),
    ...(s.params.length === 2 ? [heatmap(s, m)] : []),
  ]);
  const name = typeof input.sweep.name === 'string' ? input.sweep.name : 'sweep';
  return {
    kind: 'sweep',
    title: `taosim sweep: ${name}`,
    subtitle: `${s.params.length} swept parameter${s.params.length === 1 ? '' : 's'} (${s.params.join(', ')}), ${s.metrics.length} metric${s.metrics.length === 1 ? '' : 's'}.`,
    keyNumbers: keyNumbers(input, s, constant),
    charts,
  };
}

/** A metric whose mean is the same everywhere (to 9 digits) gets no chart, only a line in the summary. */
function constantValue(s: SweepSummary, metric: string): [string, number][] {
  const means = s.cells.filter((c) => c.metric === metric).map((c) => c.mean);
  if (means.some((m) => m === null)) return [];
  const xs = means as number[];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)) ? [[metric, lo]] : [];
}

function keyNumbers(input: SweepInput, s: SweepSummary, constant: Map<string, number>): KeyNumber[] {
  const combos = new Set(s.cells.map((c) => c.params.join('\u0000'))).size;
  const runs = Array.isArray(input.sweep.runs) ? input.sweep.runs.length : null;
  return [
    ...s.params.map((p, k) => ({ label: `Values of ${p}`, value: s.values[k].join(', ') })),
    { label: 'Parameter combinations', value: formatCount(combos) },
    { label: 'Replicates per combination', value: formatCount(Math.max(0, ...s.cells.map((c) => c.n))) },
    ...(runs === null ? [] : [{ label: 'Runs', value: formatCount(runs) }]),
    { label: 'Metrics charted', value: s.metrics.filter((m) => !constant.has(m)).join(', ') || 'none' },
    ...(constant.size
      ? [
          {
            label: 'The same in every run',
            value: [...constant].map(([m, v]) => `${m} = ${formatNumber(v, Number.isInteger(v) ? 0 : 6)}`).join(', '),
          },
        ]
      : []),
  ];
}
