// `taosim halvings` input: impossible dates are refused; amounts are TAO (as in scenario files),
// converted to RAO exactly, with an explicit rao suffix for RAO.
import { describe, expect, it } from 'vitest';
import { formatTao, parseTaoAmount } from '../sim/util/amount.ts';
import { parseIsoDate } from '../sim/util/date.ts';
import { taosim } from './helpers/cli.ts';

describe('TAO amounts', () => {
  it('TAO with up to 9 decimals converts to RAO exactly; rao and tao suffixes', () => {
    expect(parseTaoAmount('12000000')).toBe(12_000_000_000_000_000n);
    expect(parseTaoAmount('12000000tao')).toBe(12_000_000_000_000_000n);
    expect(parseTaoAmount('12000000000000000rao')).toBe(12_000_000_000_000_000n);
    expect(parseTaoAmount('11999999.123456789')).toBe(11_999_999_123_456_789n); // 0.1 + 0.2 would not survive floats
    expect(parseTaoAmount('0.000000001')).toBe(1n);
    expect(parseTaoAmount('20999999.999999999TAO')).toBe(20_999_999_999_999_999n);
    for (const bad of ['', '-5', '1.5e16', '0.0000000001', '1.', '.5', '12 000', '1.5rao', 'tao'])
      expect(parseTaoAmount(bad), bad).toBeNull();
    expect(formatTao(11_999_999_000_000_001n)).toBe('11999999.000000001');
  });
  it('calendar dates: impossible days are refused, not rolled over', () => {
    expect(parseIsoDate('2025-02-28')?.toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('2026-11-26T18:30:00')?.toISOString()).toBe('2026-11-26T18:30:00.000Z'); // UTC, whatever the local zone
    for (const bad of ['2025-02-30', '2025-02-29', '2025-13-01', '2025-04-31', '2025-00-10', '2025-1-1', 'yesterday'])
      expect(parseIsoDate(bad), bad).toBeNull();
  });
});

describe('taosim halvings options', () => {
  const refusal = (...args: string[]) => {
    const r = taosim(['halvings', ...args]);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    return r.stderr.trim();
  };

  it('--from-date 2025-02-30 is refused with one line', () => {
    expect(refusal('--from-date', '2025-02-30')).toBe(
      'taosim: error: --from-date: expected a calendar date YYYY-MM-DD (UTC) such as 2026-11-26, got "2025-02-30"',
    );
  }, 300_000);

  it('--issuance and --recycled-per-day take TAO; the same point in RAO (rao suffix) gives the same table', () => {
    const inTao = taosim([
      'halvings',
      '--json',
      '--count',
      '2',
      '--issuance',
      '12000000',
      '--recycled-per-day',
      '100',
      '--from-date',
      '2026-11-26',
    ]);
    expect(inTao.code, inTao.stderr).toBe(0);
    const out = JSON.parse(inTao.stdout);
    expect(out.issuance).toBe('12000000000000000');
    expect(out.recycledPerDay).toBe('100000000000');
    expect(out.halvings[1].blocksFromStart).toBe('7714286'); // 3.75M TAO at 3500 TAO/day net
    const inRao = taosim([
      'halvings',
      '--json',
      '--count',
      '2',
      '--issuance',
      '12000000000000000rao',
      '--recycled-per-day',
      '100000000000rao',
      '--from-date',
      '2026-11-26',
    ]);
    expect(inRao.stdout).toBe(inTao.stdout);
    const fractional = taosim(['halvings', '--count', '1', '--issuance', '11999999.000000001']);
    expect(fractional.stdout).toMatch(
      /^Starting issuance 11999999\.000000001 TAO on 2025-12-14, 0 TAO recycled per day/,
    );
  }, 300_000);

  it('an old RAO figure without its suffix is refused with the hint, not read as 12e15 TAO', () => {
    expect(refusal('--issuance', '12000000000000000')).toBe(
      'taosim: error: --issuance: 12000000000000000 TAO is more than the 21000000 TAO that will ever exist; amounts are in TAO: for RAO write 12000000000000000rao',
    );
    expect(refusal('--recycled-per-day', '1.5e9')).toMatch(
      /^taosim: error: --recycled-per-day: expected an amount in TAO such as 12000000 or 0\.5/,
    );
  }, 300_000);

  it('--help says the unit', () => {
    expect(taosim(['halvings', '--help']).stdout).toMatch(/--issuance\s+total issuance at the starting point, in TAO/);
  }, 300_000);
});
