// `taosim bench [--json]`: named performance figures (see BENCHMARKS.md).

import type { CommandModule } from 'yargs';
import { BENCHMARKS, type BenchOptions, runBenchmarks } from '../../bench/index.ts';
import { type BackendChoice, resolveBackend } from '../../kernels/backend.ts';
import { UsageError } from '../../util/errors.ts';
import { formatJson } from '../../util/json.ts';
import { formatTable } from '../table.ts';

interface BenchArgs {
  json: boolean;
  only?: string[];
  backend?: string;
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'Time the named benchmark cases and print a table (figure name, value, unit).',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object: figure name -> value' })
      .option('only', {
        type: 'string',
        array: true,
        describe: `run only these figures (${BENCHMARKS.map((b) => b.name).join(', ')})`,
      })
      .option('backend', {
        type: 'string',
        choices: ['auto', 'cpu', 'webasm', 'webgpu'],
        describe:
          'scoring backend: scoring_cells_per_s measures this one and the reference (default auto: every available one); runs use it when it is cpu or webasm',
      })
      .example('$0 bench', 'run every benchmark (except opt-in ones such as run_day_scaling) and print a table')
      .example('$0 bench --only run_day_scaling', 'the cost per simulated day for 128 to 4096 subnets (many minutes)')
      .example('$0 bench --only scoring_cells_per_s --backend webgpu', 'the scoring kernel on a GPU')
      .example('$0 bench --json --only epoch_exact_64x256_us', 'one figure as JSON'),
  handler: async (args) => {
    const unknown = (args.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
    if (unknown.length)
      throw new UsageError(
        `--only: unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`,
      );
    if (args.backend !== undefined) await resolveBackend(args.backend as BackendChoice); // a UsageError if it does not work here
    const results = await runBenchmarks(
      args.only,
      (name) => {
        if (!args.json && process.stderr.isTTY) process.stderr.write(`running ${name}…\n`);
      },
      { backend: args.backend as BenchOptions['backend'] },
    );
    if (args.json) {
      process.stdout.write(`${formatJson(Object.fromEntries(results.map((r) => [r.name, r.value])))}\n`);
      return;
    }
    process.stdout.write(
      formatTable(
        ['figure', 'value', 'unit', 'what'],
        results.map((r) => [r.name, String(r.value), r.unit, r.description]),
      ),
    );
  },
};
