// The 'cpu' scoring backend: the reference's rules (./scoring-reference.ts, the definition) computed
// the fast way on the main thread, bit for bit the same bytes (test/kernels-scoring.test.ts).
//
// What makes it fast: the noise is drawn in integer arithmetic a row at a time (in WebAssembly,
// ./wasm-noise.ts, or noiseRow in ./noise.ts), only the subnet's serving columns are
// visited (the others stay 0), the usual honest row (competitor factor 1, exponent 1, with noise)
// is scored by a loop without per-cell branches, and scratch space is reused between calls. Every f32 step of the
// reference is kept in the same order (Math.fround after each operation; team sums in column order).

import { U16_MAX } from '../chain/fixed/u16.ts';
import { noiseRow } from './noise.ts';
import {
  prepare,
  quantise,
  ROW,
  rowFinish,
  type ScoringInput,
  type ScoringOutput,
  splitCell,
} from './scoring-reference.ts';
import { noiseRowWasm } from './wasm-noise.ts';

const f = Math.fround;

/**
 * Scratch reused between calls: a subnet's serving columns with their quality and whether they are
 * the attacking group's own (1) or not (0); a row's draws and scores.
 */
let cols = new Int32Array(0);
let quality = new Float64Array(0);
let own = new Uint8Array(0);
let draws = new Float64Array(0);
let scores = new Float64Array(0);

function scratch(M: number): void {
  if (cols.length >= M) return;
  cols = new Int32Array(M);
  quality = new Float64Array(M);
  own = new Uint8Array(M);
  draws = new Float64Array(M);
  scores = new Float64Array(M);
}

/** scoreBatchReference's output, computed fast; writes every cell and count of `out` when given. */
export function scoreBatchCpu(x: ScoringInput, out?: ScoringOutput): ScoringOutput {
  const p = prepare(x);
  const { S, V, M, R, qual, kind, rows } = p;
  const weights = out?.weights ?? new Uint16Array(R * M);
  const counts = out?.counts ?? new Uint32Array(R);
  if (weights.length !== R * M || counts.length !== R)
    throw new RangeError('scoring output buffers have the wrong length');
  if (out) {
    weights.fill(0);
    counts.fill(0);
  }
  scratch(M);
  const z = draws;
  const score = scores;
  for (let s = 0; s < S; s++) {
    const n = p.served[s];
    if (n === 0) continue;
    const base = s * M;
    for (let j = 0, k = 0; j < M; j++) {
      const kd = kind[base + j];
      if (kd === 0) continue;
      cols[k] = j;
      quality[k] = qual[base + j];
      own[k++] = kd === 2 ? 1 : 0;
    }
    for (let r = s * V; r < (s + 1) * V; r++) {
      const o = r * ROW;
      if (rows[o] === 0) continue;
      const sigma = rows[o + 1];
      const e = rows[o + 2];
      const cf = rows[o + 3];
      if (sigma > 0 && !noiseRowWasm(rows[o + 4], rows[o + 5], rows[o + 6], rows[o + 7], cols, n, z))
        noiseRow(rows[o + 4], rows[o + 5], rows[o + 6], rows[o + 7], cols, n, z);
      let max = 0;
      if (cf === 1 && e === 1 && sigma > 0) {
        // The usual honest row: seen = quality (fround(q · 1) = q for an f32 q), score = observed.
        for (let k = 0; k < n; k++) {
          const obs0 = f(quality[k] + f(sigma * z[k]));
          const sc = obs0 > 0 ? obs0 : 0;
          score[k] = sc;
          if (sc > max) max = sc;
        }
      } else
        for (let k = 0; k < n; k++) {
          const seen = own[k] ? quality[k] : f(quality[k] * cf);
          const obs0 = sigma > 0 ? f(seen + f(sigma * z[k])) : seen;
          const obs = obs0 > 0 ? obs0 : 0;
          const sc = e === 1 ? obs : f(Math.pow(obs, e));
          score[k] = sc;
          if (sc > max) max = sc;
        }
      const sw = x.selfWeight[r];
      let mine = 0;
      let theirs = 0;
      let maxOwn = 0;
      let maxOther = 0;
      if (max > 0 && sw >= 0) {
        const scale = f(U16_MAX / max);
        for (let k = 0; k < n; k++) {
          const w = quantise(score[k], scale);
          if (own[k]) {
            mine = f(mine + w);
            if (w > maxOwn) maxOwn = w;
          } else {
            theirs = f(theirs + w);
            if (w > maxOther) maxOther = w;
          }
        }
      }
      const { scale, max2 } = rowFinish(max, sw, mine, theirs, maxOwn, maxOther);
      if (scale === 0) continue;
      counts[r] = n;
      const row = r * M;
      if (sw < 0) for (let k = 0; k < n; k++) weights[row + cols[k]] = quantise(score[k], scale);
      else
        for (let k = 0; k < n; k++)
          weights[row + cols[k]] = splitCell(quantise(score[k], scale), own[k] ? 2 : 1, sw, mine, theirs, max2);
    }
  }
  return { weights, counts };
}
