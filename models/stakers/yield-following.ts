// Stakers that follow yields with inertia (docs/models.md): each day they move a fraction
// (1 − inertia) of the way from where their capital is toward an allocation in which each subnet's
// share grows with its staking yield (yield^sensitivity; no yield, no share). Their buying and
// selling is the subnets' net staking flow, which the flow era turns into emission shares.

export interface YieldFollowingParams {
  /** TAO the stakers control in all (taken from the market at the start). */
  capitalTao: number;
  /** Fraction of the gap to the target left in place each day (0.9 = move 10 % a day). */
  inertia: number;
  /** How strongly the allocation favours higher yields. */
  sensitivity: number;
}

/** Target shares of capital per subnet from daily yields (validator alpha paid / alpha staked). */
export function targetShares(yields: readonly number[], sensitivity: number): number[] {
  const w = yields.map((y) => (y > 0 ? Math.pow(y, sensitivity) : 0));
  const total = w.reduce((a, b) => a + b, 0);
  return total > 0 ? w.map((x) => x / total) : yields.map(() => 1 / Math.max(1, yields.length));
}

/** Today's move in TAO per subnet: (1 − inertia)·(target − held); positive stakes, negative unstakes. */
export function rebalance(held: readonly number[], cash: number, shares: readonly number[], inertia: number): number[] {
  const wealth = held.reduce((a, b) => a + b, 0) + cash;
  return held.map((h, i) => (1 - inertia) * (shares[i] * wealth - h));
}
