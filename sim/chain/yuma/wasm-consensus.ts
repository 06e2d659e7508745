// The exact epoch's consensus stage in WebAssembly (assembly/consensus-stage.ts and
// assembly/weighted-median.ts, compiled to wasm/consensus-stage.wasm and checked in;
// test/wasm-modules.test.ts compiles it again and compares the bytes), two kernels:
// - `exactMedians`: weightedMedianColumns' exact search (consensus.ts) over the same column-major
//   layout, about 1.8× as fast; its results are the chain's quickselect's, column for column
//   (test/consensus-median.test.ts runs both searches against it);
// - `exactConsensusStage`: that search with the steps around it that read the same weights (the row
//   normalisation, the clipping with validator trust, the ranks), bit for bit the JavaScript stage's
//   (test/wasm-consensus-stage.test.ts). BENCHMARKS.md, "Issue 15, tenth pass", has the measurements.
// Inputs are copied into the module's memory and results copied out (typed-array copies).

import { Layout, wasmKernels } from '../wasm-kernels.ts';
import type { Csr } from './sparse.ts';

interface ConsensusExports {
  exactMedians(args: number, minority: number, stakeSum: number, relative: number): number;
  exactConsensusStage(args: number, minority: number, stakeSum: number, relative: number): number;
}

/** The words of `Medians` in assembly/weighted-median.ts and of `Stage` (which extends it) in assembly/consensus-stage.ts. */
const MEDIAN_ARGS = 14;
const STAGE_ARGS = 20;

const kernelsFor = wasmKernels<ConsensusExports>(new URL('./wasm/consensus-stage.wasm', import.meta.url));
let enabled = true;

/** Turns the WebAssembly kernels off (tests compare them with the JavaScript ones); on by default. */
export function useWasmConsensus(on: boolean): void {
  enabled = on;
}

/** The median search's members (uids with active stake, in order), their normalised stakes and bounds. */
export interface MedianMembers {
  members: Int32Array;
  m: number;
  u: Float64Array;
  minority: number;
  stakeSum: number;
}

/** Where one call's arrays lie in the module's memory. */
interface SearchLayout {
  at: Layout;
  ptr: number;
  cols: number;
  vals: number;
  members: number;
  u: number;
  scores: number;
  weighted: number;
  median: number;
  moves: number;
  work: number;
  stakes: number;
}

/** The search's arrays laid out (the weights' rows, members, column-major scores and work space). */
function searchLayout(rows: number, nnz: number, m: number, columns: number): SearchLayout {
  const at = new Layout();
  return {
    at,
    ptr: at.take(4 * (rows + 1)),
    cols: at.take(4 * nnz),
    vals: at.take(8 * nnz),
    members: at.take(4 * m),
    u: at.take(8 * m),
    scores: at.take(8 * columns * m),
    weighted: at.take(columns),
    median: at.take(8 * columns),
    moves: at.take(8 * columns),
    work: at.take(8 * m),
    stakes: at.take(8 * m),
  };
}

/** The weights, members and hints copied in; the medians' view in the module's memory. */
function copyIn(
  buffer: ArrayBuffer,
  l: SearchLayout,
  weights: Csr,
  nnz: number,
  s: MedianMembers,
  median: Float64Array,
  columns: number,
): Float64Array {
  new Int32Array(buffer, l.ptr, weights.rows + 1).set(weights.ptr.subarray(0, weights.rows + 1));
  new Int32Array(buffer, l.cols, nnz).set(weights.cols.subarray(0, nnz));
  new Float64Array(buffer, l.vals, nnz).set(weights.vals.subarray(0, nnz));
  new Int32Array(buffer, l.members, s.m).set(s.members.subarray(0, s.m));
  new Float64Array(buffer, l.u, s.m).set(s.u.subarray(0, s.m));
  const medians = new Float64Array(buffer, l.median, columns);
  medians.set(median.subarray(0, columns));
  return medians;
}

/** The search's words of the argument block, in `Medians`' order after m and the column count. */
function searchWords(l: SearchLayout): number[] {
  return [l.ptr, l.cols, l.vals, l.members, l.u, l.scores, l.weighted, l.median, l.moves, l.work, l.stakes];
}

