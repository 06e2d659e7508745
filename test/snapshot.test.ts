// `taosim snapshot` (issue 14, item 2): storage keys against independently computed and public
// values, decoding of fixtures encoded with @polkadot/types from known values, the whole command
// against a fake node (a valid taosim-state/v1 file, the same bytes twice), and each error path.
// No network: the fake node is in-process or on 127.0.0.1.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { describe, expect, it, vi } from 'vitest';
import { checkSnapshotArgs } from '../sim/cli/commands/snapshot.ts';
import { main } from '../sim/cli/main.ts';
import { decodeValue } from '../sim/snapshot/decode.ts';
import { snapshotWith } from '../sim/snapshot/run.ts';
import { storageKey, storagePrefix, u16Bytes } from '../sim/snapshot/storage-keys.ts';
import { connectNode } from '../sim/snapshot/ws-provider.ts';
import { parseState } from '../sim/state/format.ts';
import { account, FakeChain, type Faults, key, scale, serve, u16 } from './helpers/fake-node.ts';
import { ALICE, BLOCK, BOB, CHARLIE, DAVE, fixtureStorage, S } from './helpers/snapshot-fixture.ts';

describe('storage keys', () => {
  it('match the public prefixes of Timestamp::Now and System::Account', () => {
    expect(storagePrefix('Timestamp', 'Now')).toBe(
      '0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb',
    );
    expect(storagePrefix('System', 'Account')).toBe(
      '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9',
    );
  });

  it('start with the SubtensorModule pallet prefix', () => {
    expect(storagePrefix(S, 'SubnetTAO').slice(0, 34)).toBe('0x658faa385070e074c85bf6b568cf0555');
  });

  it('hash each key part as the chain declares it', () => {
    const prefix = (item: string) => u8aToHex(u8aConcat(xxhashAsU8a(S, 128), xxhashAsU8a(item, 128)));
    // Identity: the netuid's two bytes, little-endian (netuid 64 = 0x4000).
    expect(storageKey(S, 'SubnetTAO', [['Identity', u16Bytes(64)]])).toBe(`${prefix('SubnetTAO')}4000`);
    // Twox64Concat: xxhash64 of the bytes, then the bytes.
    const twox = u8aToHex(xxhashAsU8a(new Uint8Array([7, 0]), 64), -1, false);
    expect(storageKey(S, 'MechanismCountCurrent', [['Twox64Concat', u16Bytes(7)]])).toBe(
      `${prefix('MechanismCountCurrent')}${twox}0700`,
    );
    // Blake2_128Concat then Identity: TotalHotkeyAlpha[hotkey][netuid].
    const alice = account(ALICE);
    const blake = u8aToHex(u8aConcat(blake2AsU8a(alice, 128), alice), -1, false);
    expect(
      storageKey(S, 'TotalHotkeyAlpha', [
        ['Blake2_128Concat', alice],
        ['Identity', u16Bytes(1)],
      ]),
    ).toBe(`${prefix('TotalHotkeyAlpha')}${blake}0100`);
    // The same key as the test helper builds it.
    expect(
      storageKey(S, 'Keys', [
        ['Identity', u16Bytes(3)],
        ['Identity', u16Bytes(258)],
      ]),
    ).toBe(key(S, 'Keys', ['Identity', u16(3)], ['Identity', u16(258)]));
  });
});

