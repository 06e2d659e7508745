// Checks on the options as parsed, before a command does any work: yargs accepts a repeated option
// (as an array), a number that is not one (NaN) and an empty value; none of them is usable.

import { UsageError } from '../util/errors.ts';

/** What yargs tells a check about the chosen command's options. */
export interface DeclaredOptions {
  key: Record<string, unknown>;
  array: string[];
  number: string[];
  string: string[];
}

/**
 * Every declared option that takes one value was given at most one well-formed value. `raw` is
 * the command line as typed (to quote the value yargs turned into NaN).
 */
export function checkOptionValues(
  args: Record<string, unknown>,
  declared: DeclaredOptions,
  raw: readonly string[],
): void {
  for (const key of Object.keys(declared.key)) {
    const v = args[key];
    if (v === undefined || declared.array.includes(key)) continue;
    if (Array.isArray(v)) throw new UsageError(`--${key}: given ${v.length} times (${v.join(', ')}); give it once`);
    if (declared.number.includes(key) && Number.isNaN(v)) {
      throw new UsageError(`--${key}: expected a number, got ${JSON.stringify(rawValue(raw, key) ?? '')}`);
    }
    // A positional given as "" is the command's to judge (a file name it cannot find).
    if (declared.string.includes(key) && v === '' && raw.some((a) => a === `--${key}` || a.startsWith(`--${key}=`)))
      throw new UsageError(`--${key}: expected a value, got nothing`);
  }
}

/** The text after --key (as `--key VALUE` or `--key=VALUE`), last occurrence. */
function rawValue(raw: readonly string[], key: string): string | undefined {
  let found: string | undefined;
  raw.forEach((a, i) => {
    if (a === `--${key}`) found = raw[i + 1];
    else if (a.startsWith(`--${key}=`)) found = a.slice(key.length + 3);
  });
  return found;
}

/** The option, when given, is a whole number ≥ min. */
export function wholeNumber(value: number | undefined, option: string, min: number, unit = ''): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${option}: expected a whole number${unit} ≥ ${min}, got ${value}`);
  }
}
