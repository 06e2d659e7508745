// A run's checkpoint: the whole state (chain, agents, random streams, metric accumulators) and the
// event queue by name, in one file written atomically, with the rows of its result tables in a rows
// file beside it, each row written once (./checkpoint-rows.ts). A header says which taosim wrote it,
// which block it reached, the payload's sha256 and how much of the rows file is its own, so a file
// from another version or a damaged one is refused with a clear message instead of resuming into a
// different run.
//
// Layout: "TAOSIMCP" · u32 (big-endian) header length · header JSON · payload (V8 serialisation).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { U16Row } from '../chain/yuma/weights.ts';
import { type PackedRandomStreams, RandomStreams, type SimulationSnapshot } from '../engine/index.ts';
import { type ArrayCodec, type ClassCodec, decodeSnapshot, encodeSnapshot } from '../engine/snapshot.ts';
import { taosimVersion } from '../output/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { UsageError } from '../util/errors.ts';
import { AGENT_CLASSES } from './agents/registry.ts';
import { appendRows, type RowsChunk, type RowsWritten, rowsPath, rowsReader, rowsWriter } from './checkpoint-rows.ts';
import { RunMetrics } from './metrics.ts';
import { type ActiveRun, type RunState, resumeRun } from './run-scenario.ts';
import { weightCommits } from './weight-commits-codec.ts';

/**
 * v2: the agents' state by kind (RunState.kinds) and their events named `<kind>/<arg>`.
 * v3: the network state is RunState.net (it was RunState.n).
 * v4: random streams packed (RandomStreams.pack) and stored weight rows as CSR typed arrays (u16Rows).
 * v5: the result tables' rows in the rows file (header field rowsBytes).
 * v6: stored weight values as u16 arrays, pending weight commits packed (weightCommits), and the
 *     periodic checkpoints' interval in the header (checkpointEvery), which a resumed run keeps.
 */
export const CHECKPOINT_FORMAT = 'taosim-checkpoint/v6';
export const CHECKPOINT_NAME = 'checkpoint.bin';
const MAGIC = Buffer.from('TAOSIMCP', 'latin1');

export interface CheckpointHeader {
  format: typeof CHECKPOINT_FORMAT;
  taosimVersion: string;
  scenario: string;
  seed: number | string;
  /** Every event at or before this block has run. */
  block: number;
  lastBlock: number;
  payloadSha256: string;
  payloadBytes: number;
  /** How many bytes of the rows file (from its start) belong to this checkpoint, */
  rowsBytes: number;
  /** and the chain of their chunks' sha256 (checkpoint-rows.ts). */
  rowsChain: string;
  /** Blocks between the run's periodic checkpoints (--checkpoint-every), null if none: a resumed run keeps it. */
  checkpointEvery: number | null;
}

/** Every class whose instances live in a run's state, but RowLog (whose codec depends on the directory). */
const CLASSES: Record<string, ClassCodec> = {
  RunMetrics: { type: RunMetrics },
  ...AGENT_CLASSES,
  RandomStreams: {
    type: RandomStreams,
    encode: (x) => (x as RandomStreams).pack(),
    decode: (d) => RandomStreams.unpack(d as PackedRandomStreams),
  },
};

/** CLASSES with the RowLog codec of one checkpoint's directory. */
function classesWithRows(rowLog: ClassCodec): Record<string, ClassCodec> {
  return { ...CLASSES, RowLog: rowLog };
}

/**
 * Stored weight rows (NeuronState.weights: one {cols, vals} per uid, u16 columns and values) as three
 * typed arrays, a CSR matrix; an array with anything else in it is written as it is. Rows that
 * shared a column list come back each with its own (rows are never written in place: U16Row).
 */
