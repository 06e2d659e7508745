// The exact bond EMAs in WebAssembly (assembly/bond-ema.ts, loaded by sim/chain/yuma/wasm-bond-ema.ts)
// against the JavaScript kernels they stand in for: on random subnets (rows they do, rows they must
// leave to JavaScript, overflow edges at 1) each EMA is the same to the bit either way.
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it } from 'vitest';
import { ONE } from '../sim/chain/fixed/i32f32.ts';
import { integerRatio } from '../sim/chain/fixed/u16.ts';
import { I32F32_ARITHMETIC } from '../sim/chain/yuma/arithmetic.ts';
import { emaRates } from '../sim/chain/yuma/bonds.ts';
import { FLOAT64_KERNELS, I32F32_KERNELS as K } from '../sim/chain/yuma/kernels.ts';
import { EpochScratch } from '../sim/chain/yuma/scratch.ts';
import type { Csr, U16Csr } from '../sim/chain/yuma/sparse.ts';
import { emaRowsWasm, liquidEmaRowsWasm, useWasmBondEma } from '../sim/chain/yuma/wasm-bond-ema.ts';

afterEach(() => useWasmBondEma(true));

interface Subnet {
  n: number;
  weights: Csr;
  bonds: U16Csr;
  recent: Uint8Array;
  consensus: Float64Array;
}

/** A u16 bond whose value (u ⊘ 65535) is at most w: the settled case, d = 0 when w ≤ c. */
function bondBelow(w: number, rng: () => number): number {
  let u = Math.floor((w * 65535) / ONE);
  while (u > 0 && integerRatio(u, 65535) > w) u--;
  return rng() < 0.3 ? u : Math.floor(u * rng());
}

/**
 * Rows in column order with every cell at d = 0 (bond ≤ w ≤ c), some at the edge 1 (w = c = 1,
 * bond 65535), some bonds missing or at a column ≥ n; then, from row `odd` on (if any), one cell per
 * row buying (w > c) or selling (bond > w), or a row out of column order.
 */
function subnet(seed: string, odd: number | null): Subnet {
  const rng = seedrandom(seed);
  const n = 3 + Math.floor(rng() * 40);
  const storedRows = rng() < 0.3 ? n - 1 - Math.floor(rng() * 2) : n;
  const consensus = Float64Array.from({ length: n }, () => (rng() < 0.1 ? ONE : Math.floor(ONE * (0.3 + 0.7 * rng()))));
  const ptr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  const sPtr = [0];
  const sCols: number[] = [];
  const sVals: number[] = [];
  for (let i = 0; i < n; i++) {
    const rowCols: number[] = [];
    for (let j = 0; j < n; j++) if (rng() < 0.6) rowCols.push(j);
    if (odd !== null && i >= odd && rng() < 0.5 && rowCols.length > 1) rowCols.reverse(); // out of order
    const walk = rng() < 0.4;
    const weightOf = new Map<number, number>();
    for (const j of rowCols) {
      const c = consensus[j];
      const w = c === ONE && rng() < 0.5 ? ONE : Math.floor(c * rng());
      weightOf.set(j, w);
      cols.push(j);
      vals.push(w);
    }
    const ascending = rowCols.every((j, m) => m === 0 || rowCols[m - 1] < j);
    // The bond row: on the weights' columns (in a merged row some missing: read as 0) and, in a
    // merged row in column order, on some columns the row does not weight (decayed only; the liquid
    // EMA drops them), recently registered ones among them.
    const bondCols = ascending ? Array.from({ length: n }, (_, j) => j) : rowCols;
    for (const j of i < storedRows ? bondCols : []) {
      const w = weightOf.get(j);
      if (w === undefined) {
        if (walk && rng() < 0.15) {
          sCols.push(j);
          sVals.push(1 + Math.floor(rng() * 65535));
        }
        continue;
      }
      if (walk && rng() < 0.2) continue; // no bond here: read as 0
      sCols.push(j);
      sVals.push(w === ONE && rng() < 0.5 ? 65535 : bondBelow(w, rng));
    }
    if (odd !== null && i >= odd && rowCols.length > 0) {
      const k = ptr[i] + Math.floor(rng() * rowCols.length);
      if (rng() < 0.5) {
        vals[k] = consensus[cols[k]] + 1 + Math.floor(rng() * 1000); // buying above consensus
      } else if (i < storedRows) {
        const at = sCols.lastIndexOf(cols[k]);
        if (at >= sPtr[i]) sVals[at] = Math.min(65535, Math.floor((vals[k] * 65535) / ONE) + 2); // selling
      }
    }
    if (i < storedRows) {
      if (walk && rng() < 0.5) {
        sCols.push(n + 1); // a bond to a column beyond n: dropped, and the row is merged, not read beside
        sVals.push(7);
      }
      sPtr.push(sCols.length);
    }
    ptr.push(cols.length);
  }
  return {
    n,
    weights: { rows: n, ptr: Int32Array.from(ptr), cols: Int32Array.from(cols), vals: Float64Array.from(vals) },
    bonds: {
      rows: storedRows,
      ptr: Int32Array.from(sPtr),
      cols: Int32Array.from(sCols),
      vals: Uint16Array.from(sVals),
    },
    recent: Uint8Array.from({ length: n }, () => (rng() < 0.1 ? 1 : 0)),
    consensus,
  };
}

