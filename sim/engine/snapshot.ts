// A snapshot of an object graph (the whole state of a run) as bytes, and back: V8's structured
// serialisation (bigints, typed arrays, Maps, Sets, shared and circular references all survive)
// plus what it cannot carry by itself, class instances. Each class that can appear in the state is
// registered with a name; its instances are written as their fields (or a codec's encoding) and come
// back with their prototype. Anything else with a prototype — a function, an unregistered class —
// is refused with its path, so a state that cannot be restored exactly is never written.
// For speed, what needs no tagging (arrays of primitives, plain records of such fields) goes to V8
// uncopied, and arrays of one record shape may be packed by an ArrayCodec into typed arrays.

import { deserialize, serialize } from 'node:v8';

export interface ClassCodec<T extends object = object> {
  /** The class's constructor: instances are recognised by their prototype. */
  type: abstract new (
    ...args: never[]
  ) => T;
  /** How to write an instance; default: its own enumerable fields. */
  encode?(value: T): unknown;
  /** How to rebuild one from encode's result; default: the fields on a new object of the class. */
  decode?(data: unknown): T;
}

/**
 * A compact encoding for arrays of one shape of plain record (weight rows, say): thousands of small
 * objects cost V8's serialiser far more than a few typed arrays holding the same numbers. The
 * decoded array holds new records (the elements' identity outside the array is not kept), so only
 * arrays whose records are referenced from nowhere else may use one.
 */
export interface ArrayCodec {
  /** Whether the codec may take this array: a cheap look (its first element's shape, say). */
  accepts(xs: readonly unknown[]): boolean;
  /**
   * The array's encoding (only what V8 serialises by itself: typed arrays, primitives), or undefined
   * when some element does not fit (the array is then written as it is).
   */
  encode(xs: readonly unknown[]): unknown;
  decode(data: unknown): unknown[];
}

const TAG = '\u0000class';

type Tagged = { [TAG]: string; data: unknown };

const isTagged = (x: object): x is Tagged => Object.hasOwn(x, TAG);

function isPlainData(x: object): boolean {
  return ArrayBuffer.isView(x) || x instanceof ArrayBuffer;
}

const isPrimitive = (v: unknown) =>
  v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol');

/** A value V8 writes as it is with nothing inside to tag: a primitive, a typed array, an array of primitives. */
function isFlat(v: unknown): boolean {
  if (isPrimitive(v)) return true;
  if (typeof v !== 'object') return false;
  if (isPlainData(v as object)) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (e === null) continue;
    const type = typeof e; // isPrimitive written out (see the array walk in encodeSnapshot)
    if (type === 'object' || type === 'function' || type === 'symbol') return false;
  }
  return true;
}

/**
 * A plain object whose fields are all flat (a weight row {cols, vals}, a record of amounts): like a
 * flat value it needs no mirror, and skipping the copy is most of what the walk would cost for it.
 */
function isFlatRecord(x: object): boolean {
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  for (const k of Object.keys(x)) if (!isFlat((x as Record<string, unknown>)[k])) return false;
  return true;
}

/** Whether every value an iterator yields is a primitive. */
function primitives(values: Iterable<unknown>): boolean {
  for (const v of values) {
    if (v === null) continue;
    const type = typeof v; // isPrimitive written out (see the array walk in encodeSnapshot)
    if (type === 'object' || type === 'function' || type === 'symbol') return false;
  }
  return true;
}

/** A Map of primitives to primitives (a hotkey → uid index, say): nothing inside to tag or rebuild. */
const primitiveMap = (m: Map<unknown, unknown>): boolean => primitives(m.keys()) && primitives(m.values());

/** Flat, or a flat record: what the walk passes through uncopied (identity is V8's to keep). */
const needsNoMirror = (v: unknown): boolean => isFlat(v) || (typeof v === 'object' && isFlatRecord(v as object));

/**
 * Whether every element of an array needs no mirror. (The primitive test is written out, not called:
 * the first checkpoints of a run come before V8 has optimised the walk, and unoptimised calls per
 * element were most of their cost.)
 */
function needsNoMirrorAll(x: readonly unknown[]): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === null) continue;
    const type = typeof v;
    if (type === 'object' ? !needsNoMirror(v) : type === 'function' || type === 'symbol') return false;
  }
  return true;
}

/**
 * The graph under root as bytes; classes names every class that may appear in it, arrays the array
 * codecs to try (their names and the classes' must differ).
 */
