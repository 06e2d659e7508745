// Reading user JSON with errors that name the file, and writing JSON in one stable layout.

import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';

/** Read and parse a JSON file; a missing file or a syntax error is a UsageError naming it. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? e})`, file);
  }
  return parseJson(text, file);
}

/**
 * Parse JSON a user handed in. Stricter than JSON.parse in one way and kinder in one: a key repeated
 * in one object is refused with its JSON path (JSON.parse silently keeps the last value, so a
 * scenario would say one thing and run another), and a UTF-8 byte-order mark (which some editors
 * write) is skipped. Values are JSON.parse's own, so numbers and strings read exactly as before.
 */
export function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new UsageError(`not valid JSON: ${withLineColumn((e as Error).message, body)}`, file);
  }
  const dup = findDuplicateKey(body);
  if (dup) {
    const { line, column } = lineColumn(body, dup.offset);
    throw new UsageError(
      `duplicate key ${JSON.stringify(dup.key)} (line ${line} column ${column}); each key may appear once per object`,
      file,
      dup.path,
    );
  }
  return value;
}

/** A syntax error's "at position N" with its line and column (Node 20 gives only the position). */
function withLineColumn(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m || /\bline\b/.test(message)) return message;
  const { line, column } = lineColumn(text, Number(m[1]));
  return `${message} (line ${line} column ${column})`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** One open object or array while scanning: its keys so far, or the index of its current element. */
interface Frame {
  keys: Set<string> | null;
  /** The object's current key, or the array's current index (for paths). */
  at: string | number;
  expectingKey: boolean;
}

/**
 * The first key that repeats within one object of `text` (which must be valid JSON), with the JSON
 * path of that object (`$.subnets`, `$.overrides[2]`) and the offset of the repeated key; null if none.
 * Only structure is tracked: strings are skipped in one indexOf per quote, and a key is decoded only
 * when it has an escape (so `"a"` and `"\u0061"` are the same key, as in JSON.parse).
 */
export function findDuplicateKey(text: string): { key: string; path: string; offset: number } | null {
  const stack: Frame[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      // The closing quote is the next one not escaped (preceded by an even run of backslashes).
      for (;;) {
        i = text.indexOf('"', i + 1);
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top?.expectingKey) {
        const raw = text.slice(start + 1, i);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(start, i + 1)) as string) : raw;
        if (top.keys!.has(key)) return { key, path: pathOf(stack.slice(0, -1)), offset: start };
        top.keys!.add(key);
        top.at = key;
        top.expectingKey = false;
      }
    } else if (c === 0x7b /* { */) stack.push({ keys: new Set(), at: '', expectingKey: true });
    else if (c === 0x5b /* [ */) stack.push({ keys: null, at: 0, expectingKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top.keys) top.expectingKey = true;
      else (top.at as number)++;
    }
  }
  return null;
}

/** `$.a.b[3]["odd key"]` for the frames' current keys and indices. */
function pathOf(frames: Frame[]): string {
  return jsonPath(frames.map((f) => f.at));
}

/** A JSON path as errors name it: `$.a.b[2]["odd key"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((k) =>
      typeof k === 'number'
        ? `[${k}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(k))
          ? `.${String(k)}`
          : `[${JSON.stringify(String(k))}]`,
    )
    .reduce((a, b) => a + b, '$');
}

/**
 * Stable, readable JSON: objects one key per line (in insertion order), arrays that hold no objects
 * on one line. The same value always gives the same bytes.
 */
export function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.some(containsObject)) return `[${value.map((v) => formatJson(v)).join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as JSON`);
  return JSON.stringify(value);
}

function containsObject(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(containsObject);
  return v !== null && typeof v === 'object';
}
