// `taosim halvings`: the table a user reads to answer "when is the next halving".
import { describe, expect, it } from 'vitest';
import { taosimInProcess } from './helpers/cli.ts';

describe('taosim halvings', async () => {
  it('from the default anchor (10.5M TAO on 2025-12-14) the second halving is 10.5M blocks later: 2029-12-11', async () => {
    const r = await taosimInProcess(['halvings', '--json', '--count', '3']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.halvings[0]).toMatchObject({ halving: 1, thresholdTao: '10500000', reached: true });
    expect(out.halvings[1]).toMatchObject({
      halving: 2,
      thresholdTao: '15750000',
      taoPerBlock: '0.25',
      blocksFromStart: '10500000',
      date: '2029-12-11',
    });
    expect(out.halvings[2]).toMatchObject({ halving: 3, blocksFromStart: '21000000' });
  });
  it('a starting block adds projected block numbers; recycling delays the date', async () => {
    const r = await taosimInProcess([
      'halvings',
      '--json',
      '--count',
      '2',
      '--issuance',
      '12000000',
      '--from-date',
      '2026-11-26',
      '--from-block',
      '7000000',
      '--recycled-per-day',
      '100',
    ]);
    const h2 = JSON.parse(r.stdout).halvings[1];
    // 3.75M TAO at 3600 − 100 TAO/day: 3.75e6 × 7200 / 3500 blocks = 7714286 (rounded up)
    expect(h2.blocksFromStart).toBe('7714286');
    expect(h2.block).toBe(String(7000000 + 7714286));
  });
  it('prints a readable table by default', async () => {
    const r = await taosimInProcess(['halvings', '--count', '2']);
    expect(r.stdout).toMatch(/halving\s+issuance \(TAO\)\s+TAO\/block/);
    expect(r.stdout).toMatch(/2029-12-11/);
  });
  it('bad options are usage errors with exit code 2', async () => {
    for (const args of [
      ['--issuance', '-5'],
      ['--issuance', '1.5e16'],
      ['--from-date', 'yesterday'],
      ['--count', '0'],
    ]) {
      const r = await taosimInProcess(['halvings', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^taosim: error: --/);
    }
  });
});