/** What an EMA call leaves, as plain arrays: its matrix, the u16s it stored (where it stores them) and the column sums. */
function emaOutput(m: Csr, ws: EpochScratch, withU16: boolean) {
  return {
    ptr: Array.from(m.ptr),
    cols: Array.from(m.cols),
    vals: Array.from(m.vals),
    u16: withU16 ? Array.from(ws.emaU16.subarray(0, m.cols.length)) : [],
    perColumn: Array.from(ws.perColumn),
  };
}

/** The EMA of `s` (matrix, u16s, column sums) with the WebAssembly kernel on or off. */
function ema(s: Subnet, alpha: [number, number], wasm: boolean) {
  useWasmBondEma(wasm);
  const ws = new EpochScratch(s.n);
  const params = K.liquidAlphaParams(alpha[0], alpha[1], 1000);
  const m = K.liquidEmaRows(s.weights, s.bonds, s.recent, s.consensus, params, s.n, ws);
  useWasmBondEma(true);
  return emaOutput(m, ws, true);
}

const ALPHAS: [number, number][] = [
  [45875, 58982], // the chain's default AlphaLow / AlphaHigh (0.7, 0.9)
  [65535, 65535], // α = 1: the products at 1 · 1
  [0, 0], // α = 0: bonds only decay by nothing
  [1, 65535],
];

describe('the exact liquid EMA in WebAssembly', () => {
  it('does every row of a settled subnet, and gives what JavaScript gives, bit for bit', () => {
    for (let t = 0; t < 120; t++) {
      const s = subnet(`settled/${t}`, null);
      const alpha = ALPHAS[t % ALPHAS.length];
      const ws = new EpochScratch(s.n);
      ws.emaEntries(s.weights.cols.length);
      const atZero = K.liquidAlphaParams(alpha[0], alpha[1], 1000).atZero;
      expect(liquidEmaRowsWasm(s.weights, s.bonds, s.recent, s.consensus, 'exact', atZero, ONE - atZero, s.n, ws)).toBe(
        s.n,
      );
      expect(ema(s, alpha, true)).toEqual(ema(s, alpha, false));
    }
  });

  it('stops before the first row it cannot do (d ≠ 0, or out of order); JavaScript does the rest, the same bits', () => {
    let stoppedInside = 0;
    for (let t = 0; t < 120; t++) {
      const probe = subnet(`odd/${t}`, null);
      const odd = Math.floor(probe.n / 3);
      const s = subnet(`odd/${t}`, odd);
      const alpha = ALPHAS[t % ALPHAS.length];
      const ws = new EpochScratch(s.n);
      ws.emaEntries(s.weights.cols.length);
      const atZero = K.liquidAlphaParams(alpha[0], alpha[1], 1000).atZero;
      const r = liquidEmaRowsWasm(s.weights, s.bonds, s.recent, s.consensus, 'exact', atZero, ONE - atZero, s.n, ws);
      expect(r).toBeGreaterThanOrEqual(Math.min(odd, s.n));
      if (r < s.n) stoppedInside++;
      expect(ema(s, alpha, true)).toEqual(ema(s, alpha, false));
    }
    expect(stoppedInside).toBeGreaterThan(60); // the handing over was exercised
  });
});

