// `taosim merge DIR... --out DIR`: join the shards of a sweep into the results a single machine
// would have written, byte for byte.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { finalizeSweep, PLAN_NAME, readPlan } from '../../sweep/sweep-results.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError } from '../../util/errors.ts';

interface MergeArgs {
  dirs: string[];
  out: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'Join the shard directories of one sweep (taosim sweep --shard I/N) into one results directory.',
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard result directories' })
      .option('out', { type: 'string', demandOption: true, describe: 'merged results directory' })
      .example('$0 merge shard1 shard2 --out results/sweep-smoke', 'the same files as an unsharded sweep'),
  handler: (args) => {
    const plans = args.dirs.map((d) => ({ dir: d, text: readFileSync(join(d, PLAN_NAME), 'utf8') }));
    for (const p of plans.slice(1)) {
      if (p.text !== plans[0].text) throw new UsageError(`is a shard of a different sweep than ${plans[0].dir}`, p.dir);
    }
    const plan = readPlan(args.dirs[0]);
    mkdirSync(join(args.out, 'runs'), { recursive: true });
    writeFileAtomic(join(args.out, PLAN_NAME), plans[0].text);
    for (const d of args.dirs) {
      const runs = join(d, 'runs');
      if (!existsSync(runs)) continue;
      for (const id of readdirSync(runs).sort()) {
        // Only complete runs travel: a run directory without run.json is a run that was cut short.
        if (existsSync(join(runs, id, 'run.json'))) cpSync(join(runs, id), join(args.out, 'runs', id), { recursive: true });
      }
    }
    const hash = finalizeSweep(args.out, plan);
    process.stdout.write(`${args.out}: ${plan.runs.length} runs merged from ${args.dirs.length} shards; content hash ${hash}\n`);
  },
};
