// A TAO price series replayed from a CSV file (docs/models.md): rows `day,price_usd` (a header line
// is allowed), days 0, 1, 2, … in order. Checked when the scenario is loaded: each mistake names the
// file and the line.

import { readFileSync } from 'node:fs';
import { UsageError } from '../../sim/util/errors.ts';

export function readPriceSeries(file: string): number[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError('price series file not found', file);
  }
  const prices: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || (i === 0 && !/^\s*-?\d/.test(t))) return; // blank lines, a header line
    const [dayText, priceText, extra] = t.split(',');
    const day = Number(dayText);
    const price = Number(priceText);
    if (extra !== undefined || !Number.isInteger(day) || !Number.isFinite(price) || price <= 0) {
      throw new UsageError(
        `line ${i + 1}: expected "day,price_usd" with an integer day and a positive price, got "${t}"`,
        file,
      );
    }
    if (day !== prices.length)
      throw new UsageError(`line ${i + 1}: expected day ${prices.length} next, got ${day}`, file);
    prices.push(price);
  });
  if (prices.length === 0) throw new UsageError('the price series is empty', file);
  return prices;
}

/** The price on day `d` (the last one repeats past the end of the series). */
export function seriesPrice(series: readonly number[], d: number): number {
  return series[Math.min(series.length - 1, Math.max(0, Math.floor(d)))];
}
