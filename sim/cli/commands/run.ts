// `taosim run SCENARIO [--seed N] [--out DIR] [--checkpoint-every BLOCKS]` and
// `taosim run --resume DIR`: one deterministic run, results on disk, resumable after a crash or
// an interruption with byte-identical results.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import { MANIFEST_NAME, startRunDirectory, writeRunDirectory } from '../../output/index.ts';
import {
  checkpointPath,
  hasCheckpoint,
  nextCheckpointBlock,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
} from '../../run/checkpoint.ts';
import { checkMemory } from '../../run/memory-estimate.ts';
import { type ActiveRun, advanceRunAsync, finishRun, runExecution, startRun } from '../../run/run-scenario.ts';
import { loadScenario, type Scenario, scenarioRecord } from '../../scenario/scenario.ts';
import { inFile, UsageError } from '../../util/errors.ts';
import { formatJson } from '../../util/json.ts';
import { runBackendOf } from '../backend-option.ts';
import { EXIT } from '../exit-codes.ts';
import { wholeNumber } from '../options.ts';
import { checkOutputDir } from '../output-path.ts';
import { progress } from '../progress.ts';

interface RunArgs {
  scenario?: string;
  seed?: string;
  out?: string;
  'checkpoint-every'?: number;
  resume?: string;
  force?: boolean;
  epoch?: string;
  backend?: string;
  quiet?: boolean;
}

/** Blocks run between two looks at the signal flag: small enough to stop promptly. */
const SLICE = 10;

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe:
    'Run a scenario: the chain block by block (exact emission and Yuma epochs) with its agents; writes CSV tables and run.json.',
  builder: (y) =>
    y
      .positional('scenario', {
        type: 'string',
        describe: 'scenario file (JSON, format taosim-scenario/v1); omit with --resume',
      })
      .option('seed', { type: 'string', describe: "root seed (an integer or a word); default: the scenario's seed" })
      .option('out', { type: 'string', describe: 'results directory (default: results/<scenario name>)' })
      .option('checkpoint-every', {
        type: 'number',
        describe:
          "write a checkpoint (DIR/checkpoint.bin) every BLOCKS simulated blocks, counted from the scenario's first block; Ctrl-C or SIGTERM always writes one; a resumed run keeps the interval it was started with unless given a new one",
      })
      .option('resume', {
        type: 'string',
        describe: 'continue the interrupted run in this results directory from its checkpoint',
      })
      .option('epoch', {
        type: 'string',
        choices: ['exact', 'fast'],
        describe:
          "override the scenario's epoch: exact (the chain's fixed point, the default) or fast (Float64, for exploratory runs; docs/explanation/exactness.md)",
      })
      .option('backend', {
        type: 'string',
        choices: ['auto', 'cpu', 'webasm', 'webgpu'],
        describe:
          'validator-scoring kernels: auto (default: cpu, the fastest here), cpu (TypeScript, one thread), webasm (gpu.js WebAssembly on worker threads; same bytes as cpu), webgpu (a GPU; not byte-identical to cpu)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe:
          "replace a finished result in --out, and run even if the memory estimate exceeds this machine's memory",
      })
      .option('quiet', {
        type: 'boolean',
        describe:
          'no progress on stderr (by default a bar on a terminal, elsewhere a line every 10 % of the blocks or 30 s)',
      })
      .check((args) => {
        checkArgs(args);
        return true;
      })
      .example('$0 run scenarios/default.json --out results/default', "two days of today's network, 128 subnets")
      .example('$0 run scenarios/mid-2025.json', 'a 30-day mid-2025 network (dTAO era)')
      .example('$0 run scenarios/oct-2023.json --seed 7', 'the root-network era with another seed')
      .example(`$0 run scenarios/default.json --checkpoint-every ${BLOCKS_PER_DAY}`, 'a checkpoint every simulated day')
      .example(
        '$0 run --resume results/default',
        'continue after Ctrl-C, a crash or a kill: same bytes as an uninterrupted run',
      )
      .epilogue(
        'Exit codes: 0 success, 1 internal error (a bug: please report it), 2 bad input or usage, ' +
          '3 interrupted (Ctrl-C or SIGTERM) with a checkpoint written: taosim run --resume DIR continues. ' +
          'Through npx where /bin/sh is dash (Debian, Ubuntu), npx reports the signal instead of 3: 130 for Ctrl-C, ' +
          '143 for SIGTERM (returning before the checkpoint is written; wait for it before --resume). ' +
          'node_modules/.bin/taosim, node bin/taosim.js, or npx with npm_config_script_shell=bash return 3.',
      ),
  handler: async (args) => {
    const { run, out, every: startedEvery } = args.resume !== undefined ? resume(args) : await start(args);
    // A resumed run keeps the interval it was started with, unless a new one is given.
    const every = args['checkpoint-every'] ?? startedEvery;
    const sc = run.state.sc;

    const stop = stopOnSignals();
    const bar = progress(`taosim run ${sc.name}`, { quiet: args.quiet, unit: 'blocks' });
    const first = sc.start.block;
    try {
      let nextCheckpoint = every === null ? Infinity : nextCheckpointBlock(first, run.sim.now, every);
      while (run.sim.now < run.last) {
        // A new run's clock is at 0: its first slice goes straight to the scenario's first blocks.
        const until = Math.min(Math.max(run.sim.now, first) + SLICE, nextCheckpoint);
        await advanceRunAsync(run, until, (done, total) => bar.update(done, total));
        if (run.sim.now >= nextCheckpoint && run.sim.now < run.last) {
          writeCheckpoint(out, run, every);
          nextCheckpoint = nextCheckpointBlock(first, run.sim.now, every!);
        }
        if (stop.signal !== null) {
          bar.done();
          writeCheckpoint(out, run, every);
          process.stderr.write(
            `taosim: ${stop.signal}: stopped at ${position(run)}; checkpoint written to ${checkpointPath(out)}.\n` +
              `Continue with: taosim run --resume ${out}\n`,
          );
          process.exitCode = EXIT.interrupted;
          return;
        }
        await new Promise((r) => setImmediate(r)); // lets a pending SIGINT/SIGTERM handler run
      }
    } finally {
      stop.dispose();
    }
    bar.done();
    const result = finishRun(run);
    const manifest = writeRunDirectory(out, {
      scenario: scenarioRecord(sc, run.state.seed),
      provenance: run.state.provenance,
      seed: run.state.seed,
      execution: runExecution(run),
      warnings: run.state.warnings,
      tables: result.tables,
      extraFiles: [{ name: 'summary.json', content: `${formatJson(result.summary)}\n` }],
    });
    removeCheckpoint(out); // run.json now marks the run complete
    process.stdout.write(
      `${out}: ${result.summary.epochs} epochs over ${sc.durationBlocks} blocks; ` +
        `issuance ${result.summary.issuanceRao} RAO; content hash ${manifest.contentHash}\n`,
    );
  },
};

