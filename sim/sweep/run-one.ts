// One run of a sweep: the planned scenario document and seed in, a complete run directory out
// (its tables, summary.json, metrics.json, and run.json last). Used by worker threads and in-process.

import { join } from 'node:path';
import { writeRunDirectory } from '../output/index.ts';
import type { RunBackend } from '../run/agents/validator-scoring.ts';
import { advanceRun, finishRun, runExecution, startRun } from '../run/run-scenario.ts';
import { parseScenario, scenarioRecord } from '../scenario/scenario.ts';
import { inFile } from '../util/errors.ts';
import { formatJson } from '../util/json.ts';
import { runMetrics } from './run-metrics.ts';

export interface RunJob {
  id: string;
  scenario: unknown;
  /** Where the scenario came from, for error messages and relative files (a price series). */
  scenarioFile: string;
  seed: number | string;
  dir: string;
  /** Validator-scoring backend (identical bytes for each); default auto. */
  backend?: RunBackend;
}

export function runJob(job: RunJob): { id: string; contentHash: string } {
  const sc = parseScenario(job.scenario, job.scenarioFile);
  const run = inFile(`${job.scenarioFile} (run ${job.id}, seed ${job.seed})`, () =>
    startRun(sc, job.seed, { backend: job.backend }),
  );
  advanceRun(run, run.last);
  const result = finishRun(run);
  const manifest = writeRunDirectory(join(job.dir), {
    scenario: scenarioRecord(sc, job.seed),
    provenance: run.state.provenance,
    seed: job.seed,
    execution: runExecution(run),
    warnings: run.state.warnings,
    tables: result.tables,
    extraFiles: [
      { name: 'summary.json', content: `${formatJson(result.summary)}\n` },
      { name: 'metrics.json', content: `${formatJson(runMetrics(result))}\n` },
    ],
  });
  return { id: job.id, contentHash: manifest.contentHash };
}
