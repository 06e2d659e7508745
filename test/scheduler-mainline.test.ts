// The newer mainline's scheduler deltas (protocol-2026h2.md §4.3), scheduler 'mainline-475': the
// BlocksSinceLastStep cap at τ + 1 and the safety net at τ, and one epoch per block when a due subnet
// runs Null consensus. Off in every preset.
import { describe, expect, it } from 'vitest';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import { dueSubnets, epochsDeferredThisBlock, type SchedulerKind } from '../sim/chain/network/epoch-schedule.ts';
import { ERA_PRESETS } from '../sim/chain/network/protocol-rules.ts';
import { submitWeights } from '../sim/chain/network/weight-submission.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

/** The blocks in 1..last at which the subnets' epochs run, as [block, netuid] pairs. */
function firings(kind: SchedulerKind, setup: (net: ReturnType<typeof testNetwork>) => void, last: number, cap = 2) {
  const net = testNetwork('current');
  setup(net);
  const out: [number, number][] = [];
  for (let b = 1; b <= last; b++) for (const s of dueSubnets(net.subnets, b, kind, cap)) out.push([b, s.netuid]);
  return { net, out };
}

describe("scheduler 'mainline-475'", () => {
  it('is off in every era preset', () => {
    for (const rules of Object.values(ERA_PRESETS)) expect(rules.scheduler).not.toBe('mainline-475');
  });

  it('without Null subnets and without drift it fires where the current scheduler does', () => {
    const setup = (net: ReturnType<typeof testNetwork>) => {
      for (const netuid of [1, 2, 3, 5]) addSubnet(net, { netuid, tempo: 360 });
    };
    const current = firings('current', setup, 1500).out;
    expect(firings('mainline-475', setup, 1500).out).toEqual(current);
    expect(current.slice(0, 4)).toEqual([
      [355, 5],
      [357, 3],
      [358, 2],
      [359, 1],
    ]);
  });

  it('BlocksSinceLastStep stops at τ + 1 (the current scheduler counts without bound)', () => {
    const setup = (net: ReturnType<typeof testNetwork>) => addSubnet(net, { netuid: 1, tempo: 0 });
    expect(firings('mainline-475', setup, 100).net.subnets[0].blocksSinceLastStep).toBe(1);
    expect(firings('current', setup, 100).net.subnets[0].blocksSinceLastStep).toBe(100);
  });

  it('the safety net is BlocksSinceLastStep > τ: a subnet whose LastEpochBlock lies ahead fires after τ + 1 blocks', () => {
    const setup = (net: ReturnType<typeof testNetwork>) => {
      addSubnet(net, { netuid: 1, tempo: 10 }).lastEpochBlock = 1_000;
    };
    expect(firings('mainline-475', setup, 40).out).toEqual([
      [11, 1], // the net (counter 11 > τ)
      [21, 1], // then every τ from LastEpochBlock = 11
      [31, 1],
    ]);
    // The baseline's net is MAX_TEMPO = 50,400 blocks: nothing before block 1,010.
    expect(firings('current', setup, 40).out).toEqual([]);
  });

  it('after a tempo cut the next block fires (the counter already exceeds the new τ)', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1, tempo: 360 });
    s.lastEpochBlock = 0;
    for (let b = 1; b <= 200; b++) dueSubnets([s], b, 'mainline-475');
    expect(s.blocksSinceLastStep).toBe(200);
    // set_tempo: τ = 100 and LastEpochBlock = now (block 200)
    s.tempo = 100;
    s.lastEpochBlock = 200;
    expect(dueSubnets([s], 201, 'mainline-475')).toEqual([s]);
    expect(s.blocksSinceLastStep).toBe(0);
  });

  it('a due Null subnet caps the block at one epoch; the others are deferred one block each', () => {
    const setup = (net: ReturnType<typeof testNetwork>) => {
      for (const netuid of [1, 2, 3]) addSubnet(net, { netuid, tempo: 360 }).lastEpochBlock = 0;
      net.subnets[1].epochConsensus = 'null';
    };
    expect(firings('mainline-475', setup, 365).out).toEqual([
      [360, 1],
      [361, 2],
      [362, 3],
    ]);
    expect(firings('current', setup, 365).out).toEqual([
      [360, 1],
      [360, 2],
      [361, 3],
    ]);
    // With no cap configured (0), a Null subnet still allows only one epoch in its block.
    expect(firings('mainline-475', setup, 365, 0).out).toEqual([
      [360, 1],
      [361, 2],
      [362, 3],
    ]);
  });

  it('reveals skip a subnet the cap defers, and happen in the block its epoch runs', () => {
    const net = testNetwork('current', { scheduler: 'mainline-475', maxEpochsPerBlock: 2 });
    const subnets = [1, 2].map((netuid) => addSubnet(net, { netuid, tempo: 10, hotkeys: [1, 2, 3] }));
    subnets[0].epochConsensus = 'null';
    const s = subnets[1];
    s.commitReveal = true;
    for (const x of subnets) {
      x.lastEpochBlock = 0;
      x.neurons.validatorPermit[0] = true;
      x.alphaStake[0] = 1_000_000_000n;
      x.alphaOut = 1_000_000_000n;
    }
    expect(submitWeights(s, 0, [1, 2], [100, 50], 3)).toBeNull();
    for (let b = 1; b <= 9; b++) stepBlock(net, b);
    expect([...epochsDeferredThisBlock(net.subnets, 10, 2)]).toEqual([2]);
    expect(stepBlock(net, 10).epochs.map((e) => e.netuid)).toEqual([1]);
    expect(s.neurons.weights[0].cols).toEqual([]); // deferred: not revealed
    expect(stepBlock(net, 11).epochs.map((e) => e.netuid)).toEqual([2]);
    expect(s.neurons.weights[0]).toEqual({ cols: [1, 2], vals: Uint16Array.of(65535, 32768) });
  });
});
