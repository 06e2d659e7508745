// Child keys (protocol-2026h2.md §5.1, protocol.md §3.3): a parent hotkey lends a proportion of its
// stake to a child hotkey, which validates with it; the child's validator dividends are shared back
// with its parents pro rata to what each contributed, less the child's take. Exact as the chain
// computes it (subtensor 14bc6f9 `get_inherited_for_hotkey_on_subnet`,
// `get_tao_inherited_for_hotkey_on_subnet`, `get_self_contribution`,
// `get_parent_child_dividends_distribution`): every quantity in U96F32, floored to u64 at the end.

import { U16_MAX, U64_MAX, U96F32 } from '../fixed/fixed.ts';

/** One ChildKeys entry: `parent` lends `proportion / (2^64 − 1)` of its stake to `child` on `netuid`. */
export interface ChildKeyLink {
  netuid: number;
  parent: number;
  child: number;
  /** u64, as the chain stores it (u64::MAX = all of it). */
  proportion: bigint;
}

/** p = proportion / u64::MAX in U96F32 (`safe_div`, truncated). */
export function proportionU96F32(proportion: bigint): bigint {
  return U96F32.div(U96F32.fromInt(proportion), U96F32.fromInt(U64_MAX));
}

/** The links of `hotkey` on `netuid` as child (its parents) and as parent (its children), in stored order. */
export function parentsOf(links: readonly ChildKeyLink[], netuid: number, hotkey: number): ChildKeyLink[] {
  return links.filter((l) => l.netuid === netuid && l.child === hotkey);
}
export function childrenOf(links: readonly ChildKeyLink[], netuid: number, hotkey: number): ChildKeyLink[] {
  return links.filter((l) => l.netuid === netuid && l.parent === hotkey);
}

/**
 * The stake a hotkey validates with (protocol.md §3.3): its own stake, minus own ⊗ p for each child,
 * plus the parent's own stake ⊗ p for each parent, summed in U96F32 (saturating at 0) and floored.
 * The same rule gives the inherited alpha (the subnet's stakes) and the inherited root TAO (root stakes).
 */
export function inheritedStake(
  own: (hotkey: number) => bigint,
  links: readonly ChildKeyLink[],
  netuid: number,
  hotkey: number,
): bigint {
  const initial = U96F32.fromInt(own(hotkey));
  let toChildren = 0n;
  for (const l of childrenOf(links, netuid, hotkey)) {
    toChildren = U96F32.add(toChildren, U96F32.mul(initial, proportionU96F32(l.proportion)));
  }
  let fromParents = 0n;
  for (const l of parentsOf(links, netuid, hotkey)) {
    fromParents = U96F32.add(fromParents, U96F32.mul(U96F32.fromInt(own(l.parent)), proportionU96F32(l.proportion)));
  }
  return U96F32.toInt(U96F32.add(U96F32.sub(initial, toChildren), fromParents));
}

/** What a hotkey's dividend routing reads: own stakes (not inherited), TaoWeight, owners, the takes. */
export interface DividendRoutingInput {
  /** Own alpha stake on the subnet (TotalHotkeyAlpha) and own root stake, per hotkey. */
  alpha: (hotkey: number) => bigint;
  root: (hotkey: number) => bigint;
  /** TaoWeight as stored (u64). */
  taoWeight: bigint;
  /** Owning coldkey of a hotkey. */
  owner: (hotkey: number) => number;
  /** The child's effective childkey take, u16 (max of its ChildkeyTake and the minimums). */
  childkeyTake: number;
  /** CKBurn as stored (u64; default 0). */
  ckBurn: bigint;
}

/** A dividend routed to one hotkey; `recycled` is the CK burn taken from parents' parts. */
export interface DividendRouting {
  /** (hotkey, u64 amount): each parent in stored order, then the hotkey itself last. */
  shares: { hotkey: number; amount: bigint }[];
  /** Σ floor(burn) over the parents: recycled (SubnetAlphaOut −= it). */
  recycled: bigint;
}

/** Own contribution, U96F32: α ⊗ p + (ρ ⊗ p) ⊗ w. */
function contribution(alpha: bigint, root: bigint, p: bigint, w: bigint): bigint {
  return U96F32.add(U96F32.mul(U96F32.fromInt(alpha), p), U96F32.mul(U96F32.mul(U96F32.fromInt(root), p), w));
}

/**
 * Share hotkey k's validator dividend d (u64) with its parents (protocol-2026h2.md §5.1). The hotkey's
 * own contribution uses what its children left it (1 − Σ p), floored to u64; each parent's is its own
 * stake times its proportion. A parent owned by another coldkey gives up the childkey take (to k)
 * and the CK burn (recycled); k gets the remainder plus the takes, floored.
 */
export function routeDividend(
  links: readonly ChildKeyLink[],
  netuid: number,
  k: number,
  d: bigint,
  x: DividendRoutingInput,
): DividendRouting {
  const w = U96F32.div(U96F32.fromInt(x.taoWeight), U96F32.fromInt(U64_MAX));
  const burnP = U96F32.div(U96F32.fromInt(x.ckBurn), U96F32.fromInt(U64_MAX));
  const takeP = U96F32.div(U96F32.fromInt(x.childkeyTake), U96F32.fromInt(U16_MAX));
  const parents = parentsOf(links, netuid, k);
  if (parents.length === 0) return { shares: [{ hotkey: k, amount: d }], recycled: 0n };

  let rem = U96F32.one;
  for (const l of childrenOf(links, netuid, k)) rem = U96F32.sub(rem, proportionU96F32(l.proportion));
  const self = U96F32.toInt(contribution(x.alpha(k), x.root(k), rem, w));
  let total = U96F32.fromInt(self);
  const parts = parents.map((l) => {
    const c = contribution(x.alpha(l.parent), x.root(l.parent), proportionU96F32(l.proportion), w);
    total = U96F32.add(total, c);
    return { hotkey: l.parent, c };
  });

  const dividend = U96F32.fromInt(d);
  let remaining = dividend;
  let takes = 0n;
  let recycled = 0n;
  const shares: { hotkey: number; amount: bigint }[] = [];
  const kOwner = x.owner(k);
  for (const { hotkey, c } of parts) {
    let e = U96F32.mul(dividend, U96F32.div(c, total));
    remaining = U96F32.sub(remaining, e);
    if (x.owner(hotkey) !== kOwner) {
      const burn = U96F32.mul(burnP, e);
      const take = U96F32.mul(takeP, e);
      e = U96F32.sub(U96F32.sub(e, burn), take);
      takes = U96F32.add(takes, take);
      recycled += U96F32.toInt(burn);
    }
    shares.push({ hotkey, amount: U96F32.toInt(e) });
  }
  shares.push({ hotkey: k, amount: U96F32.toInt(U96F32.add(remaining, takes)) });
  return { shares, recycled };
}
