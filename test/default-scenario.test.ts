// The default scenario is today's network, shaped like mainnet at block 8 968 186 (public state, see
// the scenario's description): 128 subnets of 256 uids, validators per subnet dealt from mainnet's
// counts, Yuma3 on about a quarter of the subnets, commit-reveal on about three quarters, a few with
// emission off, tempo 360 on most, TaoWeight 0.18 and 0.5 TAO a block after the first halving.
// Asserted on its genesis (no blocks run), so the test is quick.
import { describe, expect, it } from 'vitest';
import { blockEmission } from '../sim/chain/emission/halving-schedule.ts';
import { U64_MAX } from '../sim/chain/fixed/fixed.ts';
import { RandomStreams } from '../sim/engine/index.ts';
import { genesis } from '../sim/run/genesis.ts';
import { loadScenario } from '../sim/scenario/scenario.ts';

const sc = loadScenario('scenarios/default.json');
const { network, agents } = genesis(sc, new RandomStreams(sc.seed));
const subnets = network.subnets;
const count = (pred: (s: (typeof subnets)[number]) => boolean) => subnets.filter(pred).length;

describe('the default scenario: today’s network', () => {
  it('runs on preset today (spec 475), from 1 December 2026, at 0.5 TAO a block with TaoWeight 0.18', () => {
    expect(sc.protocol.preset).toBe('today');
    expect(sc.protocol.rules.subnetRegistration).toBe('queue-473');
    expect(sc.protocol.rules.emissionGate).not.toBeNull();
    expect(sc.start.date).toBe('2026-12-01');
    expect(blockEmission(sc.start.issuance)).toBe(500_000_000n); // RAO: after the first halving (10.5M)
    expect(sc.start.issuance).toBeLessThan(15_750_000n * 1_000_000_000n); // before the second
    expect(Number(sc.protocol.rules.taoWeight) / Number(U64_MAX)).toBeCloseTo(0.18, 9);
  });

  it('128 subnets of 256 uids', () => {
    expect(subnets.length).toBe(128);
    expect(subnets.every((s) => s.neurons.n === 256)).toBe(true);
  });

  it("validators per subnet are mainnet's counts: median 11, from 1 to 54, each subnet permitted as many", () => {
    const validators = subnets.map((s) => s.hotkeys.filter((h) => agents.role[h] === 'validator').length);
    const permits = subnets.map((s) => s.neurons.validatorPermit.filter(Boolean).length);
    expect(permits).toEqual(validators);
    const sorted = [...validators].sort((a, b) => a - b);
    expect((sorted[63] + sorted[64]) / 2).toBe(11);
    expect([sorted[0], sorted[127]]).toEqual([1, 54]);
    expect(validators.reduce((a, b) => a + b, 0)).toBe(1475); // mainnet's total at block 8 968 186
  });

  it('Yuma3 on 28 subnets (about a quarter), commit-reveal on 97 (three quarters), liquid alpha on 11', () => {
    expect(count((s) => s.params.yuma3)).toBe(28);
    expect(count((s) => s.commitReveal)).toBe(97);
    expect(count((s) => s.params.liquidAlpha)).toBe(11);
  });

  it('emission off on 3 subnets; tempo 360 on all but four (99, 1440, 1800, 7200)', () => {
    expect(count((s) => s.emissionEnabled === false)).toBe(3);
    const others = subnets.filter((s) => s.tempo !== 360).map((s) => s.tempo);
    expect(others.sort((a, b) => a - b)).toEqual([99, 1440, 1800, 7200]);
  });
});
