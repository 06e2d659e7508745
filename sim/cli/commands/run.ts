// `taosim run SCENARIO [--seed N] [--out DIR]`: one deterministic run, results on disk.

import type { CommandModule } from 'yargs';
import { loadScenario } from '../../../scenarios/scenario.ts';
import { writeRunDirectory } from '../../output/index.ts';
import { runScenario } from '../../run/run-scenario.ts';
import { UsageError } from '../../util/errors.ts';
import { formatJson } from '../../util/json.ts';
import { progressBar } from '../progress.ts';

interface RunArgs {
  scenario: string;
  seed?: string;
  out?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenario>',
  describe: 'Run a scenario: the chain block by block (exact emission and Yuma epochs) with its agents; writes CSV tables and run.json.',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (JSON, format taosim-scenario/v1)' })
      .option('seed', { type: 'string', describe: 'root seed (an integer or a word); default: the scenario\'s seed' })
      .option('out', { type: 'string', describe: 'results directory (default: results/<scenario name>)' })
      .example('$0 run scenarios/default.json --out results/default', 'a 30-day mid-2025 network')
      .example('$0 run scenarios/oct-2023.json --seed 7', 'the root-network era with another seed'),
  handler: (args) => {
    const sc = loadScenario(args.scenario);
    let seed: number | string = sc.seed;
    if (args.seed !== undefined) {
      if (args.seed === '') throw new UsageError('--seed: expected an integer or a word, got nothing');
      seed = /^-?\d+$/.test(args.seed) && Number.isSafeInteger(Number(args.seed)) ? Number(args.seed) : args.seed;
    }
    const out = args.out ?? `results/${sc.name}`;
    const bar = progressBar(`taosim run ${sc.name}`);
    const result = runScenario(sc, seed, (done, total) => bar.update(done, total));
    bar.done();
    const manifest = writeRunDirectory(out, {
      scenario: { ...sc, seed },
      seed,
      tables: result.tables,
      extraFiles: [{ name: 'summary.json', content: formatJson(result.summary) + '\n' }],
    });
    process.stdout.write(
      `${out}: ${result.summary.epochs} epochs over ${sc.durationBlocks} blocks; ` +
        `issuance ${result.summary.issuanceRao} RAO; content hash ${manifest.contentHash}\n`,
    );
  },
};
