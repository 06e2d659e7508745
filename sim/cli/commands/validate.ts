// `taosim validate FILE`: check a scenario without running it.

import type { CommandModule } from 'yargs';
import { loadScenario } from '../../scenario/scenario.ts';
import { formatBlocks } from '../duration.ts';

interface ValidateArgs {
  file: string;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <file>',
  describe:
    'Check a scenario file (types, ranges, combinations) without running it; exit code 2 with the JSON path of the first mistake.',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file' })
      .example('$0 validate scenarios/default.json', 'prints a one-line summary if the file is valid'),
  handler: (args) => {
    const sc = loadScenario(args.file);
    process.stdout.write(
      `${args.file}: valid scenario "${sc.name}": ${sc.subnets.count} subnets, ${formatBlocks(sc.durationBlocks)}, ` +
        `protocol preset ${sc.protocol.preset}, seed ${sc.seed}\n`,
    );
  },
};
