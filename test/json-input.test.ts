// User JSON (scenarios, sweeps, study configs, epoch traces): a key repeated in one object is refused
// with its JSON path (JSON.parse would silently keep the last value), a UTF-8 byte-order mark is
// skipped, syntax errors say where, and values read exactly as JSON.parse reads them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { findDuplicateKey, parseJson, readJsonFile } from '../sim/util/json.ts';
import { taosim } from './helpers/cli.ts';

/** The one line a UsageError shows, or null when the text is accepted. */
function refusal(text: string, file = 'f.json'): string | null {
  try {
    parseJson(text, file);
    return null;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return e.format();
  }
}

describe('duplicate keys', () => {
  it('are refused with the JSON path of the object that repeats one', () => {
    expect(refusal('{"a": 1, "a": 2}')).toBe(
      'f.json: at $: duplicate key "a" (line 1 column 10); each key may appear once per object',
    );
    expect(refusal('{"subnets": {"count": 1,\n  "count": 2}}')).toBe(
      'f.json: at $.subnets: duplicate key "count" (line 2 column 3); each key may appear once per object',
    );
    expect(refusal('{"x": [{"a": 1}, {"b": [1, 2], "a": 1, "b": 3}]}')).toMatch(
      /^f\.json: at \$\.x\[1\]: duplicate key "b" /,
    );
    expect(refusal('{"a b": {"c": [0, [], {"d": 1, "d": 1}]}}')).toMatch(
      /^f\.json: at \$\["a b"\]\.c\[2\]: duplicate key "d" /,
    );
  });

  it('compare keys as JSON.parse decodes them', () => {
    expect(refusal('{"a": 1, "\\u0061": 2}')).toMatch(/duplicate key "a"/);
    expect(refusal('{"a\\"b": 1, "a\\\\": 2, "a\\\\\\"b": 3}')).toBeNull(); // a"b, a\, a\"b
    expect(findDuplicateKey('{"q\\\\": {"z": 1}, "q\\u005c": 2}')).toEqual({ key: 'q\\', path: '$', offset: 18 });
  });

  it('are only duplicates within one object; strings holding braces, commas and quotes do not confuse the scan', () => {
    expect(refusal('{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}')).toBeNull();
    expect(refusal('{"a": "}{,\\"a\\":", "b": [",", "]", {"a": "{"}], "c": "\\\\"}')).toBeNull();
    expect(refusal('{"a": "}{,\\"a\\":", "b": 1, "a": 2}')).toMatch(/^f\.json: at \$: duplicate key "a"/);
  });

  it('in a scenario file: the CLI refuses it in one line naming file and path (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-json-'));
    const file = join(dir, 'dup.json');
    writeFileSync(
      file,
      readFileSync('scenarios/mid-2025.json', 'utf8').replace('"count": 64,', '"count": 64, "count": 2,'),
    );
    expect(() => loadScenario(file)).toThrow(UsageError);
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"count": 2')) + 1;
    const r = taosim(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `taosim: error: ${file}: at $.subnets: duplicate key "count" (line ${line} column 18); each key may appear once per object`,
    );
  });
});

describe('byte-order mark', () => {
  it('is skipped: a scenario saved with one loads like the same file without', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-json-'));
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${readFileSync('scenarios/mid-2025.json', 'utf8')}`);
    expect(loadScenario(file)).toEqual(loadScenario('scenarios/mid-2025.json'));
    expect(parseJson('\uFEFF[1]', 'f.json')).toEqual([1]);
  });

  it('only at the start: anywhere else it is still an error', () => {
    expect(refusal('[1, \uFEFF2]')).toMatch(/^f\.json: not valid JSON: /);
  });
});

describe('syntax errors and values', () => {
  it('say where, with line and column', () => {
    expect(refusal('{\n  "a": 1,\n}')).toMatch(/^f\.json: not valid JSON: .*position 12.*line 3 column 1/);
    expect(refusal('{"a": 1')).toMatch(/^f\.json: not valid JSON: .*line 1 column 8/);
    expect(refusal('')).toBe('f.json: not valid JSON: Unexpected end of JSON input');
  });

  it('read numbers and strings exactly as JSON.parse does', () => {
    const text =
      '{"n": [0.1, 1e308, -0, 123456789012345678901234567890, 5e-324, 2.5e-7], "s": "\\u00e9\\ud83d\\ude00\\n", "t": true, "z": null}';
    const v = parseJson(text, 'f.json');
    expect(v).toEqual(JSON.parse(text));
    expect(Object.is((v as { n: number[] }).n[2], -0)).toBe(true);
  });

  it('a missing file is one line', () => {
    expect(() => readJsonFile('/nonexistent/x.json')).toThrow('file not found');
  });

  it('scan a 4 MB document about as fast as JSON.parse (no quadratic step)', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => ({
      id: i,
      name: `row "${i}" \\ {x}`,
      values: [i, i / 3, -i],
      nested: { a: 1, b: [true, null] },
    }));
    const text = JSON.stringify({ rows });
    expect(text.length).toBeGreaterThan(4_000_000);
    // Timed against JSON.parse on the same text, so a busy machine slows both alike.
    let t0 = performance.now();
    JSON.parse(text);
    const parse = performance.now() - t0;
    t0 = performance.now();
    expect(findDuplicateKey(text)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(10 * parse + 100);
    const dup = `${text.slice(0, -1)},"rows":[]}`;
    expect(findDuplicateKey(dup)?.path).toBe('$');
  });
});
