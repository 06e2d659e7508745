// Child keys and validator takes in the payout path (protocol-2026h2.md §5.1–§5.2, sim/chain/network/
// delegation.ts): a short run with links and takes set on a few hotkeys keeps alpha conserved to the
// RAO; an empty delegation state pays exactly what no state pays.
import { describe, expect, it } from 'vitest';
import { U64_MAX } from '../sim/chain/fixed/fixed.ts';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import { type Delegation, emptyDelegation } from '../sim/chain/network/delegation.ts';
import type { EpochPayout } from '../sim/chain/network/distribution.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { setWeights } from '../sim/chain/yuma/neurons.ts';
import { decodeSnapshot, encodeSnapshot } from '../sim/engine/snapshot.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

const SAMPLE: Delegation = {
  // hotkey 1 lends half to 2; hotkey 3 lends all to 2 (same coldkey as 2: no childkey take from it)
  childKeys: [
    { netuid: 1, parent: 1, child: 2, proportion: U64_MAX / 2n },
    { netuid: 1, parent: 3, child: 2, proportion: U64_MAX },
  ],
  childkeyTakes: new Map([['1:2', 6_553]]),
  delegateTakes: new Map([
    [1, 11_796],
    [2, 13_107],
  ]),
  owners: new Map([
    [1, 101],
    [2, 102],
    [3, 102],
  ]),
};

/** Three validators (hotkeys 1–3) and three miners (4–6) on subnet 1, τ = 10, for 60 blocks. */
function run(delegation: Delegation | undefined) {
  const net = testNetwork('dtao');
  net.delegation = delegation;
  const s = addSubnet(net, { netuid: 1, tempo: 10, hotkeys: [1, 2, 3, 4, 5, 6] });
  const stakes = [1_000_000_000_000n, 500_000_000_000n, 200_000_000_000n];
  stakes.forEach((x, uid) => {
    s.alphaStake[uid] = x;
    s.alphaOut += x;
  });
  net.rootStake[1] = 300_000_000_000n;
  net.rootStake[3] = 100_000_000_000n;
  net.rootTotal = 400_000_000_000n;
  for (let uid = 0; uid < 3; uid++) setWeights(s.neurons, uid, [3, 4, 5], [3 + uid, 2, 1], 0);
  const epochs: EpochPayout[] = [];
  for (let b = 1; b <= 60; b++) {
    epochs.push(...stepBlock(net, b).epochs);
    expect(alphaAccounted(s)).toBe(s.alphaOut);
  }
  return { net, s, epochs };
}

describe('delegation in the payout path', () => {
  it('empty delegation state = no state: the same payouts and stakes, to the RAO', () => {
    const a = run(undefined);
    const b = run(emptyDelegation());
    expect(b.s.alphaStake).toEqual(a.s.alphaStake);
    expect(b.epochs.map((e) => e.validatorAlpha)).toEqual(a.epochs.map((e) => e.validatorAlpha));
    expect(b.epochs.some((e) => e.validatorTake)).toBe(false);
  });

  it('child keys and takes: stakes inherited, dividends routed to parents, takes reported, alpha conserved', () => {
    const plain = run(undefined);
    const r = run(SAMPLE);
    expect(r.epochs.length).toBe(plain.epochs.length);
    expect(r.epochs.length).toBeGreaterThan(3);
    const paid = r.epochs.filter((e) => e.validatorAlpha.some((x) => x > 0n));
    expect(paid.length).toBeGreaterThan(0);
    for (const e of paid) {
      // hotkey 3 lent everything: no stake of its own in the epoch, yet paid as a parent of 2
      expect(e.result.stakeWeight[2]).toBe(0);
      expect(e.validatorAlpha[2]).toBeGreaterThan(0n);
      // takes only where set (hotkeys 1 and 2), each at most its u16 share of that uid's dividends
      const take = e.validatorTake as bigint[];
      expect(take[2]).toBe(0n);
      expect(take[0] > 0n && take[1] > 0n).toBe(true);
      expect(take[0]).toBeLessThanOrEqual(((e.validatorAlpha[0] + e.validatorRoot[0]) * 11_796n) / 65_535n);
      expect(take[1]).toBeLessThanOrEqual(((e.validatorAlpha[1] + e.validatorRoot[1]) * 13_107n) / 65_535n);
    }
    // the same total reached validators and stakes moved from the lenders' dividends to the child's
    const total = (x: ReturnType<typeof run>) => x.s.alphaStake.reduce((t, v) => t + v, 0n);
    expect(total(r) + r.s.alphaDust + r.s.rootDividendsAlpha).toBe(
      total(plain) + plain.s.alphaDust + plain.s.rootDividendsAlpha,
    );
    expect(r.s.alphaStake).not.toEqual(plain.s.alphaStake);
  });

  it('the delegation state is plain data: it survives a checkpoint encode/decode unchanged', () => {
    const back = decodeSnapshot(encodeSnapshot({ d: SAMPLE }, {}), {}) as { d: Delegation };
    expect(back.d).toEqual(SAMPLE);
  });
});
