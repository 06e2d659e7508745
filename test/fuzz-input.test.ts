// Bad input, tried systematically: seeded mutations of valid scenario, sweep and epoch-trace files.
// Every mutant must either be accepted or be refused with a UsageError whose message is one line
// naming the file (and, for a field, its JSON path): never another exception, never a hang.
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { STUDIES } from '../reports/studies/index.ts';
import { advanceRun, startRun } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { parseStudyConfig } from '../sim/studies/config.ts';
import { planSweep } from '../sim/sweep/sweep-file.ts';
import { parseEpochTrace } from '../sim/trace/epochs-trace.ts';
import { UsageError } from '../sim/util/errors.ts';
import { parseJson } from '../sim/util/json.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const BAD_VALUES: Json[] = [
  null,
  true,
  'NaN',
  '',
  'x'.repeat(300),
  -1,
  0,
  1.5,
  -1e308,
  1e308,
  2 ** 64,
  [],
  {},
  [1, 'a', null],
  { unknown: 1 },
];

function paths(doc: Json, at: Path = []): Path[] {
  if (doc === null || typeof doc !== 'object') return [at];
  const kids = Array.isArray(doc)
    ? doc.map((v, i) => paths(v, [...at, i]))
    : Object.entries(doc).map(([k, v]) => paths(v, [...at, k]));
  return [at, ...kids.flat()];
}

function edit(doc: Json, path: Path, f: (parent: Json[] | { [k: string]: Json }, key: string | number) => void): Json {
  const copy = structuredClone(doc);
  if (path.length === 0) return copy;
  let parent = copy as Json[] | { [k: string]: Json };
  for (const k of path.slice(0, -1))
    parent = (parent as Record<string | number, Json>)[k] as Json[] | { [k: string]: Json };
  f(parent, path[path.length - 1]);
  return copy;
}

/** One mutation of `doc`, as JSON text (some mutations work on the text itself). */
function mutate(doc: Json, rng: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const path = pick(paths(doc));
  const kind = Math.floor(rng() * 7);
  const text = JSON.stringify(doc);
  switch (kind) {
    case 0: // wrong type or out-of-range value
      return JSON.stringify(
        path.length
          ? edit(doc, path, (p, k) => ((p as Record<string | number, Json>)[k] = pick(BAD_VALUES)))
          : pick(BAD_VALUES),
      );
    case 1: // a missing field
      return JSON.stringify(edit(doc, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])));
    case 2: // an unknown field next to it
      return JSON.stringify(
        edit(doc, path, (p) => (!Array.isArray(p) ? (p.unexpectedField = 1) : p.push({ unexpectedField: 1 }))),
      );
    case 3: // deep nesting in place of a value
      return JSON.stringify(
        edit(
          doc,
          path,
          (p, k) => ((p as Record<string | number, Json>)[k] = JSON.parse('['.repeat(500) + ']'.repeat(500))),
        ),
      );
    case 4: // truncated text
      return text.slice(0, Math.floor(rng() * text.length));
    case 5: // a duplicated key (refused, with its path)
      return text.replace(/^\{/, '{"format":"taosim-none",');
    default: // a big count where a count is expected
      return JSON.stringify(
        edit(
          doc,
          path,
          (p, k) =>
            ((p as Record<string | number, Json>)[k] =
              typeof (p as Record<string | number, Json>)[k] === 'number' ? 1e9 : 'unknown-model'),
        ),
      );
  }
}

/** Parse a mutant; return null when accepted, else the one-line message. Anything else fails the test. */
function verdict(text: string, file: string, parse: (json: unknown, file: string) => unknown): string | null {
  try {
    parse(parseJson(text, file), file);
    return null;
  } catch (e) {
    if (!(e instanceof UsageError))
      throw new Error(`mutant of ${file} crashed with ${(e as Error).stack}\n--- input:\n${text.slice(0, 2000)}`);
    const line = e.format();
    expect(line.includes('\n'), line).toBe(false);
    expect(line.startsWith(file), line).toBe(true);
    return line;
  }
}

const CASES: [string, string, (json: unknown, file: string) => unknown][] = [
  ['scenarios', 'scenarios/default.json', parseScenario],
  ['scenarios', 'scenarios/oct-2023.json', parseScenario],
  ['sweeps', 'scenarios/sweeps/smoke.json', planSweep],
  ['traces', 'scenarios/traces/two-validators.json', parseEpochTrace],
];

const STUDY_CASES: [string, string, (json: unknown, file: string) => unknown][] = STUDIES.map((st) => [
  st.name,
  `scenarios/studies/${st.name}.json`,
  (json: unknown, file: string) => parseStudyConfig(json, file, st.defaults, st.format),
]);

describe('fuzzed input files', () => {
  it.each(CASES)('%s: 1000 mutants of %s are each accepted or refused in one line', (_kind, file, parse) => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const rng = seedrandom.alea(`fuzz/${file}`);
    let refused = 0;
    for (let k = 0; k < 1000; k++) if (verdict(mutate(doc, rng), file, parse) !== null) refused++;
    // Most mutations are mistakes a parser must catch; a parser that accepts everything fails here.
    expect(refused).toBeGreaterThan(500);
  });

  it.each(STUDY_CASES)(
    'study %s: 300 mutants of its config are each accepted or refused in one line',
    (_name, file, parse) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
      const rng = seedrandom.alea(`fuzz/${file}`);
      let refused = 0;
      for (let k = 0; k < 300; k++) if (verdict(mutate(doc, rng), file, parse) !== null) refused++;
      expect(refused).toBeGreaterThan(100);
    },
  );

  it('accepted mutants of a small scenario run: they start and step without crashing, or stop with a one-line UsageError', () => {
    const file = 'small.json';
    const doc: Json = {
      format: 'taosim-scenario/v1',
      duration: { blocks: 400 },
      subnets: { count: 2, initialUids: 12, validators: 3, registrationsPerDay: 20 },
      stake: { validators: 4 },
      validators: { noise: 0.2, copiers: 1 },
      miners: { model: 'economic', arrivalsPerSubnetPerDay: 50 },
      market: { stakeFlowTaoPerDay: 100, taoPriceUsd: { model: 'gbm', start: 300, volatility: 0.4 } },
    };
    const rng = seedrandom.alea('fuzz/run');
    let ran = 0;
    for (let k = 0; k < 300; k++) {
      const text = mutate(doc, rng);
      let sc;
      try {
        sc = parseScenario(parseJson(text, file), file);
      } catch (e) {
        if (e instanceof UsageError) continue;
        throw e;
      }
      // Accepted: it must run. Huge accepted sizes (a mutant's 1e9 where a count was) are legal but
      // slow, so each runs at most its first 300 blocks, of a network of at most 64 × 256 uids.
      if (sc.subnets.count * sc.subnets.settings.maxUids > 64 * 256) continue;
      try {
        const run = startRun(sc, 1);
        advanceRun(run, run.sim.now + 300);
        ran++;
      } catch (e) {
        if (!(e instanceof UsageError))
          throw new Error(`accepted mutant crashed while running: ${(e as Error).stack}\n--- input:\n${text}`);
        expect(e.format().includes('\n')).toBe(false);
      }
    }
    expect(ran).toBeGreaterThan(50);
  }, 120_000);
});