/**
 * The medians of the members' weights in every column, as weightedMedianColumns' exact branch finds
 * them: `median` holds the hints in and the medians out. Returns the relative moves of the columns
 * whose hint and median are positive (for the next search window; a view into the module's memory,
 * valid until its next call), or null, with nothing done, when the kernel is off.
 */
export function exactMediansWasm(
  weights: Csr,
  s: MedianMembers,
  columns: number,
  relative: number,
  median: Float64Array,
): Float64Array | null {
  const rows = weights.rows;
  // A member without a row (a stake vector longer than the matrix) has no entries: the JavaScript
  // search reads it so, and the kernel reads rows it is given only.
  if (!enabled || (s.m > 0 && s.members[s.m - 1] >= rows)) return null;
  const nnz = weights.ptr[rows];
  const l = searchLayout(rows, nnz, s.m, columns);
  const argsAt = l.at.take(4 * MEDIAN_ARGS);
  const { buffer, kernels } = kernelsFor(l.at.bytes);
  const medians = copyIn(buffer, l, weights, nnz, s, median, columns);
  new Int32Array(buffer, argsAt, MEDIAN_ARGS).set([s.m, columns, ...searchWords(l), 0]);
  const counted = kernels.exactMedians(argsAt, s.minority, s.stakeSum, relative);
  median.set(medians);
  return new Float64Array(buffer, l.moves, counted);
}

/** Where exactConsensusStageWasm writes the stage (each as long as its JavaScript counterpart). */
export interface StageOutput {
  /** The masked weights' values (u16 integers), replaced by their normalised values. */
  weightVals: Float64Array;
  /** The hints in, the consensus out. */
  consensus: Float64Array;
  clipped: { ptr: Int32Array; cols: Int32Array; vals: Float64Array };
  validatorTrust: Float64Array;
  /** Σ_i activeStake_i ⊗ clipped_ij, not yet normalised. */
  ranks: Float64Array;
}

/**
 * The stage from the masked weights (n × n, u16 values) and the active stake into `out`: returns how
 * many entries the clipped weights hold and the columns' relative moves (as exactMediansWasm), or
 * null, with `out` untouched, when the kernel is off or declines the input (then the JavaScript stage
 * runs).
 */
export function exactConsensusStageWasm(
  masked: Csr,
  n: number,
  activeStake: Float64Array,
  s: MedianMembers,
  relative: number,
  out: StageOutput,
): { clippedEntries: number; moves: Float64Array } | null {
  if (!enabled || masked.rows !== n || activeStake.length !== n) return null;
  const nnz = masked.ptr[n];
  const l = searchLayout(n, nnz, s.m, n);
  const activeStakeAt = l.at.take(8 * n);
  const clippedPtr = l.at.take(4 * (n + 1));
  const clippedCols = l.at.take(4 * nnz);
  const clippedVals = l.at.take(8 * nnz);
  const trust = l.at.take(8 * n);
  const ranks = l.at.take(8 * n);
  const argsAt = l.at.take(4 * STAGE_ARGS);
  const { buffer, kernels } = kernelsFor(l.at.bytes);
  const medians = copyIn(buffer, l, masked, nnz, s, out.consensus, n);
  new Float64Array(buffer, activeStakeAt, n).set(activeStake.subarray(0, n));
  const args = new Int32Array(buffer, argsAt, STAGE_ARGS);
  args.set([s.m, n, ...searchWords(l), 0, activeStakeAt, clippedPtr, clippedCols, clippedVals, trust, ranks]);
  const kept = kernels.exactConsensusStage(argsAt, s.minority, s.stakeSum, relative);
  if (kept < 0) return null;
  out.weightVals.set(new Float64Array(buffer, l.vals, nnz));
  out.consensus.set(medians);
  out.clipped.ptr.set(new Int32Array(buffer, clippedPtr, n + 1));
  out.clipped.cols.set(new Int32Array(buffer, clippedCols, kept));
  out.clipped.vals.set(new Float64Array(buffer, clippedVals, kept));
  out.validatorTrust.set(new Float64Array(buffer, trust, n));
  out.ranks.set(new Float64Array(buffer, ranks, n));
  return { clippedEntries: kept, moves: new Float64Array(buffer, l.moves, args[MEDIAN_ARGS - 1]) };
}
