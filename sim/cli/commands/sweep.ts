// `taosim sweep SWEEP.json`: many runs of a scenario over a design, on worker threads, optionally
// one shard of them; `--plan` only lists them.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { SWEEP_MANIFEST_NAME } from '../../output/result-names.ts';
import { runJobs } from '../../sweep/pool.ts';
import { loadSweep, parseShard, shardOf } from '../../sweep/sweep-file.ts';
import { finalizeSweep, PLAN_NAME, planText, runComplete, runJobOf } from '../../sweep/sweep-results.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { UsageError } from '../../util/errors.ts';
import { runBackendOf } from '../backend-option.ts';
import { wholeNumber } from '../options.ts';
import { checkOutputDir } from '../output-path.ts';
import { progress } from '../progress.ts';
import { formatTable } from '../table.ts';

interface SweepArgs {
  file: string;
  out?: string;
  workers?: number;
  shard?: string;
  plan: boolean;
  resume: boolean;
  epoch?: string;
  backend?: string;
  quiet?: boolean;
  force: boolean;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe:
    'Run a parameter sweep (grid, zip, list, random, latin-hypercube; replicates) on worker threads; shardable across machines.',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'sweep file (JSON, format taosim-sweep/v1)' })
      .option('out', { type: 'string', describe: 'results directory (default: results/sweep-<name>)' })
      .option('workers', {
        type: 'number',
        describe: "worker threads (default: the machine's cores); results are the same for any number",
      })
      .option('shard', {
        type: 'string',
        describe: 'run only shard I of N (I/N, 1-based): every N-th run; join shards with taosim merge',
      })
      .option('plan', {
        type: 'boolean',
        default: false,
        describe: 'list the runs (id, parameters, seed) and their count, run nothing',
      })
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'skip runs already complete in the results directory',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'replace a finished result in --out (not needed with --resume)',
      })
      .option('epoch', {
        type: 'string',
        choices: ['exact', 'fast'],
        describe: "set every run's epoch: exact (the chain's fixed point) or fast (Float64, exploratory)",
      })
      .option('backend', {
        type: 'string',
        choices: ['auto', 'cpu', 'webasm', 'webgpu'],
        describe: 'validator-scoring kernels (identical bytes for cpu and webasm; default auto)',
      })
      .option('quiet', {
        type: 'boolean',
        describe:
          'no progress on stderr (by default a bar on a terminal, elsewhere a line every 10 % of the runs or 30 s)',
      })
      .check((args) => {
        wholeNumber(args.workers, '--workers', 1);
        if (args.shard !== undefined) parseShard(args.shard);
        return true;
      })
      .example('$0 sweep scenarios/sweeps/smoke.json --plan', 'what would run')
      .example('$0 sweep scenarios/sweeps/smoke.json --workers 2', 'run it on two threads')
      .example('$0 sweep scenarios/sweeps/smoke.json --shard 1/2 --out shard1', 'one half on this machine'),
  handler: async (args) => {
    const backend = await runBackendOf(args.backend, false);
    const plan = loadSweep(args.file);
    // --epoch is part of every planned scenario, so shards run with different flags cannot be merged.
    if (args.epoch !== undefined) for (const r of plan.runs) (r.scenario as Record<string, unknown>).epoch = args.epoch;
    const runs = shardOf(plan, args.shard);
    if (args.plan) {
      const rows = runs.map((r) => [r.id, ...plan.parameters.map((p) => String(r.params[p] ?? '')), String(r.seed)]);
      process.stdout.write(formatTable(['id', ...plan.parameters, 'seed'], rows));
      process.stdout.write(`${runs.length} runs${args.shard ? ` (shard ${args.shard} of ${plan.runs.length})` : ''}\n`);
      return;
    }
    const workers = args.workers ?? availableParallelism();
    const out = args.out ?? `results/sweep-${plan.name}`;
    checkOutputDir(out, { force: args.force, continues: args.resume ? SWEEP_MANIFEST_NAME : undefined });
    mkdirSync(out, { recursive: true });
    const text = planText(plan);
    const planFile = join(out, PLAN_NAME);
    if (existsSync(planFile) && readFileSync(planFile, 'utf8') !== text) {
      throw new UsageError(`holds the results of a different sweep plan; use another --out`, out);
    }
    writeFileAtomic(planFile, text);
    const todo = args.resume ? runs.filter((r) => !runComplete(out, r)) : runs;
    // Files a scenario names (a price series) are relative to the scenario file.
    const scenarioFile = plan.scenarioPath === null ? args.file : resolve(dirname(args.file), plan.scenarioPath);
    const bar = progress(`taosim sweep ${plan.name}`, { quiet: args.quiet, unit: 'runs' });
    await runJobs(
      todo.map((r) => ({ ...runJobOf(out, r, scenarioFile), backend })),
      workers,
      (d, t) => bar.update(d, t),
    );
    bar.done();
    const skipped = runs.length - todo.length;
    if (args.shard && args.shard !== '1/1') {
      process.stdout.write(
        `${out}: shard ${args.shard}: ${todo.length} runs${skipped ? `, ${skipped} already complete` : ''}; join the shards with taosim merge\n`,
      );
      return;
    }
    const hash = finalizeSweep(out, plan);
    process.stdout.write(
      `${out}: ${plan.runs.length} runs${skipped ? ` (${skipped} already complete)` : ''}; sweep.csv, summary.csv; content hash ${hash}\n`,
    );
  },
};
