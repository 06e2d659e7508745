// The emission gate's fast safe_pow and gate factor (doubles) against the BigInt reference
// (protocol-2026h2.md §1), bit for bit: the addendum's vectors, then thousands of seeded random
// shares, bars and exponents, reaching the exp-overflow quirk, the ln failures and the underflow guard;
// and the safe_pow loops in WebAssembly against the JavaScript ones.
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import { safePowI32F32Bits, safePowI32F32BitsMany, safePowU64F64 } from '../sim/chain/fixed/transcendental.ts';
import { useWasmGateLanes } from '../sim/chain/fixed/wasm-gate-lanes.ts';
import {
  applyGate,
  candidateBar,
  gateFactor,
  gateFactorReference,
  gateFactorsReference,
  QUANTILE_EMISSION_GATE,
  RANK_EMISSION_GATE,
} from '../sim/chain/network/emission-gate.ts';
import { minerBurnReweight, priceShares } from '../sim/chain/network/subnet-shares.ts';

const rng = seedrandom('test/emission-gate-fast');
const ONE = U64F64.one;
const f = (x: number) => U64F64.fromNum(x);

/** A uniform random BigInt in [0, 2^bits). */
function randomBits(bits: number): bigint {
  let r = 0n;
  for (let b = 0; b < bits; b += 32) r = (r << 32n) | BigInt(Math.floor(rng() * 2 ** 32));
  return r & ((1n << BigInt(bits)) - 1n);
}

/** A U64F64 share in (0, 1], log-uniform over 2^−64 … 1, so every scale is hit. */
function randomShare(): bigint {
  const w = randomBits(Math.max(1, Math.ceil(rng() * 65))) & (2n * ONE - 1n);
  if (w === 0n) return 1n;
  return w > ONE ? ONE : w;
}

/** Exponents: the chain's 3, the addendum's 8, 1, 0, fractional ones, and huge ones (reference path). */
function randomExponent(): bigint {
  const pick = rng();
  if (pick < 0.4) return U64F64.fromInt(3);
  if (pick < 0.5) return U64F64.fromInt(8);
  if (pick < 0.55) return ONE;
  if (pick < 0.6) return randomBits(32); // below one I32F32 unit: narrows to h = 0
  if (pick < 0.65) return randomBits(120); // beyond the fast range
  return randomBits(64 + 4); // up to 16, with fraction bits
}

function expectFactorsAgree(w: bigint, bar: bigint, h: bigint): void {
  expect(gateFactor(w, bar, h), `w=${w} θ=${bar} h=${h}`).toBe(gateFactorReference(w, bar, h));
}

describe('the addendum vectors (protocol-2026h2.md §1): fast gate = reference gate', () => {
  const vectors: { prices: number[]; burned?: number[]; rule: typeof RANK_EMISSION_GATE }[] = [
    { prices: [1, 2], rule: QUANTILE_EMISSION_GATE },
    { prices: [7, 2, 1], rule: QUANTILE_EMISSION_GATE },
    { prices: [1, 1, 1], rule: QUANTILE_EMISSION_GATE },
    { prices: [5], rule: QUANTILE_EMISSION_GATE },
    { prices: [1, 2], rule: RANK_EMISSION_GATE },
    { prices: [4, 3, 2, 1], burned: [0, 0.5, 0, 0], rule: { ...RANK_EMISSION_GATE, rank: 2 } },
  ];
  for (const v of vectors) {
    it(`prices ${v.prices.join(':')} (${v.rule.mode}${v.rule.rank ? ` ${v.rule.rank}` : ''})`, () => {
      const w = minerBurnReweight(
        priceShares(v.prices.map(f)),
        v.prices.map((_, i) => f(v.burned?.[i] ?? 0)),
      );
      const bar = candidateBar(w, v.rule);
      expect(applyGate(w, bar, v.rule.exponent)).toEqual(applyGate(w, bar, v.rule.exponent, gateFactorsReference));
    });
  }

  it('the underflow-test mechanism: θ = 1, h = 8, w = 1/256 → g = 2^-31 on both', () => {
    const h8 = U64F64.fromInt(8);
    expect(gateFactor(ONE / 256n, ONE, h8)).toBe(1n << 33n);
    expect(gateFactorReference(ONE / 256n, ONE, h8)).toBe(1n << 33n);
  });

  it('the quirk boundaries: w/θ around 1056.62 (exp fails) and θ ⊘ w narrowing to bits 2 / 3 (ln fails)', () => {
    const H3 = U64F64.fromInt(3);
    for (const ratio of [1056.5, 1056.6, 1056.62, 1056.63, 1056.7]) expectFactorsAgree(f(0.1), f(0.1 / ratio), H3);
    const w = f(0.5);
    for (let k = 0n; k < 8n; k++) expectFactorsAgree(w, (w * k) >> 32n, H3);
    // Around the fast path's own edges: θ ⊘ w narrowing to 4096 bits (1 ⊘ x reaching 2^52) and 2^53 bits.
    for (const x of [4095n, 4096n, 4097n, 1n << 53n, (1n << 53n) - 1n]) expectFactorsAgree(ONE, (x << 32n) + 7n, H3);
  });
});

