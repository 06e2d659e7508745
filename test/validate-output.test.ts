// `taosim validate`: a readable one-line summary (durations in days or blocks, never
// 0.20833333333333334 days); impossible start dates are refused like other bad values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBlocks } from '../sim/cli/duration.ts';
import { taosim } from './helpers/cli.ts';

describe('durations', () => {
  it('whole days as days; otherwise the block count with days to two decimals', () => {
    expect(formatBlocks(216_000)).toBe('30 days');
    expect(formatBlocks(7200)).toBe('1 day');
    expect(formatBlocks(1500)).toBe('1500 blocks (0.21 days)');
    expect(formatBlocks(7201)).toBe('7201 blocks (1.00 days)');
    expect(formatBlocks(36)).toBe('36 blocks (0.005 days)');
    expect(formatBlocks(1)).toBe('1 block (0.0001 days)');
  });
});

describe('taosim validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-validate-'));
  const file = (name: string, extra: Record<string, unknown>) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify({ format: 'taosim-scenario/v1', name: 'smoke', subnets: { count: 2 }, ...extra }));
    return f;
  };

  it('a 1500-block scenario: "1500 blocks (0.21 days)"', () => {
    const f = file('smoke.json', { duration: { blocks: 1500 } });
    const r = taosim(['validate', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `${f}: valid scenario "smoke": 2 subnets, 1500 blocks (0.21 days), protocol preset current, seed 1\n`,
    );
  }, 300_000);

  it('start.date 2025-02-30 is refused, not rolled over to 2 March', () => {
    const f = file('feb30.json', { start: { date: '2025-02-30' } });
    const r = taosim(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`taosim: error: ${f}: at $.start.date: expected a date YYYY-MM-DD, got "2025-02-30"\n`);
  }, 300_000);
});
