// The liquid-alpha sigmoid shortcut against the chain's floored Taylor series.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { I32F32 } from '../sim/chain/fixed/fixed.ts';
import { expSafeBig } from '../sim/chain/fixed/transcendental.ts';
import { I32F32_KERNELS } from '../sim/chain/yuma/kernels.ts';
import { sigmoidExact, sigmoidFast } from '../sim/chain/yuma/liquid-alpha.ts';

const { liquidAlpha, liquidAlphaParams } = I32F32_KERNELS;

const ONE = 2 ** 32;
const rng = seedrandom('test/liquid-alpha');
const bigSigmoid = (z: number) => Number(I32F32.div(I32F32.one, I32F32.one + expSafeBig(BigInt(z))));

describe('sigmoid shortcut', () => {
  it('whenever it answers, it equals the exact series (200000 random z in [−6, 6])', () => {
    let answered = 0;
    for (let t = 0; t < 200000; t++) {
      const z = Math.round((rng() * 2 - 1) * 6 * ONE);
      const s = sigmoidFast(z);
      if (s < 0) continue;
      answered++;
      expect(s, `z = ${z}`).toBe(sigmoidExact(z));
    }
    expect(answered).toBeGreaterThan(30000);
  });
  it('answers almost always where liquid alpha usually is: small d, z in [4, 5] at the default steepness', () => {
    let answered = 0;
    for (let t = 0; t < 20000; t++) {
      const z = Math.round((4 + rng()) * ONE);
      const s = sigmoidFast(z);
      if (s >= 0) {
        answered++;
        expect(s).toBe(sigmoidExact(z));
      }
    }
    expect(answered).toBeGreaterThan(0.75 * 20000);
  });
  it('the exact double series equals the BigInt series', () => {
    for (let t = 0; t < 3000; t++) {
      const z = Math.round((rng() * 2 - 1) * 20 * ONE);
      expect(sigmoidExact(z)).toBe(bigSigmoid(z));
    }
  });
  it('at the default steepness d ranges over z in [−5, 5]: spot values', () => {
    // d = 0 → z = 5 → sig ≈ 1/(1+e^5) = 0.0066929
    expect(sigmoidExact(5 * ONE) / ONE).toBeCloseTo(1 / (1 + Math.exp(5)), 6);
    expect(sigmoidFast(5 * ONE)).toBe(sigmoidExact(5 * ONE));
    expect(sigmoidFast(0)).toBe(-1); // exp's special case goes to the series
  });
});

describe('liquid alpha per cell', () => {
  it('stays within [low, high] and matches protocol.md 9.4: first bond 0.1013 for w=1, b=0, c=1', () => {
    const p = liquidAlphaParams(6553, 19660, 1000);
    const a = liquidAlpha(ONE, 0, ONE, p);
    expect(a / ONE).toBeCloseTo(0.10134, 4);
    for (let t = 0; t < 20000; t++) {
      const x = liquidAlpha(Math.floor(rng() * ONE), Math.floor(rng() * ONE), Math.floor(rng() * ONE), p);
      expect(x).toBeGreaterThanOrEqual(p.low);
      expect(x).toBeLessThanOrEqual(p.high);
    }
  });
  it.each([
    [1000, 'the default: slope −10, a whole number (the integer product)'],
    [1234, 'slope −12.34: the fixed-point product'],
    [777, 'slope −7.77'],
    [-250, 'a negative steepness, slope 2.5'],
    [1, 'slope −0.01'],
    [0, 'slope 0'],
  ])('steepness %i (%s): α of buying and selling cells = the BigInt reference', (steepness) => {
    const p = liquidAlphaParams(6553, 19660, steepness);
    for (let t = 0; t < 2000; t++) {
      const w = Math.floor(rng() * ONE);
      const b = Math.floor(rng() * ONE);
      const c = Math.floor(rng() * ONE);
      // d as liquidAlpha takes it: buying above consensus, or selling below the bond.
      const d = w >= b ? Math.min(Math.max(w - c, 0), ONE) : Math.min(Math.max(b - w, 0), ONE);
      if (d === 0) continue;
      const z = Number(I32F32.mul(BigInt(p.slope), BigInt(d - ONE / 2)));
      const sig = bigSigmoid(z);
      const want = Math.min(Math.max(p.low + Number(I32F32.mul(BigInt(sig), BigInt(p.high - p.low))), p.low), p.high);
      expect(liquidAlpha(w, b, c, p), `w=${w} b=${b} c=${c}`).toBe(want);
    }
  });

  it('steepness above 4000 takes z beyond the shortcut and still matches the series', () => {
    const p = liquidAlphaParams(45875, 58982, 30000);
    for (let t = 0; t < 500; t++) {
      const w = Math.floor(rng() * ONE);
      const c = Math.floor(rng() * ONE);
      const d = Math.min(Math.max(w - c, 0), ONE);
      const z = Number(I32F32.mul(BigInt(p.slope), BigInt(d - ONE / 2)));
      const sig = bigSigmoid(z);
      const expect_ = Math.min(
        Math.max(p.low + Number(I32F32.mul(BigInt(sig), BigInt(p.high - p.low))), p.low),
        p.high,
      );
      expect(liquidAlpha(w, 0, c, p)).toBe(expect_);
    }
  });
});
