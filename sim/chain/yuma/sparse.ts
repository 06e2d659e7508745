// Sparse-matrix helpers of the on-chain epoch, restated from the chain's `epoch/math.rs`.
// A matrix is one row per uid; each row lists (column, I32F32 bits) entries in ascending column
// order. Values are exact I32F32 bits held in doubles (see fixed/i32f32.ts).

import * as F from '../fixed/i32f32.ts';

export interface SparseRow {
  cols: number[];
  vals: number[];
}
export type SparseMatrix = SparseRow[];

export function emptyRow(): SparseRow {
  return { cols: [], vals: [] };
}

export function emptyMatrix(rows: number): SparseMatrix {
  const m: SparseMatrix = new Array(rows);
  for (let i = 0; i < rows; i++) m[i] = emptyRow();
  return m;
}

/** Keep the entries for which keep(row, col, value) holds. */
export function filterEntries(
  m: SparseMatrix,
  keep: (i: number, j: number, v: number) => boolean,
): SparseMatrix {
  return m.map((row, i) => {
    const out = emptyRow();
    for (let k = 0; k < row.cols.length; k++) {
      const j = row.cols[k];
      const v = row.vals[k];
      if (keep(i, j, v)) {
        out.cols.push(j);
        out.vals.push(v);
      }
    }
    return out;
  });
}

/** `inplace_row_normalize_sparse`: each row with a positive sum is divided by it. */
export function rowNormalizeInPlace(m: SparseMatrix): void {
  for (const row of m) {
    const s = F.sum(row.vals);
    if (s <= 0) continue;
    for (let k = 0; k < row.vals.length; k++) row.vals[k] = F.div(row.vals[k], s);
  }
}

/** Column sums of a sparse matrix with `columns` columns. */
export function columnSums(m: SparseMatrix, columns: number): Float64Array {
  const s = new Float64Array(columns);
  for (const row of m) for (let k = 0; k < row.cols.length; k++) s[row.cols[k]] += row.vals[k];
  return s;
}

/** `inplace_col_normalize_sparse`: each entry divided by its column's sum; zero columns unchanged. */
export function colNormalizeInPlace(m: SparseMatrix, columns: number): void {
  const s = columnSums(m, columns);
  for (const row of m) {
    for (let k = 0; k < row.cols.length; k++) {
      const cs = s[row.cols[k]];
      if (cs !== 0) row.vals[k] = F.div(row.vals[k], cs);
    }
  }
}

/** `inplace_col_max_upscale_sparse`: each entry divided by its column's maximum; zero columns unchanged. */
export function colMaxUpscaleInPlace(m: SparseMatrix, columns: number): void {
  const mx = new Float64Array(columns);
  for (const row of m) {
    for (let k = 0; k < row.cols.length; k++) {
      if (mx[row.cols[k]] < row.vals[k]) mx[row.cols[k]] = row.vals[k];
    }
  }
  for (const row of m) {
    for (let k = 0; k < row.cols.length; k++) {
      const c = mx[row.cols[k]];
      if (c !== 0) row.vals[k] = F.div(row.vals[k], c);
    }
  }
}

/** `row_sum_sparse`. */
export function rowSums(m: SparseMatrix): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = F.sum(m[i].vals);
  return out;
}

/** `matmul_sparse`: r_j = Σ_i v_i ⊗ m_ij, each product floored on its own. */
export function weightedColumnSums(m: SparseMatrix, v: ArrayLike<number>, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    const vi = v[i];
    for (let k = 0; k < row.cols.length; k++) out[row.cols[k]] += F.mul(vi, row.vals[k]);
  }
  return out;
}

/** `matmul_transpose_sparse`: r_i = Σ_j m_ij ⊗ v_j, each product floored on its own. */
export function weightedRowSums(m: SparseMatrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    let s = 0;
    for (let k = 0; k < row.cols.length; k++) s += F.mul(row.vals[k], v[row.cols[k]]);
    out[i] = s;
  }
  return out;
}

/** `row_hadamard_sparse`: m_ij ⊗ v_i. */
export function scaleRows(m: SparseMatrix, v: ArrayLike<number>): SparseMatrix {
  return m.map((row, i) => ({ cols: row.cols.slice(), vals: row.vals.map((x) => F.mul(x, v[i])) }));
}

export function cloneMatrix(m: SparseMatrix): SparseMatrix {
  return m.map((row) => ({ cols: row.cols.slice(), vals: row.vals.slice() }));
}
