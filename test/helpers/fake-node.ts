// A Subtensor node in miniature for `taosim snapshot` tests: storage built from known values,
// encoded with @polkadot/types and keyed the FRAME way (written here independently of
// sim/snapshot/storage-keys.ts), served through the JSON-RPC methods the snapshot calls, either
// in-process (`provider`) or over a local WebSocket (`serve`). No network.

import type { AddressInfo } from 'node:net';
import { TypeRegistry } from '@polkadot/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, decodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import { WebSocketServer } from 'ws';

const registry = new TypeRegistry();

type Part = ['Identity' | 'Twox64Concat' | 'Blake2_128Concat', Uint8Array];

export const u16 = (n: number) => registry.createType('u16', n).toU8a();
export const account = (ss58: string) => decodeAddress(ss58);

export function key(pallet: string, item: string, ...parts: Part[]): string {
  const hashed = parts.map(([h, b]) =>
    h === 'Identity' ? b : h === 'Twox64Concat' ? u8aConcat(xxhashAsU8a(b, 64), b) : u8aConcat(blake2AsU8a(b, 128), b),
  );
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128), ...hashed));
}

/** SCALE bytes of a value of `type`, as hex. */
export const scale = (type: string, value: unknown) => u8aToHex(registry.createType(type, value as never).toU8a());

export interface FakeChainOptions {
  block: number;
  specVersion: number;
  finalized?: number;
  storage: Map<string, string>;
}

/** What the fake node does wrong, for the error-path tests. */
export interface Faults {
  /** Fail this many state_queryStorageAt calls with a dropped connection first. */
  dropQueries?: number;
  /** The node pruned the state of every block (a non-archive node). */
  pruned?: boolean;
  /** Answer state_queryStorageAt with the changes in reverse order. */
  reverse?: boolean;
}

export class FakeChain {
  readonly calls: string[] = [];
  constructor(
    readonly o: FakeChainOptions,
    readonly faults: Faults = {},
  ) {}

  hashOf(n: number): string {
    return `0x${n.toString(16).padStart(64, '0')}`;
  }

  async send(method: string, params: unknown[]): Promise<unknown> {
    this.calls.push(method);
    const head = this.o.finalized ?? this.o.block + 4;
    const atState = () => {
      if (this.faults.pruned) {
        throw new Error(`4003: Client error: UnknownBlock: State already discarded for ${params.at(-1)}`);
      }
    };
    switch (method) {
      case 'chain_getBlockHash': {
        const n = params[0] as number;
        return n <= head ? this.hashOf(n) : null;
      }
      case 'chain_getFinalizedHead':
        return this.hashOf(head);
      case 'chain_getHeader':
        return { number: `0x${head.toString(16)}` };
      case 'state_getRuntimeVersion':
        atState();
        return { specName: 'node-subtensor', specVersion: this.o.specVersion };
      case 'state_queryStorageAt': {
        atState();
        if (this.faults.dropQueries) {
          this.faults.dropQueries--;
          throw new Error('disconnected from ws://fake: 1006:: Abnormal Closure');
        }
        const keys = params[0] as string[];
        const changes = keys.map((k) => [k, this.o.storage.get(k) ?? null]);
        if (this.faults.reverse) changes.reverse();
        return [{ block: params[1], changes }];
      }
      case 'state_getKeysPaged': {
        atState();
        const [prefix, count, start] = params as [string, number, string];
        return [...this.o.storage.keys()]
          .filter((k) => k.startsWith(prefix) && k > start)
          .sort()
          .slice(0, count);
      }
      default:
        throw new Error(`-32601: Method not found: ${method}`);
    }
  }
}

/** Serves `chain` as JSON-RPC over WebSocket on 127.0.0.1; resolves to its ws:// address. */
export async function serve(chain: FakeChain): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  server.on('connection', (socket) => {
    socket.on('message', async (data) => {
      const req = JSON.parse(String(data)) as { id: number; method: string; params: unknown[] };
      try {
        const result = await chain.send(req.method, req.params);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, result }));
      } catch (e) {
        const [code, ...rest] = (e as Error).message.split(': ');
        socket.send(
          JSON.stringify({
            jsonrpc: '2.0',
            id: req.id,
            error: { code: Number(code) || -32000, message: rest.join(': ') },
          }),
        );
      }
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const c of server.clients) c.terminate();
        server.close(() => r());
      }),
  };
}
