// The TAO price in USD (docs/models.md): constant, or geometric Brownian motion stepped daily from a
// seeded stream. Used for USD metrics; it does not feed back into the chain.

import type { Rng } from '../../sim/engine/index.ts';

export interface TaoPriceParams {
  model: 'constant' | 'gbm';
  start: number;
  /** Annual drift μ and volatility σ of the GBM. */
  drift: number;
  volatility: number;
}

/** Price after one more day: P·exp((μ − σ²/2)·dt + σ·√dt·Z), dt = 1/365. */
export function stepTaoPrice(price: number, p: TaoPriceParams, rng: Rng): number {
  if (p.model === 'constant') return price;
  const dt = 1 / 365;
  return price * Math.exp((p.drift - (p.volatility * p.volatility) / 2) * dt + p.volatility * Math.sqrt(dt) * rng.normal());
}
