// A nominator's choice of validator (docs/explanation/agents.md): it stays unless the best validator's
// recent net yield beats its own by a margin (inertia) and what that extra yield earns over a horizon
// outweighs the move's cost (the swap fees and slippage of unstaking and staking again).

export interface Candidate {
  hotkey: number;
  /** Recent net yield per epoch: nominators' alpha paid per alpha staked. */
  yield: number;
}

export interface SwitchRule {
  /** Relative yield improvement required (0.1 = 10 % better). */
  minGain: number;
  /** Epochs over which the gain must pay for the move. */
  horizonEpochs: number;
}

/**
 * The hotkey to hold next: the best candidate (highest yield, lowest hotkey on a tie) when it beats
 * the current one by the margin and the gain over the horizon, held·Δyield·epochs, exceeds `costAlpha`;
 * otherwise the current one.
 */
export function chooseValidator(
  current: Candidate,
  candidates: readonly Candidate[],
  heldAlpha: number,
  costAlpha: number,
  rule: SwitchRule,
): number {
  let best = current;
  for (const c of candidates) if (c.yield > best.yield || (c.yield === best.yield && c.hotkey < best.hotkey)) best = c;
  if (best.hotkey === current.hotkey) return current.hotkey;
  const margin = best.yield > current.yield * (1 + rule.minGain);
  const pays = heldAlpha * (best.yield - current.yield) * rule.horizonEpochs > costAlpha;
  return margin && pays ? best.hotkey : current.hotkey;
}
