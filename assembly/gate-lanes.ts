// AssemblyScript source of sim/chain/fixed/wasm/gate-lanes.wasm (`npm run build:wasm`; a test compiles
// it again and compares the bytes): the two long loops of the emission gate's safe_pow, as
// sim/chain/fixed/transcendental.ts runs them on doubles (log2Lanes, expLanes), on native 64-bit
// integers. Each lane is one subnet's base; the loops go step by step over all lanes, so the CPU
// overlaps the lanes' independent chains.
//
// - `log2Steps`: log2's 32 fraction bits. Per lane x in [2^32, 2^33) (I32F32 bits of [1, 2)) and the
//   integer part k; each step squares x (floored), and where the square reaches 2 the bit is 1 and x
//   is halved rounding up. Out: k·2^32 + the fraction bits.
// - `expSteps`: exp's Taylor terms 2 … 31 for 0 < y < 2^36 (|y| ≤ 12 in I32F32): term ← ⌊⌊term·y /
//   2^32⌋ / i⌋, sum += term, from term = y, sum = 2^32 + y. Out: the sums.
//
// Arguments are byte offsets into this module's memory (sim/chain/fixed/wasm-gate-lanes.ts lays them
// out): lanes in and out as f64 (integers below 2^53, exact), `work` room for three i64 per lane.

const ONE: i64 = 1 << 32;

function at(base: usize, j: i32): usize {
  return base + ((<usize>j) << 3);
}

export function log2Steps(xs: usize, bits: usize, work: usize, n: i32): void {
  const wx = work;
  const wb = at(work, n);
  for (let j = 0; j < n; j++) {
    store<i64>(at(wx, j), <i64>load<f64>(at(xs, j)));
    store<i64>(at(wb, j), <i64>load<f64>(at(bits, j)));
  }
  for (let step = 0; step < 32; step++) {
    for (let j = 0; j < n; j++) {
      // x = 2^32 + f: ⌊x² / 2^32⌋ = 2^32 + 2f + ⌊f² / 2^32⌋, with f² < 2^64.
      const f = load<i64>(at(wx, j)) - ONE;
      const x = ONE + 2 * f + ((f * f) >>> 32); // f² wraps past 2^63 as a signed value: shifted unsigned
      const bit = x >> 33; // x < 2^34: 1 when the square reached 2
      store<i64>(at(wx, j), x - bit * (x >> 1));
      store<i64>(at(wb, j), (load<i64>(at(wb, j)) << 1) + bit);
    }
  }
  for (let j = 0; j < n; j++) store<f64>(at(bits, j), <f64>load<i64>(at(wb, j)));
}

/** ⌊a·b / 2^32⌋ for 0 ≤ a < 2^50, 0 ≤ b < 2^36, in 32-bit halves (every partial product below 2^64). */
function mulShift32(a: i64, b: i64): i64 {
  const ah = a >> 32;
  const al = a & 0xffffffff;
  const bh = b >> 32;
  const bl = b & 0xffffffff;
  return ((ah * bh) << 32) + ah * bl + al * bh + ((al * bl) >>> 32); // al·bl < 2^64: shifted unsigned
}

export function expSteps(ys: usize, sums: usize, work: usize, n: i32): void {
  const wy = work;
  const wt = at(work, n);
  const ws = at(work, 2 * n);
  for (let j = 0; j < n; j++) {
    const y = <i64>load<f64>(at(ys, j));
    store<i64>(at(wy, j), y);
    store<i64>(at(wt, j), y);
    store<i64>(at(ws, j), y + ONE);
  }
  for (let i = 2; i < 32; i++) {
    const d = <i64>i;
    const reciprocal = 1.0 / <f64>i;
    for (let j = 0; j < n; j++) {
      const t = mulShift32(load<i64>(at(wt, j)), load<i64>(at(wy, j)));
      // ⌊t / i⌋ from the reciprocal (t < 2^50 is exact as a double, so the estimate is within one),
      // then corrected: a 64-bit division would take several times longer.
      let q = <i64>(<f64>t * reciprocal);
      const rest = <i64>t - <i64>(q * d);
      if (rest < 0) q -= 1;
      else if (rest >= <i64>d) q += 1;
      store<i64>(at(wt, j), q);
      store<i64>(at(ws, j), load<i64>(at(ws, j)) + q);
    }
  }
  for (let j = 0; j < n; j++) store<f64>(at(sums, j), <f64>load<i64>(at(ws, j)));
}
