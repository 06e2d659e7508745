// Sparse matrices of the on-chain epoch (their arithmetic kernels are in kernels.ts). Rows are validators (one per uid), columns uids; entries are values in the epoch's
// arithmetic (arithmetic.ts: exact I32F32 bits held in doubles, or plain doubles). Storage is
// compressed sparse rows (CSR) in typed arrays: row i holds entries ptr[i] .. ptr[i+1]−1, in the
// order the chain keeps them (usually ascending column, but weight rows keep their submission order).

export interface Csr {
  rows: number;
  ptr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Stored u16 entries (bonds) in the same layout. */
export interface U16Csr {
  rows: number;
  ptr: Int32Array;
  cols: Int32Array;
  vals: Uint16Array;
}

export function emptyU16Csr(rows: number): U16Csr {
  return { rows, ptr: new Int32Array(rows + 1), cols: new Int32Array(0), vals: new Uint16Array(0) };
}

/** A copy keeping only the entries for which keep(row, col) holds. */
export function filterU16Csr(m: U16Csr, keep: (i: number, j: number) => boolean): U16Csr {
  const ptr = new Int32Array(m.rows + 1);
  const cols = new Int32Array(m.cols.length);
  const vals = new Uint16Array(m.vals.length);
  let w = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) {
      if (!keep(i, m.cols[k])) continue;
      cols[w] = m.cols[k];
      vals[w] = m.vals[k];
      w++;
    }
    ptr[i + 1] = w;
  }
  return { rows: m.rows, ptr, cols: cols.subarray(0, w), vals: vals.subarray(0, w) };
}

/** Appends entries row by row; rows must be closed in order with endRow(). */
export class CsrBuilder {
  private ptr: Int32Array;
  private cols: Int32Array;
  private vals: Float64Array;
  private nnz = 0;
  private row = 0;

  constructor(
    private readonly rows: number,
    capacity: number,
  ) {
    this.ptr = new Int32Array(rows + 1);
    this.cols = new Int32Array(Math.max(capacity, 16));
    this.vals = new Float64Array(Math.max(capacity, 16));
  }

  /**
   * Empties the builder for reuse, keeping its buffers (grown to `capacity` if smaller): a matrix it
   * finished before shares them and is overwritten. For scratch matrices that live one step.
   */
  reset(capacity = 0): this {
    if (capacity > this.cols.length) {
      this.cols = new Int32Array(capacity);
      this.vals = new Float64Array(capacity);
    }
    this.nnz = 0;
    this.row = 0;
    return this;
  }

  /** The matrix m (of as many rows) copied into this builder's buffers. */
  copyOf(m: Csr): Csr {
    this.reset(m.cols.length);
    this.ptr.set(m.ptr.subarray(0, this.rows + 1));
    this.cols.set(m.cols);
    this.vals.set(m.vals);
    this.nnz = m.cols.length;
    this.row = this.rows;
    return this.finish();
  }

  /**
   * For a kernel that writes whole rows itself, without a call per entry: the buffers, emptied and
   * grown to hold `capacity` entries. It writes entries from index 0 and ptr[i + 1] after each row i,
   * then closes the matrix with `finishFilled(count)`.
   */
  fillBuffers(capacity: number): { ptr: Int32Array; cols: Int32Array; vals: Float64Array } {
    this.reset(capacity);
    return { ptr: this.ptr, cols: this.cols, vals: this.vals };
  }

  /** The matrix a kernel wrote through `fillBuffers`, holding `nnz` entries in all its rows. */
  finishFilled(nnz: number): Csr {
    this.nnz = nnz;
    this.row = this.rows;
    return this.finish();
  }

  push(col: number, val: number): void {
    if (this.nnz === this.cols.length) this.grow();
    this.cols[this.nnz] = col;
    this.vals[this.nnz] = val;
    this.nnz++;
  }

  endRow(): void {
    this.ptr[++this.row] = this.nnz;
  }

  finish(): Csr {
    while (this.row < this.rows) this.endRow();
    return {
      rows: this.rows,
      ptr: this.ptr,
      cols: this.cols.subarray(0, this.nnz),
      vals: this.vals.subarray(0, this.nnz),
    };
  }

  private grow(): void {
    const cols = new Int32Array(this.cols.length * 2);
    cols.set(this.cols);
    const vals = new Float64Array(this.vals.length * 2);
    vals.set(this.vals);
    this.cols = cols;
    this.vals = vals;
  }
}
