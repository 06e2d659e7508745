// `taosim report RESULTS_DIR [--out DIR]`: charts, tables and a self-contained HTML page from the
// results of a run, a study or a sweep.

import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { checkOutputDir } from '../output-path.ts';

interface ReportArgs {
  results: string;
  out?: string;
  force: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe:
    'Build a report from a results directory (run, study or sweep): report.html (self-contained), charts/ (SVG and Vega-Lite specs), tables/ and summary.md.',
  builder: (y) =>
    y
      .positional('results', {
        type: 'string',
        demandOption: true,
        describe: 'results directory written by taosim run, study or sweep',
      })
      .option('out', { type: 'string', describe: 'report directory (default: <results>/report)' })
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
      .example('$0 report results/sweep-smoke --out site/smoke', "a sweep's report, written elsewhere"),
  handler: async (args) => {
    const out = args.out ?? join(args.results, 'report');
    checkOutputDir(out, { force: args.force });
    const { buildReport } = await import('../../../reports/index.ts'); // vega: loaded only when reporting
    const r = await buildReport(args.results, out);
    for (const w of r.warnings) process.stderr.write(`taosim: warning: ${w}\n`);
    process.stdout.write(
      `${r.out}/report.html: ${r.kind} report, ${r.charts.length} chart${r.charts.length === 1 ? '' : 's'} (${r.charts.join(', ')})\n`,
    );
  },
};
