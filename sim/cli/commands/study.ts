// `taosim study NAME [--config FILE] [--out DIR]`: run one of the shipped studies, write its tables
// and print its finding: the key numbers its report leads with (computed by the same function).

import type { CommandModule } from 'yargs';
import { STUDIES, studyNamed } from '../../../reports/studies/index.ts';
import { writeRunDirectory } from '../../output/index.ts';
import { loadStudyConfig } from '../../studies/config.ts';
import { inFile } from '../../util/errors.ts';
import { checkOutputDir } from '../output-path.ts';
import { progress } from '../progress.ts';
import { formatTable } from '../table.ts';

interface StudyArgs {
  name: string;
  config?: string;
  out?: string;
  quiet?: boolean;
  force: boolean;
}

export const studyCommand: CommandModule<object, StudyArgs> = {
  command: 'study <name>',
  describe: `Run a study and write its tables: ${STUDIES.map((s) => s.name).join(', ')}. Each answers one question with numbers (see README).`,
  builder: (y) =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'study name' })
      .option('config', {
        type: 'string',
        describe: 'study configuration (JSON; defaults: scenarios/studies/<name>.json)',
      })
      .option('out', { type: 'string', describe: 'results directory (default: results/study-<name>)' })
      .option('quiet', {
        type: 'boolean',
        describe:
          "no progress on stderr (by default a bar on a terminal, elsewhere a line every 10 % of the study's runs or evaluations, or 30 s)",
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace a finished result in --out' })
      .example('$0 study weight-copying', "the copier's relative dividend rate against the commit-reveal period")
      .example('$0 study weight-copying --config my.json --out results/wc', 'with your own grid'),
  handler: (args) => {
    const study = studyNamed(args.name);
    const file = args.config ?? `scenarios/studies/${study.name}.json`;
    const config = loadStudyConfig(file, study.defaults, study.format);
    const out = args.out ?? `results/study-${study.name}`;
    checkOutputDir(out, { force: args.force });
    const bar = progress(`taosim study ${study.name}`, { quiet: args.quiet, unit: study.progressUnit });
    // A value the study refuses (beyond the config's types) is reported against the config file.
    const tables = inFile(file, () => study.run(config as never, (d, t) => bar.update(d, t)));
    bar.done();
    const manifest = writeRunDirectory(out, {
      scenario: { study: study.name, ...config },
      seed: config.seed as string | number,
      tables,
    });
    const keys = study.report.keyNumbers(out, config);
    process.stdout.write(
      `${study.question}\n\n${formatTable(
        ['Key number', 'Value'],
        keys.map((k) => [k.label, k.value]),
      )}\n`,
    );
    process.stdout.write(
      `${out}: ${tables.map((t) => `${t.name}.csv (${t.rows.length} rows)`).join(', ')}; content hash ${manifest.contentHash}\n`,
    );
  },
};
