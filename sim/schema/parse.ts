// Validating user JSON against a declared format, and the one line a user sees when it fails:
// `FILE: at $.path: expected …, got …` or `FILE: at $.path.key: unknown field "key" (allowed: …)`.

import type { z } from 'zod';
import { describeValue, UsageError } from '../util/errors.ts';
import { jsonPath } from '../util/json.ts';

type Path = readonly PropertyKey[];

/** `$.subnets.overrides[0].tempo`, `$.design.parameters["validators.noise"]`. */
function valueAt(json: unknown, path: Path): unknown {
  let v = json;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const startsWith = (path: Path, prefix: Path) => prefix.length <= path.length && prefix.every((k, i) => path[i] === k);

/**
 * The issue a user is told about: the first, in field order, except that an unknown field in an
 * object comes before anything wrong inside that object (zod reports it after the object's fields).
 */
function firstIssue(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  const first = issues[0];
  const unknown = issues
    .filter((i) => i.code === 'unrecognized_keys' && startsWith(first.path, i.path))
    .sort((a, b) => a.path.length - b.path.length);
  return unknown[0] ?? first;
}

/** Phrases for issues whose schema gave none (kept generic; every leaf of our formats gives one). */
function fallbackPhrase(iss: z.core.$ZodRawIssue): string {
  return iss.code === 'invalid_type' ? `a ${iss.expected}` : 'a valid value';
}

/**
 * For a value no option of a union accepts: the problems of the option it most looks like (no
 * wrong type at its root, fewest problems), with their paths from the document root; the union's
 * own issue when no option stands out (e.g. a string where a number or an object is expected).
 */
function closestOption(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const shaped = issue.errors
    .filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0))
    .sort((a, b) => a.length - b.length);
  if (shaped.length === 0 || (shaped.length > 1 && shaped[0].length === shaped[1].length)) return issue;
  const nested = shaped[0].map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as z.core.$ZodIssue);
  return closestOption(firstIssue(nested));
}

export function issueToError(union: z.core.$ZodIssue, json: unknown, file: string): UsageError {
  const issue = closestOption(union);
  if (issue.code === 'unrecognized_keys')
    return new UsageError(issue.message, file, jsonPath([...issue.path, issue.keys[0]]));
  if (issue.code === 'custom' && issue.params?.complete)
    return new UsageError(issue.message, file, jsonPath(issue.path));
  return new UsageError(
    `expected ${issue.message}, got ${describeValue(valueAt(json, issue.path))}`,
    file,
    jsonPath(issue.path),
  );
}

/** The validated value (defaults filled in), or a UsageError naming the file, the path and the problem. */
export function parseWith<S extends z.ZodType>(schema: S, json: unknown, file: string): z.output<S> {
  const res = schema.safeParse(json, { error: fallbackPhrase });
  if (res.success) return res.data;
  throw issueToError(firstIssue(res.error.issues), json, file);
}