describe('decoding', () => {
  it('reads values encoded with @polkadot/types back as the known values', () => {
    expect(decodeValue('u64', scale('u64', 1_234_567_890_123_456_789n))).toBe(1_234_567_890_123_456_789n);
    expect(decodeValue('u16', scale('u16', 360))).toBe(360);
    expect(decodeValue('i16', scale('i16', -1000))).toBe(-1000);
    expect(decodeValue('i128', scale('i128', -(1n << 100n)))).toBe(-(1n << 100n));
    expect(decodeValue('u128', scale('u128', 3n << 64n))).toBe(3n << 64n);
    expect(decodeValue('bool', scale('bool', false))).toBe(false);
    expect(decodeValue('Vec<bool>', scale('Vec<bool>', [true, false, true]))).toEqual([true, false, true]);
    expect(decodeValue('Vec<u64>', scale('Vec<u64>', [5n, 8_968_000n]))).toEqual([5n, 8_968_000n]);
    expect(
      decodeValue(
        'Vec<(u16,u16)>',
        scale('Vec<(u16,u16)>', [
          [1, 65535],
          [2, 7],
        ]),
      ),
    ).toEqual([
      [1, 65535],
      [2, 7],
    ]);
    expect(decodeValue('Vec<(u64,AccountId32)>', scale('Vec<(u64,AccountId32)>', [[1n << 63n, BOB]]))).toEqual([
      [1n << 63n, BOB],
    ]);
    expect(decodeValue('AccountId32', scale('AccountId32', CHARLIE))).toBe(CHARLIE);
    expect(decodeValue('(u16,u16)', scale('(u16,u16)', [45875, 58982]))).toEqual([45875, 58982]);
  });

  it('refuses bytes of the wrong length (a layout it does not know)', () => {
    expect(() => decodeValue('u64', '0x0102')).toThrow(/expected 8 bytes for a u64, got 2/);
    expect(() => decodeValue('u16', '0x010203')).toThrow(/expected 2 bytes for a u16, got 3/);
  });
});

const chain = (faults: Faults = {}, specVersion = 452, storage = fixtureStorage(specVersion)) =>
  new FakeChain({ block: BLOCK, specVersion, storage }, faults);
const noWait = { sleep: async () => {} };
const request = { url: 'wss://fake', block: BLOCK, neurons: true };

