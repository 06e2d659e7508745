// `taosim validate FILE`: check a scenario or a chain state file without running anything. The
// file's `format` says which it is.

import type { CommandModule } from 'yargs';
import { parseScenario } from '../../scenario/scenario.ts';
import { parseState, STATE_FORMAT } from '../../state/format.ts';
import { readJsonFile } from '../../util/json.ts';
import { formatBlocks } from '../duration.ts';

interface ValidateArgs {
  file: string;
}

const isState = (json: unknown) =>
  json !== null && typeof json === 'object' && (json as { format?: unknown }).format === STATE_FORMAT;

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <file>',
  describe:
    'Check a scenario file (types, ranges, combinations) or a chain state file (taosim-state/v1) without running it; exit code 2 with the JSON path of the first mistake.',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario or chain state file' })
      .example('$0 validate scenarios/default.json', 'prints a one-line summary if the file is valid')
      .example('$0 validate scenarios/data/mainnet-2026-08-31.state.json', 'checks a chain state file'),
  handler: (args) => {
    const json = readJsonFile(args.file);
    if (isState(json)) {
      const st = parseState(json, args.file);
      const neurons = Object.keys(st.neurons ?? {}).length;
      process.stdout.write(
        `${args.file}: valid chain state at block ${st.block} (spec ${st.specVersion}, ${st.time}): ` +
          `${st.subnets.length} subnets (neuron state for ${neurons})\n`,
      );
      return;
    }
    const sc = parseScenario(json, args.file);
    process.stdout.write(
      `${args.file}: valid scenario "${sc.name}": ${sc.subnets.count} subnets, ${formatBlocks(sc.durationBlocks)}, ` +
        `protocol preset ${sc.protocol.preset}, seed ${sc.seed}\n`,
    );
  },
};
