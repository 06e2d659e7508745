// Building blocks for the declared input formats (scenario, sweep, study configs), on zod 4. Each
// leaf carries the phrase a user sees when a value is wrong ("an integer in [1, 65535]"); `parseWith`
// (./parse.ts) turns the first problem into the one line `FILE: at $.path: expected …, got …`.
// Why zod rather than TypeBox + ajv: docs/explanation/input-formats.md.

import { z } from 'zod';
import { UsageError } from '../util/errors.ts';
import { compileExpression } from '../util/expression.ts';

/** The error option of a schema whose failures all read "expected <what>, got <value>". */
export const expecting = (what: string) => ({ error: () => what });

export const int = (min: number, max: number) => {
  const e = expecting(`an integer in [${min}, ${max}]`);
  return z.number(e).int(e).min(min, e).max(max, e);
};

export const num = (min: number, max: number, what = `a number in [${min}, ${max}]`) => {
  const e = expecting(what);
  return z.number(e).min(min, e).max(max, e);
};

/**
 * An integer whose bounds depend on other fields: passed through here and checked after parsing,
 * where the bounds are known (so the message names them); `min`/`max` are what JSON Schema can say.
 */
export const boundedLater = (min: number, max: number) =>
  z.custom<number>(() => true).meta({ type: 'integer', minimum: min, maximum: max });

export const bool = () => z.boolean(expecting('true or false'));
export const str = () => z.string(expecting('a string'));

/** `"a" or "b"`, `"a", "b" or "c"`. */
export function quotedChoice(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`);
  return q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what = quotedChoice(values)) =>
  z.enum(values, expecting(what));

/** A seed: an integer or a string. */
export const seed = () => {
  const e = expecting('an integer or a string');
  return z.union([z.number(e).int(e), z.string(e)], e);
};

/** An object with exactly these fields (all others refused, naming the allowed ones). */
export function obj<S extends z.core.$ZodLooseShape>(shape: S) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `unknown field "${iss.keys[0]}" (allowed: ${allowed})` : 'an object',
  });
}

/** An optional section: absent means every field at its default. */
export const section = <S extends z.core.$ZodLooseShape>(shape: S) => obj(shape).prefault({} as never); // every field of a section is optional

/** A number in [min, max], or a mathjs expression of `vars` (checked now, evaluated during the run). */
export function numOrExpr(min: number, max: number, vars: readonly string[]) {
  const e = expecting(`a number in [${min}, ${max}]`);
  return z.union([z.number(e).min(min, e).max(max, e), z.string(e)], e).superRefine((v, ctx) => {
    if (typeof v !== 'string') return;
    try {
      compileExpression(v, vars, '', '');
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      ctx.addIssue({ code: 'custom', message: e.message, params: { complete: true } });
    }
  });
}

/** Adds an issue to `ctx` reading "expected <what>, got <the value at path>". */
export function refuse(ctx: z.RefinementCtx, what: string, path: (string | number)[] = []): void {
  ctx.addIssue({ code: 'custom', message: what, path });
}
