// Null consensus (protocol-2026h2.md §4.4): the chain's Null tests as the addendum restates them
// (stakes 3e8 / 1e8, E = 1,000,000, four uids, two validators), bit for bit where the chain asserts
// exact values and to the exact values this model gives where the chain allows a tolerance.
import { describe, expect, it } from 'vitest';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { type EpochInput, runEpoch, type YumaParams } from '../sim/chain/yuma/epoch.ts';
import { apportionUnits, nullWinner, runNullEpoch } from '../sim/chain/yuma/null-consensus.ts';
import type { U16Csr } from '../sim/chain/yuma/sparse.ts';
import { emptyRow, type U16Row } from '../sim/chain/yuma/weights.ts';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const PARAMS: YumaParams = {
  kappa: 32_767,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65_535,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45_875,
  alphaHigh: 58_982,
  alphaSigmoidSteepness: 1000,
  maxAllowedValidators: 2,
  activityCutoff: 5000,
  stakeThreshold: 0n,
  taoWeight: 0n,
};

const BONDS: U16Csr = {
  rows: 4,
  ptr: Int32Array.from([0, 1, 2, 2, 2]),
  cols: Int32Array.from([2, 3]),
  vals: Uint16Array.from([12_345, 54_321]),
};

/** The chain test's setup: uids 0 and 1 staked validators with permits, 2 and 3 miners, registered at 0. */
function input(stakes: [bigint, bigint], rows: (U16Row | undefined)[], over: Partial<EpochInput> = {}): EpochInput {
  return {
    n: 4,
    block: 1,
    tempo: 360,
    params: PARAMS,
    ownerUid: null,
    alphaStake: [stakes[0], stakes[1], 0n, 0n],
    permitOld: [true, true, false, false],
    lastUpdate: [1, 1, 0, 0],
    blockAtRegistration: [0, 0, 0, 0],
    weights: [0, 1, 2, 3].map((i) => rows[i] ?? emptyRow()),
    bonds: BONDS,
    lastStepBlock: 0,
    emission: 1_000_000n,
    ...over,
  };
}

const row = (cols: number[], vals: number[]): U16Row => ({ cols, vals: Uint16Array.from(vals) });

describe('Null consensus epoch', () => {
  it('winner row pays miners, stake pays validators, both regardless of activity', () => {
    const r = runNullEpoch(
      input([300_000_000n, 100_000_000n], [row([2, 3], [3, 1]), row([3], [65_535])], {
        block: PARAMS.activityCutoff + 2,
      }),
    );
    expect(r.active).toEqual([false, false, false, false]);
    expect(r.validatorEmission).toEqual([375_000n, 125_000n, 0n, 0n]);
    expect(r.serverEmission).toEqual([0n, 0n, 375_000n, 125_000n]);
    expect(r.emission).toEqual([375_000n, 125_000n, 375_000n, 125_000n]);
    expect(r.validatorPermit).toEqual([true, false, false, false]);
  });

  it('a stake tie goes to the lower uid', () => {
    const r = runNullEpoch(input([100_000_000n, 100_000_000n], [row([2], [65_535]), row([3], [65_535])]));
    expect(r.serverEmission).toEqual([0n, 0n, 500_000n, 0n]);
    expect(r.validatorEmission).toEqual([250_000n, 250_000n, 0n, 0n]);
  });

  it('the winner is chosen on raw stake, before normalised stake rounding (1e9 vs 1e9 + 1)', () => {
    const r = runNullEpoch(input([1_000_000_000n, 1_000_000_001n], [row([2], [65_535]), row([3], [65_535])]));
    expect(r.serverEmission[2]).toBe(0n);
    expect(r.serverEmission[3]).toBe(500_000n);
    expect(r.validatorPermit).toEqual([false, true, false, false]);
  });

  it("an empty winner row shares the miners' half over every uid (the loser's row is not used)", () => {
    const r = runNullEpoch(input([300_000_000n, 100_000_000n], [undefined, row([3], [65_535])]));
    expect(r.serverEmission).toEqual([125_000n, 125_000n, 125_000n, 125_000n]);
    expect(r.validatorEmission).toEqual([375_000n, 125_000n, 0n, 0n]);
  });

  it('a stale winner row (target re-registered after the weights) falls back to equal shares', () => {
    const r = runNullEpoch(
      input([300_000_000n, 100_000_000n], [row([2], [65_535]), row([3], [65_535])], {
        blockAtRegistration: [0, 0, 2, 0],
      }),
    );
    expect(r.serverEmission).toEqual([125_000n, 125_000n, 125_000n, 125_000n]);
  });

  it('no stake: the whole budget to every uid equally, nothing to validators', () => {
    const r = runNullEpoch(input([0n, 0n], []));
    expect(r.serverEmission).toEqual([250_000n, 250_000n, 250_000n, 250_000n]);
    expect(r.validatorEmission).toEqual([0n, 0n, 0n, 0n]);
    expect(r.validatorPermit).toEqual([false, false, false, false]);
  });

  it('bonds are left as stored, and a Yuma epoch on the same input still runs', () => {
    const inp = input([300_000_000n, 100_000_000n], [row([2], [65_535])]);
    expect(runNullEpoch(inp).bonds).toBe(BONDS);
    expect(runEpoch(inp).bonds).not.toBe(BONDS);
  });

  it('an empty subnet gives an empty result', () => {
    const r = runNullEpoch({ ...input([0n, 0n], []), n: 0, alphaStake: [], weights: [] });
    expect(r.emission).toEqual([]);
  });

  it('raw weights and the budget: miners X − ⌊X/2⌋, validators ⌊X/2⌋, emission = server + validator', () => {
    for (const X of [0n, 1n, 3n, 131_071n, 2n ** 64n - 1n]) {
      const r = runNullEpoch(input([300_000_000n, 100_000_000n], [row([2, 3], [65_534, 1])], { emission: X }));
      const sum = (v: bigint[]) => v.reduce((a, b) => a + b, 0n);
      expect(sum(r.serverEmission)).toBe(X - X / 2n);
      expect(sum(r.validatorEmission)).toBe(X / 2n);
      r.emission.forEach((e, i) => {
        expect(e).toBe(r.serverEmission[i] + r.validatorEmission[i]);
      });
    }
  });
});

