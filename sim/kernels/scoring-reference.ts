// Plain TypeScript reference of the batched validator-scoring kernel (the definition: backend 'cpu',
// ./scoring-cpu.ts, and webasm reproduce its bytes), and the host preparation every backend shares:
// the one implementation of the validators' scoring rules (runs call it through ./scoring.ts, the
// studies through models/validators/scoring.ts). IEEE f32 (Math.fround after every operation), noise
// from the counter-based generator of ./noise.ts. docs/explanation/kernels.md states the definition in full.

import { U16_MAX } from '../chain/fixed/u16.ts';
import { noiseZ, rowLanes } from './noise.ts';

const f = Math.fround;

/**
 * One batch: S subnets × V validator rows × M miner columns, all arrays row-major.
 * Row r = s·V + v; cell (r, j) is validator row r's weight on uid j of subnet s.
 */
export interface ScoringInput {
  subnets: number;
  validators: number;
  /** Columns per subnet (the padded max uid count). */
  miners: number;
  /** [S·M] true miner quality; NaN = not a serving miner (weight 0, not counted). */
  quality: Float32Array;
  /** [S·M] 1 for uids run by the subnet's attacking group (cabal or under-weighters). */
  own: Uint8Array;
  /** [S·V] 1 = compute the row; 0 = all zeros. */
  active: Uint8Array;
  /** [S·V] σ of the score noise relative to the mean (seen) quality of the subnet's miners. */
  noise: Float32Array;
  /** [S·V] score = observed^exponent (exponent 1 skips the pow). */
  exponent: Float32Array;
  /** [S·V] multiplier on the quality of miners not in `own` (1 = honest). */
  competitorFactor: Float32Array;
  /** [S·V] negative = not a cabal member; else `own` uids get this share of the total weight. */
  selfWeight: Float32Array;
  /** [S·V] the row's noise stream key (e.g. streamKey(stable stream name)), u32. */
  key: Uint32Array;
  /** u32 per call, e.g. the block number. */
  counter: number;
  /** u32 root seed. */
  seed: number;
}

export interface ScoringOutput {
  /** [S·V·M] u16 weights, 0 for non-serving uids and for rows without a weight vector. */
  weights: Uint16Array;
  /**
   * [S·V] the row's number of weight entries: the subnet's serving-miner count when the row yields a
   * weight vector (dests = serving uids in order, values = their cells, zeros included), 0 when it
   * yields none (inactive, no serving miner, every score 0).
   */
  counts: Uint32Array;
}

/** Host preparation shared by every backend (O(S·M + S·V), exact same f32 arithmetic). */
export interface Prepared {
  S: number;
  V: number;
  M: number;
  R: number;
  /** [S·M] quality with NaN → 0. */
  qual: Float32Array;
  /** [S·M] 0 = not serving, 1 = serving, not own, 2 = serving own. */
  kind: Float32Array;
  /** [S] serving miners per subnet. */
  served: Uint32Array;
  /** [R·ROW] per row: active (1/0), sigma, exponent, competitorFactor, lanes a, b, ka, kb. */
  rows: Float32Array;
}

export const ROW = 8;

export function validateInput(x: ScoringInput): void {
  const { subnets: S, validators: V, miners: M } = x;
  const bad = (what: string, got: number, want: number) => {
    if (got !== want) throw new RangeError(`scoring input: ${what} has length ${got}, expected ${want}`);
  };
  if (!(Number.isInteger(S) && Number.isInteger(V) && Number.isInteger(M) && S >= 0 && V >= 0 && M >= 0))
    throw new RangeError('scoring input: subnets, validators, miners must be non-negative integers');
  if (M > 4091 * 4091) throw new RangeError('scoring input: at most 4091² columns');
  bad('quality', x.quality.length, S * M);
  bad('own', x.own.length, S * M);
  for (const k of ['active', 'noise', 'exponent', 'competitorFactor', 'selfWeight', 'key'] as const)
    bad(k, x[k].length, S * V);
  for (let r = 0; r < S * V; r++) {
    if (!(x.exponent[r] > 0 && Number.isFinite(x.exponent[r])))
      throw new RangeError(`scoring input: exponent[${r}] must be finite and positive, got ${x.exponent[r]}`);
    if (!(x.noise[r] >= 0 && Number.isFinite(x.noise[r])))
      throw new RangeError(`scoring input: noise[${r}] must be finite and non-negative, got ${x.noise[r]}`);
  }
}

