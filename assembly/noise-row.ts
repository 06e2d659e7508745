// AssemblyScript source of sim/kernels/wasm/noise-row.wasm (`npm run build:wasm`; a test compiles it
// again and compares the bytes): the scoring noise of one row, as noiseRow in sim/kernels/noise.ts
// draws it, bit for bit. The Feistel rounds are integer arithmetic mod P on table lookups (here
// without the bounds checks JavaScript makes on each); the uniforms, their sum and the √3 scaling are
// f32 operations, which WebAssembly rounds exactly as noiseRow's Math.fround after each operation
// does (each is an exact double result rounded once to f32).
//
// Arguments are byte offsets into this module's memory (sim/kernels/wasm-noise.ts lays them out):
// the round tables (ROUND_TABLES of noise.ts, i16, 10 × 2P) at `tables`, the row's n columns (i32)
// at `cols`, the draws written at `out` (f64), scratch at `work`; then the row's lanes a, b and keys
// ka, kb, in [0, P).

const P: i32 = 4091;
const SPAN: i32 = 2 * P;
const INV_P2: f32 = 5.975043393391388e-8; // f32(1 / P²), as noise.ts
const SQRT3: f32 = 1.7320507764816284; // f32(√3)

function table(tables: usize, index: i32): i32 {
  return <i32>load<i16>(tables + ((<usize>index) << 1));
}

/** The uniform of a Feistel state: (L·P + R) / P² in f32 (L·P + R < 2^24 is exact in f32). */
function uniform(L: i32, R: i32): f32 {
  return <f32>(L * P + R) * INV_P2;
}

/**
 * Round 0, where a column j ≥ P enters as L = (⌊j/P⌋ + b) mod P, R = (j mod P + a + F_0(L)) mod P;
 * a column below P has ⌊j/P⌋ = 0, so its round 0 is noiseRow's constant a0 (passed in). Returns
 * L·2^16 + R.
 */
function roundZero(tables: usize, j: i32, a: i32, b: i32, ka: i32, a0: i32): i32 {
  let L = b;
  let R = j + a0;
  if (j >= P) {
    const jh = j / P;
    const l0 = j - jh * P + a;
    L = jh + b;
    L -= P & ((P - 1 - L) >> 31);
    R = l0 - (P & ((P - 1 - l0) >> 31)) + table(tables, L + ka) + P;
  }
  R -= P & ((P - 1 - R) >> 31);
  return (L << 16) | R;
}

/**
 * The draws of a row, round by round over its cells: each round is one pass in which every cell's
 * step is independent of the others', so the CPU overlaps the table reads of many cells (cell by
 * cell, each cell's ten reads form one dependency chain). `work` holds 12 bytes a cell: L, R (i32)
 * and the running sum of uniforms (f32).
 */
export function noiseRow(
  tables: usize,
  cols: usize,
  out: usize,
  work: usize,
  n: i32,
  a: i32,
  b: i32,
  ka: i32,
  kb: i32,
): void {
  const Ls = work;
  const Rs = work + ((<usize>n) << 2);
  const sums = work + ((<usize>n) << 3);
  const a0 = (a + table(tables, b + ka) + P) % P;
  for (let k = 0; k < n; k++) {
    const lr = roundZero(tables, load<i32>(cols + ((<usize>k) << 2)), a, b, ka, a0);
    store<i32>(Ls + ((<usize>k) << 2), lr >> 16);
    store<i32>(Rs + ((<usize>k) << 2), lr & 0xffff);
  }
  for (let i = 1; i < 10; i++) {
    // Round i reads table i (offset SPAN·i) at R + key, key ka on even rounds and kb on odd; the
    // table holds F_i − P, so L + it lies in [−P, P) and one conditional add of P reduces it.
    const round = tables + ((<usize>(i * SPAN + (i & 1 ? kb : ka))) << 1);
    for (let k = 0; k < n; k++) {
      const at = (<usize>k) << 2;
      const R = load<i32>(Rs + at);
      const t = load<i32>(Ls + at) + <i32>load<i16>(round + ((<usize>R) << 1));
      store<i32>(Ls + at, R);
      store<i32>(Rs + at, t + (P & (t >> 31)));
    }
    // A uniform after rounds 3, 5, 7 and 9: summed in that order, then z = (Σ − 2)·√3.
    if (i >= 3 && (i & 1) == 1)
      for (let k = 0; k < n; k++) {
        const at = (<usize>k) << 2;
        const u = uniform(load<i32>(Ls + at), load<i32>(Rs + at));
        if (i == 3) store<f32>(sums + at, u);
        else if (i < 9) store<f32>(sums + at, load<f32>(sums + at) + u);
        else store<f64>(out + ((<usize>k) << 3), <f64>((load<f32>(sums + at) + u - 2) * SQRT3));
      }
  }
}
