// `taosim report RESULTS_DIR [--out DIR]`: charts, tables and a self-contained HTML page from the
// results of a run, a study or a sweep. `taosim report A B`: two runs side by side (a base and a
// what-if), with their differences.

import { basename, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../util/errors.ts';
import { checkOutputDir } from '../output-path.ts';

interface ReportArgs {
  results: string;
  other?: string;
  out?: string;
  names?: string;
  force: boolean;
}

/** The two runs' names in a comparison: --names, else their directories' names (A and B if equal). */
export function comparisonLabels(a: string, b: string, names: string | undefined): [string, string] {
  if (names !== undefined) {
    const parts = names.split(',').map((s) => s.trim());
    if (parts.length !== 2 || parts.some((p) => p === '') || parts[0] === parts[1])
      throw new UsageError(
        `--names: expected two different names separated by a comma (e.g. base,perturbed), got "${names}"`,
      );
    return [parts[0], parts[1]];
  }
  const [na, nb] = [basename(resolve(a)), basename(resolve(b))];
  return na !== nb && na !== '' && nb !== '' ? [na, nb] : ['A', 'B'];
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results> [other]',
  describe:
    'Build a report from a results directory (run, study or sweep): report.html (self-contained), charts/ (SVG and Vega-Lite specs), tables/ and summary.md. Given two runs, compare them.',
  builder: (y) =>
    y
      .positional('results', {
        type: 'string',
        demandOption: true,
        describe: 'results directory written by taosim run, study or sweep',
      })
      .positional('other', {
        type: 'string',
        describe: 'a second run directory: compare the two (same length and subnets; e.g. a base and a what-if)',
      })
      .option('out', {
        type: 'string',
        describe: 'report directory (default: <results>/report; comparing: <results>/compare-<name of other>)',
      })
      .option('names', {
        type: 'string',
        describe: "comparing: the two runs' names in the report, comma-separated (default: their directories' names)",
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'replace a finished report (or other result) in the report directory',
      })
      .example('$0 report results/default', 'the report of a run, in results/default/report')
      .example(
        '$0 report results/study-weight-copying',
        "the copier's dividend rate against the reveal period, charted",
      )
      .example('$0 report results/sweep-smoke --out site/smoke', "a sweep's report, written elsewhere")
      .example(
        '$0 report results/what-if/base results/what-if/perturbed --out results/what-if/report',
        'a base run and a what-if side by side',
      ),
  handler: async (args) => {
    if (args.other === undefined) {
      if (args.names !== undefined)
        throw new UsageError('--names: names the two runs of a comparison; give two results directories');
      const out = args.out ?? join(args.results, 'report');
      checkOutputDir(out, { force: args.force });
      const { buildReport } = await import('../../../reports/index.ts'); // vega: loaded only when reporting
      return print(await buildReport(args.results, out));
    }
    const labels = comparisonLabels(args.results, args.other, args.names);
    const out = args.out ?? join(args.results, `compare-${basename(resolve(args.other))}`);
    checkOutputDir(out, { force: args.force });
    const { buildComparison } = await import('../../../reports/index.ts');
    print(await buildComparison(args.results, args.other, out, labels));
  },
};

function print(r: { out: string; kind: string; charts: string[]; warnings: string[] }): void {
  for (const w of r.warnings) process.stderr.write(`taosim: warning: ${w}\n`);
  process.stdout.write(
    `${r.out}/report.html: ${r.kind} report, ${r.charts.length} chart${r.charts.length === 1 ? '' : 's'} (${r.charts.join(', ')})\n`,
  );
}
