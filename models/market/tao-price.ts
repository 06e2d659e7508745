// The TAO price in USD (docs/models.md): constant, geometric Brownian motion stepped daily from a
// seeded stream, or a series replayed from a CSV file. Used for USD metrics; it does not feed back into the chain.

import type { Rng } from '../../sim/engine/index.ts';
import { atTime } from '../time-expression.ts';
import { seriesPrice } from './price-series.ts';

export interface TaoPriceParams {
  model: 'constant' | 'gbm' | 'series';
  start: number;
  /** Annual drift μ (a number or an expression of time) and volatility σ of the GBM. */
  drift: number | string;
  volatility: number;
}

/** Price after one more day: P·exp((μ − σ²/2)·dt + σ·√dt·Z), dt = 1/365 (series: the next day's). */
export function stepTaoPrice(
  price: number,
  p: TaoPriceParams & { series?: readonly number[] },
  rng: Rng,
  day = 0,
): number {
  if (p.model === 'constant') return price;
  if (p.model === 'series') return seriesPrice(p.series ?? [price], day);
  const dt = 1 / 365;
  const mu = atTime(p.drift, day);
  return price * Math.exp((mu - (p.volatility * p.volatility) / 2) * dt + p.volatility * Math.sqrt(dt) * rng.normal());
}
