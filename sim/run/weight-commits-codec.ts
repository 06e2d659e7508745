// A subnet's pending weight commits (SubnetState.commits) in a checkpoint as a few typed arrays
// instead of one record each. A run holds one commit per validator and subnet between a commit and
// its reveal; each commit's values are a u16 array, which V8's serialiser writes through a call back
// into JavaScript per array: packed, they cost one copy.
//
// The encoding keeps what the records share: a batch's commits share one dests list (submitWeights
// with handedOver), and they come back sharing one again.

import type { WeightCommit } from '../chain/network/subnet.ts';
import type { ArrayCodec } from '../engine/snapshot.ts';

const FIELDS = ['uid', 'hotkey', 'dests', 'values', 'commitBlock', 'commitEpoch'] as const;
const SCALARS = 4; // uid, hotkey, commitBlock, commitEpoch

interface PackedCommits {
  /** SCALARS numbers per commit. */
  scalars: Float64Array;
  /** Each commit's dests list, as an index into the distinct lists. */
  destsIndex: Int32Array;
  /** The distinct dests lists, concatenated (CSR). */
  destsPtr: Int32Array;
  dests: Float64Array;
  /** Each commit's values: 1 a u16 array (in u16), 0 a number array (in f64); where they start. */
  valuesU16: Uint8Array;
  valuesPtr: Int32Array;
  u16: Uint16Array;
  f64: Float64Array;
}

export const weightCommits: ArrayCodec = {
  accepts(xs) {
    const c = xs[0];
    return typeof c === 'object' && c !== null && FIELDS.every((f) => Object.hasOwn(c, f));
  },
  encode(xs) {
    const lists = new Map<readonly number[], number>();
    let destsLength = 0;
    let u16Length = 0;
    let f64Length = 0;
    for (const x of xs) {
      if (!isCommit(x)) return undefined;
      // Each distinct list is checked once: a checkpoint is taken before V8 has optimised this code,
      // where a walk of every commit's list (a batch shares one) was most of the encoding's cost.
      if (!lists.has(x.dests)) {
        if (!isNumberArray(x.dests)) return undefined;
        lists.set(x.dests, lists.size);
        destsLength += x.dests.length;
      }
      if (x.values instanceof Uint16Array) u16Length += x.values.length;
      else f64Length += x.values.length;
    }
    const n = xs.length;
    const out: PackedCommits = {
      scalars: new Float64Array(n * SCALARS),
      destsIndex: new Int32Array(n),
      destsPtr: new Int32Array(lists.size + 1),
      dests: new Float64Array(destsLength),
      valuesU16: new Uint8Array(n),
      valuesPtr: new Int32Array(n + 1),
      u16: new Uint16Array(u16Length),
      f64: new Float64Array(f64Length),
    };
    let d = 0;
    for (const [list, i] of lists) {
      out.dests.set(list, d);
      d += list.length;
      out.destsPtr[i + 1] = d;
    }
    let u = 0;
    let f = 0;
    for (let k = 0; k < n; k++) {
      const c = xs[k] as WeightCommit;
      out.scalars[k * SCALARS] = c.uid;
      out.scalars[k * SCALARS + 1] = c.hotkey;
      out.scalars[k * SCALARS + 2] = c.commitBlock;
      out.scalars[k * SCALARS + 3] = c.commitEpoch;
      out.destsIndex[k] = lists.get(c.dests)!;
      if (c.values instanceof Uint16Array) {
        out.valuesU16[k] = 1;
        out.u16.set(c.values, u);
        u += c.values.length;
        out.valuesPtr[k + 1] = u;
      } else {
        out.f64.set(c.values as number[], f);
        f += c.values.length;
        out.valuesPtr[k + 1] = f;
      }
    }
    return out;
  },
  decode(data) {
    const p = data as PackedCommits;
    const lists: number[][] = [];
    for (let i = 0; i + 1 < p.destsPtr.length; i++)
      lists.push(Array.from(p.dests.subarray(p.destsPtr[i], p.destsPtr[i + 1])));
    const commits: WeightCommit[] = new Array(p.destsIndex.length);
    let u = 0;
    let f = 0;
    for (let k = 0; k < commits.length; k++) {
      const end = p.valuesPtr[k + 1];
      let values: ArrayLike<number>;
      if (p.valuesU16[k] === 1) {
        values = p.u16.slice(u, end);
        u = end;
      } else {
        values = Array.from(p.f64.subarray(f, end));
        f = end;
      }
      const s = p.scalars.subarray(k * SCALARS, (k + 1) * SCALARS);
      commits[k] = {
        uid: s[0],
        hotkey: s[1],
        dests: lists[p.destsIndex[k]],
        values,
        commitBlock: s[2],
        commitEpoch: s[3],
      };
    }
    return commits;
  },
};

/**
 * A plain record with exactly the commit's fields: numbers, an array of dests (checked by the
 * caller: isNumberArray), and values in a u16 array or a number array (a Float64Array keeps any
 * number as it is, −0 included).
 */
function isCommit(x: unknown): x is WeightCommit {
  if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const keys = Object.keys(x);
  if (keys.length !== FIELDS.length) return false;
  for (let i = 0; i < FIELDS.length; i++) if (keys[i] !== FIELDS[i]) return false;
  const c = x as WeightCommit;
  if (typeof c.uid !== 'number' || typeof c.hotkey !== 'number') return false;
  if (typeof c.commitBlock !== 'number' || typeof c.commitEpoch !== 'number') return false;
  return c.values instanceof Uint16Array || isNumberArray(c.values);
}

function isNumberArray(xs: unknown): xs is number[] {
  if (!Array.isArray(xs) || Object.getPrototypeOf(xs) !== Array.prototype) return false;
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== 'number') return false;
  return true;
}
