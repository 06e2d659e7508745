// Epoch scheduling (protocol.md §2.2, §2.3), the block lifecycle (§2.1) and commit-reveal (§6).
import { describe, expect, it } from 'vitest';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import { dueSubnets, legacyEpochDue } from '../sim/chain/network/epoch-schedule.ts';
import { anyCommitDue, revealDueCommits, submitWeights } from '../sim/chain/network/weight-submission.ts';
import { registerUid } from '../sim/chain/yuma/neurons.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

describe('epoch schedule', () => {
  it('legacy: every τ + 1 blocks, offset by netuid (τ − ((b + netuid + 1) mod (τ + 1)) = 0)', () => {
    const fires = (netuid: number) =>
      Array.from({ length: 1000 }, (_, b) => b).filter((b) => legacyEpochDue(netuid, 360, b));
    expect(fires(1)).toEqual([358, 719]);
    expect(fires(3)).toEqual([356, 717]);
    expect(legacyEpochDue(1, 0, 359)).toBe(false); // tempo 0: dormant
  });
  it('current: every τ blocks from LastEpochBlock, staggered by netuid mod τ at creation', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 5, tempo: 360 });
    expect(s.lastEpochBlock).toBe(-5);
    const blocks: number[] = [];
    for (let b = 1; b <= 800; b++) if (dueSubnets([s], b, 'current').length) blocks.push(b);
    expect(blocks).toEqual([355, 715]);
    expect(s.epochIndex).toBe(2);
  });
  it('current: at most MaxEpochsPerBlock epochs per block; the rest are deferred one block', () => {
    const net = testNetwork('current');
    const subnets = [1, 2, 3].map((netuid) => addSubnet(net, { netuid, tempo: 360 }));
    for (const s of subnets) s.lastEpochBlock = 0;
    expect(dueSubnets(subnets, 360, 'current', 2).map((s) => s.netuid)).toEqual([1, 2]);
    expect(subnets[2].pendingEpochAt).toBe(361);
    expect(dueSubnets(subnets, 361, 'current', 2).map((s) => s.netuid)).toEqual([3]);
  });
});

describe('block lifecycle', () => {
  it("an epoch block drains the pending amounts including this block's emission; issuance = minted − recycled", () => {
    const net = testNetwork('dtao', { scheduler: 'legacy' });
    const s = addSubnet(net, { netuid: 1, tempo: 9, hotkeys: [1, 2, 3] });
    s.alphaStake = [1_000_000_000n, 0n, 0n];
    s.alphaOut = 1_000_000_000n;
    s.neurons.validatorPermit[0] = true;
    const start = net.issuance;
    let accumulated = 0n;
    let drained = 0n;
    // legacy τ = 9, netuid 1: the first epoch is at block 7 (9 − ((7 + 2) mod 10) = 0)
    for (let b = 1; b <= 7; b++) {
      const before = s.pending.server + s.pending.validator + s.pending.root;
      const r = stepBlock(net, b);
      if (r.epochs.length) {
        expect(b).toBe(7);
        drained = r.epochs[0].emission;
      } else {
        accumulated += s.pending.server + s.pending.validator + s.pending.root - before;
      }
    }
    expect(s.pending.server + s.pending.validator + s.pending.root).toBe(0n);
    // seven blocks of accumulation, the seventh added in the same block before the drain
    expect(drained > accumulated).toBe(true);
    expect(drained - accumulated).toBe(accumulated / 6n);
    expect(net.issuance).toBe(start + net.minted - net.recycled);
    expect(net.minted).toBe(7_000_000_000n);
  });
});

