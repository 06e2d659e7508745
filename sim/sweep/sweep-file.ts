// The sweep file (`taosim-sweep/v1`): a base scenario, a design over scenario fields, replicates.
// Expanding it gives the plan: every run with a stable id, its parameter values and its seed.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import seedrandom from 'seedrandom';
import { parseScenario } from '../../scenarios/scenario.ts';
import { describeValue, UsageError } from '../util/errors.ts';
import { readJsonFile } from '../util/json.ts';
import { Reader } from '../util/validate.ts';
import { parsePath, withValue } from './json-path.ts';

export const SWEEP_FORMAT = 'taosim-sweep/v1';
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

/** Parameter ranges of random and latin-hypercube designs. */
type Range = { min: number; max: number; integer: boolean } | { values: Value[] };

export function loadSweep(file: string): SweepPlan {
  return planSweep(readJsonFile(file), file);
}

export function planSweep(json: unknown, file: string): SweepPlan {
  const r = new Reader(file);
  const top = r.object(json, '$', ['format', 'name', 'scenario', 'design', 'replicates', 'seed']);
  if (top.format !== SWEEP_FORMAT) r.fail('$.format', `"${SWEEP_FORMAT}"`, top.format);
  const name = top.name === undefined ? 'sweep' : typeof top.name === 'string' && /^[\w.-]+$/.test(top.name) ? top.name : r.fail('$.name', 'a name of letters, digits, "-", "_", "."', top.name);
  const base = baseScenario(r, top.scenario, file);
  const d = r.object(top.design, '$.design', ['type', 'parameters', 'points', 'samples', 'seed']);
  const type = d.type;
  const points = designPoints(r, type, d);
  const seeds = replicateSeeds(r, top.replicates, top.seed);
  const parameters = [...new Set(points.flatMap((p) => Object.keys(p)))].sort();
  for (const p of parameters) if (!parsePath(p)) r.fail(`$.design.parameters["${p}"]`, 'a scenario field path such as validators.noise or subnets.overrides[0].tempo', p);
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
      throw new UsageError(`design point ${k} (${JSON.stringify(point)}) gives an invalid scenario: ${e.format()}`, file, '$.design');
    }
    seeds.forEach((seed, rep) => {
      const index = runs.length;
      const hash = createHash('sha256').update(JSON.stringify([point, seed])).digest('hex').slice(0, 8);
      runs.push({ id: `${String(index).padStart(5, '0')}-${hash}`, index, params: point, replicate: rep, seed, scenario: doc });
    });
  });
  return { name, scenarioPath: typeof top.scenario === 'string' ? top.scenario : null, parameters, runs };
}