describe('taosim snapshot against a fake node', () => {
  it('writes a valid taosim-state/v1 file holding the storage values', async () => {
    const text = await snapshotWith(chain(), request, undefined, noWait);
    const state = parseState(JSON.parse(text), 'snapshot');
    expect(state.block).toBe(BLOCK);
    expect(state.specVersion).toBe(452);
    expect(state.time).toBe('2026-08-31T22:23:48Z');
    expect(state.source.url).toBe('wss://fake');
    expect(state.global.totalIssuance).toBe(10_765_432_123_456_789n);
    expect(state.global.taoWeight).toBe(3_320_413_933_267_719_290n);
    expect(state.global.subnetOwnerCut).toBe(11_796);
    expect(state.global.subnetMovingAlpha).toEqual({ I96F32: 12_885n });
    // The gate: bar and quantile stored, the rank and exponent absent (their constant defaults).
    expect(state.global.emissionGate).toEqual({
      bar: { U64F64: 1n << 58n },
      rank: 32,
      quantile: { U64F64: 11_252_513_795_752_420_000n },
      exponent: { U64F64: 3n << 64n },
    });
    expect(state.subnets.map((s) => s.netuid)).toEqual([1, 64]); // root and the dissolved 9 left out

    const [one, sixtyFour] = state.subnets;
    expect(one).toMatchObject({
      name: 'apex',
      registeredAt: 4_000_000,
      firstEmissionBlock: 4_100_000,
      tempo: 360,
      lastEpochBlock: 8_968_100,
      emissionEnabled: true,
      commitReveal: false,
      yuma3: true,
      liquidAlpha: true,
      mechanismCount: 2,
      taoIn: 150_000_000_000_000n,
      alphaIn: 1_200_000_000_000_000n,
      alphaOut: 3_400_000_000_000_000n,
      protocolAlpha: 5_000_000_000n,
      movingPrice: { I96F32: 536_870_912n },
      owner: DAVE,
      ownerHotkey: ALICE,
      maxUids: 256,
      registeredUids: 2,
      recycledForRegistration: 77_000_000_000n,
      pending: { serverEmission: 1000n, validatorEmission: 2000n, rootAlphaDivs: 3000n, ownerCut: 4000n },
    });
    expect(one.hyperparameters).toMatchObject({
      kappa: 32_767,
      bondsMovingAverage: 975_000,
      revealPeriodEpochs: 3,
      alphaLow: 45_875,
      alphaHigh: 58_982,
      alphaSigmoidSteepness: 1000,
      burn: 500_000_000n,
    });
    // Subnet 64: constant defaults filled in, configured defaults left unknown.
    expect(sixtyFour).toMatchObject({
      taoIn: 9_000_000_000n,
      alphaOut: 0n,
      firstEmissionBlock: null,
      emissionEnabled: true,
      commitReveal: true,
      yuma3: false,
      mechanismCount: 1,
      registeredUids: 0,
    });
    expect(sixtyFour.tempo).toBeUndefined();
    expect(sixtyFour.hyperparameters?.kappa).toBeUndefined();
    expect(sixtyFour.hyperparameters?.weightsRateLimit).toBe(100);
    expect(state.assumptions).toContain(
      "Tempo: no value stored for netuid 64; the runtime's configured default applies there and is left unknown",
    );
    expect(state.assumptions).toContain(
      "Weights: 1 entries naming a uid at or above the subnet's registered uids, or repeated, were left out",
    );

    expect(state.neurons?.['1']).toEqual([
      {
        uid: 0,
        hotkey: ALICE,
        coldkey: CHARLIE,
        registrationBlock: 4_000_001,
        alphaStake: 900_000_000_000_000n,
        rootStake: 12_000_000_000_000n,
        validatorPermit: true,
        lastUpdate: 8_968_150,
        weights: [
          [0, 0],
          [1, 65535],
        ],
        bonds: [[1, 40_000]],
      },
      {
        uid: 1,
        hotkey: BOB,
        coldkey: DAVE,
        registrationBlock: 8_900_000,
        alphaStake: 1_000_000_000n,
        rootStake: 0n,
        validatorPermit: false,
        lastUpdate: 8_967_000,
        weights: [],
        bonds: [],
      },
    ]);
    expect(state.neurons?.['64']).toBeUndefined();
    expect(state.childKeys).toEqual([
      { netuid: 1, parent: ALICE, children: [{ hotkey: BOB, proportion: 9_223_372_036_854_775_808n }] },
    ]);
    expect(state.takes).toEqual({
      delegate: [{ hotkey: ALICE, take: 11_796 }],
      childKey: [{ hotkey: BOB, netuid: 1, take: 1000 }],
    });
  });

  it('gives the same bytes whatever the batching, response order and transient failures', async () => {
    const plain = await snapshotWith(chain(), request, undefined, noWait);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const flaky = chain({ dropQueries: 2, reverse: true });
    const other = await snapshotWith(flaky, request, undefined, { sleep, batchSize: 7 });
    expect(other).toBe(plain);
    expect(waits).toEqual([500, 1000]); // backoff doubles
    expect(await snapshotWith(chain(), request, undefined, noWait)).toBe(plain);
  });

  it('reads subnets only with --no-neurons, and only the subnets asked for', async () => {
    const text = await snapshotWith(chain(), { ...request, neurons: false, netuids: [64] }, undefined, noWait);
    const state = parseState(JSON.parse(text), 'snapshot');
    expect(state.subnets.map((s) => s.netuid)).toEqual([64]);
    expect(state.neurons).toBeUndefined();
  });

  it('reads no gate before spec 440', async () => {
    const state = parseState(JSON.parse(await snapshotWith(chain({}, 436), request, undefined, noWait)), 'snapshot');
    expect(state.global.emissionGate).toBeUndefined();
  });

  it('reports progress up to the whole', async () => {
    const seen: [number, number][] = [];
    await snapshotWith(chain(), request, (d, t) => seen.push([d, t]), noWait);
    const [done, total] = seen[seen.length - 1];
    expect(done).toBe(total);
    expect(seen.every(([d, t]) => d <= t)).toBe(true);
  });
});

