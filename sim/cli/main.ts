// The `taosim` command line: yargs wiring only; each subcommand lives in commands/.

import yargs from 'yargs';
import { UsageError } from '../util/errors.ts';
import { epochsCommand } from './commands/epochs.ts';
import { halvingsCommand } from './commands/halvings.ts';
import { benchCommand } from './commands/bench.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { studyCommand } from './commands/study.ts';
import { sweepCommand } from './commands/sweep.ts';
import { mergeCommand } from './commands/merge.ts';
import { reportCommand } from './commands/report.ts';

import { EXIT } from './exit-codes.ts';

export { EXIT };

export async function main(argv: string[]): Promise<number> {
  // `taosim ... | head` closes stdout early: that is the reader's choice, not a failure.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  let usageFailure: string | null = null;
  const cli = yargs(argv)
    .scriptName('taosim')
    .usage(
      'taosim — a deterministic simulator of the Bittensor network: exact TAO emission and Yuma consensus.\n\n' +
        'Usage: taosim <command> [options]',
    )
    .command(runCommand)
    .command(validateCommand)
    .command(studyCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(reportCommand)
    .command(epochsCommand)
    .command(halvingsCommand)
    .command(benchCommand)
    .demandCommand(1, 'Name a command (see the list above).')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(
      'Exit codes: 0 success, 1 internal error (a bug: please report it), 2 bad input or usage,\n' +
        '3 interrupted (Ctrl-C or SIGTERM) with a checkpoint written: taosim run --resume DIR continues.\n' +
        'Docs: README.md and docs/ in the repository.',
    )
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageFailure = msg;
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`taosim: error: ${e.format()}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`taosim: internal error (this is a bug):\n${(e as Error).stack ?? e}\n`);
    return EXIT.failure;
  }
  if (usageFailure !== null) {
    process.stderr.write(`taosim: error: ${usageFailure}\nRun 'taosim --help' for usage.\n`);
    return EXIT.usage;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
}
