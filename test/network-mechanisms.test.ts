// Mechanisms in the payout path (protocol-2026h2.md §5.3, sim/chain/network/mechanisms.ts): a subnet
// with two mechanisms runs one epoch per mechanism on its share of the emission, pays their sum, and
// keeps alpha conserved to the RAO; a scenario sets the count and split per subnet.
import { describe, expect, it } from 'vitest';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import type { EpochPayout } from '../sim/chain/network/distribution.ts';
import { setMechanismCount, splitMechanismEmission } from '../sim/chain/network/mechanisms.ts';
import { registerNeuron } from '../sim/chain/network/neuron-registration.ts';
import { alphaAccounted, mechanismStates } from '../sim/chain/network/subnet.ts';
import { submitWeights } from '../sim/chain/network/weight-submission.ts';
import { setWeights } from '../sim/chain/yuma/neurons.ts';
import { decodeSnapshot, encodeSnapshot } from '../sim/engine/snapshot.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const SPLIT = [16_384, 49_151];

/** Two validators (hotkeys 1, 2) and three miners (3–5) on subnet 1, τ = 10, for 60 blocks. */
function run(mechanisms: number) {
  const net = testNetwork('dtao');
  const s = addSubnet(net, { netuid: 1, tempo: 10, hotkeys: [1, 2, 3, 4, 5] });
  [1_000_000_000_000n, 400_000_000_000n].forEach((x, uid) => {
    s.alphaStake[uid] = x;
    s.alphaOut += x;
  });
  if (mechanisms > 1) setMechanismCount(s, mechanisms, SPLIT);
  // Mechanism 0 favours miner uid 2, mechanism 1 miner uid 4.
  const rows = [
    [5, 2, 1],
    [1, 2, 5],
  ];
  mechanismStates(s).forEach((m, k) => {
    for (let uid = 0; uid < 2; uid++) setWeights(m, uid, [2, 3, 4], rows[k], 1);
  });
  const epochs: EpochPayout[] = [];
  for (let b = 1; b <= 60; b++) {
    epochs.push(...stepBlock(net, b).epochs);
    expect(alphaAccounted(s)).toBe(s.alphaOut);
  }
  return { net, s, epochs };
}

describe('a subnet with two mechanisms', () => {
  const r = run(2);
  const paid = r.epochs.filter((e) => e.emission > 0n);

  it('both mechanisms run an epoch on their share of E, by MechanismEmissionSplit', () => {
    expect(paid.length).toBeGreaterThan(3);
    for (const e of paid) {
      const m = e.mechanisms ?? [];
      expect(m.length).toBe(2);
      expect(m.map((x) => x.emission)).toEqual(splitMechanismEmission(e.emission, 2, SPLIT));
      expect(m[0].emission + m[1].emission).toBe(e.emission);
      // ⌊E·16384/65535⌋ (+ the remainder) and ⌊E·49151/65535⌋
      expect(m[1].emission).toBe((e.emission * 49_151n) / 65_535n);
    }
  });

  it('each mechanism scores its own weights; the subnet pays their sum', () => {
    const e = paid[paid.length - 1];
    const [m0, m1] = (e.mechanisms ?? []).map((x) => x.result);
    expect(m0.serverEmission[2]).toBeGreaterThan(m0.serverEmission[4]);
    expect(m1.serverEmission[4]).toBeGreaterThan(m1.serverEmission[2]);
    for (let uid = 0; uid < 5; uid++) {
      expect(e.server[uid]).toBe(m0.serverEmission[uid] + m1.serverEmission[uid]);
      expect(e.result.validatorEmission[uid]).toBe(m0.validatorEmission[uid] + m1.validatorEmission[uid]);
    }
    // Each mechanism pays out its share, less at most a RAO per uid and payout (floors).
    for (const { emission, result } of e.mechanisms ?? []) {
      const out = [...result.serverEmission, ...result.validatorEmission].reduce((a, b) => a + b, 0n);
      expect(out).toBeLessThanOrEqual(emission);
      expect(out).toBeGreaterThanOrEqual(emission - 10n);
    }
    // Mechanism 1 carries three quarters of E, so its favourite miner earns the most.
    expect(e.server[4]).toBeGreaterThan(e.server[2]);
    // Bonds stay per mechanism, permits are shared.
    expect(r.s.mechanisms?.extra[0].bonds).toBe(m1.bonds);
    expect(r.s.neurons.bonds).toBe(m0.bonds);
    expect(r.s.mechanisms?.extra[0].validatorPermit).toEqual(r.s.neurons.validatorPermit);
  });

  it('one mechanism is today’s path: no per-mechanism record', () => {
    const one = run(1);
    expect(one.epochs.every((e) => e.mechanisms === undefined)).toBe(true);
    expect(one.epochs.length).toBe(r.epochs.length);
  });

  it('the mechanisms are plain state: they survive a checkpoint encode/decode unchanged', () => {
    const back = decodeSnapshot(encodeSnapshot({ m: r.s.mechanisms }, {}), {}) as { m: unknown };
    expect(back.m).toEqual(r.s.mechanisms);
  });

  it('registration and weights reach every mechanism', () => {
    const { net, s } = run(2);
    net.balance[77] = 10_000_000_000n;
    const reg = registerNeuron(net, s, 66, 77, 61);
    expect('refused' in reg ? reg.refused : null).toBeNull();
    const extra = s.mechanisms?.extra[0];
    expect(extra?.n).toBe(s.neurons.n);
    expect(extra?.blockAtRegistration).toEqual(s.neurons.blockAtRegistration);
    expect(submitWeights(s, 0, [2, 5], [1, 1], 200)).toBeNull();
    expect(extra?.weights[0]).toEqual(s.neurons.weights[0]);
    expect(extra?.lastUpdate[0]).toBe(200);
  });
});

describe('scenario: subnets.overrides[].mechanisms and mechanismSplit', () => {
  const scenario = (over: object) =>
    parseScenario(
      {
        format: 'taosim-scenario/v1',
        duration: { blocks: 400 },
        subnets: { count: 2, initialUids: 8, validators: 2, overrides: [{ netuid: 2, ...over }] },
        stake: { validators: 2 },
      },
      'mech.json',
    );

  it('runs a 2-mechanism subnet beside a plain one', () => {
    const out = runScenario(scenario({ maxUids: 128, mechanisms: 2, mechanismSplit: [65_535] }), 1);
    expect(out.tables.find((t) => t.name === 'subnet_epochs')?.rows.length).toBeGreaterThan(0);
  });

  it('refuses a split that does not sum to 65535, and more than 16 mechanisms', () => {
    expect(() => scenario({ mechanisms: 2, mechanismSplit: [1, 2] })).toThrow(
      'expected u16 shares summing to 65535, got an array of 2',
    );
    expect(() => scenario({ mechanisms: 17 })).toThrow('expected an integer in [1, 16], got 17');
    // maxUids × mechanisms ≤ 256, and no more shares than mechanisms
    expect(() => scenario({ mechanisms: 2 })).toThrow('expected at most 1 (maxUids 256 × mechanisms ≤ 256), got 2');
    expect(() => scenario({ maxUids: 64, mechanisms: 2, mechanismSplit: [1, 2, 65_532] })).toThrow(
      'expected at most 2 shares (one per mechanism)',
    );
  });
});