describe('safe_pow on doubles = the BigInt safe_pow, bit for bit', () => {
  const randomBase = () => (rng() < 0.1 ? randomBits(128) : randomBits(Math.ceil(rng() * 96)));

  it('on 20 000 seeded random bases and exponents, one at a time', () => {
    for (let k = 0; k < 20_000; k++) {
      const val = randomBase();
      const h = randomExponent();
      const want = safePowU64F64(val, h) >> 32n;
      expect(BigInt(safePowI32F32Bits(val, h)), `val=${val} h=${h}`).toBe(want);
    }
  });

  it('on 200 batches of 1–200 random bases: lanes on doubles and reference fallbacks interleaved', () => {
    for (let k = 0; k < 200; k++) {
      const vals = Array.from({ length: 1 + Math.floor(rng() * 200) }, randomBase);
      const h = randomExponent();
      const got = safePowI32F32BitsMany(vals, h).map((e) => BigInt(e));
      expect(got).toEqual(vals.map((v) => safePowU64F64(v, h) >> 32n));
    }
  });

  it('on every exact I32F32 ratio near the exp overflow for h = 3 (|y| ≈ 20.8885)', () => {
    const h = U64F64.fromInt(3);
    // exp(3·ln x) fails for x ≥ 1056.62…; walk the bits around it both ways (x and 1/x).
    const edge = BigInt(Math.round(1056.62 * 2 ** 32));
    for (let d = -2000n; d <= 2000n; d += 7n) {
      const x = (edge + d * 4096n) << 32n;
      expect(BigInt(safePowI32F32Bits(x, h))).toBe(safePowU64F64(x, h) >> 32n);
      const inv = ((1n << 96n) / (edge + d * 4096n)) << 0n;
      expect(BigInt(safePowI32F32Bits(inv, h))).toBe(safePowU64F64(inv, h) >> 32n);
    }
  });
});

