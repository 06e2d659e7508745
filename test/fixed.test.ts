// Fixed-point arithmetic: the BigInt reference against protocol.md §1, and the fast exact double
// scheme against the BigInt reference.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { convertFixed, I32F32, I64F64, I96F32, U64F64, U96F32 } from '../sim/chain/fixed/fixed.ts';
import * as F from '../sim/chain/fixed/i32f32.ts';
import { expBig, expSafe, expSafeBig, log2FloorBig } from '../sim/chain/fixed/transcendental.ts';
import { fixedProportionToU16, u16ProportionToFixed } from '../sim/chain/fixed/u16.ts';
import { maxUpscaleU16 } from '../sim/chain/weights/max-upscale.ts';
import { I32F32_ARITHMETIC } from '../sim/chain/yuma/arithmetic.ts';
import { emaRates } from '../sim/chain/yuma/bonds.ts';

const rng = seedrandom('test/fixed');
/** A random integer of up to `bits` bits, with a random sign when signed. */
function randInt(bits: number, signed = true): number {
  const b = Math.floor(rng() * bits) + 1;
  const x = Math.floor(rng() * 2 ** b);
  return signed && rng() < 0.5 ? -x : x;
}

describe('BigInt reference semantics (protocol.md §1.2)', () => {
  it('mul floors toward −∞, div truncates toward zero, 0 on divide-by-zero', () => {
    const h = I32F32.fromNum(0.5);
    expect(I32F32.mul(3n, h)).toBe(1n); // 1.5 bits → 1
    expect(I32F32.mul(-3n, h)).toBe(-2n); // −1.5 bits → −2 (floor, away from zero)
    expect(I32F32.div(-1n, 3n << 32n)).toBe(0n); // −1/3 bit → 0 (truncation)
    expect(I32F32.div(-(1n << 32n), 3n << 32n)).toBe(-1431655765n);
    expect(I32F32.div(1n << 32n, 0n)).toBe(0n);
    expect(U64F64.div(1n, 0n)).toBe(0n);
  });
  it('saturates at the type bounds', () => {
    expect(I32F32.mul(I32F32.max, I32F32.fromInt(2))).toBe(I32F32.max);
    expect(U96F32.sub(0n, 1n)).toBe(0n);
    expect(I32F32.add(I32F32.min, -1n)).toBe(I32F32.min);
  });
  it('float literals round to nearest, ties to even', () => {
    expect(I96F32.fromNum(0.000003)).toBe(12885n);
    expect(I32F32.fromNum(0.5)).toBe(1n << 31n);
    expect(I32F32.fromNum(-100)).toBe(-100n << 32n);
    // The f64 literal 1.26 is slightly above 1.26; its exact value times 2^64 is an integer.
    expect(U64F64.fromNum(1.26)).toBe(23242897532874035200n);
    // 2^-33 is exactly half an I32F32 ulp: ties go to the even neighbour, 0.
    expect(I32F32.fromNum(2 ** -33)).toBe(0n);
    expect(I32F32.fromNum(3 * 2 ** -33)).toBe(2n);
  });
  it('round() is half away from zero', () => {
    expect(I32F32.roundToInt(I32F32.fromNum(2.5))).toBe(3n);
    expect(I32F32.roundToInt(I32F32.fromNum(-2.5))).toBe(-3n);
    expect(I32F32.roundToInt(I32F32.fromNum(2.4999))).toBe(2n);
  });
  it('conversions drop low bits (floor) or shift exactly', () => {
    expect(convertFixed(-1n, I64F64, I32F32)).toBe(-1n);
    expect(convertFixed((1n << 64n) - 1n, I64F64, I32F32)).toBe((1n << 32n) - 1n);
    expect(convertFixed(5n, I32F32, I64F64)).toBe(5n << 32n);
    expect(I32F32.toInt(-1n, 0n)).toBe(0n);
    expect(I96F32.toInt(I96F32.fromNum(7.99), 0n)).toBe(7n);
  });
});

