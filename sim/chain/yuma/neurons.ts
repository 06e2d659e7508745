// The per-uid state of one subnet mechanism that the epoch reads and writes, and the chain's
// operations on it between epochs: registration (protocol.md §5.3), set_weights (§5.5), bonds
// reset (§3.10b), and storing an epoch's result (§3.12).

import { maxUpscaleU16 } from '../weights/max-upscale.ts';
import type { EpochInput, EpochResult } from './epoch.ts';
import { emptyU16Csr, filterU16Csr, type U16Csr } from './sparse.ts';
import { emptyRow, type U16Row } from './weights.ts';

export interface NeuronState {
  n: number;
  /** Stored weight rows, u16, in submission order. */
  weights: U16Row[];
  /** Stored bonds, u16, one row per uid (only permit holders have entries). */
  bonds: U16Csr;
  lastUpdate: number[];
  blockAtRegistration: number[];
  validatorPermit: boolean[];
  /** Block of the last successful epoch, 0 if none yet: the chain's `LastMechansimStepBlock` (sic, its spelling). */
  lastStepBlock: number;
}

/** n uids all registered at `block` (genesis), with no weights, bonds or permits. */
export function newNeuronState(n: number, block = 0): NeuronState {
  return {
    n,
    weights: Array.from({ length: n }, emptyRow),
    bonds: emptyU16Csr(n),
    lastUpdate: new Array(n).fill(block),
    blockAtRegistration: new Array(n).fill(block),
    validatorPermit: new Array(n).fill(false),
    lastStepBlock: 0,
  };
}

/**
 * A new hotkey takes the slot at `block`: its bond row and its weights are removed, weights toward it
 * are removed, and LastUpdate = BlockAtRegistration = block.
 */
export function registerUid(s: NeuronState, uid: number, block: number): void {
  s.bonds = filterU16Csr(s.bonds, (i) => i !== uid);
  s.weights[uid] = emptyRow();
  for (let i = 0; i < s.n; i++) {
    const row = s.weights[i];
    const k = row.cols.indexOf(uid);
    if (k >= 0) s.weights[i] = withoutEntry(row, k);
  }
  s.lastUpdate[uid] = block;
  s.blockAtRegistration[uid] = block;
}

/** A new uid appended at the end (the subnet was not full): registered at `block`, nothing else. */
export function appendUid(s: NeuronState, block: number): number {
  return appendUids(s, 1, block);
}

/**
 * `count` new uids appended at the end, as appendUid appends one; returns the first. Genesis seats a
 * subnet's uids at once: one call grows the bond rows' pointers once, where a call per uid would
 * copy them once per uid (quadratic in the subnet's size).
 */
export function appendUids(s: NeuronState, count: number, block: number): number {
  const first = s.n;
  s.n += count;
  for (let k = 0; k < count; k++) {
    s.weights.push(emptyRow());
    s.lastUpdate.push(block);
    s.blockAtRegistration.push(block);
    s.validatorPermit.push(false);
  }
  const ptr = new Int32Array(s.n + 1);
  ptr.set(s.bonds.ptr);
  ptr.fill(s.bonds.ptr[first], first + 1); // the new rows are empty
  s.bonds = { rows: s.n, ptr, cols: s.bonds.cols, vals: s.bonds.vals };
  return first;
}

/** `row` without its k-th entry, as a new row (rows are never written in place: U16Row). */
function withoutEntry(row: U16Row, k: number): U16Row {
  const vals = new Uint16Array(row.vals.length - 1);
  vals.set(row.vals.subarray(0, k));
  vals.set(row.vals.subarray(k + 1), k);
  return { cols: row.cols.filter((_, c) => c !== k), vals };
}

/**
 * Weights revealed after commit-reveal (protocol.md §6): the row is stored as set_weights stores it,
 * but LastUpdate stays at the commit block, as the chain sets it at commit time.
 */
export function revealWeights(s: NeuronState, uid: number, dests: readonly number[], values: ArrayLike<number>): void {
  s.weights[uid] = storedRow(dests, values);
}

/** set_weights: the row is max-upscaled to u16 and replaces the previous one; LastUpdate = block. */
export function setWeights(
  s: NeuronState,
  uid: number,
  dests: readonly number[],
  values: ArrayLike<number>,
  block: number,
): void {
  s.weights[uid] = storedRow(dests, values);
  s.lastUpdate[uid] = block;
}

/**
 * The row set_weights stores. It keeps `dests` itself, and `values` where they are already the
 * stored form (a Uint16Array whose largest entry is 65535): the caller hands both over and never
 * writes them again. Each tempo a validator's row is replaced, so a copy of each would be a few KiB
 * per validator that lives a tempo, long enough for the collector to copy it twice.
 */
function storedRow(dests: readonly number[], values: ArrayLike<number>): U16Row {
  return { cols: dests, vals: maxUpscaleU16(values, true) };
}

/** Bonds reset: every validator's bond entry toward `uid` is deleted. */
export function resetBondsToward(s: NeuronState, uid: number): void {
  s.bonds = filterU16Csr(s.bonds, (_i, j) => j !== uid);
}

/** What the epoch needs beyond the per-uid state: the block, the subnet's settings, stake and emission. */
export type EpochContext = Omit<
  EpochInput,
  'n' | 'permitOld' | 'lastUpdate' | 'blockAtRegistration' | 'weights' | 'bonds' | 'lastStepBlock'
>;

/** The epoch's input: this state plus the context. */
export function epochInput(s: NeuronState, ctx: EpochContext): EpochInput {
  return {
    ...ctx,
    n: s.n,
    permitOld: s.validatorPermit,
    lastUpdate: s.lastUpdate,
    blockAtRegistration: s.blockAtRegistration,
    weights: s.weights,
    bonds: s.bonds,
    lastStepBlock: s.lastStepBlock,
  };
}

/** Persist what the epoch stores: new permits, bond rows, and the step block. */
export function storeEpochResult(s: NeuronState, r: EpochResult, block: number): void {
  s.validatorPermit = r.validatorPermit.slice();
  s.bonds = r.bonds;
  s.lastStepBlock = block;
}
