// The counter-based noise generator of the scoring kernels (docs/explanation/kernels.md).
//
// z = f(seed, key, counter, column): no sequential state, so every (row, column) cell draws its
// own number independently and any backend may compute the cells in any order or in parallel.
//
// Two stages:
//   1. Per row, on the host, in exact 32-bit integer arithmetic (Math.imul, >>>): a murmur3-style
//      hash of (seed, key, counter) gives four lanes a, b, ka, kb in [0, P), P = 4091 (prime).
//   2. Per cell, in IEEE f32, using only operations that are correctly rounded on every backend
//      (+, −, ×, floor, comparisons) on integers below 2^24, so every product is exact: the column
//      j enters a Feistel network on Z_P × Z_P, L = (j mod P + a) mod P, R = (⌊j/P⌋ + b) mod P;
//      each round does R' = (L + F_i(R)) mod P, L' = R with F_i(x) = ((x + k)³ + C_i) mod P, k
//      alternating ka/kb (the row's keys) and C_i fixed round constants. x ↦ x³ is a bijection mod
//      P because P ≡ 2 (mod 3). After WARMUP rounds the state gives the first uniform
//      u = (L·P + R)/P² (P² < 2^24 values, so about 24 bits), and every further two rounds another;
//      four uniforms give z = (u1 + u2 + u3 + u4 − 2)·√3: mean 0, variance 1 (Irwin–Hall of
//      order 4, rescaled), bounded |z| ≤ 2√3 ≈ 3.46; P(|z| > 3) ≈ 2.6e-4 against 2.7e-3 for a
//      normal; excess kurtosis −0.3.
//
// Every reduction t mod P (t < 2^24) is q = ⌊t·(1/P)⌋, r = t − q·P, then one correction up and one
// down: t·fround(1/P) is within a few ulps of t/P < 2^12, so q is off by at most one and the
// corrections make r exact whatever the backend's rounding of that product. Hence the kernel (wasm)
// and the plain TypeScript reference below (Math.fround after every operation) agree bit for bit.
// No log/cos/exp/sqrt anywhere; √3 is a constant.

const f = Math.fround;

/** The prime modulus: P² = 16 736 281 < 2^24, P ≡ 2 (mod 3). */
export const P = 4091;
export const INV_P = f(1 / P);
export const INV_P2 = f(1 / (P * P));
export const SQRT3 = f(Math.sqrt(3));
/** Rounds before the first uniform; every further uniform takes two more. */
export const WARMUP = 4;
export const UNIFORMS = 4;
export const ROUNDS = WARMUP + 2 * (UNIFORMS - 1);

/** murmur3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed round constants C_i ∈ [0, P). */
export const ROUND_CONSTANTS: readonly number[] = Array.from(
  { length: ROUNDS },
  (_, i) => fmix32(0x7a05 + i * 0x9e3779b9) % P,
);

/** A 32-bit hash of a string (FNV-1a then fmix32): e.g. a validator's stable stream name → key. */
export function streamKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}

/** The row's four lanes [a, b, ka, kb], each in [0, P), from (seed, key, counter), all u32. */
export function rowLanes(seed: number, key: number, counter: number, out: Float32Array, offset: number): void {
  const h0 = fmix32((seed >>> 0) ^ 0x5bd1e995);
  const h1 = fmix32((h0 ^ fmix32((key >>> 0) + 0x9e3779b9)) >>> 0);
  const h2 = fmix32((h1 ^ fmix32(((counter >>> 0) ^ 0x632be5ab) >>> 0)) + 0x27d4eb2f);
  for (let i = 0; i < 4; i++) out[offset + i] = fmix32((h2 + Math.imul(i + 1, 0x9e3779b9)) >>> 0) % P;
}

/** t mod P for an f32 integer t in [0, 2^24), exact (see the header). */
function modP(t: number): number {
  const q = Math.floor(f(t * INV_P));
  let r = f(t - f(q * P));
  if (r < 0) r = f(r + P);
  if (r >= P) r = f(r - P);
  return r;
}