/** Original Yuma's column totals of the stored u16 bonds (columns < n, not recently registered). */
function columnTotals(s: Subnet): Float64Array {
  const totals = new Float64Array(s.n);
  const { cols, vals } = s.bonds;
  for (let k = 0; k < cols.length; k++) if (cols[k] < s.n && !s.recent[cols[k]]) totals[cols[k]] += vals[k];
  return totals;
}

/** The fixed-rate EMA of `s` (matrix, u16s, column sums) with the WebAssembly kernel on or off. */
function fixedEma(s: Subnet, colTotal: Float64Array | null, bma: number, wasm: boolean) {
  useWasmBondEma(wasm);
  const ws = new EpochScratch(s.n);
  const { alpha, oneMinus } = emaRates(I32F32_ARITHMETIC, bma);
  const m = K.emaRows(s.weights, s.bonds, s.recent, colTotal, alpha, oneMinus, s.n, colTotal === null, ws);
  useWasmBondEma(true);
  return emaOutput(m, ws, colTotal === null);
}

/** The fixed-rate EMA's two ways of reading a stored bond: [name, over its column's total]. */
const BOND_VARIANTS: [string, boolean][] = [
  ['Yuma3 (bonds ⊘ 65535)', false],
  ['original Yuma (bonds over their column totals)', true],
];

describe('the exact fixed-rate EMA in WebAssembly', () => {
  it.each(BOND_VARIANTS)(
    '%s: does every row in column order, hands the first other row to JavaScript, the same bits',
    (_name, byTotal) => {
      let stoppedInside = 0;
      for (let t = 0; t < 160; t++) {
        const probe = subnet(`fixed/${t}`, null);
        const odd = t % 2 === 0 ? null : Math.floor(probe.n / 3);
        const s = odd === null ? probe : subnet(`fixed/${t}`, odd);
        const colTotal = byTotal ? columnTotals(s) : null;
        const bma = [900_000, 0, 1_000_000, 975_000][t % 4];
        const ws = new EpochScratch(s.n);
        ws.emaEntries(s.weights.cols.length + s.bonds.cols.length);
        const { alpha, oneMinus } = emaRates(I32F32_ARITHMETIC, bma);
        const r = emaRowsWasm(s.weights, s.bonds, s.recent, colTotal, 'exact', alpha, oneMinus, s.n, !byTotal, ws);
        if (odd === null) expect(r).toBe(s.n);
        else {
          expect(r).toBeGreaterThanOrEqual(Math.min(odd, s.n));
          if (r < s.n) stoppedInside++;
        }
        expect(fixedEma(s, colTotal, bma, true)).toEqual(fixedEma(s, colTotal, bma, false));
      }
      expect(stoppedInside).toBeGreaterThan(40);
    },
  );
});

