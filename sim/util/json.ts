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

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`not valid JSON: ${(e as Error).message}`, file);
  }
}

/**
 * Stable, readable JSON: objects one key per line (in insertion order), arrays that hold no objects
 * on one line. The same value always gives the same bytes.
 */
export function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (!value.some(containsObject)) return `[${value.map((v) => formatJson(v)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
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