/** The reference draw: z for column j of a row with lanes a, b, ka, kb (computed in f32). */
export function noiseZ(a: number, b: number, ka: number, kb: number, j: number): number {
  const jq = Math.floor(f(j * INV_P));
  let jr = f(j - f(jq * P));
  let jh = jq;
  if (jr < 0) {
    jr = f(jr + P);
    jh = f(jh - 1);
  }
  if (jr >= P) {
    jr = f(jr - P);
    jh = f(jh + 1);
  }
  let L = f(jr + a);
  if (L >= P) L = f(L - P);
  let R = f(jh + b);
  if (R >= P) R = f(R - P);
  let s = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let x = f(R + (i & 1 ? kb : ka));
    if (x >= P) x = f(x - P);
    const y = modP(f(x * x));
    const fv = modP(f(f(y * x) + ROUND_CONSTANTS[i]));
    let nR = f(L + fv);
    if (nR >= P) nR = f(nR - P);
    L = R;
    R = nR;
    if (i >= WARMUP - 1 && (i - (WARMUP - 1)) % 2 === 0) {
      const u = f(f(f(L * P) + R) * INV_P2);
      s = i === WARMUP - 1 ? u : f(s + u);
    }
  }
  return f(f(s - 2) * SQRT3);
}

/**
 * The same generator as gpu.js kernel source: statements that leave the draw in variable `zOut`,
 * given float expressions for the column and the four lanes. All constants are literals and the
 * rounds unrolled, so the wasm backend sees straight-line f32 code (SIMD-friendly: no calls).
 */
export function noiseSource(j: string, a: string, b: string, ka: string, kb: string): string {
  const lit = (x: number) => (Number.isInteger(x) ? `${x}` : x.toPrecision(17));
  const mod = (dst: string, t: string) =>
    `let ${dst}q = Math.floor(${t} * ${lit(INV_P)});\n` +
    `let ${dst} = ${t} - ${dst}q * ${P};\n` +
    `${dst} = ${dst} < 0 ? ${dst} + ${P} : ${dst};\n` +
    `${dst} = ${dst} >= ${P} ? ${dst} - ${P} : ${dst};\n`;
  let s =
    `const nj = ${j};\n` +
    `let njq = Math.floor(nj * ${lit(INV_P)});\n` +
    `let njr = nj - njq * ${P};\n` +
    `njq = njr < 0 ? njq - 1 : njq;\n` +
    `njr = njr < 0 ? njr + ${P} : njr;\n` +
    `njq = njr >= ${P} ? njq + 1 : njq;\n` +
    `njr = njr >= ${P} ? njr - ${P} : njr;\n` +
    `let nL = njr + ${a};\n` +
    `nL = nL >= ${P} ? nL - ${P} : nL;\n` +
    `let nR = njq + ${b};\n` +
    `nR = nR >= ${P} ? nR - ${P} : nR;\n` +
    `let nS = 0.5;\n`;
  for (let i = 0; i < ROUNDS; i++) {
    s +=
      `let x${i} = nR + ${i & 1 ? kb : ka};\n` +
      `x${i} = x${i} >= ${P} ? x${i} - ${P} : x${i};\n` +
      mod(`y${i}`, `(x${i} * x${i})`) +
      mod(`f${i}`, `(y${i} * x${i} + ${ROUND_CONSTANTS[i]})`) +
      `let r${i} = nL + f${i};\n` +
      `r${i} = r${i} >= ${P} ? r${i} - ${P} : r${i};\n` +
      `nL = nR;\n` +
      `nR = r${i};\n`;
    if (i >= WARMUP - 1 && (i - (WARMUP - 1)) % 2 === 0) {
      const u = `((nL * ${P} + nR) * ${lit(INV_P2)})`;
      s += i === WARMUP - 1 ? `nS = ${u};\n` : `nS = nS + ${u};\n`;
    }
  }
  s += `const zOut = (nS - 2) * ${lit(SQRT3)};\n`;
  return s;
}

// The same draws in integer arithmetic, for the CPU path (./scoring-cpu.ts). Every f32 value of the
// rounds above is an exact integer below 2^24, so the rounds are plain integer arithmetic mod P;
// only the uniforms, their sum and the √3 scaling are f32 roundings (Math.fround after each, as in
// noiseZ). Round i's F_i(x) = (x³ + C_i) mod P is read from a table indexed by R + k before its
// reduction (R + k < 2P), stored as F_i − P: then L + F_i − P lies in [−P, P) and one branch-free
// conditional add of P (three operations) is the reduction. The rounds run as two passes over the
// row's columns (rounds 0–5, then 6–9): the cells are independent, so the CPU overlaps them (cell by
// cell, ten table reads in a dependency chain take longer; two-round passes load and store more).

const SPAN = 2 * P;

