// `taosim merge DIR... --out DIR`: join the shards of a sweep into the results a single machine
// would have written, byte for byte.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { MANIFEST_NAME } from '../../output/result-names.ts';
import { finalizeSweep, PLAN_NAME, readPlan } from '../../sweep/sweep-results.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError } from '../../util/errors.ts';
import { checkOutputDir } from '../output-path.ts';

interface MergeArgs {
  dirs: string[];
  out: string;
  force: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'Join the shard directories of one sweep (taosim sweep --shard I/N) into one results directory.',
  builder: (y) =>
    y
      // No [default: []] in --help for a required list (yargs gives variadic positionals one).
      .positional('dirs', {
        type: 'string',
        array: true,
        default: undefined as unknown as string[],
        describe: 'shard result directories (one or more)',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'merged results directory' })
      .option('force', { type: 'boolean', default: false, describe: 'replace a finished result in --out' })
      .example('$0 merge shard1 shard2 --out results/sweep-smoke', 'the same files as an unsharded sweep'),
  handler: (args) => {
    const plan = readPlan(args.dirs[0]);
    const planText = readFileSync(join(args.dirs[0], PLAN_NAME), 'utf8');
    for (const d of args.dirs.slice(1)) {
      readPlan(d); // a UsageError if d is not a sweep directory
      if (readFileSync(join(d, PLAN_NAME), 'utf8') !== planText)
        throw new UsageError(`is a shard of a different sweep than ${args.dirs[0]}`, d);
    }
    checkOutputDir(args.out, { force: args.force });
    mkdirSync(join(args.out, 'runs'), { recursive: true });
    writeFileAtomic(join(args.out, PLAN_NAME), planText);
    for (const d of args.dirs) {
      const runs = join(d, 'runs');
      if (!existsSync(runs)) continue;
      for (const id of readdirSync(runs).sort()) {
        // Only complete runs travel: a run directory without run.json is a run that was cut short.
        if (existsSync(join(runs, id, MANIFEST_NAME)))
          cpSync(join(runs, id), join(args.out, 'runs', id), { recursive: true });
      }
    }
    const hash = finalizeSweep(args.out, plan);
    process.stdout.write(
      `${args.out}: ${plan.runs.length} runs merged from ${args.dirs.length} shards; content hash ${hash}\n`,
    );
  },
};
