// The Hill emission gate (protocol-2026h2.md §1): the addendum's vectors bit for bit, the bar's
// cadence and modes, the I32F32 ln/exp quirks of safe_pow, the underflow guard, disabled subnets.
import { describe, expect, it } from 'vitest';
import { I32F32, U64F64 } from '../sim/chain/fixed/fixed.ts';
import { expBig, lnBig, log2Big, SAFE_POW_CEILING_I32F32, safePowU64F64 } from '../sim/chain/fixed/transcendental.ts';
import {
  applyGate,
  candidateBar,
  DEFAULT_BAR_QUANTILE,
  type EmissionGateRule,
  gatedTaoShares,
  gateFactor,
  QUANTILE_EMISSION_GATE,
  RANK_EMISSION_GATE,
  updatedBar,
} from '../sim/chain/network/emission-gate.ts';
import { priceShares } from '../sim/chain/network/subnet-shares.ts';

const f = (x: number) => U64F64.fromNum(x);
const ONE = U64F64.one;
const H3 = U64F64.fromInt(3);

function shares(
  prices: number[],
  rule: EmissionGateRule,
  opts: { block?: number; bar?: bigint; burned?: number[] } = {},
) {
  return gatedTaoShares({
    movingPrices: prices.map(f),
    minerBurned: prices.map((_, i) => f(opts.burned?.[i] ?? 0)),
    emissionEnabled: prices.map(() => true),
    block: opts.block ?? 0,
    storedBar: opts.bar ?? 0n,
    rule,
  });
}

describe('gate parameters as the chain stores them', () => {
  it('EmissionBarQuantile 0.61 is bits 11252513884962826240; h = 3 is 3·2^64', () => {
    expect(DEFAULT_BAR_QUANTILE).toBe(11_252_513_884_962_826_240n);
    expect(U64F64.fromNum(0.61)).toBe(DEFAULT_BAR_QUANTILE);
    expect(RANK_EMISSION_GATE).toMatchObject({ mode: 'rank', rank: 32, exponent: 3n << 64n, barInterval: 360 });
  });
});

describe('addendum vectors (spec-440 q-mass tests, reproduced bit for bit)', () => {
  it('emission_gate_concentrates_1_to_2_price_split: θ = 2/3, shares 0.1 : 0.9', () => {
    const r = shares([1, 2], QUANTILE_EMISSION_GATE);
    expect(r.bar).toBe(12_297_829_382_473_034_410n);
    expect(r.shares).toEqual([1_844_674_367_470_709_843n, 16_602_069_706_238_841_772n]);
  });

  it('emission_gate_bar_update_cadence: 7:2:1 at block 0 → θ = 0.7; equal prices at 179 keep it; at 360 θ = 1/3', () => {
    const at0 = shares([7, 2, 1], QUANTILE_EMISSION_GATE, { block: 0 });
    expect(at0.bar).toBe(priceShares([f(7), f(2), f(1)])[0]);
    expect(U64F64.toNumber(at0.bar)).toBeCloseTo(0.7, 15);
    const at179 = shares([1, 1, 1], QUANTILE_EMISSION_GATE, { block: 179, bar: at0.bar });
    expect(at179.bar).toBe(at0.bar);
    const at360 = shares([1, 1, 1], QUANTILE_EMISSION_GATE, { block: 360, bar: at0.bar });
    expect(at360.bar).toBe(priceShares([f(1), f(1), f(1)])[0]);
    expect(U64F64.toNumber(at360.bar)).toBeCloseTo(1 / 3, 15);
  });

  it('emission_gate_underflow_restores_ungated_shares: θ = 1, h = 8, 256 × 1/256 → unchanged (exp fails, g = 2^-31)', () => {
    const w = ONE / 256n;
    const h8 = U64F64.fromInt(8);
    // The mechanism: 8·ln 256 overflows exp, safe_pow gives 2147483647, g = 1/2^31, product 2^25 bits ≠ 0.
    expect(gateFactor(w, ONE, h8)).toBe(1n << 33n);
    expect(U64F64.mul(w, 1n << 33n)).toBe(1n << 25n);
    expect(applyGate(Array(256).fill(w), ONE, h8)).toEqual(Array(256).fill(w));
  });

  it('emission_gate_one_subnet_full_share: θ = 1, share 1', () => {
    expect(shares([5], QUANTILE_EMISSION_GATE)).toEqual({ shares: [ONE], bar: ONE });
  });

  it('emission_gate_empty_set_no_panic: no shares, no bar written', () => {
    expect(shares([], QUANTILE_EMISSION_GATE)).toEqual({ shares: [], bar: 0n });
    expect(shares([], RANK_EMISSION_GATE, { bar: f(0.25), block: 360 })).toEqual({ shares: [], bar: f(0.25) });
  });
});