describe('commit-reveal', () => {
  it('committed weights are stored only when their reveal epoch starts; LastUpdate is the commit block', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1, tempo: 10, commitReveal: true, hotkeys: [1, 2, 3] });
    s.lastEpochBlock = 0;
    s.neurons.validatorPermit[0] = true;
    s.alphaStake[0] = 1_000_000_000n;
    s.alphaOut = 1_000_000_000n;
    expect(submitWeights(s, 0, [1, 2], [100, 50], 3)).toBeNull();
    expect(s.neurons.lastUpdate[0]).toBe(3);
    expect(s.neurons.weights[0].cols).toEqual([]);
    for (let b = 1; b <= 9; b++) stepBlock(net, b);
    expect(s.neurons.weights[0].cols).toEqual([]); // still hidden
    stepBlock(net, 10); // the epoch at block 10 starts epoch 1: the commit of epoch 0 is revealed first
    expect(s.neurons.weights[0]).toEqual({ cols: [1, 2], vals: Uint16Array.of(65535, 32768) });
    expect(s.neurons.lastUpdate[0]).toBe(3);
  });
  /** A commit-reveal subnet of 4 uids, no rate limit, uids 0–2 permitted validators. */
  const commitRevealSubnet = () => {
    const s = addSubnet(testNetwork('current'), { netuid: 1, tempo: 10, commitReveal: true, hotkeys: [1, 2, 3, 4] });
    s.weightsRateLimit = 0;
    for (const uid of [0, 1, 2]) s.neurons.validatorPermit[uid] = true;
    return s;
  };
  it('reveals the due commits in commit order and keeps the later ones (anyCommitDue reads the first)', () => {
    const s = commitRevealSubnet();
    // Epoch 0: uid 0 commits twice (the second overwrites the first on reveal), uid 1 once.
    expect(submitWeights(s, 0, [1, 2], [1, 1], 1)).toBeNull();
    expect(submitWeights(s, 1, [2], [5], 2)).toBeNull();
    expect(submitWeights(s, 0, [3], [9], 3)).toBeNull();
    s.epochIndex = 1; // epoch 1: uid 2 commits, due only once epoch 2 starts
    expect(submitWeights(s, 2, [0], [4], 4)).toBeNull();
    expect(anyCommitDue(s, 0)).toBe(false);
    expect(anyCommitDue(s, 1)).toBe(true);
    revealDueCommits(s, false);
    expect(s.neurons.weights[0]).toEqual({ cols: [3], vals: Uint16Array.of(65535) });
    expect(s.neurons.weights[1]).toEqual({ cols: [2], vals: Uint16Array.of(65535) });
    expect(s.neurons.weights[2].cols).toEqual([]);
    expect(s.commits.map((c) => c.uid)).toEqual([2]);
    expect(anyCommitDue(s, 1)).toBe(false);
    revealDueCommits(s, true); // the look-ahead: the epoch firing this block starts epoch 2
    expect(s.neurons.weights[2]).toEqual({ cols: [0], vals: Uint16Array.of(65535) });
    expect(s.commits).toEqual([]);
  });
  it('a commit copies the lists it is given, unless they are handed over (submitWeights with handedOver); the stored rows are the same', () => {
    const s = commitRevealSubnet();
    const dests = [1, 2, 3];
    const copied = [300, 200, 100];
    const owned = [3, 2, 1];
    expect(submitWeights(s, 0, dests, copied, 1)).toBeNull();
    expect(submitWeights(s, 1, dests, owned, 1, true)).toBeNull();
    expect(submitWeights(s, 2, dests, [0, 0, 0], 1, true)).toBeNull();
    expect(s.commits[0].dests).not.toBe(dests);
    expect(s.commits[0].values).not.toBe(copied);
    expect(s.commits[1].dests).toBe(dests); // one list shared by a batch's rows
    expect(s.commits[1].values).toBe(owned);
    expect(s.neurons.lastUpdate[1]).toBe(1);
    s.epochIndex = 1;
    revealDueCommits(s, false);
    expect(s.neurons.weights[0]).toEqual({ cols: [1, 2, 3], vals: Uint16Array.of(65535, 43690, 21845) });
    expect(s.neurons.weights[1]).toEqual({ cols: [1, 2, 3], vals: Uint16Array.of(65535, 43690, 21845) });
    expect(s.neurons.weights[1].cols).toBe(dests); // a handed-over list becomes the row's own: rows are never written in place
    expect(s.neurons.weights[2]).toEqual({ cols: [1, 2, 3], vals: Uint16Array.of(0, 0, 0) });
  });
  it('a handed-over list checked once for a subnet size is checked again for another; a list the caller keeps, every time', () => {
    const big = commitRevealSubnet();
    const small = addSubnet(testNetwork('current'), { netuid: 2, tempo: 10, commitReveal: true, hotkeys: [1, 2] });
    small.weightsRateLimit = 0;
    small.neurons.validatorPermit[0] = true;
    const dests = [1, 3];
    expect(submitWeights(big, 0, dests, Uint16Array.of(1, 2), 1, true)).toBeNull();
    expect(submitWeights(big, 1, dests, Uint16Array.of(1, 2), 1, true)).toBeNull();
    expect(submitWeights(small, 0, dests, Uint16Array.of(1, 2), 1, true)).toBe('unknown-uid'); // uid 3 of 2
    const kept = [1, 2];
    expect(submitWeights(big, 2, kept, [1, 2], 1)).toBeNull();
    kept[1] = 1; // the caller changes its list: a list not handed over is checked again
    expect(submitWeights(big, 2, kept, [1, 2], 1)).toBe('duplicate-uid');
  });
  it('a submission whose values are not one u16 per uid is a caller bug: thrown, not refused', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1, tempo: 10, commitReveal: false, hotkeys: [1, 2, 3, 4] });
    s.neurons.validatorPermit[0] = true;
    expect(() => submitWeights(s, 0, [1, 2], [5], 1)).toThrow('set_weights: 2 uids but 1 values');
    expect(() => submitWeights(s, 0, [1, 2], [5, 0.5], 1)).toThrow('set_weights: value 0.5 is not a u16');
    expect(() => submitWeights(s, 0, [1, 2], [5, 65536], 1)).toThrow('set_weights: value 65536 is not a u16');
    expect(() => submitWeights(s, 0, [1, 2], [-1, 5], 1)).toThrow('set_weights: value -1 is not a u16');
    expect(submitWeights(s, 0, [1, 2], [0, 65535], 1)).toBeNull();
  });
  it('handed-over u16 values at their maximum become the row; a registration replaces the rows that name the uid and leaves the shared lists alone', () => {
    const s = commitRevealSubnet();
    const dests = [1, 2, 3];
    const top = Uint16Array.of(65535, 7, 0);
    const low = Uint16Array.of(3, 2, 1);
    expect(submitWeights(s, 0, dests, top, 1, true)).toBeNull();
    expect(submitWeights(s, 1, dests, low, 1, true)).toBeNull();
    s.epochIndex = 1;
    revealDueCommits(s, false);
    expect(s.neurons.weights[0].vals).toBe(top); // already the stored form
    expect(s.neurons.weights[1].vals).not.toBe(low); // max-upscaled into a new array
    expect(low).toEqual(Uint16Array.of(3, 2, 1));
    expect(s.neurons.weights[1].vals).toEqual(Uint16Array.of(65535, 43690, 21845));
    registerUid(s.neurons, 2, 5);
    expect(s.neurons.weights[0]).toEqual({ cols: [1, 3], vals: Uint16Array.of(65535, 0) });
    expect(s.neurons.weights[1]).toEqual({ cols: [1, 3], vals: Uint16Array.of(65535, 21845) });
    expect(dests).toEqual([1, 2, 3]);
    expect(top).toEqual(Uint16Array.of(65535, 7, 0));
  });
  it('without commit-reveal weights are stored at once; the rate limit refuses a second set within 100 blocks', () => {
    const net = testNetwork('current');
    const s = addSubnet(net, { netuid: 1, hotkeys: [1, 2] });
    s.neurons.validatorPermit[0] = true;
    expect(submitWeights(s, 0, [1], [7], 500)).toBeNull();
    expect(s.neurons.weights[0]).toEqual({ cols: [1], vals: Uint16Array.of(65535) });
    expect(submitWeights(s, 0, [1], [7], 599)).toBe('rate-limit');
    expect(submitWeights(s, 0, [1], [7], 600)).toBeNull();
    expect(submitWeights(s, 1, [0], [7], 600)).toBe('no-permit');
    expect(submitWeights(s, 1, [1], [7], 600)).toBeNull(); // a single self-weight needs no permit
  });
});