export function prepare(x: ScoringInput): Prepared {
  validateInput(x);
  const { subnets: S, validators: V, miners: M } = x;
  const R = S * V;
  const qual = new Float32Array(S * M);
  const kind = new Float32Array(S * M);
  const served = new Uint32Array(S);
  const sumOwn = new Float32Array(S);
  const sumOther = new Float32Array(S);
  for (let s = 0; s < S; s++) {
    let n = 0;
    let so = 0;
    let st = 0;
    for (let j = 0; j < M; j++) {
      const c = s * M + j;
      const q = x.quality[c];
      if (Number.isNaN(q)) continue;
      qual[c] = q;
      n++;
      if (x.own[c]) {
        kind[c] = 2;
        so = f(so + q);
      } else {
        kind[c] = 1;
        st = f(st + q);
      }
    }
    served[s] = n;
    sumOwn[s] = so;
    sumOther[s] = st;
  }
  const rows = new Float32Array(R * ROW);
  for (let r = 0; r < R; r++) {
    const s = (r / V) | 0;
    const o = r * ROW;
    const n = served[s];
    if (!x.active[r] || n === 0) continue;
    const cf = x.competitorFactor[r];
    // σ relative to the mean quality the row sees (competitors scaled by cf), as an honest validator's noise is defined.
    const mean = f(f(sumOwn[s] + f(cf * sumOther[s])) / n);
    rows[o] = 1;
    rows[o + 1] = f(x.noise[r] * mean);
    rows[o + 2] = x.exponent[r];
    rows[o + 3] = cf;
    rowLanes(x.seed, x.key[r], x.counter, rows, o + 4);
  }
  return { S, V, M, R, qual, kind, served, rows };
}

/** The score of one cell (0 for non-serving cells and inactive rows). */
export function cellScore(p: Prepared, r: number, j: number): number {
  const o = r * ROW;
  const s = (r / p.V) | 0;
  const c = s * p.M + j;
  const kd = p.kind[c];
  if (p.rows[o] === 0 || kd === 0) return 0;
  const seen = kd === 2 ? p.qual[c] : f(p.qual[c] * p.rows[o + 3]);
  const sigma = p.rows[o + 1];
  const obs0 =
    sigma > 0 ? f(seen + f(sigma * noiseZ(p.rows[o + 4], p.rows[o + 5], p.rows[o + 6], p.rows[o + 7], j))) : seen;
  const obs = obs0 > 0 ? obs0 : 0;
  const e = p.rows[o + 2];
  return e === 1 ? obs : f(Math.pow(obs, e));
}

/** w = round-half-up(score · scale) in f32: ⌊fround(score·scale) + 0.5⌋. */
export function quantise(score: number, scale: number): number {
  return Math.floor(f(f(score * scale) + 0.5));
}

/**
 * Per-row finish, shared by every backend: from the row's max score (and, for cabal rows, the team
 * sums and maxima of the first quantisation) the row's scale (0 = no weight vector) and max2.
 */
export function rowFinish(
  max: number,
  selfWeight: number,
  mine: number,
  theirs: number,
  maxOwn: number,
  maxOther: number,
): { scale: number; max2: number } {
  if (!(max > 0)) return { scale: 0, max2: 0 };
  const scale = f(U16_MAX / max);
  if (selfWeight < 0) return { scale, max2: 0 };
  // The largest split value is the split of the largest quantised weight of either team (f32
  // division and multiplication by a positive number are monotone).
  const a = mine > 0 ? f(f(maxOwn / mine) * selfWeight) : 0;
  const b = theirs > 0 ? f(f(maxOther / theirs) * f(1 - selfWeight)) : 0;
  const max2 = a > b ? a : b;
  return max2 > 0 ? { scale, max2 } : { scale: 0, max2: 0 };
}

/** The cabal split of one first-quantised weight w (kind 2 = own): second quantisation. */
export function splitCell(
  w: number,
  kd: number,
  selfWeight: number,
  mine: number,
  theirs: number,
  max2: number,
): number {
  if (kd === 0) return 0;
  const total = kd === 2 ? mine : theirs;
  const share = kd === 2 ? selfWeight : f(1 - selfWeight);
  const v = total > 0 ? f(f(w / total) * share) : 0;
  return Math.floor(f(f(f(U16_MAX * v) / max2) + 0.5));
}

/** The reference: a straightforward loop per row. */
export function scoreBatchReference(x: ScoringInput): ScoringOutput {
  const p = prepare(x);
  const { M, R } = p;
  const weights = new Uint16Array(R * M);
  const counts = new Uint32Array(R);
  const score = new Float32Array(M);
  for (let r = 0; r < R; r++) {
    if (p.rows[r * ROW] === 0) continue;
    const s = (r / p.V) | 0;
    let max = 0;
    for (let j = 0; j < M; j++) {
      const sc = cellScore(p, r, j);
      score[j] = sc;
      if (sc > max) max = sc;
    }
    const sw = x.selfWeight[r];
    let mine = 0;
    let theirs = 0;
    let maxOwn = 0;
    let maxOther = 0;
    if (max > 0 && sw >= 0) {
      const scale = f(U16_MAX / max);
      for (let j = 0; j < M; j++) {
        const kd = p.kind[s * M + j];
        const w = quantise(score[j], scale);
        if (kd === 2) {
          mine = f(mine + w);
          if (w > maxOwn) maxOwn = w;
        } else if (kd === 1) {
          theirs = f(theirs + w);
          if (w > maxOther) maxOther = w;
        }
      }
    }
    const { scale, max2 } = rowFinish(max, sw, mine, theirs, maxOwn, maxOther);
    if (scale === 0) continue;
    counts[r] = p.served[s];
    const o = r * M;
    for (let j = 0; j < M; j++) {
      const w = quantise(score[j], scale);
      weights[o + j] = sw < 0 ? w : splitCell(w, p.kind[s * M + j], sw, mine, theirs, max2);
    }
  }
  return { weights, counts };
}