describe('u16 conversions and hyperparameter ratios (protocol.md §1.3)', () => {
  it('kappa 32767 is 0.49999237 (bits 2147450879)', () => {
    expect(u16ProportionToFixed(32767)).toBe(2147450879);
  });
  it('bonds penalty 65535 is exactly 1.0', () => {
    expect(u16ProportionToFixed(65535)).toBe(F.ONE);
  });
  it('bonds moving average gives α bits 429496730 (BMA 900000) and 107374183 (BMA 975000)', () => {
    expect(emaRates(I32F32_ARITHMETIC, 900_000).alpha).toBe(429496730);
    expect(emaRates(I32F32_ARITHMETIC, 975_000).alpha).toBe(107374183);
  });
  it('u16 proportion round trip floors', () => {
    expect(u16ProportionToFixed(65535)).toBe(F.ONE);
    expect(fixedProportionToU16(F.ONE)).toBe(65535);
    expect(fixedProportionToU16(F.ONE / 2)).toBe(32767);
    expect(fixedProportionToU16(-5)).toBe(0);
    expect(fixedProportionToU16(2 * F.ONE)).toBe(65535);
  });
  it('fixed_proportion_to_u16 (one multiplication by 65535·2^-32) equals the BigInt floor(v·65535 / 2^32) on every magnitude', () => {
    const reference = (v: number) => {
      if (v <= 0) return 0;
      const r = (BigInt(v) * 65535n) >> 32n;
      return r > 65535n ? 65535 : Number(r);
    };
    const edges = [1, 65536, 65537, 65538, F.ONE - 1, F.ONE, F.ONE + 1, 2 ** 37 - 1, 2 ** 37, 2 ** 52 + 2, 2 ** 53 - 1];
    // Values just below and at each multiple of 2^32/65535, where the floor steps.
    for (let u = 0; u <= 65535; u += 257) {
      const at = Math.ceil((u * F.ONE) / 65535);
      edges.push(at - 1, at, at + 1);
    }
    for (const v of edges) expect(fixedProportionToU16(v), `${v}`).toBe(reference(v));
    for (let t = 0; t < 20000; t++) {
      const v = randInt(t % 2 ? 33 : 53, false);
      expect(fixedProportionToU16(v), `${v}`).toBe(reference(v));
    }
  });
});