export const u16Rows: ArrayCodec = {
  accepts(xs) {
    const r = xs[0];
    return typeof r === 'object' && r !== null && Object.hasOwn(r, 'cols') && Object.hasOwn(r, 'vals');
  },
  encode(xs) {
    let entries = 0;
    for (const r of xs) {
      if (!isU16Row(r)) return undefined;
      entries += r.cols.length;
    }
    const ptr = new Int32Array(xs.length + 1);
    const cols = new Uint16Array(entries);
    const vals = new Uint16Array(entries);
    let e = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = xs[i] as U16Row;
      vals.set(r.vals, e);
      for (let k = 0; k < r.cols.length; k++, e++) {
        const c = r.cols[k];
        if (typeof c !== 'number') return undefined;
        // A number comes back from a Uint16Array as itself exactly when it is an integer in
        // [0, 65535] (or −0, which comes back as +0 and is refused below). The check is written
        // inline, not as a call per value: a checkpoint is taken early in a run, before V8 has
        // optimised this loop, and in unoptimised code a call per entry was most of its cost.
        cols[e] = c;
        if (cols[e] !== c || (c === 0 && 1 / c < 0)) return undefined;
      }
      ptr[i + 1] = e;
    }
    return { ptr, cols, vals };
  },
  decode(data) {
    const { ptr, cols, vals } = data as { ptr: Int32Array; cols: Uint16Array; vals: Uint16Array };
    const rows: U16Row[] = new Array(ptr.length - 1);
    for (let i = 0; i < rows.length; i++)
      rows[i] = {
        cols: Array.from(cols.subarray(ptr[i], ptr[i + 1])),
        vals: vals.slice(ptr[i], ptr[i + 1]),
      };
    return rows;
  },
};

/** A plain {cols, vals} of an array and a Uint16Array of the same length, nothing else. */
function isU16Row(r: unknown): r is U16Row {
  if (typeof r !== 'object' || r === null || Object.getPrototypeOf(r) !== Object.prototype) return false;
  const { cols, vals } = r as U16Row;
  return (
    Object.keys(r).length === 2 && Array.isArray(cols) && vals instanceof Uint16Array && cols.length === vals.length
  );
}

const ARRAYS: Record<string, ArrayCodec> = { U16Rows: u16Rows, WeightCommits: weightCommits };

/**
 * What each run's latest checkpoint, written or read in this process, left in its directory's rows
 * file: the next checkpoint into the same directory appends only the rows added since.
 */
const rowsWritten = new WeakMap<ActiveRun, RowsWritten>();

/** A checkpoint ready to be saved into its directory: the file's bytes and the rows to append. */
export interface EncodedCheckpoint {
  header: CheckpointHeader;
  bytes: Buffer;
  rows: RowsChunk;
}

/**
 * The checkpoint of a run, to be saved into dir (saveCheckpoint): nothing is written yet. `every`:
 * the run's periodic checkpoint interval, recorded for a resumed run to keep.
 */
export function encodeCheckpoint(run: ActiveRun, dir: string, every: number | null = null): EncodedCheckpoint {
  const rows = rowsWriter(dir, rowsWritten.get(run));
  const payload = encodeSnapshot({ state: run.state, queue: run.sim.snapshot() }, classesWithRows(rows.codec), ARRAYS);
  const chunk = rows.chunk();
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    taosimVersion: taosimVersion(),
    scenario: run.state.sc.name,
    seed: run.state.seed,
    block: run.sim.now,
    lastBlock: run.last,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    payloadBytes: payload.length,
    rowsBytes: chunk.after.bytes,
    rowsChain: chunk.after.chain,
    checkpointEvery: every,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return { header, bytes: Buffer.concat([MAGIC, len, head, payload]), rows: chunk };
}

/**
 * Saves an encoded checkpoint into dir: its rows appended to the rows file and flushed, then the
 * checkpoint file written atomically. A crash at any point leaves the previous checkpoint whole.
 */
export function saveCheckpoint(dir: string, run: ActiveRun, cp: EncodedCheckpoint): void {
  appendRows(dir, cp.rows);
  writeFileAtomic(checkpointPath(dir), cp.bytes);
  rowsWritten.set(run, cp.rows.after);
}