describe('rank mode (spec 441; the addendum derived examples)', () => {
  it('prices 1:2, N = 32: fewer positive shares than N → θ = smallest positive (1/3); shares 0.2195 : 0.7805', () => {
    const r = shares([1, 2], RANK_EMISSION_GATE);
    expect(r.bar).toBe(priceShares([f(1), f(2)])[0]);
    expect(r.shares).toEqual([4_049_285_274_661_600_308n, 14_397_458_799_047_951_307n]);
  });

  it('prices 4:3:2:1, MinerBurned of the second 0.5, N = 2: θ = 0.235294 (second largest), shares 0.695569 …', () => {
    const r = shares([4, 3, 2, 1], { ...RANK_EMISSION_GATE, rank: 2 }, { burned: [0, 0.5, 0, 0] });
    expect(U64F64.toNumber(r.bar)).toBeCloseTo(0.235294, 6);
    const got = r.shares.map((x) => U64F64.toNumber(x));
    [0.695569, 0.087066, 0.195629, 0.021737].forEach((want, i) => {
      expect(got[i]).toBeCloseTo(want, 6);
    });
    // This implementation's exact bits (pinned so a change is noticed).
    expect(r.shares).toEqual([
      12_830_985_036_277_962_000n,
      1_606_076_235_679_009_591n,
      3_608_714_530_250_252_420n,
      400_968_271_502_327_603n,
    ]);
  });

  it('rank and quantile modes choose different bars from the same shares; zeros never count in rank mode', () => {
    const w = [f(0.5), f(0.3), f(0.2), 0n];
    expect(candidateBar(w, { ...RANK_EMISSION_GATE, rank: 3 })).toBe(f(0.2));
    expect(candidateBar(w, { ...RANK_EMISSION_GATE, rank: 10 })).toBe(f(0.2));
    expect(candidateBar(w, QUANTILE_EMISSION_GATE)).toBe(f(0.3)); // 0.5 < 0.61 ≤ 0.8
    expect(candidateBar(w, { ...QUANTILE_EMISSION_GATE, quantile: ONE + 1n })).toBe(0n); // never crosses: the last share
    expect(candidateBar([0n, 0n], RANK_EMISSION_GATE)).toBe(0n);
  });
});

describe('bar cadence', () => {
  const w = [f(0.6), f(0.4)];
  it('recomputed whenever the stored bar is 0, at any block', () => {
    expect(updatedBar(w, 7, 0n, RANK_EMISSION_GATE)).toBe(f(0.4));
  });
  it('recomputed on absolute multiples of the interval only', () => {
    expect(updatedBar(w, 359, f(0.1), RANK_EMISSION_GATE)).toBe(f(0.1));
    expect(updatedBar(w, 361, f(0.1), RANK_EMISSION_GATE)).toBe(f(0.1));
    expect(updatedBar(w, 720, f(0.1), RANK_EMISSION_GATE)).toBe(f(0.4));
    expect(updatedBar(w, 100, f(0.1), { ...RANK_EMISSION_GATE, barInterval: 100 })).toBe(f(0.4));
  });
  it('a zero candidate leaves the old bar in place', () => {
    expect(updatedBar([0n, 0n], 360, f(0.1), QUANTILE_EMISSION_GATE)).toBe(f(0.1));
  });
  it('the gate uses the stored bar after the update: the new one when due', () => {
    const r = shares([1, 1], RANK_EMISSION_GATE, { block: 360, bar: f(0.9) });
    expect(r.bar).toBe(f(0.5));
    expect(r.shares).toEqual([f(0.5), f(0.5)]);
  });
});