describe('what the WebAssembly kernels leave to JavaScript', () => {
  const s = subnet('edges', null);
  const fresh = () => {
    const ws = new EpochScratch(s.n);
    ws.emaEntries(s.weights.cols.length + s.bonds.cols.length);
    ws.emaU16.fill(7);
    return ws;
  };
  const { alpha, oneMinus } = emaRates(I32F32_ARITHMETIC, 900_000);

  it('rates summing past 1, and recently-registered flags other than 0 and 1: nothing is done', () => {
    expect(emaRowsWasm(s.weights, s.bonds, s.recent, null, 'exact', ONE, ONE / 2, s.n, true, fresh())).toBe(0);
    const odd = Uint8Array.from(s.recent, (x, j) => (j === 0 ? 2 : x));
    expect(emaRowsWasm(s.weights, s.bonds, odd, null, 'exact', alpha, oneMinus, s.n, true, fresh())).toBe(0);
    expect(emaRowsWasm(s.weights, s.bonds, s.recent, null, 'exact', alpha, oneMinus, s.n, true, fresh())).toBe(s.n);
  });

  it('a new entry in a column at or beyond n: the rows before it only', () => {
    const cols = Int32Array.from(s.weights.cols);
    const row = s.weights.ptr.findIndex((p, i) => i > 2 && p < s.weights.ptr[i + 1]);
    cols[s.weights.ptr[row + 1] - 1] = s.n; // the last entry of that row
    const weights = { ...s.weights, cols };
    expect(emaRowsWasm(weights, s.bonds, s.recent, null, 'exact', alpha, oneMinus, s.n, true, fresh())).toBe(row);
  });

  it('without u16s to store (original Yuma), ws.emaU16 is left as it was', () => {
    const ws = fresh();
    expect(emaRowsWasm(s.weights, s.bonds, s.recent, columnTotals(s), 'exact', alpha, oneMinus, s.n, false, ws)).toBe(
      s.n,
    );
    expect(ws.emaU16.every((u) => u === 7)).toBe(true);
  });
});

/** `s` in doubles, as the fast epoch holds it: weights and consensus over 2^32 (bonds stay u16). */
function inDoubles(s: Subnet): Subnet {
  return {
    ...s,
    weights: { ...s.weights, vals: Float64Array.from(s.weights.vals, (x) => x / ONE) },
    consensus: Float64Array.from(s.consensus, (x) => x / ONE),
  };
}

/** The fast liquid EMA of `s` (matrix, u16s, column sums) with the WebAssembly kernel on or off, and the rows WebAssembly did. */
function fastEma(s: Subnet, alpha: [number, number], wasm: boolean) {
  const F = FLOAT64_KERNELS;
  const params = F.liquidAlphaParams(alpha[0], alpha[1], 1000);
  const probe = new EpochScratch(s.n);
  probe.emaEntries(s.weights.cols.length);
  const rows = wasm
    ? liquidEmaRowsWasm(s.weights, s.bonds, s.recent, s.consensus, 'fast', params.atZero, 1 - params.atZero, s.n, probe)
    : 0;
  useWasmBondEma(wasm);
  const ws = new EpochScratch(s.n);
  const m = F.liquidEmaRows(s.weights, s.bonds, s.recent, s.consensus, params, s.n, ws);
  useWasmBondEma(true);
  return { rows, ema: emaOutput(m, ws, true) };
}

describe('the fast (double) liquid EMA in WebAssembly', () => {
  it("gives the JavaScript kernel's doubles, bit for bit, whether it does every row or hands some to JavaScript", () => {
    let allRows = 0;
    let someRows = 0;
    for (let t = 0; t < 160; t++) {
      const probe = subnet(`fast/${t}`, null);
      const s = inDoubles(t % 2 === 0 ? probe : subnet(`fast/${t}`, Math.floor(probe.n / 3)));
      const alpha = ALPHAS[t % ALPHAS.length];
      const withWasm = fastEma(s, alpha, true);
      expect(withWasm.ema).toEqual(fastEma(s, alpha, false).ema);
      if (withWasm.rows === s.n) allRows++;
      else if (withWasm.rows > 0) someRows++;
    }
    // Both were exercised: subnets done whole in WebAssembly, and subnets handed over part way.
    expect(allRows).toBeGreaterThan(20);
    expect(someRows).toBeGreaterThan(20);
  });
});

