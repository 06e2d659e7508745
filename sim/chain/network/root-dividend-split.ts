// Root Reborn's epoch split of validator dividends into an alpha part and a root part
// (protocol-2026h2.md §2.2, spec 441 and its spec-442 fix). Pure and exact: every quantity is U96F32
// bits as the chain computes it (⊗ floors, ⊘ truncates and gives 0 on a zero divisor); the payout
// floors each hotkey's share to u64 afterwards.

import { U96F32 } from '../fixed/fixed.ts';

/**
 * '441': a hotkey without a root UID keeps its whole dividend as alpha weight (no weighted root in its
 * denominator). '442' (PR #3035): the weighted root stays in every denominator; a hotkey without a
 * root UID simply gets no root part, and that slice is not handed to its alpha part.
 */
export type RootSplitForm = '441' | '442';

/** One dividend recipient of the epoch (after child-key routing, protocol-2026h2.md §5.1). */
export interface SplitRecipient {
  hotkey: number;
  /** The hotkey's dividend d_h, U96F32 bits. */
  dividend: bigint;
  /** TotalHotkeyAlpha[h][netuid] (u64). */
  alpha: bigint;
  /** TotalHotkeyAlpha[h][ROOT], the hotkey's root stake (u64). */
  root: bigint;
  /** Whether Uids[ROOT] holds h: only root-registered hotkeys earn root dividends. */
  rootRegistered: boolean;
}

/** The alpha and root weights of one dividend (U96F32 bits). */
export interface DividendParts {
  alphaDiv: bigint;
  rootDiv: bigint;
}

/** d_h split by stake mix; `taoWeight` is w as U96F32 bits. */
export function splitDividend(r: SplitRecipient, taoWeight: bigint, form: RootSplitForm): DividendParts {
  if (form === '441' && !r.rootRegistered) return { alphaDiv: r.dividend, rootDiv: 0n };
  const alpha = U96F32.fromInt(r.alpha);
  const total = U96F32.add(alpha, U96F32.mul(U96F32.fromInt(r.root), taoWeight));
  const alphaDiv = total === 0n ? r.dividend : U96F32.mul(r.dividend, U96F32.div(alpha, total));
  const rootDiv = r.rootRegistered ? U96F32.sub(r.dividend, alphaDiv) : 0n;
  return { alphaDiv, rootDiv };
}

/** What one epoch pays each recipient, U96F32 bits (the payout floors them to u64). */
export interface EpochRootSplit {
  /** Per recipient, in input order: its dividend's alpha and root weights. */
  parts: DividendParts[];
  /** Per recipient, in input order: pending_validator ⊗ (alpha_div ⊘ Σ alpha_div). */
  alpha: bigint[];
  /** Per recipient, in input order: pending_root ⊗ (root_div ⊘ Σ root_div). */
  root: bigint[];
  /** pending_root when no recipient's root share floors to at least 1 RAO (then recycled), else 0. */
  recycledRoot: bigint;
}

/**
 * Split the epoch's validator pot and root pot over the recipients (protocol-2026h2.md §2.2). The sums
 * are U96F32 saturating sums in input order. `pendingValidator` already includes pending_server when
 * the epoch's incentives sum to 0 (as in protocol.md §4.5).
 */
export function epochRootSplit(
  recipients: readonly SplitRecipient[],
  pendingValidator: bigint,
  pendingRoot: bigint,
  taoWeight: bigint,
  form: RootSplitForm,
): EpochRootSplit {
  const parts = recipients.map((r) => splitDividend(r, taoWeight, form));
  let alphaSum = 0n;
  let rootSum = 0n;
  for (const p of parts) {
    alphaSum = U96F32.add(alphaSum, p.alphaDiv);
    rootSum = U96F32.add(rootSum, p.rootDiv);
  }
  const validator = U96F32.fromInt(pendingValidator);
  const rootPot = U96F32.fromInt(pendingRoot);
  const alpha = parts.map((p) => U96F32.mul(validator, U96F32.div(p.alphaDiv, alphaSum)));
  const root = parts.map((p) => U96F32.mul(rootPot, U96F32.div(p.rootDiv, rootSum)));
  const anyRoot = root.some((x) => U96F32.toInt(x) > 0n);
  return { parts, alpha, root, recycledRoot: pendingRoot > 0n && !anyRoot ? pendingRoot : 0n };
}