/** ROUND_TABLES[i·2P + x] = ((x mod P)³ + C_i) mod P − P for x in [0, 2P): in [−P, 0). */
export const ROUND_TABLES = (() => {
  const t = new Int16Array(ROUNDS * SPAN);
  for (let i = 0; i < ROUNDS; i++)
    for (let x = 0; x < SPAN; x++) {
      const m = x % P;
      t[i * SPAN + x] = ((((((m * m) % P) * m) % P) + ROUND_CONSTANTS[i]) % P) - P;
    }
  return t;
})();

// noiseRow spells P, 2P·i (round i's table offset), INV_P2 and SQRT3 as literals: in V8 a module
// constant costs a load and a check per use in these loops.
if (
  WARMUP !== 4 ||
  ROUNDS !== 10 ||
  P !== 4091 ||
  SPAN !== 8182 ||
  INV_P2 !== 5.975043393391388e-8 ||
  SQRT3 !== 1.7320507764816284
)
  throw new Error('noise.ts: noiseRow assumes P = 4091, WARMUP = 4 and ten rounds');

/** Scratch for noiseRow: the Feistel halves after round 5 and the sum of the first two uniforms, per column. */
let halfL = new Int32Array(0);
let halfR = new Int32Array(0);
let sums = new Float64Array(0);

/**
 * z for the columns cols[0..n) of a row with lanes a, b, ka, kb (integers in [0, P)), into
 * out[0..n): noiseZ(a, b, ka, kb, cols[k]) bit for bit (test/kernels-noise.test.ts).
 */
export function noiseRow(
  laneA: number,
  laneB: number,
  keyA: number,
  keyB: number,
  cols: ArrayLike<number>,
  n: number,
  out: Float32Array | Float64Array,
): void {
  // Int32 from here on (lanes often arrive as f32 array elements, i.e. doubles, to the compiler);
  // `| 0` on the sums below lets V8 drop its overflow checks (every value is far below 2^31).
  const a = laneA | 0;
  const b = laneB | 0;
  const ka = keyA | 0;
  const kb = keyB | 0;
  if (halfL.length < n) {
    halfL = new Int32Array(n);
    halfR = new Int32Array(n);
    sums = new Float64Array(n);
  }
  const p = 4091;
  const T = ROUND_TABLES;
  const X = halfL;
  const Y = halfR;
  const s = sums;
  // Round 0. A column below P (every uid column) has ⌊j/P⌋ = 0, so R = b and F_0(R) is the row's
  // constant: after round 0, L = b and R = (j + a + F_0(b)) mod P.
  const a0 = (a + T[b + ka] + p) % p;
  for (let k = 0; k < n; k++) {
    const j = cols[k] | 0;
    let L = b;
    let R = (j + a0) | 0;
    if (j >= p) {
      const jh = (j / p) | 0;
      const l0 = j - jh * p + a;
      L = jh + b;
      L -= p & ((p - 1 - L) >> 31);
      R = l0 - (p & ((p - 1 - l0) >> 31)) + T[L + ka] + p;
    }
    R = (R - (p & ((p - 1 - R) >> 31))) | 0;
    // Rounds 1–5 (round i reads table i at offset 8182·i, with key ka on even rounds, kb on odd).
    let t = (L + T[(R + kb + 8182) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    t = (L + T[(R + ka + 16364) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    t = (L + T[(R + kb + 24546) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    const u1 = Math.fround((L * p + R) * 5.975043393391388e-8);
    t = (L + T[(R + ka + 32728) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    t = (L + T[(R + kb + 40910) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    s[k] = Math.fround(u1 + Math.fround((L * p + R) * 5.975043393391388e-8));
    X[k] = L;
    Y[k] = R;
  }
  // Rounds 6–9, the last two uniforms and z.
  for (let k = 0; k < n; k++) {
    let L = X[k];
    let R = Y[k];
    let t = (L + T[(R + ka + 49092) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    t = (L + T[(R + kb + 57274) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    const u3 = Math.fround(s[k] + Math.fround((L * p + R) * 5.975043393391388e-8));
    t = (L + T[(R + ka + 65456) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    t = (L + T[(R + kb + 73638) | 0]) | 0;
    L = R;
    R = (t + (p & (t >> 31))) | 0;
    const u4 = Math.fround((L * p + R) * 5.975043393391388e-8);
    out[k] = Math.fround(Math.fround(Math.fround(u3 + u4) - 2) * 1.7320507764816284);
  }
}
