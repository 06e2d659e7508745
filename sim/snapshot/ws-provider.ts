// The node connection of `taosim snapshot`: @polkadot/api's WsProvider, connected by hand (its own
// reconnect loop would retry an unreachable node forever, logging each try), and connected again
// when a call finds it dropped (the reader retries such calls).

import { UsageError } from '../util/errors.ts';
import type { RpcProvider } from './chain-reader.ts';

export interface NodeConnection extends RpcProvider {
  close(): Promise<void>;
}

/** Connects to `url` or fails with one line saying why. */
export async function connectNode(url: string, timeoutMs: number): Promise<NodeConnection> {
  const { WsProvider } = await import('@polkadot/api');
  const provider = new WsProvider(url, false, {}, timeoutMs);
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no connection within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const offOk = provider.on('connected', () => {
        stop();
        resolve();
      });
      const offError = provider.on('error', (e: unknown) => {
        stop();
        reject(new Error(describe(e)));
      });
      const stop = () => {
        clearTimeout(timer);
        offOk();
        offError();
      };
      provider.connect().catch((e: unknown) => {
        stop();
        reject(new Error(describe(e)));
      });
    });
  try {
    await open();
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw new UsageError(`cannot reach the node at ${url}: ${(e as Error).message}`);
  }
  return {
    async send(method, params) {
      if (!provider.isConnected) await open();
      return provider.send(method, params);
    },
    async close() {
      await provider.disconnect().catch(() => {});
    },
  };
}

/** A WebSocket error event or Error as text. */
function describe(e: unknown): string {
  const any = e as { message?: string; error?: { message?: string; code?: string }; type?: string };
  return any?.error?.message ?? any?.message ?? (any?.error?.code || any?.type || String(e));
}