describe('the I32F32 ln / exp / safe_pow of the gate', () => {
  it('ln and log2 as substrate-fixed computes them', () => {
    expect(log2Big(I32F32.one)).toBe(0n);
    expect(log2Big(I32F32.fromInt(8))).toBe(I32F32.fromInt(3));
    expect(log2Big(I32F32.fromNum(0.5))).toBe(-I32F32.one);
    expect(lnBig(I32F32.one)).toBe(0n);
    expect(I32F32.toNumber(lnBig(I32F32.fromInt(2)) ?? 0n)).toBeCloseTo(Math.LN2, 7);
    expect(lnBig(0n)).toBeNull();
    // Below 2^-31 the reciprocal does not fit I32F32: ln fails (bits 1 and 2), bits 3 is the smallest that works.
    expect(log2Big(1n)).toBeNull();
    expect(log2Big(2n)).toBeNull();
    expect(log2Big(3n)).not.toBeNull();
  });

  it('exp overflows its Taylor terms at |y| ≈ 20.8885, for negative y too', () => {
    expect(expBig(I32F32.fromNum(20.888))).not.toBeNull();
    expect(expBig(I32F32.fromNum(20.889))).toBeNull();
    expect(expBig(I32F32.fromNum(-20.888))).not.toBeNull();
    expect(expBig(I32F32.fromNum(-20.889))).toBeNull();
  });

  it('safe_pow: r = 1 gives exactly 1; an exp failure gives 2147483647.0 (not I32F32::MAX); an ln failure gives 0', () => {
    expect(safePowU64F64(ONE, H3)).toBe(ONE);
    expect(SAFE_POW_CEILING_I32F32).toBe(0x7fffffff_00000000n);
    expect(safePowU64F64(f(1 / 2000), H3)).toBe(2147483647n << 64n);
    expect(safePowU64F64(0n, H3)).toBe(0n);
    expect(safePowU64F64(2n << 32n, H3)).toBe(0n); // narrows to I32F32 bits 2
  });
});

describe('gate factor: ½ at the bar, and the overflow quirk', () => {
  it('g = ½ exactly at w = θ', () => {
    expect(gateFactor(f(0.25), f(0.25), H3)).toBe(ONE / 2n);
  });
  it('w/θ ≥ 1056.62 (h = 3): exp of a large negative y fails and the share collapses to g = 2^-31', () => {
    const bar = f(0.1 / 1056.7);
    expect(gateFactor(f(0.1), bar, H3)).toBe(1n << 33n);
    expect(gateFactor(f(0.1), f(0.1 / 1056.5), H3)).toBeGreaterThan(ONE - (1n << 34n));
    // A subnet far above a tiny bar loses almost all of its share to one just above the bar.
    const out = applyGate([f(0.1), f(0.00009)], bar, H3);
    expect(out[0]).toBeLessThan(f(0.001));
  });
  it('w/θ beyond 2^32/3: θ ⊘ w narrows to I32F32 bits 0–2, ln fails, safe_pow is 0 and g = 1 again', () => {
    const w = f(0.5);
    expect(gateFactor(w, (w * 2n) >> 32n, H3)).toBe(ONE); // r = 2·2^-32
    expect(gateFactor(w, (w * 3n) >> 32n, H3)).toBe(1n << 33n); // r = 3·2^-32: ln works, exp fails
  });
});

describe('underflow guard and disabled subnets', () => {
  it('every gated product 0 → the ungated shares are restored', () => {
    // w = 2^-64, θ = 4 w: g = 1/65, w ⊗ g floors to 0 for both.
    expect(applyGate([1n, 1n], 4n, H3)).toEqual([1n, 1n]);
  });
  it('disabled subnets get 0 and the enabled ones are renormalised; they still count for the bar', () => {
    const input = {
      movingPrices: [f(1), f(2), f(3)],
      minerBurned: [0n, 0n, 0n],
      block: 0,
      storedBar: 0n,
      rule: { ...RANK_EMISSION_GATE, rank: 2 },
    };
    const all = gatedTaoShares({ ...input, emissionEnabled: [true, true, true] });
    const some = gatedTaoShares({ ...input, emissionEnabled: [true, true, false] });
    expect(some.bar).toBe(all.bar);
    expect(all.bar).toBe(priceShares(input.movingPrices)[1]);
    expect(some.shares[2]).toBe(0n);
    const enabledSum = all.shares[0] + all.shares[1];
    expect(some.shares[0]).toBe(U64F64.div(all.shares[0], enabledSum));
    expect(some.shares[1]).toBe(U64F64.div(all.shares[1], enabledSum));
    expect(gatedTaoShares({ ...input, emissionEnabled: [false, false, false] }).shares).toEqual([0n, 0n, 0n]);
  });
});