/** Writes the run's checkpoint into dir (atomically: a crash leaves the previous one whole). */
export function writeCheckpoint(dir: string, run: ActiveRun, every: number | null = null): CheckpointHeader {
  const cp = encodeCheckpoint(run, dir, every);
  saveCheckpoint(dir, run, cp);
  return cp.header;
}

/** Removes dir's checkpoint and its rows file (once the run is complete). */
export function removeCheckpoint(dir: string): void {
  rmSync(checkpointPath(dir), { force: true });
  rmSync(rowsPath(dir), { force: true });
}

/**
 * The block of the next periodic checkpoint after block `now`: first + every, first + 2·every, …
 * counted from the run's first block (a run's clock starts at 0, before its first block).
 */
export function nextCheckpointBlock(first: number, now: number, every: number): number {
  return first + (Math.floor(Math.max(0, now - first) / every) + 1) * every;
}

export function checkpointPath(dir: string): string {
  return join(dir, CHECKPOINT_NAME);
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(checkpointPath(dir));
}

/** The header of a checkpoint file's bytes; a UsageError naming the file if it is not one. */
export function readHeader(bytes: Buffer, file: string): CheckpointHeader {
  const notOne = (why: string) =>
    new UsageError(`not a usable taosim checkpoint (${why}); rerun the scenario from the start`, file);
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC))
    throw notOne('it does not start with the checkpoint signature');
  const len = bytes.readUInt32BE(8);
  if (12 + len > bytes.length) throw notOne('it is truncated');
  let h: Partial<CheckpointHeader>;
  try {
    h = JSON.parse(bytes.subarray(12, 12 + len).toString('utf8')) as Partial<CheckpointHeader>;
  } catch {
    throw notOne('its header is damaged');
  }
  if (h.format !== CHECKPOINT_FORMAT) throw notOne(`format ${JSON.stringify(h.format)}, expected ${CHECKPOINT_FORMAT}`);
  if (
    typeof h.payloadSha256 !== 'string' ||
    !Number.isSafeInteger(h.payloadBytes) ||
    !Number.isSafeInteger(h.rowsBytes) ||
    h.rowsBytes! < 0 ||
    typeof h.rowsChain !== 'string' ||
    !(h.checkpointEvery === null || (Number.isSafeInteger(h.checkpointEvery) && h.checkpointEvery! >= 1))
  )
    throw notOne('its header is damaged');
  return h as CheckpointHeader;
}

/**
 * The run a checkpoint file holds, ready to continue, its tables' rows read from the rows file beside
 * it. Refused with a UsageError when either file is damaged (length or sha256 disagree with the
 * header) or was written by another taosim version (the state layout and the models may differ, so
 * resuming could silently change the results).
 */
export function readCheckpoint(file: string): { run: ActiveRun; header: CheckpointHeader } {
  if (!existsSync(file)) throw new UsageError('no checkpoint to resume from', file);
  const bytes = readFileSync(file);
  const header = readHeader(bytes, file);
  const start = 12 + bytes.readUInt32BE(8);
  const payload = bytes.subarray(start);
  if (
    payload.length !== header.payloadBytes ||
    createHash('sha256').update(payload).digest('hex') !== header.payloadSha256
  ) {
    throw new UsageError(
      'the checkpoint is damaged (its contents do not match the hash in its header); rerun the scenario from the start',
      file,
    );
  }
  if (header.taosimVersion !== taosimVersion()) {
    throw new UsageError(
      `the checkpoint was written by taosim ${header.taosimVersion}, this is taosim ${taosimVersion()}: resume it with that version, or rerun the scenario from the start`,
      file,
    );
  }
  const rows = rowsReader(dirname(file));
  const { state, queue } = decodeSnapshot(payload, classesWithRows(rows.codec), ARRAYS) as {
    state: RunState;
    queue: SimulationSnapshot;
  };
  const written = rows.fill(header.rowsBytes, header.rowsChain);
  const run = resumeRun(state, queue);
  rowsWritten.set(run, written);
  return { run, header };
}
