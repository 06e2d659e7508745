// The sweep file (`taosim-sweep/v1`), declared once: its types, validation, JSON Schema
// (schemas/sweep.schema.json) and the field table of docs/reference/sweep.md come from here.

import { z } from 'zod';
import { bool, expecting, int, obj, refuse, str } from '../schema/fields.ts';

export const SWEEP_FORMAT = 'taosim-sweep/v1';

const VALUE_WHAT = 'a number, string or boolean';
const value = () => {
  const e = expecting(VALUE_WHAT);
  return z.union([z.number(e), z.string(e), z.boolean(e)], e);
};
const VALUES_WHAT = 'a non-empty list of values';
const values = () => z.array(value(), expecting(VALUES_WHAT)).min(1, expecting(VALUES_WHAT));
const anySeed = (what: string) => {
  const e = expecting(what);
  return z.union([z.number(e), z.string(e)], e);
};

/** path → something, with at least one path. */
const byParameter = <T extends z.ZodType>(each: T) =>
  z
    .record(z.string(), each, expecting('an object'))
    .superRefine((p, ctx) => {
      if (Object.keys(p).length === 0) refuse(ctx, 'at least one parameter');
    })
    .describe('scenario field path (validators.noise, subnets.overrides[0].tempo) → values');

const finite = () => z.number(expecting('a finite number'));
/** A random design's range for one parameter: min..max (integers if asked), or a list to draw from. */
const RANGE = obj({
  min: finite().optional().describe('lowest value'),
  max: finite().optional().describe('highest value'),
  integer: bool().default(false).describe('round to integers'),
  values: values().optional().describe('draw from these instead'),
})
  .superRefine((r, ctx) => {
    if (r.values !== undefined) return;
    if (r.min === undefined) return refuse(ctx, 'a finite number', ['min']);
    if (r.max === undefined) return refuse(ctx, 'a finite number', ['max']);
    if (r.max < r.min) refuse(ctx, `a value ≥ min (${r.min})`, ['max']);
  })
  .transform((r): { values: (number | string | boolean)[] } | { min: number; max: number; integer: boolean } =>
    r.values !== undefined ? { values: r.values } : { min: r.min!, max: r.max!, integer: r.integer },
  );
export type Range = z.output<typeof RANGE>;

const sampled = <T extends string>(type: T) =>
  obj({
    type: z.literal(type),
    parameters: byParameter(RANGE),
    samples: int(1, 1_000_000).describe('points to draw'),
    seed: anySeed('an integer or a string').optional().describe('seed of the design stream design/<seed> (default 1)'),
  });

const DESIGN = z
  .discriminatedUnion(
    'type',
    [
      obj({ type: z.literal('grid'), parameters: byParameter(values()) }).describe(
        'grid: the Cartesian product, parameters in sorted path order, the last varying fastest',
      ),
      obj({ type: z.literal('zip'), parameters: byParameter(values()) })
        .superRefine((d, ctx) => {
          const names = Object.keys(d.parameters).sort();
          const len = d.parameters[names[0]].length;
          for (const n of names)
            if (d.parameters[n].length !== len)
              return refuse(ctx, `a list as long as the others (${len}) for a zip design`, ['parameters', n]);
        })
        .describe('zip: lists taken in lockstep; all as long'),
      obj({
        type: z.literal('list'),
        points: z
          .array(
            z.record(z.string(), value(), expecting('a point (an object of parameter values)')),
            expecting('a list of points (objects of parameter values)'),
          )
          .min(1, expecting('at least one point')),
      }).describe('list: exactly these points'),
      sampled('random').describe('random: `samples` uniform draws from the seeded stream design/<seed>'),
      sampled('latin-hypercube').describe('latin-hypercube: `samples` points, one per stratum in every dimension'),
    ],
    {
      error: (iss) =>
        iss.input === null || typeof iss.input !== 'object' || Array.isArray(iss.input)
          ? 'an object'
          : 'one of grid, zip, list, random, latin-hypercube',
    },
  )
  .describe('which points to run');
export type Design = z.output<typeof DESIGN>;

const REPLICATES_WHAT = 'a count or a list of seeds';
export const SWEEP_SCHEMA = obj({
  $schema: str().optional().describe('the JSON Schema editors check this file against (ignored by taosim)'),
  format: z.literal(SWEEP_FORMAT, expecting(`"${SWEEP_FORMAT}"`)).describe('the format and its version'),
  name: z
    .string(expecting('a name of letters, digits, "-", "_", "."'))
    .regex(/^[\w.-]+$/, expecting('a name of letters, digits, "-", "_", "."'))
    .default('sweep')
    .describe('letters, digits, -, _, .; names the default output directory results/sweep-<name>'),
  scenario: z
    .union(
      [z.string(), z.record(z.string(), z.unknown())],
      expecting('a scenario file path (relative to the sweep file) or an inline scenario'),
    )
    .describe('the base scenario: a file path relative to the sweep file, or an inline scenario'),
  design: DESIGN,
  replicates: z
    .union(
      [
        int(1, 100_000),
        z
          .array(anySeed('a seed (integer or string)'), expecting(REPLICATES_WHAT))
          .min(1, expecting('a count or a non-empty list of seeds')),
      ],
      expecting(REPLICATES_WHAT),
    )
    .default(1)
    .describe('a count n (seeds "<seed>/1" … "<seed>/n"; with n = 1 the seed itself) or a list of seeds'),
  seed: anySeed('an integer or a string')
    .default(1)
    .describe("base seed; each run's seed replaces the scenario's seed"),
});
