// Everything derived from the declared formats that lives in the repository: one JSON Schema file
// per format (schemas/, used by editors through the files' "$schema") and the field tables of
// docs/reference/scenario.md and sweep.md. `npm run gen:schema` writes them;
// test/schema-files.test.ts fails when a committed file differs from what this produces.

import { z } from 'zod';
import { STUDIES } from '../../reports/studies/index.ts';
import { SCENARIO_SCHEMA } from '../scenario/schema.ts';
import { STATE_SCHEMA } from '../state/schema.ts';
import { studyConfigSchema } from '../studies/config.ts';
import { SWEEP_SCHEMA } from '../sweep/sweep-schema.ts';

type Json = { [k: string]: unknown };

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  /** The whole file, or (docs) the text between the file's generated-region markers. */
  text: string;
  region?: string;
}

function jsonSchema(schema: z.ZodType, title: string): Json {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return { $schema: js.$schema, title, ...js };
}

export function scenarioJsonSchema(): Json {
  return jsonSchema(SCENARIO_SCHEMA, 'taosim scenario (taosim-scenario/v1)');
}

export function stateJsonSchema(): Json {
  return jsonSchema(STATE_SCHEMA, 'taosim chain state (taosim-state/v1)');
}

export function sweepJsonSchema(): Json {
  const js = jsonSchema(SWEEP_SCHEMA, 'taosim sweep (taosim-sweep/v1)');
  const props = js.properties as Json;
  // An inline base scenario is checked against the scenario schema.
  props.scenario = { ...(props.scenario as Json), anyOf: [{ type: 'string' }, { $ref: 'scenario.schema.json' }] };
  return js;
}

const fmt = (v: unknown) => JSON.stringify(v);

/** What a field accepts, in words. */
function typeText(s: Json): string {
  if (s.const !== undefined) return fmt(s.const);
  if (typeof s.$ref === 'string') return `an inline scenario (${s.$ref})`;
  if (Array.isArray(s.enum)) return s.enum.map(fmt).join(' \\| ');
  if (Array.isArray(s.anyOf)) {
    const kinds = (s.anyOf as Json[]).map((a) =>
      a.type === 'string' && Array.isArray(s.anyOf) && (s.anyOf as Json[]).some((b) => b.type === 'number')
        ? 'an expression of time'
        : typeText(a),
    );
    return kinds.join(' or ');
  }
  const bounded = (x: unknown) => x !== undefined && Math.abs(x as number) !== Number.MAX_SAFE_INTEGER;
  const range =
    bounded(s.minimum) && bounded(s.maximum)
      ? ` in [${s.minimum}, ${s.maximum}]`
      : bounded(s.minimum)
        ? ` ≥ ${s.minimum}`
        : '';
  switch (s.type) {
    case 'integer':
      return `integer${range}`;
    case 'number':
      return `number${range}`;
    case 'array':
      return `list of ${objectOf(s.items as Json) ? 'objects' : typeText(s.items as Json)}${s.minItems ? ' (non-empty)' : ''}`;
    case 'object':
      return s.properties
        ? `object: ${Object.keys(s.properties as Json)
            .map((k) => `\`${k}\``)
            .join(', ')}`
        : 'object';
    case 'null':
      return 'null';
    case 'string':
      return s.pattern ? `string matching \`${s.pattern}\`` : 'string';
    default:
      return Array.isArray(s.type) ? s.type.join(' or ') : String(s.type);
  }
}

const objectOf = (s: Json): Json | undefined =>
  s.type === 'object' && s.properties
    ? s
    : Array.isArray(s.anyOf)
      ? (s.anyOf as Json[]).find((a) => a.type === 'object' && a.properties)
      : undefined;

/** One table row per field, sections flattened into dotted paths (`subnets.settings.tempo`). */
export function fieldRows(schema: Json, prefix = ''): string[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, Json>).flatMap(([key, s]) => {
    if (key === '$schema') return [];
    const path = prefix + key;
    const section = objectOf(s);
    const dflt = required.has(key)
      ? 'required'
      : s.default === undefined || (section && s.default !== null)
        ? ''
        : `\`${fmt(s.default)}\``;
    const what = (s.description as string | undefined) ?? '';
    if (section) {
      const head =
        what || s.default === null
          ? [`| \`${path}\` | ${s.default === null ? 'object or null' : 'object'} | ${dflt} | ${what} |`]
          : [];
      return [...head, ...fieldRows(section, `${path}.`)];
    }
    return [`| \`${path}\` | ${typeText(s)} | ${dflt} | ${what} |`];
  });
}

/** A fixed-point field of the state format: `{ "<TYPE>": bits }`. */
const fixedType = (s: Json): string | undefined => {
  const props = s.properties as Json | undefined;
  const keys = props ? Object.keys(props) : [];
  return s.type === 'object' && keys.length === 1 && /^[IU]\d+F\d+$/.test(keys[0]) ? keys[0] : undefined;
};

/**
 * The state format's rows: like fieldRows, and also into lists of objects (`subnets[].netuid`) and
 * maps (`neurons.N[].uid`), with fixed-point fields as one row.
 */
