// The coinbase's U96F32 arithmetic written out with plain BigInt operators (sim/chain/network/
// coinbase.ts) against the generic saturating fixed-point operations it replaces, on seeded random
// inputs over the ranges the coinbase sees (RAO amounts below 2^55, per-block ones below 10^9).
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { convertFixed, U64F64, U96F32 } from '../sim/chain/fixed/fixed.ts';
import { rootProportionBits } from '../sim/chain/network/coinbase.ts';
import { bigintsBelow } from './helpers/random-bigint.ts';

const rng = seedrandom('test/coinbase-fixed');
/** A random BigInt below 2^bits (small ones drawn too). */
const below = bigintsBelow(rng);
const HALF = U96F32.fromNum(0.5);

describe('coinbase fixed point written out = the generic U96F32 operations', () => {
  it('root proportion, T, the injection cap and the root alpha on 20 000 random blocks', () => {
    for (let k = 0; k < 20_000; k++) {
      const taoWeight = k % 50 === 0 ? 0n : below(33); // up to 2 (bits 2^33): above the chain's 1
      const rootTotal = k % 97 === 0 ? 0n : below(55);
      const weighted = U96F32.mul(taoWeight, U96F32.fromInt(rootTotal));
      const issuance = k % 89 === 0 ? 0n : below(55);
      const rp = U96F32.div(weighted, U96F32.add(weighted, U96F32.fromInt(issuance)));
      expect(rootProportionBits(weighted, issuance)).toBe(rp);

      const minted = below(30);
      const share = below(65) > U64F64.one ? U64F64.one : below(65);
      const T = minted * (share >> 32n);
      expect(T).toBe(U96F32.saturate(minted * convertFixed(share, U64F64, U96F32)));
      expect(T >> 32n).toBe(U96F32.toInt(T, 0n));

      const emission = below(30);
      expect(rp * emission).toBe(U96F32.mul(rp, U96F32.fromInt(emission)));

      // alpha_out after the owner's cut, below 10^9 alpha (2^62 bits); rest = out − out·½.
      const out = below(62);
      const rest = U96F32.sub(out, U96F32.mul(out, HALF));
      const rootAlpha = (rp * out) >> 33n;
      expect(rootAlpha).toBe(U96F32.mul(U96F32.mul(rp, out), HALF));
      expect(rest > rootAlpha ? rest - rootAlpha : 0n).toBe(U96F32.sub(rest, rootAlpha));
    }
  });
});
