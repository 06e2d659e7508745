// A sweep's results directory: `plan.json` (written first), `runs/<id>/` (one complete run each),
// then `sweep.csv`, `summary.csv` and `sweep.json` (written last: its presence means the sweep is
// complete). The aggregates are computed from the run directories on disk, one at a time, so that a
// single-machine sweep and merged shards give the same bytes, and memory stays bounded.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Cell,
  CsvTableWriter,
  formatCsv,
  readRunManifest,
  taosimVersion,
  verifyRunDirectory,
} from '../output/index.ts';
import { MANIFEST_NAME, SWEEP_MANIFEST_NAME } from '../output/result-names.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { UsageError } from '../util/errors.ts';
import { formatJson, parseJson } from '../util/json.ts';
import { mathjsLib } from '../util/mathjs.ts';
import type { RunJob } from './run-one.ts';
import type { PlannedRun, SweepPlan } from './sweep-file.ts';

export const PLAN_NAME = 'plan.json';
export const SWEEP_RESULT_FORMAT = 'taosim-sweep/v1-result';

export function runDir(dir: string, run: PlannedRun): string {
  return join(dir, 'runs', run.id);
}

/** The job that writes planned `run` into results directory `dir`. */
export function runJobOf(dir: string, run: PlannedRun, scenarioFile: string): RunJob {
  return { id: run.id, scenario: run.scenario, scenarioFile, seed: run.seed, dir: runDir(dir, run) };
}

/** The plan as written to plan.json (scenario documents included, so a merge needs nothing else). */
export function planText(plan: SweepPlan): string {
  return `${formatJson({ format: 'taosim-sweep/v1-plan', ...plan })}\n`;
}

export function readPlan(dir: string): SweepPlan {
  const file = join(dir, PLAN_NAME);
  if (!existsSync(file)) throw new UsageError(`not a sweep directory (no ${PLAN_NAME})`, dir);
  return parseJson(readFileSync(file, 'utf8'), file) as SweepPlan;
}

/** Whether a run is complete: run.json present and every file matching its hash. */
export function runComplete(dir: string, run: PlannedRun): boolean {
  const d = runDir(dir, run);
  if (!existsSync(join(d, MANIFEST_NAME))) return false;
  try {
    return verifyRunDirectory(d).ok;
  } catch {
    return false;
  }
}

/** The taosim version that wrote a run directory, if it is not this one (null otherwise or if unreadable). */
function otherVersion(d: string): string | null {
  if (!existsSync(join(d, MANIFEST_NAME))) return null;
  try {
    const m = readRunManifest(d);
    return m.taosimVersion === taosimVersion() ? null : m.taosimVersion;
  } catch {
    return null;
  }
}

/** 95 % interval of the mean under a normal approximation (1.96 standard errors). */
const Z95 = 1.959963984540054;

/** Write sweep.csv, summary.csv and, last, sweep.json from the completed run directories. */
export function finalizeSweep(dir: string, plan: SweepPlan): string {
  const missing = plan.runs.filter((run) => !runComplete(dir, run)).map((run) => run.id);
  const foreign = plan.runs.map((run) => otherVersion(runDir(dir, run))).find((v) => v !== null);
  if (foreign) {
    throw new UsageError(
      `some runs were written by taosim ${foreign}, this is taosim ${taosimVersion()}: rerun them with --resume (runs from another version are redone)`,
      dir,
    );
  }
  if (missing.length) {
    throw new UsageError(
      `${missing.length} of ${plan.runs.length} runs are missing or incomplete (first: ${missing[0]}); run the missing shards, or the sweep with --resume`,
      dir,
    );
  }
  const params = plan.parameters;
  const tidy = new CsvTableWriter(join(dir, 'sweep.csv'), [
    'run_id',
    ...params,
    'seed',
    'replicate',
    'metric',
    'value',
  ]);
  // Values per (parameter point, metric), for the summary across replicates.
  const groups = new Map<string, { point: Cell[]; values: Map<string, number[]> }>();
  const hashes: Cell[][] = [];
  for (const run of plan.runs) {
    const d = runDir(dir, run);
    const metrics = parseJson(readFileSync(join(d, 'metrics.json'), 'utf8'), join(d, 'metrics.json')) as Record<
      string,
      number
    >;
    const point = params.map((p) => run.params[p] ?? null);
    const key = JSON.stringify(point);
    let g = groups.get(key);
    if (!g) {
      g = { point, values: new Map() };
      groups.set(key, g);
    }
    for (const [metric, value] of Object.entries(metrics)) {
      tidy.writeRow([run.id, ...point, String(run.seed), run.replicate, metric, value]);
      const list = g.values.get(metric) ?? [];
      list.push(value);
      g.values.set(metric, list);
    }
    const manifest = parseJson(readFileSync(join(d, MANIFEST_NAME), 'utf8'), join(d, MANIFEST_NAME)) as {
      contentHash: string;
    };
    hashes.push([run.id, manifest.contentHash]);
  }
  const tidyHash = tidy.close();
  const rows: Cell[][] = [];
  const { mean, std } = mathjsLib(); // loaded here, not at import: every taosim start imports this module
  for (const g of groups.values()) {
    for (const [metric, xs] of g.values) {
      const m = Number(mean(xs));
      const sd = xs.length > 1 ? Number(std(xs)) : 0;
      const half = (Z95 * sd) / Math.sqrt(xs.length);
      rows.push([...g.point, metric, xs.length, m, sd, m - half, m + half, Math.min(...xs), Math.max(...xs)]);
    }
  }
  const summary = formatCsv({
    name: 'summary',
    columns: [...params, 'metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'min', 'max'],
    rows,
  });
  writeFileAtomic(join(dir, 'summary.csv'), summary);
  const summaryHash = createHash('sha256').update(summary).digest('hex');
  const runsHash = createHash('sha256')
    .update(hashes.map((h) => `${h[0]}\0${h[1]}\n`).join(''))
    .digest('hex');
  const contentHash = createHash('sha256')
    .update(`sweep.csv\0${tidyHash}\nsummary.csv\0${summaryHash}\nruns\0${runsHash}\n`)
    .digest('hex');
  writeFileAtomic(
    join(dir, SWEEP_MANIFEST_NAME),
    `${formatJson({
      format: SWEEP_RESULT_FORMAT,
      name: plan.name,
      parameters: params,
      runs: plan.runs.map((run, k) => ({
        id: run.id,
        params: run.params,
        seed: run.seed,
        replicate: run.replicate,
        contentHash: hashes[k][1],
      })),
      files: { 'sweep.csv': tidyHash, 'summary.csv': summaryHash },
      contentHash,
    })}\n`,
  );
  return contentHash;
}
