// Small, strict readers for user JSON. Each takes the value and its JSON path, and either returns
// the typed value or throws a UsageError saying what was expected and what was found.

import { describeValue, UsageError } from './errors.ts';

export class Reader {
  constructor(readonly file: string) {}

  fail(path: string, expected: string, got: unknown): never {
    throw new UsageError(`expected ${expected}, got ${describeValue(got)}`, this.file, path);
  }

  object(v: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'an object', v);
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        throw new UsageError(`unknown field "${key}" (allowed: ${allowed.join(', ')})`, this.file, `${path}.${key}`);
      }
    }
    return obj;
  }

  array(v: unknown, path: string, what = 'an array'): unknown[] {
    if (!Array.isArray(v)) this.fail(path, what, v);
    return v as unknown[];
  }

  boolean(v: unknown, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'true or false', v);
    return v as boolean;
  }

  /** An integer in [min, max]. */
  int(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, `an integer in [${min}, ${max}]`, v);
    }
    return v as number;
  }

  /** A RAO amount: a decimal string of digits, or a safe non-negative JSON integer; max u64. */
  amount(v: unknown, path: string): bigint {
    const expected = 'a non-negative integer amount in RAO (a decimal string, or a safe JSON integer)';
    let x: bigint;
    if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) x = BigInt(v);
    else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) x = BigInt(v);
    else this.fail(path, expected, v);
    if (x > 18446744073709551615n) this.fail(path, 'an amount that fits in u64 (at most 18446744073709551615)', v);
    return x;
  }
}
