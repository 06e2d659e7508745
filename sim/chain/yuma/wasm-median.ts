// The exact epoch's column medians in WebAssembly (assembly/weighted-median.ts, compiled to
// wasm/weighted-median.wasm and checked in; test/wasm-modules.test.ts compiles it again and compares
// the bytes): weightedMedianColumns' exact search (consensus.ts) over the same layout, about 2.5× as
// fast (BENCHMARKS.md, "Issue 15, tenth pass"). Its results are the chain's quickselect's, column for
// column (test/consensus-median.test.ts runs both searches against it).

import { Layout, wasmKernels } from '../wasm-kernels.ts';
import type { Csr } from './sparse.ts';

interface MedianExports {
  exactMedians(args: number, minority: number, stakeSum: number, relative: number): number;
}

/** The words of `Medians` in assembly/weighted-median.ts, in its order. */
const MEDIAN_ARGS = 14;

const kernelsFor = wasmKernels<MedianExports>(new URL('./wasm/weighted-median.wasm', import.meta.url));
let enabled = true;

/** Turns the WebAssembly search off (tests compare it with the JavaScript one); on by default. */
export function useWasmMedians(on: boolean): void {
  enabled = on;
}

/**
 * The medians of the members' weights in every column, as weightedMedianColumns' exact branch finds
 * them: `median` holds the hints in and the medians out. Returns the relative moves of the columns
 * whose hint and median are positive (for the next search window; a view into the module's memory,
 * valid until its next call), or null, with nothing done, when the kernel is off.
 */
export function exactMediansWasm(
  weights: Csr,
  members: Int32Array,
  m: number,
  u: Float64Array,
  columns: number,
  minority: number,
  stakeSum: number,
  relative: number,
  median: Float64Array,
): Float64Array | null {
  const rows = weights.rows;
  // A member without a row (a stake vector longer than the matrix) has no entries: the JavaScript
  // search reads it so, and the kernel reads rows it is given only.
  if (!enabled || (m > 0 && members[m - 1] >= rows)) return null;
  const nnz = weights.ptr[rows];
  const at = new Layout();
  const ptrAt = at.take(4 * (rows + 1));
  const colsAt = at.take(4 * nnz);
  const valsAt = at.take(8 * nnz);
  const membersAt = at.take(4 * m);
  const uAt = at.take(8 * m);
  const scoresAt = at.take(8 * columns * m);
  const weightedAt = at.take(columns);
  const medianAt = at.take(8 * columns);
  const movesAt = at.take(8 * columns);
  const workAt = at.take(8 * m);
  const stakesAt = at.take(8 * m);
  const argsAt = at.take(4 * MEDIAN_ARGS);
  const { buffer, kernels } = kernelsFor(at.bytes);
  new Int32Array(buffer, ptrAt, rows + 1).set(weights.ptr.subarray(0, rows + 1));
  new Int32Array(buffer, colsAt, nnz).set(weights.cols.subarray(0, nnz));
  new Float64Array(buffer, valsAt, nnz).set(weights.vals.subarray(0, nnz));
  new Int32Array(buffer, membersAt, m).set(members.subarray(0, m));
  new Float64Array(buffer, uAt, m).set(u.subarray(0, m));
  const medians = new Float64Array(buffer, medianAt, columns);
  medians.set(median.subarray(0, columns));
  new Int32Array(buffer, argsAt, MEDIAN_ARGS).set([
    m,
    columns,
    ptrAt,
    colsAt,
    valsAt,
    membersAt,
    uAt,
    scoresAt,
    weightedAt,
    medianAt,
    movesAt,
    workAt,
    stakesAt,
    0,
  ]);
  const counted = kernels.exactMedians(argsAt, minority, stakeSum, relative);
  median.set(medians);
  return new Float64Array(buffer, movesAt, counted);
}
