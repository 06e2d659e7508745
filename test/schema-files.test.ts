// The declared formats and what is derived from them: the committed JSON Schema files and reference
// tables must be exactly what `npm run gen:schema` writes, and every shipped input file names its
// schema with "$schema" (which taosim accepts and ignores).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STUDIES } from '../reports/studies/index.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { generatedFiles, regionOf } from '../sim/schema/generate.ts';
import { parseStudyConfig } from '../sim/studies/config.ts';
import { planSweep } from '../sim/sweep/sweep-file.ts';
import { UsageError } from '../sim/util/errors.ts';
import { jsonPath } from '../sim/util/json.ts';

const read = (f: string) => readFileSync(f, 'utf8');
const lineOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  return 'accepted';
};

describe('generated from the declared formats', () => {
  it.each(generatedFiles().map((f) => [f.path, f.region ?? 'whole file', f] as const))(
    '%s (%s) is up to date: run `npm run gen:schema`',
    (path, _region, f) => {
      const committed = read(path);
      expect(f.region === undefined ? committed : regionOf(committed, f.region)).toBe(f.text);
    },
  );

  it('the scenario JSON Schema has every field with its range and default', () => {
    const js = JSON.parse(read('schemas/scenario.schema.json'));
    expect(js.required).toEqual(['format']);
    expect(js.additionalProperties).toBe(false);
    expect(js.properties.subnets.properties.settings.properties.tempo).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 360,
    });
    expect(js.properties.validators.properties.scoreExponent.anyOf).toEqual([
      { type: 'number', minimum: 0.1, maximum: 20 },
      { type: 'string' },
    ]);
  });
});

const shipped = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));

describe('shipped input files name their schema', () => {
  type Case = [string, string, (json: unknown, file: string) => unknown];
  const cases: Case[] = [
    ...shipped('scenarios').map((f): Case => [f, 'schemas/scenario.schema.json', parseScenario]),
    ...shipped('scenarios/what-if').map((f): Case => [f, 'schemas/scenario.schema.json', parseScenario]),
    ...shipped('scenarios/sweeps').map((f): Case => [f, 'schemas/sweep.schema.json', planSweep]),
    ...STUDIES.map(
      (st): Case => [
        `scenarios/studies/${st.name}.json`,
        `schemas/study-${st.name}.schema.json`,
        (j, f) => parseStudyConfig(j, f, st.defaults, st.format),
      ],
    ),
  ];
  it.each(cases)('%s → %s, and it validates', (file, schema, parse) => {
    const json = JSON.parse(read(file));
    expect(resolve(dirname(file), json.$schema)).toBe(resolve(schema));
    expect(existsSync(schema)).toBe(true);
    expect(() => parse(json, file)).not.toThrow();
  });

  it('"$schema" is not part of the resolved scenario or study config', () => {
    const sc = parseScenario(JSON.parse(read('scenarios/default.json')), 'scenarios/default.json');
    expect('$schema' in sc).toBe(false);
    const st = STUDIES[0];
    expect('$schema' in parseStudyConfig({ $schema: 'x', format: st.format }, 'c.json', st.defaults, st.format)).toBe(
      false,
    );
  });
});

describe('one-line errors from the declared formats', () => {
  const small = {
    format: 'taosim-scenario/v1',
    subnets: { count: 2, initialUids: 12, validators: 3 },
    stake: { validators: 4 },
  };
  it.each([
    [{ ...small, validators: { noise: 11 } }, 'f.json: at $.validators.noise: expected a number in [0, 10], got 11'],
    [
      { ...small, validators: { scoreExponent: '2 *' } },
      /^f\.json: at \$\.validators\.scoreExponent: .*expression "2 \*"/,
    ],
    [
      { ...small, validators: { scoreExponent: 50 } },
      'f.json: at $.validators.scoreExponent: expected a number in [0.1, 20], got 50',
    ],
    [
      { ...small, subnets: { ...small.subnets, overrides: [{ netuid: 3 }] } },
      'f.json: at $.subnets.overrides[0].netuid: expected an integer in [1, 2], got 3',
    ],
    [
      { ...small, subnets: { ...small.subnets, overrides: [{ netuid: 1, tempoo: 3 }] } },
      /^f\.json: at \$\.subnets\.overrides\[0\]\.tempoo: unknown field "tempoo" \(allowed: netuid, tempo, /,
    ],
    // An unknown field is named before a bad value inside the same object.
    [{ ...small, pools: { taoSpread: 'x', colour: 1 } }, /^f\.json: at \$\.pools\.colour: unknown field "colour"/],
    [
      { ...small, protocol: { overrides: { taoWeight: '18446744073709551616' } } },
      /taoWeight: expected an amount that fits in u64/,
    ],
    [
      { ...small, market: { taoPriceUsd: { model: 'series' } } },
      /\$\.market\.taoPriceUsd\.file: expected a CSV file of day,price_usd rows for model "series", got nothing/,
    ],
    [{ ...small, $schema: 'anything.json' }, 'accepted'],
  ])('%#', (json, expected) => {
    const line = lineOf(() => parseScenario(json, 'f.json'));
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
  });

  it('JSON paths: identifiers dotted, other keys quoted, indices bracketed', () => {
    expect(jsonPath(['design', 'parameters', 'validators.noise', 0])).toBe(
      '$.design.parameters["validators.noise"][0]',
    );
  });
});
