// Root Reborn wired into the payout path (rule `rootDividends`, protocol-2026h2.md §2.2–§2.3): root
// shares are queued, flushed one hotkey per block into alpha staked on the validator's hotkey, and
// a short run conserves alpha and TAO to the RAO; the rule absent or 'sell' pays today's model.
import { describe, expect, it } from 'vitest';
import { stepBlock } from '../sim/chain/network/block-step.ts';
import type { EpochPayout } from '../sim/chain/network/distribution.ts';
import { taoHeld } from '../sim/chain/network/network-state.ts';
import { ERA_PRESETS } from '../sim/chain/network/protocol-rules.ts';
import type { RootDividendRule } from '../sim/chain/network/root-basket-payout.ts';
import { alphaAccounted } from '../sim/chain/network/subnet.ts';
import { setWeights } from '../sim/chain/yuma/neurons.ts';
import { decodeSnapshot, encodeSnapshot } from '../sim/engine/snapshot.ts';
import { addSubnet, testNetwork } from './helpers/network.ts';

/** Validators 1–3 (1 and 3 on root, 2 not) and miners 4–6 on subnet 1, τ = 10; subnet 2 keeps the root sell on. */
function run(rule: RootDividendRule | undefined, blocks = 60, rootRegistered?: number[]) {
  const net = testNetwork('current', rule ? { rootDividends: rule } : {});
  if (rootRegistered) net.rootRegistered = rootRegistered;
  const s = addSubnet(net, { netuid: 1, tempo: 10, hotkeys: [1, 2, 3, 4, 5, 6], movingPrice: 1 });
  addSubnet(net, { netuid: 2, tempo: 10, movingPrice: 1 });
  [1_000_000_000_000n, 500_000_000_000n, 200_000_000_000n].forEach((x, uid) => {
    s.alphaStake[uid] = x;
    s.alphaOut += x;
  });
  net.rootStake[1] = 3_000_000_000_000n;
  net.rootStake[3] = 1_000_000_000_000n;
  net.rootTotal = 4_000_000_000_000n;
  net.unattributedTao = net.issuance - taoHeld(net);
  for (let uid = 0; uid < 3; uid++) setWeights(s.neurons, uid, [3, 4, 5], [3 + uid, 2, 1], 0);
  const epochs: EpochPayout[] = [];
  for (let b = 1; b <= blocks; b++) {
    epochs.push(...stepBlock(net, b).epochs.filter((e) => e.netuid === 1));
    for (const x of net.subnets) expect(alphaAccounted(x)).toBe(x.alphaOut);
    expect(taoHeld(net)).toBe(net.issuance);
  }
  return { net, s, epochs };
}

describe('rootDividends in the payout path', () => {
  it('is set by no era preset', () => {
    for (const rules of Object.values(ERA_PRESETS)) expect(rules.rootDividends).toBeUndefined();
  });

  it("'sell' pays exactly what no rule pays", () => {
    const a = run(undefined);
    const b = run('sell');
    expect(b.s.alphaStake).toEqual(a.s.alphaStake);
    expect(b.s.rootDividendsAlpha).toBe(a.s.rootDividendsAlpha);
    expect(b.net.baskets).toBeUndefined();
  });

  it('baskets-442: root shares only to root-registered hotkeys, deposited onto their stake; alpha and TAO conserved', () => {
    const plain = run(undefined);
    const r = run('baskets-442');
    const paid = r.epochs.filter((e) => e.validatorRoot.some((x) => x > 0n));
    expect(paid.length).toBeGreaterThan(0);
    for (const e of paid) expect(e.validatorRoot[1]).toBe(0n); // hotkey 2 has no root stake
    const book = r.net.baskets!;
    expect(Object.keys(book.baskets).map(Number)).toEqual([1, 3]);
    for (const h of [1, 3]) {
      expect(book.baskets[h].shares).toBeGreaterThan(0n);
      expect(book.baskets[h].holdings[1]).toBeGreaterThan(0n);
    }
    // Deposited root dividends are alpha staked on the hotkey: its stake grows by them, and what is
    // still held is exactly the queue.
    let queued = 0n;
    for (const q of Object.values(book.pending)) for (const x of Object.values(q)) queued += x;
    expect(r.s.rootDividendsAlpha).toBe(queued);
    expect(r.s.alphaStake[0]).toBeGreaterThan(plain.s.alphaStake[0]);
  });

  it('hotkey 3 with root stake but off root: 441 gives it its whole dividend as alpha weight, 442 drops its root slice', () => {
    const a = run('baskets-441', 30, [1]);
    const b = run('baskets-442', 30, [1]);
    const first = (x: ReturnType<typeof run>) => x.epochs.find((e) => e.validatorAlpha[2] > 0n) as EpochPayout;
    expect(first(a).block).toBe(first(b).block);
    expect(first(a).validatorAlpha[2]).toBeGreaterThan(first(b).validatorAlpha[2]);
    for (const x of [a, b]) {
      expect(first(x).validatorRoot[2]).toBe(0n);
      expect(Object.keys(x.net.baskets!.baskets)).toEqual(['1']);
    }
  });

  it('nobody on root: the root pot is recycled at the epoch (alpha issuance falls), no basket opens', () => {
    const off = run('baskets-442', 30, []);
    const recycled = off.epochs.reduce((t, e) => t + e.recycled, 0n);
    const plain = run(undefined, 30);
    expect(recycled).toBeGreaterThan(plain.epochs.reduce((t, e) => t + e.recycled, 0n));
    expect(off.epochs.every((e) => e.validatorRoot.every((x) => x === 0n))).toBe(true);
    expect(off.net.baskets?.baskets).toEqual({});
    // The recycled root pot is counted once: the epoch's parts still add up to what it emitted.
    const sum = (xs: bigint[]) => xs.reduce((t, x) => t + x, 0n);
    for (const e of off.epochs) {
      const parts =
        sum(e.server) +
        sum(e.validatorAlpha) +
        sum(e.validatorRoot) +
        e.owner +
        e.rootSold +
        e.recycled +
        e.undistributed;
      expect(parts).toBe(e.emitted);
    }
  });

  it('the basket state survives a checkpoint snapshot unchanged', () => {
    const r = run('baskets-442', 30);
    const back = decodeSnapshot(encodeSnapshot({ b: r.net.baskets }, {}), {}) as { b: unknown };
    expect(back.b).toEqual(r.net.baskets);
  });
});
