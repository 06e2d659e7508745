// The `taosim` command line: yargs wiring only; each subcommand lives in commands/.

import yargs, { type ArgumentsCamelCase, type Argv, type CommandModule } from 'yargs';
import { UsageError } from '../util/errors.ts';
import { benchCommand } from './commands/bench.ts';
import { epochsCommand } from './commands/epochs.ts';
import { halvingsCommand } from './commands/halvings.ts';
import { mergeCommand } from './commands/merge.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { studyCommand } from './commands/study.ts';
import { sweepCommand } from './commands/sweep.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT } from './exit-codes.ts';
import { checkOptionValues, type DeclaredOptions } from './options.ts';

export { EXIT };

// biome-ignore lint/suspicious/noExplicitAny: each command declares its own argument type
type AnyCommand = CommandModule<object, any>;

const COMMANDS: AnyCommand[] = [
  runCommand,
  validateCommand,
  studyCommand,
  sweepCommand,
  mergeCommand,
  reportCommand,
  epochsCommand,
  halvingsCommand,
  snapshotCommand,
  benchCommand,
];

export async function main(argv: string[]): Promise<number> {
  // `taosim ... | head` closes stdout early: that is the reader's choice, not a failure.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  const usageFailures: string[] = []; // yargs' complaints, in the order it made them
  // yargs calls a command's handler before its strict checks have run (and awaits it), so a
  // misspelt option would be reported only after a whole run. Parsing only records the choice;
  // the command runs once every check has passed.
  let chosen: { command: AnyCommand; args: ArgumentsCamelCase } | null = null;
  const cli = yargs(argv)
    .scriptName('taosim')
    .usage(
      'taosim — a deterministic simulator of the Bittensor network: exact TAO emission and Yuma consensus.\n\n' +
        'Usage: taosim <command> [options]',
    )
    .command(
      COMMANDS.map(
        (command): AnyCommand => ({
          ...command,
          builder: examplesBelowCommands(command.builder as Builder),
          handler: (args) => {
            chosen = { command, args };
          },
        }),
      ),
    )
    .check((args, declared) => {
      checkOptionValues(args, declared as unknown as DeclaredOptions, argv);
      return true;
    }, true)
    .demandCommand(1, NO_COMMAND)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue(
      'Exit codes: 0 success, 1 internal error (a bug: please report it), 2 bad input or usage,\n' +
        '3 interrupted (Ctrl-C or SIGTERM) with a checkpoint written: taosim run --resume DIR continues\n' +
        '(through npx, 130 or 143 on some systems: see taosim run --help).\n' +
        'Docs: README.md and docs/ in the repository.',
    )
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageFailures.push(msg);
    });
  try {
    await cli.parseAsync();
    if (usageFailures.length === 0 && chosen !== null) {
      const { command, args } = chosen as { command: AnyCommand; args: ArgumentsCamelCase };
      await command.handler(args);
    }
  } catch (e) {
    if (usageFailures.length) return usage(usageFailures, cli); // the parser's own complaint comes first
    if (e instanceof UsageError) {
      process.stderr.write(`taosim: error: ${e.format()}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`taosim: internal error (this is a bug):\n${(e as Error).stack ?? e}\n`);
    return EXIT.failure;
  }
  if (usageFailures.length) return usage(usageFailures, cli);
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
}

type Builder = (y: Argv) => Argv;

/**
 * Each example as what it does (a shell comment), then its command line whole: yargs' two columns
 * cut a long command line in half, which reads as two commands.
 */
function examplesBelowCommands(builder: Builder): Builder {
  return (y) => {
    const twoColumns = y.example.bind(y) as (command: string, description: string) => Argv;
    y.example = ((command: string, description?: string) =>
      twoColumns(description ? `# ${description}\n${command}` : command, '')) as Argv['example'];
    return builder(y);
  };
}

const NO_COMMAND = 'Name a command (see the list above).';

/** yargs' complaints as one message (it says "Did you mean epochs?" before "Unknown argument: epoch"). */
function usage(failures: string[], cli: Argv): number {
  if (failures.includes(NO_COMMAND)) cli.showHelp((help) => process.stderr.write(`${help}\n\n`));
  const message =
    failures.length === 1
      ? failures[0]
      : [...failures]
          .reverse()
          .map((m) => (/[.?!]$/.test(m) ? m : `${m}.`))
          .join(' ');
  process.stderr.write(`taosim: error: ${message}\nRun 'taosim --help' for usage.\n`);
  return EXIT.usage;
}
