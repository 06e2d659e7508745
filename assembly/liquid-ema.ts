// AssemblyScript source of sim/chain/yuma/wasm/liquid-ema.wasm (`npm run build:wasm`; a test
// rebuilds it and compares the bytes). One kernel: the usual case of the exact (I32F32) liquid-alpha
// bond EMA, `liquidEmaRows` in sim/chain/yuma/kernels.ts, where every cell has d = 0 and so the
// epoch's constant α (`atZero`). Native 64-bit integers make each I32F32 product one multiplication
// and a shift; in JavaScript it is a float product, a floor and an exactness check.
//
// It computes exactly what liquidEmaRows computes, row by row, and stops before the first row it
// cannot do: a row out of column order, or holding a cell with d ≠ 0 (whose α needs the sigmoid) or
// a value outside [0, 1] (2^32 bits), where the products below could overflow. The JavaScript
// kernel does the rest from that row on.
//
// Arguments are byte offsets into this module's memory, laid out by sim/chain/yuma/wasm-liquid-ema.ts;
// values are I32F32 bits held in f64 (integers, exact), as the JavaScript epoch holds them.

const ONE: i64 = 1 << 32;

/** a ⊗ b in I32F32 for a, b in [0, 2^32]: floor(a·b / 2^32). a·b < 2^64 unless a = 2^32. */
function mulFixed(a: i64, b: i64): i64 {
  return a == ONE ? b : <i64>((<u64>a * <u64>b) >> 32);
}

/** A stored u16 bond as I32F32 bits: u ⊘ 65535 = u·65537 + (1 if u = 65535), as integerRatio. */
function bondBits(u: i64): i64 {
  return u * 65537 + (u == 65535 ? 1 : 0);
}

function i32At(base: usize, k: i32): i32 {
  return load<i32>(base + ((<usize>k) << 2));
}

function f64At(base: usize, k: i32): f64 {
  return load<f64>(base + ((<usize>k) << 3));
}

/** Whether cols[a0..a1) is strictly ascending and cols2[b0..) holds the same columns (a1 − a0 of them). */
function sameAscending(a: usize, a0: i32, a1: i32, b: usize, b0: i32, b1: i32): bool {
  if (a1 - a0 != b1 - b0) return false;
  let last: i32 = -1;
  for (let k = a0, d = b0 - a0; k < a1; k++) {
    const j = i32At(a, k);
    if (j <= last || i32At(b, k + d) != j) return false;
    last = j;
  }
  return true;
}

function ascending(cols: usize, from: i32, to: i32): bool {
  for (let k = from + 1; k < to; k++) if (i32At(cols, k) <= i32At(cols, k - 1)) return false;
  return true;
}

/**
 * EMA rows from … r − 1 into outPtr[from + 1 … r] (row ends; outPtr[from] holds where row `from`
 * starts), outCols, outVals, outU16, and their column sums added into perColumn; returns r, the row
 * it stopped before (`to` when it did them all). Only the rows from … to − 1 of the inputs are read.
 */
export function liquidEmaAtZero(
  from: i32,
  to: i32,
  storedRows: i32,
  wPtr: usize,
  wCols: usize,
  wVals: usize,
  sPtr: usize,
  sCols: usize,
  sVals: usize,
  recent: usize,
  consensus: usize,
  atZero: i64,
  outPtr: usize,
  outCols: usize,
  outVals: usize,
  outU16: usize,
  perColumn: usize,
): i32 {
  if (atZero < 0 || atZero > ONE) return from;
  const keep = ONE - atZero;
  let out = i32At(outPtr, from);
  for (let i = from; i < to; i++) {
    let s0: i32 = 0;
    let s1: i32 = 0;
    if (i < storedRows) {
      s0 = i32At(sPtr, i);
      s1 = i32At(sPtr, i + 1);
    }
    const w0 = i32At(wPtr, i);
    const w1 = i32At(wPtr, i + 1);
    const same = sameAscending(wCols, w0, w1, sCols, s0, s1);
    if (!same && (!ascending(wCols, w0, w1) || !ascending(sCols, s0, s1))) return i;
    const rowStart = out;
    let b = s0;
    for (let k = w0; k < w1; k++) {
      const j = i32At(wCols, k);
      const wf = f64At(wVals, k);
      let bond: i64 = 0;
      if (same) {
        const u = <i64>load<u16>(sVals + ((<usize>b) << 1));
        b++;
        if (load<u8>(recent + <usize>j) == 0) bond = bondBits(u);
      } else {
        while (b < s1 && i32At(sCols, b) < j) b++;
        if (b < s1 && i32At(sCols, b) == j && load<u8>(recent + <usize>j) == 0)
          bond = bondBits(<i64>load<u16>(sVals + ((<usize>b) << 1)));
      }
      const cf = f64At(consensus, j);
      // d = 0 exactly when bond ≤ w ≤ c; w ≤ c ≤ 1 also keeps the products below 2^64.
      if (!(<f64>bond <= wf && wf <= cf && cf <= <f64>ONE)) {
        // Take the row's entries back out of the column sums (exact: integers below 2^53).
        for (let e = rowStart; e < out; e++) {
          const sum = perColumn + ((<usize>i32At(outCols, e)) << 3);
          store<f64>(sum, load<f64>(sum) - f64At(outVals, e));
        }
        return i;
      }
      const w = <i64>wf;
      let v = mulFixed(keep, bond) + mulFixed(atZero, w);
      if (v > ONE) v = ONE;
      if (v > 0) {
        store<i32>(outCols + ((<usize>out) << 2), j);
        store<f64>(outVals + ((<usize>out) << 3), <f64>v);
        store<u16>(outU16 + ((<usize>out) << 1), <u16>((v * 65535) >> 32));
        const sum = perColumn + ((<usize>j) << 3);
        store<f64>(sum, load<f64>(sum) + <f64>v);
        out++;
      }
    }
    store<i32>(outPtr + ((<usize>i + 1) << 2), out);
  }
  return to;
}
