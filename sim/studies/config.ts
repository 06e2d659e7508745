// Study configuration files: every field optional, checked against the study's defaults (same
// type; arrays non-empty and of the same element type; numbers finite). Unknown fields are errors,
// except "comment" (a string, for notes on the grid; not part of the configuration).

import { describeValue, UsageError } from '../util/errors.ts';
import { readJsonFile } from '../util/json.ts';

type Plain = number | string | boolean | number[] | boolean[] | string[];

function typeName(v: unknown): string {
  if (Array.isArray(v)) return `a non-empty array of ${typeof v[0]}s`;
  return typeof v === 'number' ? 'a finite number' : `a ${typeof v}`;
}

function sameType(v: unknown, dflt: unknown): boolean {
  if (Array.isArray(dflt)) return Array.isArray(v) && v.length > 0 && v.every((x) => sameType(x, dflt[0]));
  if (typeof dflt === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeof v === typeof dflt;
}

export function parseStudyConfig<T extends Record<string, Plain>>(json: unknown, file: string, defaults: T, format: string): T {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`expected an object, got ${describeValue(json)}`, file, '$');
  }
  const obj = json as Record<string, unknown>;
  if (obj.format !== format) throw new UsageError(`expected "${format}", got ${describeValue(obj.format)}`, file, '$.format');
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'format') continue;
    if (k === 'comment') {
      if (typeof v !== 'string') throw new UsageError(`expected a string, got ${describeValue(v)}`, file, '$.comment');
      continue;
    }
    if (!(k in defaults)) {
      throw new UsageError(`unknown field "${k}" (allowed: ${Object.keys(defaults).join(', ')})`, file, `$.${k}`);
    }
    const d = (defaults as Record<string, unknown>)[k];
    if (k === 'seed' ? typeof v !== 'number' && typeof v !== 'string' : !sameType(v, d)) {
      throw new UsageError(`expected ${k === 'seed' ? 'an integer or a string' : typeName(d)}, got ${describeValue(v)}`, file, `$.${k}`);
    }
    out[k] = v;
  }
  return out as T;
}

export function loadStudyConfig<T extends Record<string, Plain>>(file: string | undefined, defaults: T, format: string): T {
  return file === undefined ? defaults : parseStudyConfig(readJsonFile(file), file, defaults, format);
}
