// The coinbase's share high words in float64 with an error bound (sim/chain/network/share-highs-float.ts)
// against the BigInt chain they stand in for (subnetShares → applyGate → zeroDisabledSubnets → the
// high word): wherever the float path answers, every high word is the chain's, on thousands of seeded
// networks that reach its refusals (prices at 2^64 beside a 1-bit one, equal prices, a bar equal to a
// share, full burns, tiny shares) as well as its usual case; and it answers in the usual case.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { high32 } from '../sim/chain/fixed/exact-quotient.ts';
import { U64F64 } from '../sim/chain/fixed/fixed.ts';
import {
  applyGate,
  candidateBar,
  RANK_EMISSION_GATE,
  zeroDisabledSubnets,
} from '../sim/chain/network/emission-gate.ts';
import {
  floatGateBases,
  floatShareHighs,
  type GateStep,
  type ShareSteps,
} from '../sim/chain/network/share-highs-float.ts';
import type { SubnetState } from '../sim/chain/network/subnet.ts';
import { subnetShares } from '../sim/chain/network/subnet-shares.ts';

type Priced = Pick<SubnetState, 'movingPrice' | 'minerBurned'>;
const ONE = U64F64.one;

interface Case {
  subnets: Priced[];
  weighting: boolean;
  gate: GateStep | null;
  enabled: boolean[] | null;
}

/** The chain's high words, all in BigInt (the reference). */
function reference(c: Case): number[] {
  let shares = subnetShares('current', c.subnets as SubnetState[], c.weighting);
  if (c.gate !== null) shares = applyGate(shares, c.gate.bar, c.gate.exponent);
  if (c.enabled !== null) shares = zeroDisabledSubnets(shares, c.enabled);
  return shares.map(high32);
}

function randomCase(seed: string): Case {
  const rng = seedrandom(seed);
  const n = 1 + Math.floor(rng() ** 2 * 200);
  const big = (bits: number) => BigInt(Math.floor(rng() * 2 ** Math.min(bits, 52))) << BigInt(Math.max(0, bits - 52));
  const style = rng();
  const equal = big(40 + Math.floor(rng() * 24)) + 1n;
  const subnets: Priced[] = Array.from({ length: n }, () => {
    const pick = rng();
    let movingPrice: bigint;
    if (style < 0.1)
      movingPrice = equal; // equal prices: shares at exact fractions
    else if (pick < 0.05) movingPrice = 0n;
    else if (pick < 0.1)
      movingPrice = 1n + BigInt(Math.floor(rng() * 1000)); // a few bits
    else if (pick < 0.15)
      movingPrice = ONE; // the cap, beside the 1-bit ones: shares within 2^-64 of 1
    else if (pick < 0.2) movingPrice = ONE - BigInt(Math.floor(rng() * 1000));
    else movingPrice = big(30 + Math.floor(rng() * 34));
    const burnPick = rng();
    const minerBurned =
      burnPick < 0.7 ? 0n : burnPick < 0.75 ? ONE : burnPick < 0.78 ? ONE + 5n : big(Math.floor(rng() * 64));
    return { movingPrice, minerBurned };
  });
  const weighting = rng() < 0.7;
  let gate: GateStep | null = null;
  if (rng() < 0.8) {
    // The bar as the chain chooses it (one of the shares: ratio exactly 1 for that subnet), or moved.
    const shares = subnetShares('current', subnets as SubnetState[], weighting);
    let bar = candidateBar(shares, { ...RANK_EMISSION_GATE, rank: 1 + Math.floor(rng() * 40) });
    const scale = rng();
    if (scale < 0.3) bar = (bar * BigInt(1 + Math.floor(rng() * 1000))) / 500n;
    // A bar a few bits off a share: its ratio within float64's rounding of 1, on either side.
    else if (scale < 0.5) bar += BigInt(Math.floor(rng() * 33) - 16);
    const exponent = rng() < 0.7 ? U64F64.fromInt(3) : U64F64.fromNum(0.5 + rng() * 4);
    if (bar > 0n) gate = { bar, exponent };
  }
  let enabled: boolean[] | null = null;
  if (rng() < 0.3) {
    enabled = subnets.map(() => rng() < 0.9);
    if (enabled.every((e) => e)) enabled = null; // the chain leaves all-enabled shares as they are
  }
  return { subnets, weighting, gate, enabled };
}

function steps(c: Case): ShareSteps {
  return { era: 'current', weighting: c.weighting, gate: c.gate, enabled: c.enabled };
}

function run(c: Case): number[] | null {
  const out = new Float64Array(c.subnets.length);
  return floatShareHighs(c.subnets as SubnetState[], steps(c), out) ? Array.from(out) : null;
}