describe('taosim snapshot errors', () => {
  const fails = (c: FakeChain, req: object = request) => snapshotWith(c, { ...request, ...req }, undefined, noWait);

  it('an unknown block', async () => {
    await expect(fails(chain(), { block: 99_999_999 })).rejects.toThrow(
      '--block 99999999: the chain has no such block yet (newest finalized: 8968190)',
    );
  });

  it('a pruned state on a non-archive node', async () => {
    await expect(fails(chain({ pruned: true }))).rejects.toThrow(
      'state at block 8968186 is pruned on this node (wss://fake): use an archive node',
    );
  });

  it('a runtime whose storage layout it does not know', async () => {
    await expect(fails(chain({}, 425))).rejects.toThrow(
      'block 8968186 runs runtime spec 425, whose storage layout taosim does not know: it reads spec versions 432–475',
    );
    const odd = fixtureStorage();
    odd.set(key(S, 'Tempo', ['Identity', u16(1)]), '0x680100'); // three bytes for a u16
    await expect(fails(chain({}, 452, odd))).rejects.toThrow(
      /SubtensorModule::Tempo does not hold a u16 \(expected 2 bytes for a u16, got 3\)/,
    );
  });

  it('a subnet that does not exist', async () => {
    await expect(fails(chain(), { netuids: [1, 2] })).rejects.toThrow(
      '--netuids: no subnet 2 at block 8968186 (it has 2 subnets: 1, 64)',
    );
  });

  it('a node that keeps failing', async () => {
    await expect(fails(chain({ dropQueries: 99 }))).rejects.toThrow(
      'state_queryStorageAt failed on wss://fake after 5 tries: disconnected from ws://fake: 1006:: Abnormal Closure',
    );
  });

  it('an unreachable node', async () => {
    await expect(connectNode('ws://127.0.0.1:9', 5000)).rejects.toThrow(
      /^cannot reach the node at ws:\/\/127\.0\.0\.1:9: /,
    );
  });

  it('bad options, before connecting', () => {
    expect(() => checkSnapshotArgs({ url: 'https://x', timeout: 60 })).toThrow(
      /--url: expected a node's WebSocket address/,
    );
    expect(() => checkSnapshotArgs({ url: 'wss://x', block: -1, timeout: 60 })).toThrow(
      /--block: expected a whole number ≥ 0/,
    );
    expect(() => checkSnapshotArgs({ url: 'wss://x', netuids: [0], timeout: 60 })).toThrow(
      '--netuids: expected subnet numbers from 1 to 65535, got 0',
    );
  });
});

async function taosim(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    return { code: await main(args), stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

describe('taosim snapshot, the command', () => {
  it('reads a node over WebSocket into the same bytes twice, and refuses to overwrite', async () => {
    const node = await serve(chain());
    const dir = mkdtempSync(join(tmpdir(), 'taosim-snapshot-'));
    try {
      const a = join(dir, 'a.state.json');
      const b = join(dir, 'b.state.json');
      const args = ['snapshot', '--url', node.url, '--block', String(BLOCK), '--quiet'];
      expect(await taosim(...args, '--out', a)).toEqual({ code: 0, stderr: '' });
      expect(await taosim(...args, '--out', b)).toEqual({ code: 0, stderr: '' });
      expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
      expect(readFileSync(a, 'utf8')).toBe(
        await snapshotWith(chain(), { ...request, url: node.url }, undefined, noWait),
      );
      const again = await taosim(...args, '--out', a);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already exists; pass --force/);
    } finally {
      await node.close();
    }
  });

  it('says in one line that a state is pruned, exit 2', async () => {
    const node = await serve(chain({ pruned: true }));
    try {
      const r = await taosim('snapshot', '--url', node.url, '--block', String(BLOCK), '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `taosim: error: state at block ${BLOCK} is pruned on this node (${node.url}): use an archive node\n`,
      );
    } finally {
      await node.close();
    }
  });

  it('checks options before connecting, exit 2', async () => {
    const r = await taosim('snapshot', '--url', 'ws://127.0.0.1:9', '--netuids', '0');
    expect(r).toEqual({
      code: 2,
      stderr: 'taosim: error: --netuids: expected subnet numbers from 1 to 65535, got 0\n',
    });
  });
});