function baseScenario(r: Reader, v: unknown, file: string): { doc: unknown; file: string } {
  if (typeof v === 'string') {
    const path = resolve(dirname(file), v);
    try {
      return { doc: readJsonFile(path), file: path };
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      throw new UsageError(`the base scenario: ${e.format()}`, file, '$.scenario');
    }
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { doc: v, file };
  return r.fail('$.scenario', 'a scenario file path (relative to the sweep file) or an inline scenario', v);
}

function values(r: Reader, v: unknown, path: string): Value[] {
  const a = r.array(v, path, 'a non-empty list of values');
  if (a.length === 0) r.fail(path, 'a non-empty list of values', v);
  return a.map((x, i) => (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean' ? x : r.fail(`${path}[${i}]`, 'a number, string or boolean', x)));
}

function designPoints(r: Reader, type: unknown, d: Record<string, unknown>): Record<string, Value>[] {
  const params = (allowed: boolean) => (allowed ? r.object(d.parameters, '$.design.parameters', Object.keys((d.parameters as object) ?? {})) : {});
  switch (type) {
    case 'grid': {
      const p = params(true);
      const names = Object.keys(p).sort();
      if (!names.length) r.fail('$.design.parameters', 'at least one parameter', p);
      let out: Record<string, Value>[] = [{}];
      for (const n of names) {
        const vs = values(r, p[n], `$.design.parameters["${n}"]`);
        out = out.flatMap((pt) => vs.map((v) => ({ ...pt, [n]: v })));
      }
      return out;
    }
    case 'zip': {
      const p = params(true);
      const names = Object.keys(p).sort();
      if (!names.length) r.fail('$.design.parameters', 'at least one parameter', p);
      const lists = names.map((n) => values(r, p[n], `$.design.parameters["${n}"]`));
      const len = lists[0].length;
      lists.forEach((l, i) => {
        if (l.length !== len) r.fail(`$.design.parameters["${names[i]}"]`, `a list as long as the others (${len}) for a zip design`, p[names[i]]);
      });
      return Array.from({ length: len }, (_, k) => Object.fromEntries(names.map((n, i) => [n, lists[i][k]])));
    }
    case 'list': {
      const pts = r.array(d.points, '$.design.points', 'a list of points (objects of parameter values)');
      if (!pts.length) r.fail('$.design.points', 'at least one point', d.points);
      return pts.map((pt, k) => {
        const o = r.object(pt, `$.design.points[${k}]`, Object.keys((pt as object) ?? {}));
        return Object.fromEntries(Object.entries(o).map(([n, v]) => [n, values(r, [v], `$.design.points[${k}]["${n}"]`)[0]]));
      });
    }
    case 'random':
    case 'latin-hypercube': {
      const p = params(true);
      const names = Object.keys(p).sort();
      if (!names.length) r.fail('$.design.parameters', 'at least one parameter', p);
      const ranges = names.map((n) => range(r, p[n], `$.design.parameters["${n}"]`));
      const samples = r.int(d.samples, '$.design.samples', 1, 1_000_000);
      const rng = seedrandom.alea(`design/${d.seed === undefined ? 1 : String(d.seed)}`);
      const unit = type === 'random' ? randomUnits(names.length, samples, rng) : latinHypercube(names.length, samples, rng);
      return unit.map((u) => Object.fromEntries(names.map((n, i) => [n, fromUnit(ranges[i], u[i])])));
    }
    default:
      return r.fail('$.design.type', 'one of grid, zip, list, random, latin-hypercube', type);
  }
}

function range(r: Reader, v: unknown, path: string): Range {
  const o = r.object(v, path, ['min', 'max', 'integer', 'values']);
  if (o.values !== undefined) return { values: values(r, o.values, `${path}.values`) };
  const num = (x: unknown, p: string) => (typeof x === 'number' && Number.isFinite(x) ? x : r.fail(p, 'a finite number', x));
  const min = num(o.min, `${path}.min`);
  const max = num(o.max, `${path}.max`);
  if (max < min) r.fail(`${path}.max`, `a value ≥ min (${min})`, max);
  return { min, max, integer: o.integer === undefined ? false : r.boolean(o.integer, `${path}.integer`) };
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

function replicateSeeds(r: Reader, v: unknown, seed: unknown): (number | string)[] {
  const base = seed === undefined ? 1 : typeof seed === 'number' || typeof seed === 'string' ? seed : r.fail('$.seed', 'an integer or a string', seed);
  if (v === undefined) return [base];
  if (typeof v === 'number') {
    const n = r.int(v, '$.replicates', 1, 100_000);
    return Array.from({ length: n }, (_, i) => (n === 1 ? base : `${base}/${i + 1}`));
  }
  const list = r.array(v, '$.replicates', 'a count or a list of seeds');
  if (!list.length) r.fail('$.replicates', 'a count or a non-empty list of seeds', v);
  return list.map((x, i) => (typeof x === 'number' || typeof x === 'string' ? x : r.fail(`$.replicates[${i}]`, 'a seed (integer or string)', x)));
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
  if (!m || n < 1 || i < 1 || i > n) throw new UsageError(`--shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got ${describeValue(spec)}`);
  return { i, n };
}
