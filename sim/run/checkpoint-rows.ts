// The rows file beside a checkpoint (DIR/checkpoint.rows): the rows of the run's result tables
// (RowLog), each written once. Those tables only grow, so written whole into every checkpoint they
// made its size and its cost grow with the run's history (mid-2025: 0.3 MiB more each simulated
// day, 9.5 MiB and twice the cost by day 20). Here each checkpoint appends only the rows added
// since the previous one, and its header records how many bytes of the file belong to it.
//
// Layout: one chunk per checkpoint that added rows: u32 (big-endian) payload length · the payload's
// sha256 (32 bytes) · payload (V8 serialisation of [table name, new rows][]). Bytes past a header's
// count (a checkpoint interrupted after appending its rows, before its file was renamed into place)
// belong to no checkpoint; the next checkpoint cuts them off before appending. The header also holds
// the chain of the chunks' hashes, so rows written by another run (a new run started over an
// interrupted one in the same directory, say) are refused, not read as this run's.

import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ClassCodec } from '../engine/snapshot.ts';
import { type Cell, RowLog } from '../output/index.ts';
import { UsageError } from '../util/errors.ts';

export const ROWS_NAME = 'checkpoint.rows';

const CHUNK_HEAD = 4 + 32;

/** What a directory's rows file holds for the latest checkpoint written or read there. */
export interface RowsWritten {
  /** The directory, resolved (so DIR, DIR/ and ./DIR are one). */
  dir: string;
  /** The file's length that belongs to that checkpoint. */
  bytes: number;
  /** The chain of its chunks' hashes (chainHash), '' for none. */
  chain: string;
  /** Rows per table name. */
  counts: Map<string, number>;
}

/** The rows a checkpoint adds to its rows file: the chunk to append at `at`, and what the file then holds. */
export interface RowsChunk {
  at: number;
  chunk: Buffer;
  after: RowsWritten;
}

export function rowsPath(dir: string): string {
  return join(dir, ROWS_NAME);
}

/** The hash chain after one more chunk: sha256 of the chain so far and the chunk's sha256, in hex. */
function chainHash(chain: string, chunkSha256: Buffer): string {
  return createHash('sha256').update(chain).update(chunkSha256.toString('hex')).digest('hex');
}

/**
 * The RowLog codec for writing a checkpoint into dir, given what that directory's rows file already
 * holds (undefined, or another directory's, or a file that is no longer there: every row is written
 * again from the file's start). A log is written as its name and row count; chunk() then gives the
 * rows added since.
 */
export function rowsWriter(dir: string, before: RowsWritten | undefined): { codec: ClassCodec; chunk(): RowsChunk } {
  const where = resolve(dir);
  const usable =
    before !== undefined &&
    before.dir === where &&
    (before.bytes === 0 || (existsSync(rowsPath(dir)) && statSync(rowsPath(dir)).size >= before.bytes));
  const at = usable ? before.bytes : 0;
  const chain = usable ? before.chain : '';
  const counts = new Map<string, number>();
  const added: [string, Cell[][]][] = [];
  const codec: ClassCodec = {
    type: RowLog,
    encode(x) {
      const log = x as RowLog;
      if (counts.has(log.name)) throw new Error(`checkpoint: two result tables are named ${log.name}`);
      const from = usable ? (before.counts.get(log.name) ?? 0) : 0;
      if (log.rows.length < from) throw new Error(`checkpoint: table ${log.name} lost rows since the last checkpoint`);
      counts.set(log.name, log.rows.length);
      if (log.rows.length > from) added.push([log.name, log.rows.slice(from)]);
      return { name: log.name, rows: log.rows.length };
    },
  };
  return {
    codec,
    chunk() {
      if (added.length === 0) return { at, chunk: Buffer.alloc(0), after: { dir: where, bytes: at, chain, counts } };
      const payload = serialize(added);
      const hash = createHash('sha256').update(payload).digest();
      const chunk = Buffer.allocUnsafe(CHUNK_HEAD + payload.length);
      chunk.writeUInt32BE(payload.length, 0);
      hash.copy(chunk, 4);
      payload.copy(chunk, CHUNK_HEAD);
      return { at, chunk, after: { dir: where, bytes: at + chunk.length, chain: chainHash(chain, hash), counts } };
    },
  };
}

/** Appends the chunk at its place in dir's rows file (cutting off what lies past it), flushed to disk. */
export function appendRows(dir: string, rows: RowsChunk): void {
  if (rows.chunk.length === 0) return;
  mkdirSync(dir, { recursive: true });
  const fd = openSync(rowsPath(dir), rows.at === 0 ? 'w' : 'r+');
  try {
    ftruncateSync(fd, rows.at);
    writeSync(fd, rows.chunk, 0, rows.chunk.length, rows.at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The RowLog codec for reading a checkpoint: each log comes back empty, and fill() then reads its rows
 * from the first `bytes` bytes of dir's rows file, checking each chunk's sha256, the chain of them
 * against the header's, and every table's count.
 */
export function rowsReader(dir: string): { codec: ClassCodec; fill(bytes: number, chain: string): RowsWritten } {
  const logs = new Map<string, { log: RowLog; rows: number }>();
  const codec: ClassCodec = {
    type: RowLog,
    decode(data) {
      const { name, rows } = data as { name: string; rows: number };
      const log = new RowLog(name);
      logs.set(name, { log, rows });
      return log;
    },
  };
  return {
    codec,
    fill(bytes, expectedChain) {
      const file = rowsPath(dir);
      const damaged = (why: string) =>
        new UsageError(`the checkpoint's rows file is damaged (${why}); rerun the scenario from the start`, file);
      let chain = '';
      if (bytes > 0) {
        if (!existsSync(file))
          throw new UsageError('the checkpoint has no rows file beside it; rerun the scenario from the start', file);
        const data = readFileSync(file);
        if (data.length < bytes) throw damaged('it is shorter than its checkpoint says');
        for (let at = 0; at < bytes; ) {
          if (at + CHUNK_HEAD > bytes) throw damaged('a chunk is cut short');
          const end = at + CHUNK_HEAD + data.readUInt32BE(at);
          if (end > bytes) throw damaged('a chunk is cut short');
          const payload = data.subarray(at + CHUNK_HEAD, end);
          const hash = createHash('sha256').update(payload).digest();
          if (!hash.equals(data.subarray(at + 4, at + CHUNK_HEAD))) throw damaged('a chunk does not match its hash');
          chain = chainHash(chain, hash);
          for (const [name, rows] of deserialize(payload) as [string, Cell[][]][]) {
            const entry = logs.get(name);
            if (!entry) throw damaged(`it holds rows of a table ${JSON.stringify(name)} the checkpoint does not have`);
            for (const row of rows) entry.log.push(row);
          }
          at = end;
        }
      }
      if (chain !== expectedChain) throw damaged('its rows are not those of this checkpoint');
      const counts = new Map<string, number>();
      for (const [name, { log, rows }] of logs) {
        if (log.rows.length !== rows)
          throw damaged(`table ${name} has ${log.rows.length} rows there, the checkpoint counts ${rows}`);
        counts.set(name, rows);
      }
      return { dir: resolve(dir), bytes, chain, counts };
    },
  };
}