export function stateRows(schema: Json, prefix = ''): string[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, Json>).flatMap(([key, s]) => {
    if (key === '$schema') return [];
    const path = prefix + key;
    const need = required.has(key) ? 'required' : '';
    const what = (s.description as string | undefined) ?? '';
    const fx = fixedType(s);
    if (fx) return [`| \`${path}\` | \`{ "${fx}": "bits" }\` | ${need} | ${what} |`];
    const u64 = Array.isArray(s.anyOf) && (s.anyOf as Json[]).some((a) => a.pattern === '^[0-9]{1,20}$');
    if (u64) return [`| \`${path}\` | u64 as a decimal string | ${need} | ${what} |`];
    if (s.type === 'array' && (s.items as Json).prefixItems)
      return [`| \`${path}\` | list of [uid, value] pairs | ${need} | ${what} |`];
    const items = s.type === 'array' ? (s.items as Json) : undefined;
    const mapped = s.type === 'object' && !s.properties ? (s.additionalProperties as Json | undefined) : undefined;
    const inner = mapped?.type === 'array' ? (mapped.items as Json) : undefined;
    const element = items?.properties ? items : inner?.properties ? inner : undefined;
    const section = s.type === 'object' && s.properties ? s : undefined;
    if (element) {
      const head = `| \`${path}\` | ${mapped ? 'object of lists of objects' : 'list of objects'} | ${need} | ${what} |`;
      return [head, ...stateRows(element, `${path}${mapped ? '.N' : ''}[].`)];
    }
    if (section) return [`| \`${path}\` | object | ${need} | ${what} |`, ...stateRows(section, `${path}.`)];
    return [`| \`${path}\` | ${typeText(s)} | ${need} | ${what} |`];
  });
}

const TABLE_HEAD = ['| field | accepts | default | meaning |', '| --- | --- | --- | --- |'];

function designRows(sweep: Json): string[] {
  const design = (sweep.properties as Json).design as Json;
  return (design.oneOf as Json[]).map((d) => {
    const props = d.properties as Record<string, Json>;
    const fields = Object.entries(props)
      .filter(([k]) => k !== 'type')
      .map(
        ([k, s]) =>
          `\`${k}\`${(d.required as string[]).includes(k) ? '' : '?'}: ${k === 'parameters' ? `{ path: ${typeText(s.additionalProperties as Json)} }` : typeText(s)}`,
      );
    return `| \`${fmt(props.type.const)}\` | ${fields.join('; ')} | ${(d.description as string).replace(/^[\w-]+: /, '')} |`;
  });
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function generatedFiles(): GeneratedFile[] {
  const scenario = scenarioJsonSchema();
  const sweep = sweepJsonSchema();
  const state = stateJsonSchema();
  const design = { type: 'object', description: 'which points to run (Designs, below)' };
  const sweepTop = { ...sweep, properties: { ...(sweep.properties as Json), design } };
  return [
    { path: 'schemas/scenario.schema.json', text: json(scenario) },
    { path: 'schemas/sweep.schema.json', text: json(sweep) },
    { path: 'schemas/state.schema.json', text: json(state) },
    ...STUDIES.map((st) => ({
      path: `schemas/study-${st.name}.schema.json`,
      text: json(jsonSchema(studyConfigSchema(st.defaults, st.format), `taosim study config (${st.format})`)),
    })),
    { path: 'docs/reference/scenario.md', region: 'fields', text: [...TABLE_HEAD, ...fieldRows(scenario)].join('\n') },
    { path: 'docs/reference/sweep.md', region: 'fields', text: [...TABLE_HEAD, ...fieldRows(sweepTop)].join('\n') },
    {
      path: 'docs/reference/state.md',
      region: 'fields',
      text: [
        '| field | accepts | required | meaning (chain storage) |',
        '| --- | --- | --- | --- |',
        ...stateRows(state),
      ].join('\n'),
    },
    {
      path: 'docs/reference/sweep.md',
      region: 'designs',
      text: ['| `type` | fields | points |', '| --- | --- | --- |', ...designRows(sweep)].join('\n'),
    },
  ];
}

const marker = (region: string, end: boolean) =>
  end
    ? `<!-- end of generated ${region} -->`
    : `<!-- generated ${region}: from the format's declaration by \`npm run gen:schema\`; do not edit by hand -->`;

/** The text between a document's markers for `region`, or null when it has none. */
export function regionOf(doc: string, region: string): string | null {
  const a = doc.indexOf(marker(region, false));
  const b = doc.indexOf(marker(region, true));
  return a < 0 || b < a ? null : doc.slice(a + marker(region, false).length + 1, b - 1);
}

export function withRegion(doc: string, region: string, text: string): string {
  const a = doc.indexOf(marker(region, false));
  const b = doc.indexOf(marker(region, true));
  if (a < 0 || b < a) throw new Error(`no generated-region markers for "${region}"`);
  return `${doc.slice(0, a + marker(region, false).length)}\n${text}\n${doc.slice(b)}`;
}
