// Parameters as mathjs expressions: compiled once, only the named variables in scope.
import { describe, expect, it } from 'vitest';
import { costUsdPerHour } from '../models/miners/economics.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { compileExpression } from '../sim/util/expression.ts';

const lineOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  return 'accepted';
};

describe('expressions', () => {
  it('evaluate with the named variables', () => {
    const e = compileExpression('2.5 * 0.97 ^ months', ['days', 'months', 'years'], 's.json', '$.x');
    expect(e.evaluate({ days: 0, months: 12, years: 1 })).toBeCloseTo(2.5 * 0.97 ** 12, 12);
    expect(compileExpression('max(0.5, 2 - years)', ['years'], 's', '$').evaluate({ years: 3 })).toBe(0.5);
  });
  it.each([
    ['import("fs")', /unknown function "import"/],
    ['months = 3', /"months = 3" is not allowed/],
    ['hours * 2', /unknown variable "hours"/],
    ['[1, 2]', /is not allowed/],
    ['months.length', /is not allowed/],
    ['1 / (months - 1)', /evaluated to/],
    ['2 *', /cannot parse/],
  ])('%s is refused with the file and path', (src, pattern) => {
    const line = lineOf(() => compileExpression(src, ['months'], 'scenario.json', '$.miners.costUsdPerHour'));
    expect(line).toMatch(/^scenario\.json: at \$\.miners\.costUsdPerHour: /);
    expect(line).toMatch(pattern);
  });
  it('a scenario may give the GPU cost curve as an expression; a bad one is a validation error naming the field', () => {
    const base = {
      format: 'taosim-scenario/v1',
      subnets: { count: 1, initialUids: 8, validators: 2 },
      stake: { validators: 2 },
    };
    const sc = parseScenario(
      { ...base, miners: { model: 'economic', costUsdPerHour: '2.5 * 0.97 ^ months' } },
      's.json',
    );
    expect(costUsdPerHour(sc.miners, 365)).toBeCloseTo(2.5 * 0.97 ** (365 / 30.4375), 9);
    expect(lineOf(() => parseScenario({ ...base, miners: { costUsdPerHour: '2 * gpu' } }, 's.json'))).toMatch(
      /^s\.json: at \$\.miners\.costUsdPerHour: unknown variable "gpu"/,
    );
    // The price drift, the incentive curve and miners' improvement may vary with time too.
    const sc2 = parseScenario(
      {
        ...base,
        validators: { scoreExponent: '1 + days / 10' },
        miners: { upgradeGain: 'max(0, 0.2 - months / 100)', qualityDecayPerDay: '0.001' },
        market: { taoPriceUsd: { model: 'gbm', drift: 'years < 1 ? 0.5 : -0.2' } },
      },
      's.json',
    );
    expect(sc2.validators.scoreExponent).toBe('1 + days / 10');
    expect(lineOf(() => parseScenario({ ...base, market: { taoPriceUsd: { drift: 'rate' } } }, 's.json'))).toMatch(
      /\$\.market\.taoPriceUsd\.drift: unknown variable "rate"/,
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPriceSeries } from '../models/market/price-series.ts';
import { runScenario } from '../sim/run/run-scenario.ts';

describe('TAO price replayed from a CSV series', () => {
  it('the shipped series parses: day 0 is 300 USD, the peak 538 on 1 Nov 2025 (day 123)', () => {
    const s = readPriceSeries('scenarios/data/tao-price-2025-07-to-2026-04.csv');
    expect(s[0]).toBe(300);
    expect(s[123]).toBe(538);
  });
  it('bad rows name the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-series-'));
    const f = join(dir, 'p.csv');
    writeFileSync(f, 'day,price_usd\n0,300\n2,310\n');
    expect(lineOf(() => readPriceSeries(f))).toBe(`${f}: line 3: expected day 1 next, got 2`);
    writeFileSync(f, '0,abc\n');
    expect(lineOf(() => readPriceSeries(f))).toMatch(/line 1: expected "day,price_usd"/);
  });
  it('a scenario with model "series" follows it day by day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-series-'));
    writeFileSync(join(dir, 'p.csv'), '0,100\n1,150\n2,200\n3,250\n');
    const file = join(dir, 's.json');
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { days: 3 },
        subnets: { count: 1, initialUids: 8, validators: 2 },
        stake: { validators: 2 },
        market: { taoPriceUsd: { model: 'series', file: 'p.csv' } },
      },
      file,
    );
    const daily = runScenario(sc, 1).tables.find((t) => t.name === 'network_daily')!;
    expect(daily.rows.map((r) => r[daily.columns.indexOf('tao_price_usd')])).toEqual([150, 200, 250]);
  });
});
