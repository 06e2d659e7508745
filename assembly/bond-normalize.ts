// The bonds' column normalisation with the dividends' row sums in AssemblyScript, part of
// sim/chain/yuma/wasm/bond-ema.wasm (bond-ema.ts is its entry and exports it): kernels.ts'
// colNormalizeWithRowSums in the fast epoch, bit for bit (the same double operations in the same
// order; WebAssembly rounds each as JavaScript does). Each entry of the bond matrix is divided by its
// column's sum in place (a zero column unchanged), r_i = Σ_j v_j · m_ij is summed over the normalised
// row in its order, and, where asked, each column's largest normalised entry kept.
//
// Only the fast epoch's: the exact one's (I32F32 quotients from a reciprocal with an exactness
// check, products floored) ran no faster here than in JavaScript, whose float operations it repeats.
//
// Arguments are byte offsets into the module's memory, laid out by sim/chain/yuma/wasm-bond-ema.ts
// (`Normalize`, 9 32-bit words; `max` 0 where the maxima are not wanted).

import { f64At, i32At, setF64 } from './memory-access';

/** The rows and columns, the matrix (ptr/cols/vals), the column sums, v, the row sums out, the maxima. */
@unmanaged
class Normalize {
  rows: i32;
  columns: i32;
  ptr: usize;
  cols: usize;
  vals: usize;
  sums: usize;
  v: usize;
  out: usize;
  max: usize;
}

export function colNormalizeRowSumsF64(args: usize): void {
  const a = changetype<Normalize>(args);
  const sums = a.sums;
  const max = a.max;
  if (max != 0) for (let j = 0; j < a.columns; j++) setF64(max, j, 0);
  for (let i = 0; i < a.rows; i++) {
    let s = 0.0;
    const end = i32At(a.ptr, i + 1);
    for (let k = i32At(a.ptr, i); k < end; k++) {
      const j = i32At(a.cols, k);
      const cs = f64At(sums, j);
      const m = f64At(a.vals, k);
      const x = cs == 0 ? m : m / cs;
      setF64(a.vals, k, x);
      s += f64At(a.v, j) * x;
      if (max != 0 && f64At(max, j) < x) setF64(max, j, x);
    }
    setF64(a.out, i, s);
  }
}