describe('floatShareHighs', () => {
  it('gives the BigInt chain’s high words wherever it answers, on 3 000 random networks', () => {
    let answered = 0;
    let gated = 0;
    for (let k = 0; k < 3000; k++) {
      const c = randomCase(`share-highs-float/${k}`);
      const got = run(c);
      if (got === null) continue;
      answered++;
      if (c.gate !== null) gated++;
      expect(got, `case ${k}`).toEqual(reference(c));
    }
    // It answers most of them, gated ones included (the refusals are the edge cases built in above).
    expect(answered).toBeGreaterThan(1500);
    expect(gated).toBeGreaterThan(1000);
  });

  it('takes each gate ratio (safe_pow’s base, ⌊θ·2^32 / w⌋) as the chain does, bars a few bits off a share included', () => {
    let compared = 0;
    for (let k = 0; k < 3000; k++) {
      const c = randomCase(`share-highs-float/${k}`);
      if (c.gate === null) continue;
      const exact = subnetShares('current', c.subnets as SubnetState[], c.weighting);
      const bases = floatGateBases(c.subnets as SubnetState[], steps(c), c.gate);
      if (bases === null) continue;
      const want = exact.map((w) => (w === 0n ? 0 : high32(U64F64.div(c.gate!.bar, w))));
      bases.forEach((base, i) => {
        if (base >= 0) expect(base, `case ${k}, subnet ${i}`).toBe(want[i]);
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it('answers a usual network (prices spread, nothing burned, the rank-32 bar), the bar’s own subnet too', () => {
    const rng = seedrandom('share-highs-float/usual');
    const subnets = Array.from({ length: 128 }, () => ({
      movingPrice: BigInt(Math.floor(rng() ** 3 * 2 ** 52)) << 8n,
      minerBurned: 0n,
    }));
    const shares = subnetShares('current', subnets as SubnetState[], true);
    const gate = { bar: candidateBar(shares, RANK_EMISSION_GATE), exponent: U64F64.fromInt(3) };
    const c = { subnets, weighting: true, gate, enabled: null };
    expect(run(c)).toEqual(reference(c));
  });

  it('a zero bar gates nothing and an all-enabled list renormalises nothing, as in the chain', () => {
    const rng = seedrandom('share-highs-float/no-op steps');
    const subnets = Array.from({ length: 40 }, () => ({
      movingPrice: BigInt(Math.floor(rng() * 2 ** 52)) << 12n,
      minerBurned: rng() < 0.5 ? 0n : BigInt(Math.floor(rng() * 2 ** 52)) << 10n,
    }));
    for (const c of [
      { subnets, weighting: true, gate: { bar: 0n, exponent: U64F64.fromInt(3) }, enabled: null },
      { subnets, weighting: true, gate: null, enabled: subnets.map(() => true) },
    ]) {
      const want = reference(c);
      expect(want).toEqual(reference({ ...c, gate: null, enabled: null }));
      expect(run(c)).toEqual(want);
    }
  });

  it('carries the floors’ absolute error: a share 2^-32 of a small renormalising sum, just above it unfloored', () => {
    // Subnet 0 (disabled) holds nearly all the price; A, B and C are renormalised over their sum E ≈
    // 2^-7, with A's unfloored share of E just above 2^-32 (by 2^-57·t). The chain floors each price
    // share first, which takes up to 2^-25 of A's value: its high word is mostly 0 where the unfloored
    // value says 1. Only the bound's absolute term, amplified by 1 / E, sees that. (C keeps B's high
    // word away from an integer.)
    const rng = seedrandom('share-highs-float/absolute');
    let differs = 0;
    for (let k = 0; k < 400; k++) {
      const pA = (1n << 25n) + BigInt(Math.floor(rng() * 2 ** 24));
      const pC = BigInt(Math.floor(rng() * 2 ** 52)) << 4n;
      const t = BigInt(Math.floor(2 ** (14 + rng() * 16)));
      const pB = pA * (1n << 32n) - pA - pC - t;
      const rest = BigInt(Math.floor(rng() * 2 ** 40)) + 1n;
      const prices = [ONE - pA - pB - pC - rest, pA, pB, pC];
      const subnets = prices.map((movingPrice) => ({ movingPrice, minerBurned: 0n }));
      const c = { subnets, weighting: false, gate: null, enabled: [false, true, true, true] };
      const want = reference(c);
      if (want[1] === 0) differs++;
      const got = run(c);
      if (got !== null) expect(got, `case ${k}`).toEqual(want);
    }
    // The unfloored high word (1) is wrong in most of them: the float path must refuse those.
    expect(differs).toBeGreaterThan(200);
  });

  it('refuses rather than guesses: a 2^64 price beside a 1-bit one (a share 2^-64 below 1)', () => {
    const c = {
      subnets: [
        { movingPrice: ONE, minerBurned: 0n },
        { movingPrice: 1n, minerBurned: 0n },
      ],
      weighting: false,
      gate: null,
      enabled: null,
    };
    // Number(2^64 + 1) is 2^64: the float share is exactly 1, the chain's 2^64 − 1 bits (high word 2^32 − 1).
    expect(reference(c)).toEqual([2 ** 32 - 1, 0]);
    expect(run(c)).toBeNull();
  });
});
