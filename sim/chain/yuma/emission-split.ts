// The emission split inside the epoch (protocol.md §3.11).

import { I96F32 } from '../fixed/fixed.ts';
import * as F from '../fixed/i32f32.ts';

export interface EmissionSplit {
  /** Normalised shares (I32F32 bits). */
  serverShare: Float64Array;
  validatorShare: Float64Array;
  combinedShare: Float64Array;
  /** Amounts in RAO (exact integers). */
  server: bigint[];
  validator: bigint[];
  combined: bigint[];
}

/**
 * Miners get I/Σ(I+D), validators D/Σ(I+D). When Σ(I+D) = 0 the whole amount goes to validators by
 * active stake, or by stake if no one is active. Amounts are floor(share × E) via I96F32; the
 * rounding dust is not paid to anyone.
 */
export function splitEmission(
  incentive: Float64Array,
  dividends: Float64Array,
  activeStake: Float64Array,
  stake: Float64Array,
  emission: bigint,
): EmissionSplit {
  const n = incentive.length;
  const combined = new Float64Array(n);
  for (let i = 0; i < n; i++) combined[i] = incentive[i] + dividends[i];
  const total = F.sum(combined);
  let serverShare = new Float64Array(n);
  let validatorShare = new Float64Array(n);
  let combinedShare = combined.slice();
  for (let i = 0; i < n; i++) {
    serverShare[i] = F.div(incentive[i], total);
    validatorShare[i] = F.div(dividends[i], total);
  }
  F.normalizeInPlace(combinedShare);
  if (total === 0) {
    const fallback = F.sum(activeStake) === 0 ? stake : activeStake;
    validatorShare = fallback.slice();
    combinedShare = fallback.slice();
    serverShare = new Float64Array(n);
  }
  return {
    serverShare,
    validatorShare,
    combinedShare,
    server: amounts(serverShare, emission),
    validator: amounts(validatorShare, emission),
    combined: amounts(combinedShare, emission),
  };
}

const TWO48 = 2 ** 48;

/** floor(share ⊗ E) in I96F32, then to u64. */
function amounts(share: Float64Array, emission: bigint): bigint[] {
  const out = new Array<bigint>(share.length);
  if (emission < BigInt(TWO48)) {
    // share·E / 2^32 floored is exactly the I32F32 product of the bits with the integer E.
    const e = Number(emission);
    for (let i = 0; i < share.length; i++) out[i] = BigInt(F.mul(share[i], e));
    return out;
  }
  const eFixed = I96F32.fromInt(emission);
  for (let i = 0; i < share.length; i++) {
    out[i] = I96F32.toInt(I96F32.mul(BigInt(share[i]), eFixed), 0n, (1n << 64n) - 1n);
  }
  return out;
}