export function encodeSnapshot(
  root: unknown,
  classes: Record<string, ClassCodec>,
  arrays: Record<string, ArrayCodec> = {},
): Buffer {
  const byProto = new Map<object, [string, ClassCodec]>();
  for (const [name, codec] of Object.entries(classes)) byProto.set(codec.type.prototype as object, [name, codec]);
  const arrayCodecs = Object.entries(arrays);
  const mirrors = new Map<object, unknown>();

  // The path to the value being mirrored, for error messages only: kept as a stack of segments
  // (a field name, an array index, or a preformatted "\0"-marked piece) and joined on error, since
  // building a string for each of the millions of values costs more than serialising them.
  const trail: (string | number)[] = [];
  const here = () =>
    `$${trail.map((s) => (typeof s === 'number' ? `[${s}]` : s.startsWith('\0') ? s.slice(1) : `.${s}`)).join('')}`;
  const child = (segment: string | number, x: unknown): unknown => {
    trail.push(segment);
    const out = mirror(x);
    trail.pop();
    return out;
  };
  // The walk is split by kind of value: each part is compiled on its own, so the optimised code
  // arrives early in a run's first checkpoints (one function holding every case took V8 45–65 ms to
  // compile, most of it during those checkpoints).
  const mirror = (x: unknown): unknown => {
    if (typeof x === 'function') throw new Error(`snapshot: ${here()} is a function and cannot be saved`);
    if (typeof x === 'symbol') throw new Error(`snapshot: ${here()} is a symbol and cannot be saved`);
    if (x === null || typeof x !== 'object') return x;
    const done = mirrors.get(x);
    if (done !== undefined) return done;
    if (isPlainData(x)) return x;
    if (Array.isArray(x)) return mirrorArray(x);
    if (x instanceof Map) return mirrorMap(x);
    if (x instanceof Set) return mirrorSet(x);
    if (isFlatRecord(x)) return x;
    return mirrorObject(x);
  };
  const mirrorArray = (x: unknown[]): unknown => {
    for (const [name, codec] of arrayCodecs) {
      if (!codec.accepts(x)) continue;
      const data = codec.encode(x);
      if (data === undefined) continue;
      const out: Tagged = { [TAG]: name, data };
      mirrors.set(x, out);
      return out;
    }
    // Arrays of primitives and of flat records (most of the state: stakes, balances, table rows)
    // go as they are, uncopied.
    if (needsNoMirrorAll(x)) return x;
    const out: unknown[] = new Array(x.length);
    mirrors.set(x, out);
    for (let j = 0; j < x.length; j++) {
      const v = x[j];
      out[j] = isPrimitive(v) ? v : child(j, v);
    }
    return out;
  };
  const mirrorMap = (x: Map<unknown, unknown>): unknown => {
    if (primitiveMap(x)) return x; // as it is, like a flat array
    const out = new Map();
    mirrors.set(x, out);
    for (const [k, v] of x) out.set(child('\0.key', k), child(`\0.get(${String(k)})`, v));
    return out;
  };
  const mirrorSet = (x: Set<unknown>): unknown => {
    if (primitives(x.values())) return x;
    const out = new Set();
    mirrors.set(x, out);
    for (const v of x) out.add(child('\0.item', v));
    return out;
  };
  /** A plain object with something to mirror inside, or a class instance. */
  const mirrorObject = (x: object): unknown => {
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
      mirrors.set(x, out);
      for (const k of Object.keys(x)) setField(out, k, child(k, (x as Record<string, unknown>)[k]));
      return out;
    }
    const entry = byProto.get(proto);
    if (!entry)
      throw new Error(
        `snapshot: ${here()} is an instance of ${proto?.constructor?.name ?? 'an unknown class'}, which is not registered`,
      );
    const [name, codec] = entry;
    const out: Tagged = { [TAG]: name, data: undefined };
    mirrors.set(x, out);
    if (codec.encode) out.data = child(`\0<${name}>`, codec.encode(x));
    else {
      const fields: Record<string, unknown> = {};
      for (const k of Object.keys(x)) setField(fields, k, child(k, (x as Record<string, unknown>)[k]));
      out.data = fields;
    }
    return out;
  };

  return serialize(mirror(root));
}

/** An own data field, even one named __proto__ (a plain assignment would change the prototype). */
function setField(obj: object, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else (obj as Record<string, unknown>)[key] = value; // the same own, enumerable, writable field, several times faster
}

/** The graph encodeSnapshot wrote, with class instances rebuilt from the same registry. */
export function decodeSnapshot(
  bytes: Uint8Array,
  classes: Record<string, ClassCodec>,
  arrays: Record<string, ArrayCodec> = {},
): unknown {
  const rebuilt = new Map<object, unknown>();

  const restore = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object' || isPlainData(x)) return x;
    const done = rebuilt.get(x);
    if (done !== undefined) return done;
    if (Array.isArray(x)) {
      rebuilt.set(x, x);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v !== null && typeof v === 'object') x[i] = restore(v);
      }
      return x;
    }
    if (x instanceof Map) {
      // The deserialised Map is kept (V8 gives one object for every reference to it, so shared
      // identity holds).
      if (primitiveMap(x)) return x;
      const out = new Map();
      rebuilt.set(x, out);
      for (const [k, v] of x) out.set(restore(k), restore(v));
      return out;
    }
    if (x instanceof Set) {
      if (primitives(x.values())) return x;
      const out = new Set();
      rebuilt.set(x, out);
      for (const v of x) out.add(restore(v));
      return out;
    }
    if (isTagged(x)) {
      const packed = Object.hasOwn(arrays, x[TAG]) ? arrays[x[TAG]] : undefined;
      if (packed) {
        const out = packed.decode(x.data); // typed arrays only: no references back into the graph
        rebuilt.set(x, out);
        return out;
      }
      const codec = Object.hasOwn(classes, x[TAG]) ? classes[x[TAG]] : undefined;
      if (!codec) throw new Error(`snapshot: it names a class ${JSON.stringify(x[TAG])} this version does not have`);
      if (codec.decode) {
        // Codec data (e.g. random stream states) holds no references back into the graph.
        const out = codec.decode(restore(x.data));
        rebuilt.set(x, out);
        return out;
      }
      const out = Object.create(codec.type.prototype as object) as object;
      rebuilt.set(x, out);
      const fields = x.data as Record<string, unknown>;
      for (const k of Object.keys(fields)) setField(out, k, restore(fields[k]));
      return out;
    }
    rebuilt.set(x, x);
    const obj = x as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v !== null && typeof v === 'object') setField(obj, k, restore(v));
    }
    return x;
  };

  return restore(deserialize(bytes));
}