describe('fast exact I32F32 on doubles equals the BigInt reference', () => {
  it('mulScaled (a factor prepared by scaled) equals mul and the BigInt product, edges included', () => {
    const pairs: [number, number][] = [];
    for (let t = 0; t < 20000; t++) pairs.push([randInt(48), randInt(t % 2 ? 34 : 48)]);
    for (let t = 0; t < 4000; t++) {
      const a = Math.floor(rng() * 2 ** 33);
      // b such that a·b lands on, just below and just above a multiple of 2^32.
      const b = Math.max(1, Math.round((Math.floor(rng() * 2 ** 20) * F.ONE) / Math.max(a, 1)));
      pairs.push([a, b], [a, b + 1], [a, b - 1], [a, 0], [0, b], [F.ONE, b], [a, F.ONE]);
    }
    for (const [a, b] of pairs) {
      const ref = I32F32.mul(BigInt(a), BigInt(b));
      if (ref > BigInt(Number.MAX_SAFE_INTEGER) || ref < -BigInt(Number.MAX_SAFE_INTEGER)) continue;
      expect(F.mulScaled(F.scaled(a), b), `${a} * ${b}`).toBe(Number(ref));
    }
  });
  it('divReciprocal (a divisor prepared by reciprocal) equals the BigInt quotient, at and beside integer quotients', () => {
    const pairs: [number, number][] = [];
    for (let t = 0; t < 20000; t++) {
      const a = randInt(t % 2 ? 40 : 50, t % 7 === 0);
      const b = randInt(t % 3 === 0 ? 52 : 40, t % 11 === 0);
      pairs.push([a, b]);
    }
    for (let t = 0; t < 6000; t++) {
      // a with a·2^32 / b at, just below or just above an integer q.
      const b = Math.floor(rng() * 2 ** (1 + Math.floor(rng() * 45))) + 1;
      const q = BigInt(Math.floor(rng() * 2 ** (1 + Math.floor(rng() * 34))));
      const exact = (q * BigInt(b)) >> 32n;
      for (const d of [-1n, 0n, 1n, 2n]) {
        const a = Number(exact + d);
        if (a >= 0 && a < 2 ** 53) pairs.push([a, b]);
      }
      pairs.push([b, b], [2 * b, b], [1, b], [b, 1]);
    }
    pairs.push([0, 7], [5, 0], [-5, 3], [5, -3], [2 ** 53 - 1, 1], [2 ** 53 - 1, 2 ** 53 - 1], [1, 2 ** 53 - 1]);
    for (const [a, b] of pairs) {
      const ref = I32F32.div(BigInt(a), BigInt(b));
      if (ref > BigInt(Number.MAX_SAFE_INTEGER) || ref < -BigInt(Number.MAX_SAFE_INTEGER)) continue;
      expect(F.divReciprocal(a, b, F.reciprocal(b)), `${a} / ${b}`).toBe(Number(ref));
    }
  });
  it('mul on 20000 random operand pairs of every magnitude and sign', () => {
    for (let t = 0; t < 20000; t++) {
      const a = randInt(48);
      const b = randInt(t % 2 ? 34 : 48);
      const ref = I32F32.mul(BigInt(a), BigInt(b));
      if (ref > BigInt(Number.MAX_SAFE_INTEGER) || ref < -BigInt(Number.MAX_SAFE_INTEGER)) continue;
      expect(F.mul(a, b), `${a} * ${b}`).toBe(Number(ref));
    }
  });
  it('div on 20000 random operand pairs, including huge divisors', () => {
    for (let t = 0; t < 20000; t++) {
      const a = randInt(50);
      const b = randInt(t % 3 === 0 ? 52 : 40);
      const ref = I32F32.div(BigInt(a), BigInt(b));
      if (ref > BigInt(Number.MAX_SAFE_INTEGER) || ref < -BigInt(Number.MAX_SAFE_INTEGER)) continue;
      expect(F.div(a, b), `${a} / ${b}`).toBe(Number(ref));
    }
  });
  it('mul and div at the edges: products near 2^84, exact multiples of 2^32, quotients at integers', () => {
    const pairs: [number, number][] = [];
    for (let t = 0; t < 4000; t++) {
      const a = Math.floor(rng() * 2 ** 42) * (rng() < 0.5 ? -1 : 1);
      const b = Math.floor(rng() * 2 ** 41) + 1;
      pairs.push(
        [a, b],
        [a, 2 ** 32],
        [a, 2 ** 32 + 1],
        [a, 2 ** 32 - 1],
        [b * 2 ** 10, b],
        [b * 2 ** 10 + 1, b],
        [b * 2 ** 10 - 1, b],
      );
    }
    pairs.push([2 ** 42 - 1, 2 ** 42 - 1], [-(2 ** 42), 2 ** 41 + 7], [1, 1], [-1, 1], [0, 5], [5, -1]);
    for (const [a, b] of pairs) {
      const m = I32F32.mul(BigInt(a), BigInt(b));
      if (m <= BigInt(Number.MAX_SAFE_INTEGER) && m >= -BigInt(Number.MAX_SAFE_INTEGER))
        expect(F.mul(a, b), `${a} * ${b}`).toBe(Number(m));
      const d = I32F32.div(BigInt(a), BigInt(b));
      if (d <= BigInt(Number.MAX_SAFE_INTEGER) && d >= -BigInt(Number.MAX_SAFE_INTEGER))
        expect(F.div(a, b), `${a} / ${b}`).toBe(Number(d));
    }
  });
  it('mul and div where the once-rounded double lands on the integer next to the exact result', () => {
    // The shortcut in mul/div trusts floor() of the rounded double only when that double is not an
    // integer; these operands put the exact product/quotient just below or above an integer, far
    // enough up (beyond 2^53) that rounding can land exactly on the integer.
    const pairs: [number, number][] = [[2 ** 32 + 1, 2 ** 32 - 1]];
    for (let t = 0; t < 3000; t++) {
      const a = Math.floor(rng() * 2 ** 40) + 2 ** 30;
      const k = Math.floor(rng() * 2 ** 20) + 1;
      const b = Math.round((k * 2 ** 32) / a);
      for (const d of [-2, -1, 0, 1, 2]) pairs.push([a, b + d], [-a, b + d]);
      // a·2^32 / b near an integer q: b ≈ a·2^32 / q with a large a.
      const q = Math.floor(rng() * 2 ** 12) + 1;
      const bd = Math.round((a * 2 ** 32) / q);
      for (const d of [-1, 0, 1]) pairs.push([a, bd + d]);
    }
    let compared = 0;
    for (const [a, b] of pairs) {
      const m = I32F32.mul(BigInt(a), BigInt(b));
      if (m <= BigInt(Number.MAX_SAFE_INTEGER) && m >= -BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(F.mul(a, b), `${a} * ${b}`).toBe(Number(m));
        compared++;
      }
      const d = b > 0 ? I32F32.div(BigInt(a), BigInt(b)) : null;
      if (d !== null && d <= BigInt(Number.MAX_SAFE_INTEGER) && d >= -BigInt(Number.MAX_SAFE_INTEGER)) {
        expect(F.div(a, b), `${a} / ${b}`).toBe(Number(d));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40000);
  });
  it('div by zero is 0', () => {
    expect(F.div(12345, 0)).toBe(0);
  });
  it('normalize leaves an all-zero vector unchanged and truncates shares', () => {
    const v = new Float64Array([F.ONE, F.ONE, F.ONE]);
    F.normalizeInPlace(v);
    expect(Array.from(v)).toEqual([1431655765, 1431655765, 1431655765]);
    const z = new Float64Array(3);
    expect(Array.from(F.normalizeInPlace(z))).toEqual([0, 0, 0]);
  });
});

describe('exp (substrate-fixed transcendental, protocol.md §1.4)', () => {
  it('special cases: exp(0) = 1, exp(1) = e held with 23 fractional bits', () => {
    expect(expBig(0n)).toBe(1n << 32n);
    expect(expBig(1n << 32n)).toBe(11674931200n);
    expect(expSafe(F.ONE)).toBe(11674931200);
  });
  it('clamps to ±20 and agrees with Math.exp where 30 Taylor terms suffice', () => {
    expect(expSafeBig(100n << 32n)).toBe(expSafeBig(20n << 32n));
    for (const x of [-5, -1.5, -0.25, 0.3, 2, 5]) {
      const r = Number(expSafeBig(I32F32.fromNum(x))) / 2 ** 32;
      expect(r / Math.exp(x)).toBeCloseTo(1, 6);
    }
    // The chain's series stops after 30 terms, so large arguments come out visibly low.
    const at20 = Number(expSafeBig(20n << 32n)) / 2 ** 32;
    expect(at20 / Math.exp(20)).toBeCloseTo(0.99190825, 7);
  });
  it('the double fast path equals the BigInt reference on 5000 random inputs in [−20, 20]', () => {
    for (let t = 0; t < 5000; t++) {
      const x = Math.round((rng() * 2 - 1) * (t % 4 === 0 ? 20 : 5) * 2 ** 32);
      expect(expSafe(x), `exp(${x})`).toBe(Number(expSafeBig(BigInt(x))));
    }
  });
  it('log2 integer part counts halvings with round-half-up', () => {
    expect(log2FloorBig(I96F32.fromInt(1), I96F32)).toBe(0);
    expect(log2FloorBig(I96F32.fromInt(2), I96F32)).toBe(1);
    expect(log2FloorBig(I96F32.fromInt(2) - 1n, I96F32)).toBe(0);
    expect(log2FloorBig(I96F32.fromInt(4) - 1n, I96F32)).toBe(2); // halving rounds the last bit up, reaching 2.0
    expect(log2FloorBig(I96F32.fromInt(1023), I96F32)).toBe(9);
    expect(log2FloorBig(I96F32.fromInt(1024), I96F32)).toBe(10);
  });
});

describe('set_weights max-upscale (protocol.md §5.5)', () => {
  it('50/30/20 becomes 65535/39321/26214 and 20/30/50 the mirror', () => {
    expect(Array.from(maxUpscaleU16([50, 30, 20]))).toEqual([65535, 39321, 26214]);
    expect(Array.from(maxUpscaleU16([20, 30, 50]))).toEqual([26214, 39321, 65535]);
  });
  it('test_bonds weights are kept (max already 65535); 32767 pairs become 65535', () => {
    expect(Array.from(maxUpscaleU16([16383, 32767, 49149, 65535]))).toEqual([16383, 32767, 49149, 65535]);
    expect(Array.from(maxUpscaleU16([32767, 32767]))).toEqual([65535, 65535]);
  });
  it('all zeros stay zero; both branches round half away from zero', () => {
    expect(Array.from(maxUpscaleU16([0, 0]))).toEqual([0, 0]);
    expect(Array.from(maxUpscaleU16([1, 2]))).toEqual([32768, 65535]); // m ≤ 32768 branch: 1·65535/2 = 32767.5 → 32768
    expect(Array.from(maxUpscaleU16([1, 40000]))).toEqual([2, 65535]); // m > 32768: 65535/40000 = 1.638… → round(1.638) = 2
  });
  /** The rule restated in BigInt I32F32. */
  const ref = (vals: number[]): number[] => {
    const m = BigInt(Math.max(...vals));
    if (m === 0n) return vals.map(() => 0);
    return vals.map((v) => {
      const x = I32F32.fromInt(v);
      const r =
        m > 32768n
          ? I32F32.mul(x, I32F32.div(I32F32.fromInt(65535), I32F32.fromInt(m)))
          : I32F32.div(I32F32.mul(x, I32F32.fromInt(65535)), I32F32.fromInt(m));
      const q = Number(I32F32.roundToInt(r));
      return Math.min(q, 65535);
    });
  };
  it('matches a BigInt restatement of the rule on random vectors', () => {
    for (let t = 0; t < 2000; t++) {
      const len = 1 + Math.floor(rng() * 8);
      const top = t % 2 ? 65535 : 40000;
      const vals = Array.from({ length: len }, () => Math.floor(rng() * top));
      expect(Array.from(maxUpscaleU16(vals)), vals.join(',')).toEqual(ref(vals));
    }
  });
  it('keeps a vector whose largest entry is already 65535 (the shortcut agrees with the rule)', () => {
    const rng = seedrandom('test/fixed/max-upscale-65535');
    for (let t = 0; t < 200; t++) {
      const vals = Array.from({ length: 1 + Math.floor(rng() * 300) }, () => Math.floor(rng() * 65536));
      if (t % 4 === 0) vals[0] = 0;
      vals[Math.floor(rng() * vals.length)] = 65535;
      const got = Array.from(maxUpscaleU16(vals));
      expect(got, vals.join(',')).toEqual(ref(vals));
      expect(got).toEqual(vals);
      expect(got).not.toBe(vals); // a copy: the stored row never aliases the caller's array
    }
  });
});
