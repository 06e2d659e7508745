// Yield-following stakers: the allocation rule, and their flows in a run.
import { describe, expect, it } from 'vitest';
import { rebalance, targetShares } from '../models/stakers/yield-following.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

describe('yield-following stakers', () => {
  it('target shares grow with yield; no yield, no share; inertia moves only part of the way', () => {
    const t = targetShares([0.02, 0.01, 0, -1], 1);
    [2 / 3, 1 / 3, 0, 0].forEach((x, i) => expect(t[i]).toBeCloseTo(x, 12));
    const sq = targetShares([0.02, 0.01], 2);
    expect(sq[0]).toBeCloseTo(0.8, 12);
    expect(sq[1]).toBeCloseTo(0.2, 12);
    const m = rebalance([100, 0], 0, [0, 1], 0.9);
    expect(m[0]).toBeCloseTo(-10, 9);
    expect(m[1]).toBeCloseTo(10, 9);
  });
  it('in the flow era their buying is the net flow that the emission shares follow; TAO and alpha stay conserved', () => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { days: 6 },
        protocol: { preset: 'flow' },
        subnets: { count: 3, initialUids: 20, validators: 5 },
        stake: { validators: 6 },
        market: { stakeFlowTaoPerDay: 0, stakers: { capitalTao: 100000, inertia: 0.8 } },
      },
      'inline',
    );
    const { network: net } = runScenario(sc, 2);
    expect(taoHeld(net)).toBe(net.issuance);
    for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
    // With no other flow, every subnet's flow EMA is the stakers' doing, and positive (they bought in).
    for (const s of net.subnets) expect(s.flowEma > 0n).toBe(true);
  });
});
