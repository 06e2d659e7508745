// `taosim epochs TRACE.json [--out FILE]`: run an epoch trace (docs/reference/epochs-trace.md).

import type { CommandModule } from 'yargs';
import { parseEpochTrace, runEpochTrace } from '../../trace/epochs-trace.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { formatJson, readJsonFile } from '../../util/json.ts';
import { checkOutputFile } from '../output-path.ts';

interface EpochsArgs {
  trace: string;
  out?: string;
  force: boolean;
}

export const epochsCommand: CommandModule<object, EpochsArgs> = {
  command: 'epochs <trace>',
  describe:
    'Run a sequence of exact Yuma epochs on one subnet from a trace file (taosim-epochs/v1) and print the result as JSON.',
  builder: (y) =>
    y
      .positional('trace', {
        type: 'string',
        demandOption: true,
        describe: 'trace file (JSON, format taosim-epochs/v1)',
      })
      .option('out', {
        type: 'string',
        describe: 'write the result to this file instead of stdout (written atomically)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace the file --out names if it exists' })
      .example(
        '$0 epochs scenarios/traces/two-validators.json',
        'print consensus, incentive, dividends, bonds and emission per epoch',
      )
      .example('$0 epochs my-trace.json --out result.json', 'write the result to a file'),
  handler: (args) => {
    const trace = parseEpochTrace(readJsonFile(args.trace), args.trace);
    if (args.out) checkOutputFile(args.out, { force: args.force });
    const text = `${formatJson(runEpochTrace(trace))}\n`;
    if (args.out) writeFileAtomic(args.out, text);
    else process.stdout.write(text);
  },
};
