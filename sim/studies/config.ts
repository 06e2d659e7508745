// Study configuration files: every field optional, each of the type of the study's default (arrays
// non-empty, numbers finite; `seed` an integer or a string). The format is declared by the study's
// defaults: `studyConfigSchema` derives the validating schema (and schemas/study-<name>.schema.json)
// from them, so a new field in a study's defaults is a new field of its config file. "comment" (a
// string, for notes on the grid) is accepted and is not part of the configuration.

import { z } from 'zod';
import { expecting, obj, str } from '../schema/fields.ts';
import { parseWith } from '../schema/parse.ts';
import { readJsonFile } from '../util/json.ts';

type Plain = number | string | boolean | number[] | boolean[] | string[];

function scalar(example: unknown) {
  if (typeof example === 'number') return z.number(expecting('a finite number'));
  if (typeof example === 'boolean') return z.boolean(expecting('a boolean'));
  return z.string(expecting('a string'));
}

function field(key: string, dflt: Plain): z.ZodType {
  if (key === 'seed') {
    const e = expecting('an integer or a string');
    return z.union([z.number(e), z.string(e)], e).default(dflt as never);
  }
  if (!Array.isArray(dflt)) return (scalar(dflt) as z.ZodType).default(dflt as never);
  const e = expecting(`a non-empty array of ${typeof dflt[0]}s`);
  return z
    .array(scalar(dflt[0]), e)
    .min(1, e)
    .default(dflt as never);
}

export function studyConfigSchema(defaults: Record<string, Plain>, format: string) {
  return obj({
    $schema: str().optional().describe('the JSON Schema editors check this file against (ignored by taosim)'),
    format: z.literal(format, expecting(`"${format}"`)),
    comment: str().optional().describe('notes on the grid (ignored by taosim)'),
    ...Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, field(k, d)])),
  });
}

export function parseStudyConfig<T extends Record<string, Plain>>(
  json: unknown,
  file: string,
  defaults: T,
  format: string,
): T {
  const {
    $schema: _schema,
    format: _format,
    comment: _comment,
    ...config
  } = parseWith(studyConfigSchema(defaults, format), json, file);
  return config as T;
}

export function loadStudyConfig<T extends Record<string, Plain>>(
  file: string | undefined,
  defaults: T,
  format: string,
): T {
  return file === undefined ? defaults : parseStudyConfig(readJsonFile(file), file, defaults, format);
}
