// checkpoint_overhead_pct: what `taosim run scenarios/mid-2025.json --checkpoint-every 7200` (one
// checkpoint per simulated day) adds to the run, as a percentage of the time simulating. Measured
// in one run over a few simulated days, timing the simulation and each checkpoint separately in
// CPU time of this process (other processes loading the machine would otherwise swing the ratio),
// except the write, which is wall time (it waits on the disk); split into its parts: serialising
// the state (with the payload's sha256 and the new rows' chunk), the sha256 alone, and the writes
// (the rows appended and flushed; the checkpoint file's temporary file, fsync, rename). On the
// mid-2025 scenario (64 × 256, the default until 0.3), so the figure stays comparable with earlier
// ones. checkpoint_overhead_day20_pct (opt-in) is the same late in a 21-day run, where a checkpoint
// that wrote every table row again each time cost twice what it did early.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { encodeCheckpoint, saveCheckpoint } from '../run/checkpoint.ts';
import { advanceRun, startRun } from '../run/run-scenario.ts';
import { loadScenario } from '../scenario/scenario.ts';
import { type BenchCase, type BenchOptions, median } from './case.ts';
import { runBackend } from './network-scale.ts';

const DAYS = 4; // three checkpoints, after days 1, 2 and 3; the first day also warms the code up

/** What one measurement found: medians over the checkpoints measured. */
interface Parts {
  pct: number;
  encodeMs: number;
  sha256Ms: number;
  writeMs: number;
  bytes: number;
  dayS: number;
}

let parts: Parts = { pct: 0, encodeMs: 0, sha256Ms: 0, writeMs: 0, bytes: 0, dayS: 0 };

/** Milliseconds since t0: wall time. */
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** This process's CPU time (user + system), in milliseconds. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * A run of `days` days of mid-2025 with a checkpoint after each day but the last, the checkpoints
 * after day `from` and the days after it measured.
 */
function measure(opts: BenchOptions, days: number, from: number): Parts {
  const sc = {
    ...loadScenario(fileURLToPath(new URL('../../scenarios/mid-2025.json', import.meta.url))),
    durationBlocks: days * BLOCKS_PER_DAY,
  };
  const run = startRun(sc, sc.seed, { backend: runBackend(opts) });
  const dir = mkdtempSync(join(tmpdir(), 'taosim-bench-cp-'));
  const encode: number[] = [];
  const sha: number[] = [];
  const write: number[] = [];
  let simulatingMs = 0;
  let bytes = 0;
  try {
    for (let day = 1; day <= days; day++) {
      let c0 = cpuMs();
      advanceRun(run, sc.start.block + day * BLOCKS_PER_DAY);
      if (day > from) simulatingMs += cpuMs() - c0;
      if (day === days) break; // a run writes no checkpoint at its last block
      c0 = cpuMs();
      const cp = encodeCheckpoint(run, dir);
      const encodeMs = cpuMs() - c0;
      const t0 = process.hrtime.bigint();
      saveCheckpoint(dir, run, cp);
      const writeMs = ms(t0);
      c0 = cpuMs();
      createHash('sha256').update(cp.bytes).digest();
      if (day <= from) continue;
      encode.push(encodeMs);
      write.push(writeMs);
      sha.push(cpuMs() - c0);
      bytes = cp.bytes.length + cp.rows.after.bytes;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const dayMs = simulatingMs / (days - from);
  const encodeMs = median(encode);
  const writeMs = median(write);
  return {
    pct: (100 * (encodeMs + writeMs)) / dayMs,
    encodeMs,
    sha256Ms: median(sha),
    writeMs,
    bytes,
    dayS: dayMs / 1000,
  };
}

export const checkpointOverheadCase: BenchCase = {
  name: 'checkpoint_overhead_pct',
  unit: '%',
  description: `one checkpoint per simulated day on scenarios/mid-2025.json (${DAYS} days), as a percentage of the time simulating`,
  run(opts) {
    parts = measure(opts, DAYS, 0);
    return parts.pct;
  },
  extra: () => [
    {
      name: 'checkpoint_write_ms',
      value: parts.encodeMs + parts.writeMs,
      unit: 'ms',
      description: 'one checkpoint of that run (median): serialise, hash, write atomically',
    },
    {
      name: 'checkpoint_encode_ms',
      value: parts.encodeMs,
      unit: 'ms',
      description: 'of which serialising the state and the new rows (V8 serialisation, with their sha256), CPU time',
    },
    {
      name: 'checkpoint_sha256_ms',
      value: parts.sha256Ms,
      unit: 'ms',
      description: 'the sha256 alone (part of the serialising figure)',
    },
    {
      name: 'checkpoint_fsync_write_ms',
      value: parts.writeMs,
      unit: 'ms',
      description: 'of which writing it: rows appended and flushed, then temporary file, fsync, rename (wall time)',
    },
    {
      name: 'checkpoint_mb',
      value: parts.bytes / 2 ** 20,
      unit: 'MiB',
      description: 'the last checkpoint on disk: its file and its rows file',
    },
    {
      name: 'checkpoint_sim_day_s',
      value: parts.dayS,
      unit: 's',
      description: 'one simulated day of that scenario, CPU time (the denominator)',
    },
  ],
};

/** Days of the late-run figure: checkpoints after days 1 … 20, those after days 18, 19 and 20 measured. */
const LATE_DAYS = 21;

export const checkpointLateCase: BenchCase = {
  name: 'checkpoint_overhead_day20_pct',
  unit: '%',
  description: `checkpoint_overhead_pct late in a run: the checkpoints after days 18–20 of a ${LATE_DAYS}-day mid-2025 run with one every day (about a minute)`,
  optIn: true,
  run: (opts) => measure(opts, LATE_DAYS, LATE_DAYS - 4).pct,
};
