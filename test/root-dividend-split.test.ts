// Root Reborn's epoch split (protocol-2026h2.md §2.2): the 441 form and the 442 fix, exact in U96F32.
import { describe, expect, it } from 'vitest';
import { U96F32 } from '../sim/chain/fixed/fixed.ts';
import { epochRootSplit, type SplitRecipient, splitDividend } from '../sim/chain/network/root-dividend-split.ts';

const W = U96F32.fromNum(0.18);
const D = U96F32.fromInt(1_000_000n);
/** §2.2's derived example: α = 1,000, ρ = 10,000, w = 0.18. */
const example = (rootRegistered: boolean, hotkey = 1): SplitRecipient => ({
  hotkey,
  dividend: D,
  alpha: 1000n,
  root: 10_000n,
  rootRegistered,
});
const ints = (xs: bigint[]) => xs.map((x) => U96F32.toInt(x));

describe('splitDividend (protocol-2026h2.md §2.2)', () => {
  it('a root-registered hotkey: alpha fraction 1000/2800 = 0.357143, the rest is root (441 and 442 alike)', () => {
    for (const form of ['441', '442'] as const) {
      const p = splitDividend(example(true), W, form);
      // d ⊗ (α ⊘ (α + ρ ⊗ w)), then d − that; bits as the chain computes them.
      expect(p.alphaDiv).toBe(1_533_916_891_000_000n);
      expect(p.rootDiv).toBe(2_761_050_405_000_000n);
      expect(p.alphaDiv + p.rootDiv).toBe(D);
      expect(U96F32.toNumber(p.alphaDiv) / 1e6).toBeCloseTo(0.357143, 6);
    }
  });

  it('442: a hotkey without a root UID keeps alpha weight 0.357143·d; the root slice is dropped, not given to alpha', () => {
    const p = splitDividend(example(false), W, '442');
    expect(p).toEqual({ alphaDiv: 1_533_916_891_000_000n, rootDiv: 0n });
  });

  it('441: a hotkey without a root UID pays its whole dividend as alpha weight', () => {
    expect(splitDividend(example(false), W, '441')).toEqual({ alphaDiv: D, rootDiv: 0n });
  });

  it('no stake at all: the whole dividend is alpha weight', () => {
    const r = { ...example(true), alpha: 0n, root: 0n };
    expect(splitDividend(r, W, '442')).toEqual({ alphaDiv: D, rootDiv: 0n });
  });
});

describe('epochRootSplit (protocol-2026h2.md §2.2)', () => {
  const both = [example(true, 1), example(false, 2)];

  it('442 weighs the unregistered hotkey like the registered one on the alpha side', () => {
    const e = epochRootSplit(both, 1_000_000n, 500_000n, W, '442');
    expect(ints(e.alpha)).toEqual([500_000n, 500_000n]);
    expect(ints(e.root)).toEqual([500_000n, 0n]);
    expect(e.recycledRoot).toBe(0n);
  });

  it('441 over-weighted the unregistered hotkey on the alpha side (the bug 442 fixed)', () => {
    const e = epochRootSplit(both, 1_000_000n, 500_000n, W, '441');
    expect(ints(e.alpha)).toEqual([263_157n, 736_842n]);
    expect(ints(e.root)).toEqual([500_000n, 0n]);
  });

  it('recycles the root pot when no recipient can receive it, or there is no recipient', () => {
    expect(epochRootSplit([example(false)], 1_000_000n, 500_000n, W, '442').recycledRoot).toBe(500_000n);
    expect(epochRootSplit([], 1_000_000n, 500_000n, W, '442').recycledRoot).toBe(500_000n);
    expect(epochRootSplit([example(true)], 1_000_000n, 0n, W, '442').recycledRoot).toBe(0n);
    // 1 RAO over two equal root shares: each gets ½ RAO, which floors to 0, so the RAO is recycled.
    const halves = epochRootSplit([example(true, 1), example(true, 2)], 1_000_000n, 1n, W, '442');
    expect(halves.root).toEqual([U96F32.one / 2n, U96F32.one / 2n]);
    expect(halves.recycledRoot).toBe(1n);
  });
});
