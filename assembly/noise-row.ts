// AssemblyScript source of sim/kernels/wasm/noise-row.wasm (`npm run build:wasm`; a test compiles it
// again and compares the bytes): the scoring noise of one row, as noiseRow in sim/kernels/noise.ts
// draws it, bit for bit. The Feistel rounds are integer arithmetic mod P on table lookups (here
// without the bounds checks JavaScript makes on each); the uniforms, their sum and the √3 scaling are
// f32 operations, which WebAssembly rounds exactly as noiseRow's Math.fround after each operation
// does (each is an exact double result rounded once to f32).
//
// Arguments are byte offsets into this module's memory (sim/kernels/wasm-noise.ts lays them out):
// the round tables (ROUND_TABLES of noise.ts, i16, 10 × 2P) at `tables`, the row's n columns (i32)
// at `cols`, the draws written at `out` (f64); then the row's lanes a, b and keys
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
 * The draws of a row, four cells at a time: each cell's ten rounds are one dependency chain of table
 * reads, so four chains are interleaved (the CPU overlaps their reads), each cell's state in two
 * registers (cell by cell, one chain at a time, the reads would wait on each other; round by round
 * over the whole row, the state would go through memory every round). A Feistel round maps (L, R) to
 * (R, L + F(R)): so with x = L and y = R at the start, odd rounds update x from y and even rounds y
 * from x, and after an odd round (L, R) = (y, x). A row's last n mod 4 cells go one at a time.
 */
export function noiseRow(tables: usize, cols: usize, out: usize, n: i32, a: i32, b: i32, ka: i32, kb: i32): void {
  const a0 = (a + table(tables, b + ka) + P) % P;
  const t9 = roundTable(tables, 9, ka, kb);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const c0 = roundZero(tables, colAt(cols, k), a, b, ka, a0);
    const c1 = roundZero(tables, colAt(cols, k + 1), a, b, ka, a0);
    const c2 = roundZero(tables, colAt(cols, k + 2), a, b, ka, a0);
    const c3 = roundZero(tables, colAt(cols, k + 3), a, b, ka, a0);
    let x0 = c0 >> 16;
    let y0 = c0 & 0xffff;
    let x1 = c1 >> 16;
    let y1 = c1 & 0xffff;
    let x2 = c2 >> 16;
    let y2 = c2 & 0xffff;
    let x3 = c3 >> 16;
    let y3 = c3 & 0xffff;
    let s0: f32 = 0;
    let s1: f32 = 0;
    let s2: f32 = 0;
    let s3: f32 = 0;
    for (let i = 1; i < 9; i += 2) {
      const odd = roundTable(tables, i, ka, kb);
      x0 = step(odd, x0, y0);
      x1 = step(odd, x1, y1);
      x2 = step(odd, x2, y2);
      x3 = step(odd, x3, y3);
      // A uniform after rounds 3, 5, 7 and 9, summed in f32 in that order.
      if (i >= 3) {
        s0 = i == 3 ? uniform(y0, x0) : s0 + uniform(y0, x0);
        s1 = i == 3 ? uniform(y1, x1) : s1 + uniform(y1, x1);
        s2 = i == 3 ? uniform(y2, x2) : s2 + uniform(y2, x2);
        s3 = i == 3 ? uniform(y3, x3) : s3 + uniform(y3, x3);
      }
      const even = roundTable(tables, i + 1, ka, kb);
      y0 = step(even, y0, x0);
      y1 = step(even, y1, x1);
      y2 = step(even, y2, x2);
      y3 = step(even, y3, x3);
    }
    store<f64>(out + ((<usize>k) << 3), draw(s0 + uniform(y0, step(t9, x0, y0))));
    store<f64>(out + ((<usize>k + 1) << 3), draw(s1 + uniform(y1, step(t9, x1, y1))));
    store<f64>(out + ((<usize>k + 2) << 3), draw(s2 + uniform(y2, step(t9, x2, y2))));
    store<f64>(out + ((<usize>k + 3) << 3), draw(s3 + uniform(y3, step(t9, x3, y3))));
  }
  for (; k < n; k++) {
    const c = roundZero(tables, colAt(cols, k), a, b, ka, a0);
    let x = c >> 16;
    let y = c & 0xffff;
    let sum: f32 = 0;
    for (let i = 1; i < 9; i += 2) {
      x = step(roundTable(tables, i, ka, kb), x, y);
      if (i >= 3) sum = i == 3 ? uniform(y, x) : sum + uniform(y, x);
      y = step(roundTable(tables, i + 1, ka, kb), y, x);
    }
    store<f64>(out + ((<usize>k) << 3), draw(sum + uniform(y, step(t9, x, y))));
  }
}

function colAt(cols: usize, k: i32): i32 {
  return load<i32>(cols + ((<usize>k) << 2));
}

/** Round i's table (offset SPAN·i) at its key: ka on even rounds, kb on odd. */
function roundTable(tables: usize, i: i32, ka: i32, kb: i32): usize {
  return tables + ((<usize>(i * SPAN + (i & 1 ? kb : ka))) << 1);
}

/**
 * One Feistel round's new value, from the half it replaces (`from`) and the other (`by`):
 * from + F(by) mod P. The table holds F − P, so the sum lies in [−P, P) and one conditional add of P
 * reduces it.
 */
function step(round: usize, from: i32, by: i32): i32 {
  const t = from + <i32>load<i16>(round + ((<usize>by) << 1));
  return t + (P & (t >> 31));
}

/** z = (Σ − 2)·√3 from the sum of a cell's four uniforms, in f32, widened. */
function draw(sum: f32): f64 {
  return <f64>((sum - 2) * SQRT3);
}
