// Reading storage from a Substrate node over JSON-RPC, through any provider with a `send` (the
// @polkadot/api WsProvider in the command, a fake serving fixture storage in the tests).
//
// Values are read in batches (`state_queryStorageAt`), map keys by prefix in pages
// (`state_getKeysPaged`). Transient failures (a dropped connection, a timeout, a busy node) are
// retried with exponential backoff; retries never change the result, and nothing depends on the
// order responses come in: values are looked up by key, keys are sorted.
// Errors the user can act on (no such block, state pruned, node unreachable) become one line.

import { UsageError } from '../util/errors.ts';

/** What the reader needs of a JSON-RPC provider (WsProvider has this shape). */
export interface RpcProvider {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export interface ReaderOptions {
  /** The node's address, for messages. */
  url: string;
  /** Keys per state_queryStorageAt call. */
  batchSize?: number;
  /** Keys per state_getKeysPaged page. */
  pageSize?: number;
  /** Tries per call, the first included. */
  attempts?: number;
  /** Milliseconds before the first retry (doubled after each). */
  backoffMs?: number;
  /** Waits (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Told after each batch of values read (for progress). */
  onValues?: (count: number) => void;
}

const DEFAULTS = { batchSize: 256, pageSize: 1000, attempts: 5, backoffMs: 500 } as const;

/** A failure of the node or the connection that is worth trying again. */
export function isTransient(e: unknown): boolean {
  const m = String((e as Error)?.message ?? e);
  return /disconnected|not connected|timeout|timed out|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|1006|429|Too Many|rate limit|busy|temporarily|unavailable|-32097|-32098|-32099/i.test(
    m,
  );
}

/** The node no longer has the state of that block (a pruning, non-archive node). */
export function isPrunedState(e: unknown): boolean {
  const m = String((e as Error)?.message ?? e);
  return /State already discarded|pruned|discarded for|UnknownBlock: State|state not available/i.test(m);
}

export class ChainReader {
  private readonly o: Required<Omit<ReaderOptions, 'onValues'>> & Pick<ReaderOptions, 'onValues'>;

  constructor(
    private readonly provider: RpcProvider,
    options: ReaderOptions,
  ) {
    this.o = {
      ...DEFAULTS,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      ...options,
    } as typeof this.o;
  }

  /** One RPC call, retried while it fails transiently; `block` (if given) names the block in errors. */
  async call<T>(method: string, params: unknown[], block?: number): Promise<T> {
    let wait = this.o.backoffMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.provider.send(method, params)) as T;
      } catch (e) {
        if (block !== undefined && isPrunedState(e)) {
          throw new UsageError(`state at block ${block} is pruned on this node (${this.o.url}): use an archive node`);
        }
        if (!isTransient(e) || attempt >= this.o.attempts) {
          const why = (e as Error)?.message ?? String(e);
          const tries = attempt > 1 ? ` after ${attempt} tries` : '';
          throw new UsageError(`${method} failed on ${this.o.url}${tries}: ${oneLine(why)}`);
        }
        await this.o.sleep(wait);
        wait *= 2;
      }
    }
  }

  /** The hash of block `n`, or null when the chain has no such block yet. */
  async blockHash(n: number): Promise<string | null> {
    return (await this.call<string | null>('chain_getBlockHash', [n])) ?? null;
  }

  /** The newest finalized block: its number and hash. */
  async finalizedHead(): Promise<{ number: number; hash: string }> {
    const hash = await this.call<string>('chain_getFinalizedHead', []);
    const header = await this.call<{ number: string | number }>('chain_getHeader', [hash]);
    return { number: Number(header.number), hash };
  }

  async specVersion(hash: string, block: number): Promise<number> {
    const v = await this.call<{ specVersion: number }>('state_getRuntimeVersion', [hash], block);
    return Number(v.specVersion);
  }

  /**
   * The raw values (hex, or null where the key has no value) of `keys` at block `hash`, in batches;
   * the answer is keyed by storage key, so neither batching nor response order can change it.
   */
  async values(keys: readonly string[], hash: string, block: number): Promise<Map<string, string | null>> {
    const unique = [...new Set(keys)].sort();
    const out = new Map<string, string | null>();
    for (let i = 0; i < unique.length; i += this.o.batchSize) {
      const batch = unique.slice(i, i + this.o.batchSize);
      const sets = await this.call<{ changes: [string, string | null][] }[]>(
        'state_queryStorageAt',
        [batch, hash],
        block,
      );
      for (const set of sets ?? []) for (const [k, v] of set.changes) out.set(k.toLowerCase(), v);
      for (const k of batch) if (!out.has(k)) out.set(k, null);
      this.o.onValues?.(batch.length);
    }
    return out;
  }

  /** Every storage key under `prefix` at block `hash`, sorted. */
  async keys(prefix: string, hash: string, block: number): Promise<string[]> {
    const all: string[] = [];
    let start: string | null = null;
    for (;;) {
      const params: unknown[] = [prefix, this.o.pageSize, start ?? prefix, hash];
      const page = (await this.call<string[]>('state_getKeysPaged', params, block)) ?? [];
      all.push(...page.map((k) => k.toLowerCase()));
      if (page.length < this.o.pageSize) break;
      start = page[page.length - 1];
    }
    return [...new Set(all)].sort();
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