describe('gate factor and the whole gate: fast = reference on random inputs', () => {
  it('gate factors of 20 000 random shares and bars (mainnet-like and tiny bars)', () => {
    for (let k = 0; k < 20_000; k++) {
      const w = randomShare();
      const bar = rng() < 0.5 ? randomShare() : f(0.002 + rng() * 0.01);
      expectFactorsAgree(w, bar, randomExponent());
    }
  });

  it('2 000 random share vectors of 1–128 subnets, bars by rank and quantile, the underflow guard included', () => {
    let guardHits = 0;
    for (let k = 0; k < 2_000; k++) {
      const n = 1 + Math.floor(rng() * 128);
      // Mostly ordinary shares; a tenth are all-tiny vectors (the underflow guard's case).
      const tiny = rng() < 0.1;
      const raw = Array.from({ length: n }, () => (tiny ? randomBits(3) : rng() < 0.1 ? 0n : randomShare()));
      const w = tiny ? raw : priceShares(raw);
      const rule = rng() < 0.5 ? { ...RANK_EMISSION_GATE, rank: 1 + Math.floor(rng() * 64) } : QUANTILE_EMISSION_GATE;
      const bar = rng() < 0.2 ? randomShare() : candidateBar(w, rule);
      const h = randomExponent();
      const fast = applyGate(w, bar, h);
      expect(fast).toEqual(applyGate(w, bar, h, gateFactorsReference));
      if (bar !== 0n && fast.every((x, i) => x === w[i]) && w.some((x) => x !== 0n)) guardHits++;
    }
    // The guard (or an unchanged result) was exercised, not only ordinary renormalisations.
    expect(guardHits).toBeGreaterThan(10);
  });
});

describe('price shares: the written-out U64F64 division = U64F64.div', () => {
  it('on 2 000 random vectors of 1–128 moving prices (zeros and an all-zero vector included)', () => {
    for (let k = 0; k < 2_000; k++) {
      const prices = Array.from({ length: 1 + Math.floor(rng() * 128) }, () =>
        k % 100 === 0 || rng() < 0.05 ? 0n : randomShare(),
      );
      const total = prices.reduce((a, b) => a + b, 0n);
      expect(priceShares(prices)).toEqual(prices.map((p) => U64F64.div(p, total)));
    }
  });
});

describe('the two loops in WebAssembly (assembly/gate-lanes.ts) = the JavaScript loops, bit for bit', () => {
  afterEach(() => useWasmGateLanes(true));
  const both = (vals: bigint[], h: bigint) => {
    const wasm = safePowI32F32BitsMany(vals, h);
    useWasmGateLanes(false);
    const js = safePowI32F32BitsMany(vals, h);
    useWasmGateLanes(true);
    return { wasm, js };
  };

  it("at the lanes' edges: bases narrowing to 4096, 2^32 ± 1, powers of two and 2^53 − 1; y up to ±12", () => {
    const edges = [4096n, 4097n, (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n, (1n << 33n) - 1n, (1n << 53n) - 1n];
    for (let k = 1n; k < 53n; k++) edges.push(1n << k, (1n << k) + 1n);
    const vals = edges.filter((x) => x >= 4096n).map((x) => x << 32n);
    // h from 1/64 to 16: h·ln(x) sweeps (0, 12] and beyond, both signs (bases below and above 1).
    for (const h of [ONE / 64n, ONE / 3n, ONE, U64F64.fromInt(3), U64F64.fromInt(8), U64F64.fromInt(16)]) {
      const { wasm, js } = both(vals, h);
      expect(wasm).toEqual(js);
      expect(wasm.map((e) => BigInt(e))).toEqual(vals.map((v) => safePowU64F64(v, h) >> 32n));
    }
  });

  it('on 300 batches of 1–256 random bases and exponents', () => {
    let lanes = 0;
    for (let k = 0; k < 300; k++) {
      const vals = Array.from({ length: 1 + Math.floor(rng() * 256) }, () => randomBits(Math.ceil(rng() * 96)));
      const h = randomExponent();
      const { wasm, js } = both(vals, h);
      expect(wasm, `h=${h}`).toEqual(js);
      lanes += vals.length;
    }
    expect(lanes).toBeGreaterThan(30_000);
  });

  it('with the WebAssembly loops off, the JavaScript ones still match the reference', () => {
    useWasmGateLanes(false);
    for (let k = 0; k < 50; k++) {
      const vals = Array.from({ length: 1 + Math.floor(rng() * 128) }, () => randomBits(Math.ceil(rng() * 96)));
      const h = randomExponent();
      expect(safePowI32F32BitsMany(vals, h).map((e) => BigInt(e))).toEqual(vals.map((v) => safePowU64F64(v, h) >> 32n));
    }
  });
});
