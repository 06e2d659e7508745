// What kind of results directory the report was pointed at: a run (`taosim run`), a study
// (`taosim study`) or a sweep (`taosim sweep`). Each is finished only once its manifest exists
// (run.json or sweep.json, written last): anything else is refused, never half-reported.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type RunManifest, taosimVersion, verifyRunDirectory } from '../../sim/output/index.ts';
import { MANIFEST_NAME, SWEEP_MANIFEST_NAME } from '../../sim/output/result-names.ts';
import { UsageError } from '../../sim/util/errors.ts';
import { parseJson } from '../../sim/util/json.ts';

export const SCENARIO_FORMAT = 'taosim-scenario/v1';

export type Json = Record<string, unknown>;

interface Common {
  dir: string;
  /** Problems that do not stop the report (e.g. files changed since run.json was written). */
  warnings: string[];
}
export interface RunInput extends Common {
  kind: 'run';
  manifest: RunManifest;
  scenario: Json;
}
export interface StudyInput extends Common {
  kind: 'study';
  manifest: RunManifest;
  study: string;
  /** The study's configuration as run (run.json's scenario less `study`). */
  config: Json;
}
export interface SweepInput extends Common {
  kind: 'sweep';
  sweep: Json;
}
export type ReportInput = RunInput | StudyInput | SweepInput;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function readReportInput(dir: string): ReportInput {
  if (!existsSync(dir)) throw new UsageError(`no results directory ${dir}`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory: expected a results directory`);
  if (existsSync(join(dir, SWEEP_MANIFEST_NAME))) return readSweep(dir);
  if (!existsSync(join(dir, MANIFEST_NAME))) {
    const sweepish = ['plan.json', 'summary.csv', 'sweep.csv'].some((f) => existsSync(join(dir, f)));
    throw new UsageError(
      sweepish
        ? `incomplete sweep: no ${SWEEP_MANIFEST_NAME} in ${dir} (the sweep has not finished or was interrupted, or this is one shard: join shards with taosim merge)`
        : `incomplete run: no run.json in ${dir} (the run has not finished, was interrupted, or this is not a results directory)`,
    );
  }
  const check = verifyRunDirectory(dir); // a UsageError if run.json is malformed
  if (!check.versionOk) {
    throw new UsageError(
      `written by taosim ${check.manifest.taosimVersion}, this is taosim ${taosimVersion()}: report it with that version, or rerun the scenario`,
      join(dir, MANIFEST_NAME),
    );
  }
  const warnings = [
    ...check.missing.map((f) => `${f} is listed in run.json but missing`),
    ...check.mismatched.map((m) => `${m.name} has changed since run.json was written`),
  ];
  const sc = check.manifest.scenario;
  const file = join(dir, MANIFEST_NAME);
  if (isObject(sc) && sc.format === SCENARIO_FORMAT) {
    return { kind: 'run', dir, warnings, manifest: check.manifest, scenario: sc };
  }
  if (isObject(sc) && typeof sc.study === 'string') {
    const { study, ...config } = sc;
    return { kind: 'study', dir, warnings, manifest: check.manifest, study, config };
  }
  throw new UsageError(`expected a scenario of format "${SCENARIO_FORMAT}" or a study`, file, 'scenario');
}

function readSweep(dir: string): SweepInput {
  const file = join(dir, SWEEP_MANIFEST_NAME);
  const sweep = parseJson(readFileSync(file, 'utf8'), file);
  if (!isObject(sweep)) throw new UsageError('expected an object', file, '$');
  if (!existsSync(join(dir, 'summary.csv'))) throw new UsageError(`incomplete sweep: no summary.csv in ${dir}`);
  return { kind: 'sweep', dir, warnings: [], sweep };
}