/** What can be said of the options alone, before anything is read or written. */
function checkArgs(args: RunArgs): void {
  if (args.resume !== undefined) {
    const fixed = [
      ['a scenario', args.scenario],
      ['--seed', args.seed],
      ['--out', args.out],
      ['--epoch', args.epoch],
      ['--backend', args.backend],
    ] as const;
    for (const [flag, given] of fixed) {
      if (given !== undefined)
        throw new UsageError(`--resume continues the run as it was started; ${flag} cannot be given with it`);
    }
  } else if (args.scenario === undefined) {
    throw new UsageError('name a scenario file (taosim run SCENARIO), or --resume DIR to continue a run');
  }
  wholeNumber(args['checkpoint-every'], '--checkpoint-every', 1, ' of blocks');
}

async function start(args: RunArgs): Promise<{ run: ActiveRun; out: string; every: null }> {
  const backend = await runBackendOf(args.backend, true);
  const loaded = loadScenario(args.scenario!);
  const sc = args.epoch === undefined ? loaded : { ...loaded, epoch: args.epoch as 'exact' | 'fast' };
  const estimate = checkMemory(sc, args.force === true, args.scenario!);
  if (estimate.warning) process.stderr.write(`taosim: ${estimate.warning}\n`);
  const out = args.out ?? `results/${sc.name}`;
  checkOutputDir(out, { force: args.force === true });
  const run = inFile(args.scenario!, () => startRun(sc, parseSeed(args.seed, sc), { backend }));
  for (const w of run.state.warnings) process.stderr.write(`taosim: warning: ${args.scenario}: ${w}\n`);
  startRunDirectory(out); // an earlier run.json must not vouch for this run's files
  return { run, out, every: null };
}

function resume(args: RunArgs): { run: ActiveRun; out: string; every: number | null } {
  const dir = args.resume!;
  if (!existsSync(dir)) throw new UsageError(`--resume ${dir}: no such directory`);
  if (!hasCheckpoint(dir)) {
    throw new UsageError(
      existsSync(join(dir, MANIFEST_NAME))
        ? `--resume ${dir}: the run there is already complete (run.json is present)`
        : `--resume ${dir}: no checkpoint there (the run stopped before its first one); rerun the scenario`,
    );
  }
  const { run, header } = readCheckpoint(checkpointPath(dir));
  process.stderr.write(`taosim: resuming ${header.scenario} at ${position(run)}\n`);
  return { run, out: dir, every: header.checkpointEvery };
}

/** Where a run stands, for people: "block 5900510 (510 of 216000 blocks simulated, 0.2 %)". */
function position(run: ActiveRun): string {
  const total = run.state.sc.durationBlocks;
  const done = Math.max(0, run.sim.now - run.state.sc.start.block);
  return `block ${run.sim.now} (${done} of ${total} blocks simulated, ${((100 * done) / total).toFixed(1)} %)`;
}

function parseSeed(seed: string | undefined, sc: Pick<Scenario, 'seed'>): number | string {
  if (seed === undefined) return sc.seed; // "" is refused with the other options (options.ts)
  return /^-?\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
}

/** Records the first SIGINT/SIGTERM instead of dying, so the run can stop at a block boundary. */
function stopOnSignals(): { readonly signal: string | null; dispose(): void } {
  const state = { signal: null as string | null };
  const on = (sig: NodeJS.Signals) => () => {
    if (state.signal !== null) process.exit(EXIT.interrupted); // a second signal: stop now
    state.signal = sig;
  };
  const int = on('SIGINT');
  const term = on('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return {
    get signal() {
      return state.signal;
    },
    dispose() {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
    },
  };
}