/** The fast fixed-rate EMA of `s` (matrix, u16s, column sums) with the WebAssembly kernel on or off, and the rows WebAssembly did. */
function fastFixedEma(s: Subnet, colTotal: Float64Array | null, bma: number, wasm: boolean) {
  const F = FLOAT64_KERNELS;
  const alpha = 1 - bma / 1_000_000;
  const oneMinus = bma / 1_000_000;
  const probe = new EpochScratch(s.n);
  probe.emaEntries(s.weights.cols.length + s.bonds.cols.length);
  const storeU16 = colTotal === null;
  const rows = wasm
    ? emaRowsWasm(s.weights, s.bonds, s.recent, colTotal, 'fast', alpha, oneMinus, s.n, storeU16, probe)
    : 0;
  useWasmBondEma(wasm);
  const ws = new EpochScratch(s.n);
  const m = F.emaRows(s.weights, s.bonds, s.recent, colTotal, alpha, oneMinus, s.n, storeU16, ws);
  useWasmBondEma(true);
  return { rows, ema: emaOutput(m, ws, storeU16) };
}

describe('the fast (double) fixed-rate EMA in WebAssembly', () => {
  it.each(BOND_VARIANTS)(
    "%s: the JavaScript kernel's doubles, bit for bit, done whole or handed over part way",
    (_name, byTotal) => {
      let allRows = 0;
      let someRows = 0;
      for (let t = 0; t < 160; t++) {
        const probe = subnet(`fast-fixed/${t}`, null);
        const odd = t % 2 === 0 ? null : Math.floor(probe.n / 3);
        const s = inDoubles(odd === null ? probe : subnet(`fast-fixed/${t}`, odd));
        const colTotal = byTotal ? columnTotals(s) : null;
        const bma = [900_000, 0, 1_000_000, 975_000][t % 4];
        const withWasm = fastFixedEma(s, colTotal, bma, true);
        expect(withWasm.ema).toEqual(fastFixedEma(s, colTotal, bma, false).ema);
        if (withWasm.rows === s.n) allRows++;
        else if (withWasm.rows > 0) someRows++;
      }
      expect(allRows).toBeGreaterThan(40);
      expect(someRows).toBeGreaterThan(20);
    },
  );
});

describe('the fast bonds’ column normalisation in WebAssembly', () => {
  /** colNormalizeWithRowSums on a fast liquid EMA of `s`, with the kernel on or off: values, row sums, maxima. */
  function normalised(s: Subnet, withMax: boolean, wasm: boolean) {
    const F = FLOAT64_KERNELS;
    const ws = new EpochScratch(s.n);
    const m = F.liquidEmaRows(
      s.weights,
      s.bonds,
      s.recent,
      s.consensus,
      F.liquidAlphaParams(45875, 58982, 1000),
      s.n,
      ws,
    );
    const sums = Float64Array.from(ws.perColumn);
    sums[0] = 0; // a column whose sum is 0 keeps its entries
    const v = Float64Array.from({ length: s.n }, (_, j) => (j % 5 === 0 ? 0 : s.consensus[j]));
    const out = new Float64Array(s.n);
    const max = withMax ? new Float64Array(s.n).fill(9) : null;
    useWasmBondEma(wasm);
    F.colNormalizeWithRowSums(m, s.n, sums, v, out, max, ws.colInverse, ws.colScaled);
    useWasmBondEma(true);
    return { vals: Array.from(m.vals), out: Array.from(out), max: max && Array.from(max) };
  }

  it("gives the JavaScript kernel's doubles, bit for bit, with and without the column maxima", () => {
    let entries = 0;
    for (let t = 0; t < 120; t++) {
      const s = inDoubles(subnet(`fast-normalise/${t}`, t % 2 === 0 ? null : 1));
      const withMax = t % 3 === 0;
      const got = normalised(s, withMax, true);
      expect(got).toEqual(normalised(s, withMax, false));
      expect(got.out.some((r) => r > 0)).toBe(true);
      entries += got.vals.length;
    }
    expect(entries).toBeGreaterThan(5_000);
  });
});
