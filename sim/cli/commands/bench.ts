// `taosim bench [--json]`: named performance figures (see BENCHMARKS.md).

import type { CommandModule } from 'yargs';
import { BENCHMARKS, runBenchmarks } from '../../bench/index.ts';
import { UsageError } from '../../util/errors.ts';
import { formatJson } from '../../util/json.ts';
import { formatTable } from '../table.ts';

interface BenchArgs {
  json: boolean;
  only?: string[];
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'Time the named benchmark cases and print a table (figure name, value, unit).',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object: figure name -> value' })
      .option('only', { type: 'string', array: true, describe: `run only these figures (${BENCHMARKS.map((b) => b.name).join(', ')})` })
      .example('$0 bench', 'run every benchmark and print a table')
      .example('$0 bench --json --only epoch_exact_64x256_us', 'one figure as JSON'),
  handler: async (args) => {
    const unknown = (args.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
    if (unknown.length) throw new UsageError(`--only: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
    const results = await runBenchmarks(args.only, (name) => {
      if (!args.json && process.stderr.isTTY) process.stderr.write(`running ${name}…\n`);
    });
    if (args.json) {
      process.stdout.write(formatJson(Object.fromEntries(results.map((r) => [r.name, r.value]))) + '\n');
      return;
    }
    process.stdout.write(formatTable(['figure', 'value', 'unit', 'what'], results.map((r) => [r.name, String(r.value), r.unit, r.description])));
  },
};
