// The sweep file (`taosim-sweep/v1`, declared in ./sweep-schema.ts): a base scenario, a design over
// scenario fields, replicates.
// Expanding it gives the plan: every run with a stable id, its parameter values and its seed.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import seedrandom from 'seedrandom';
import { parseScenario } from '../scenario/scenario.ts';
import { parseWith } from '../schema/parse.ts';
import { describeValue, UsageError } from '../util/errors.ts';
import { readJsonFile } from '../util/json.ts';
import { Reader } from '../util/validate.ts';
import { parsePath, withValue } from './json-path.ts';
import { type Design, type Range, SWEEP_SCHEMA } from './sweep-schema.ts';

export { SWEEP_FORMAT } from './sweep-schema.ts';

type Value = number | string | boolean;

export interface PlannedRun {
  /** Stable: position in the design and a hash of parameters and seed. */
  id: string;
  index: number;
  params: Record<string, Value>;
  replicate: number;
  seed: number | string;
  /** The scenario document of this run (the base with the overrides applied). */
  scenario: unknown;
}

export interface SweepPlan {
  name: string;
  /** The base scenario's path as the sweep file gives it (relative to it), or null when inline. */
  scenarioPath: string | null;
  parameters: string[];
  runs: PlannedRun[];
}

export function loadSweep(file: string): SweepPlan {
  return planSweep(readJsonFile(file), file);
}

export function planSweep(json: unknown, file: string): SweepPlan {
  const sweep = parseWith(SWEEP_SCHEMA, json, file);
  const r = new Reader(file);
  const base = baseScenario(sweep.scenario, file);
  const points = designPoints(sweep.design);
  const seeds = replicateSeeds(sweep.replicates, sweep.seed);
  const parameters = [...new Set(points.flatMap((p) => Object.keys(p)))].sort();
  for (const p of parameters)
    if (!parsePath(p))
      r.fail(
        `$.design.parameters["${p}"]`,
        'a scenario field path such as validators.noise or subnets.overrides[0].tempo',
        p,
      );
  const runs: PlannedRun[] = [];
  points.forEach((point, k) => {
    let doc = base.doc;
    for (const p of parameters) if (point[p] !== undefined) doc = withValue(doc, parsePath(p)!, point[p]);
    // Every point must be a valid scenario before anything runs: a missing field or a bad value is
    // reported against the sweep file.
    try {
      parseScenario(doc, base.file);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      throw new UsageError(
        `design point ${k} (${JSON.stringify(point)}) gives an invalid scenario: ${e.format()}`,
        file,
        '$.design',
      );
    }
    seeds.forEach((seed, rep) => {
      const index = runs.length;
      const hash = createHash('sha256')
        .update(JSON.stringify([point, seed]))
        .digest('hex')
        .slice(0, 8);
      runs.push({
        id: `${String(index).padStart(5, '0')}-${hash}`,
        index,
        params: point,
        replicate: rep,
        seed,
        scenario: doc,
      });
    });
  });
  return {
    name: sweep.name,
    scenarioPath: typeof sweep.scenario === 'string' ? sweep.scenario : null,
    parameters,
    runs,
  };
}

function baseScenario(v: string | Record<string, unknown>, file: string): { doc: unknown; file: string } {
  if (typeof v !== 'string') return { doc: v, file };
  const path = resolve(dirname(file), v);
  try {
    return { doc: readJsonFile(path), file: path };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(`the base scenario: ${e.format()}`, file, '$.scenario');
  }
}

function designPoints(d: Design): Record<string, Value>[] {
  switch (d.type) {
    case 'grid': {
      let out: Record<string, Value>[] = [{}];
      for (const n of Object.keys(d.parameters).sort())
        out = out.flatMap((pt) => d.parameters[n].map((v) => ({ ...pt, [n]: v })));
      return out;
    }
    case 'zip': {
      const names = Object.keys(d.parameters).sort();
      return d.parameters[names[0]].map((_, k) => Object.fromEntries(names.map((n) => [n, d.parameters[n][k]])));
    }
    case 'list':
      return d.points;
    case 'random':
    case 'latin-hypercube': {
      const names = Object.keys(d.parameters).sort();
      const ranges = names.map((n) => d.parameters[n]);
      const rng = seedrandom.alea(`design/${d.seed === undefined ? 1 : String(d.seed)}`);
      const unit =
        d.type === 'random' ? randomUnits(names.length, d.samples, rng) : latinHypercube(names.length, d.samples, rng);
      return unit.map((u) => Object.fromEntries(names.map((n, i) => [n, fromUnit(ranges[i], u[i])])));
    }
  }
}

function fromUnit(rg: Range, u: number): Value {
  if ('values' in rg) return rg.values[Math.min(rg.values.length - 1, Math.floor(u * rg.values.length))];
  const x = rg.min + u * (rg.max - rg.min);
  // Twelve significant digits: the same text on every machine, and tidy in CSVs.
  return rg.integer ? Math.round(x) : Number(x.toPrecision(12));
}

function randomUnits(dims: number, samples: number, rng: () => number): number[][] {
  return Array.from({ length: samples }, () => Array.from({ length: dims }, () => rng()));
}

/** One sample per stratum in every dimension, strata shuffled independently per dimension. */
function latinHypercube(dims: number, samples: number, rng: () => number): number[][] {
  const cols = Array.from({ length: dims }, () => {
    const perm = Array.from({ length: samples }, (_, i) => i);
    for (let i = samples - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm.map((s) => (s + rng()) / samples);
  });
  return Array.from({ length: samples }, (_, k) => cols.map((c) => c[k]));
}

function replicateSeeds(replicates: number | (number | string)[], base: number | string): (number | string)[] {
  if (typeof replicates !== 'number') return replicates;
  return Array.from({ length: replicates }, (_, i) => (replicates === 1 ? base : `${base}/${i + 1}`));
}

/** `I/N` → the runs of shard I (1-based): every N-th run, starting at I − 1. */
export function shardOf(plan: SweepPlan, spec: string | undefined): PlannedRun[] {
  if (spec === undefined) return plan.runs;
  const { i, n } = parseShard(spec);
  return plan.runs.filter((run) => run.index % n === i - 1);
}

/** `I/N` (1-based shard I of N); a UsageError otherwise. */
export function parseShard(spec: string): { i: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n)
    throw new UsageError(`--shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got ${describeValue(spec)}`);
  return { i, n };
}