describe('apportionUnits', () => {
  it('conserves large and sub-unit budgets, each part floor or floor + 1, zero shares get 0', () => {
    const shares = new Array<bigint>(2500).fill(65_535n);
    shares[0] = 1n;
    shares[100] = 0n;
    const total = shares.reduce((a, b) => a + b, 0n);
    for (const budget of [0n, 1n, 7n, 4_097n, 1_000_003n, 2n ** 64n - 1n]) {
      const paid = apportionUnits(shares, budget);
      expect(paid.reduce((a, b) => a + b, 0n)).toBe(budget);
      expect(paid[100]).toBe(0n);
      expect(apportionUnits(shares, budget)).toEqual(paid);
      paid.forEach((p, i) => {
        const floor = (budget * shares[i]) / total;
        expect(p === floor || p === floor + 1n).toBe(true);
      });
    }
    const max = (1n << 128n) - 1n;
    const all = apportionUnits(new Array<bigint>(2500).fill(max), 2n ** 64n - 1n);
    expect(all.reduce((a, b) => a + b, 0n)).toBe(2n ** 64n - 1n);
  });

  it('leftover units go to the largest remainders, lower index first', () => {
    expect(apportionUnits([1n, 1n, 1n], 2n)).toEqual([1n, 1n, 0n]);
    expect(apportionUnits([1n, 2n, 2n], 4n)).toEqual([1n, 2n, 1n]);
  });

  it('nullWinner: largest stake, lowest uid on a tie, none without stake', () => {
    expect(nullWinner([5n, 7n, 7n])).toBe(1);
    expect(nullWinner([0n, 0n])).toBe(null);
  });
});

describe('Null consensus in the network', () => {
  it('a subnet set to Null pays its epoch by the Null rules: one permit, bonds kept, last Yuma step block kept', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1, tempo: 10, hotkeys: [1, 2, 3, 4] });
    expect(s.epochConsensus).toBe('yuma');
    s.epochConsensus = 'null';
    s.lastEpochBlock = 0;
    s.alphaStake = [300_000_000n, 100_000_000n, 0n, 0n];
    s.alphaOut = 400_000_000n;
    s.neurons.validatorPermit = [true, true, false, false];
    s.neurons.weights[0] = row([2, 3], [3, 1]);
    s.neurons.lastUpdate[0] = 1;
    s.neurons.bonds = BONDS;
    s.neurons.lastStepBlock = 0;
    let epoch = null;
    for (let b = 1; b <= 10 && !epoch; b++) epoch = stepBlock(net, b).epochs[0] ?? null;
    expect(epoch).not.toBeNull();
    const r = epoch!.result;
    const X = epoch!.emission;
    expect(r.serverEmission[2] + r.serverEmission[3]).toBe(X - X / 2n);
    // uid 2 : uid 3 = 3 : 1, exactly up to the one unit apportionment hands out
    expect(r.serverEmission[2] - 3n * r.serverEmission[3] <= 3n).toBe(true);
    expect(s.neurons.validatorPermit).toEqual([true, false, false, false]);
    expect(s.neurons.bonds).toBe(BONDS);
    expect(s.neurons.lastStepBlock).toBe(0);
  });

  it('a scenario sets it per subnet (subnets.overrides[].epochConsensus); the run conserves TAO and alpha', () => {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'null-subnet',
        duration: { days: 1 },
        subnets: { count: 2, initialUids: 12, validators: 4, overrides: [{ netuid: 2, epochConsensus: 'null' }] },
        stake: { validators: 6 },
        protocol: { preset: 'current' },
      },
      'inline',
    );
    const { network: net } = runScenario(sc, 5);
    expect(net.subnets.map((s) => s.epochConsensus)).toEqual(['yuma', 'null']);
    const permits = (i: number) => net.subnets[i].neurons.validatorPermit.filter(Boolean).length;
    expect(permits(0)).toBeGreaterThan(1);
    expect(permits(1)).toBe(1);
    expect(net.issuance).toBe(net.startIssuance + net.minted - net.recycled);
    expect(taoHeld(net)).toBe(net.issuance);
    for (const s of net.subnets) expect(alphaAccounted(s)).toBe(s.alphaOut);
  });

  it('a bad value is refused with its JSON path', () => {
    let message = '';
    try {
      parseScenario(
        {
          format: 'taosim-scenario/v1',
          name: 'bad',
          subnets: { count: 2, overrides: [{ netuid: 2, epochConsensus: 'linear' }] },
        },
        'bad.json',
      );
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      message = e.format();
    }
    expect(message).toMatch(/bad\.json.*\$\.subnets\.overrides\[0\]\.epochConsensus.*expected "yuma" or "null"/);
  });
});
