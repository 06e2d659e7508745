// A snapshot of an object graph (the whole state of a run) as bytes, and back: V8's structured
// serialisation (bigints, typed arrays, Maps, Sets, shared and circular references all survive)
// plus what it cannot carry by itself, class instances. Each class that can appear in the state is
// registered with a name; its instances are written as their fields (or a codec's encoding) and come
// back with their prototype. Anything else with a prototype — a function, an unregistered class —
// is refused with its path, so a state that cannot be restored exactly is never written.

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

const TAG = '\u0000class';

type Tagged = { [TAG]: string; data: unknown };

const isTagged = (x: object): x is Tagged => Object.hasOwn(x, TAG);

function isPlainData(x: object): boolean {
  return ArrayBuffer.isView(x) || x instanceof ArrayBuffer;
}

/** The graph under root as bytes; classes names every class that may appear in it. */
export function encodeSnapshot(root: unknown, classes: Record<string, ClassCodec>): Buffer {
  const byProto = new Map<object, [string, ClassCodec]>();
  for (const [name, codec] of Object.entries(classes)) byProto.set(codec.type.prototype as object, [name, codec]);
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
  const isPrimitive = (v: unknown) =>
    v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol');

  const mirror = (x: unknown): unknown => {
    if (typeof x === 'function') throw new Error(`snapshot: ${here()} is a function and cannot be saved`);
    if (typeof x === 'symbol') throw new Error(`snapshot: ${here()} is a symbol and cannot be saved`);
    if (x === null || typeof x !== 'object') return x;
    const done = mirrors.get(x);
    if (done !== undefined) return done;
    if (isPlainData(x)) return x;
    if (Array.isArray(x)) {
      // Arrays of primitives (most of the state: stakes, balances) go as they are, uncopied.
      let i = 0;
      while (i < x.length && (isPrimitive(x[i]) || isPlainData(x[i] as object))) i++;
      if (i === x.length) {
        mirrors.set(x, x);
        return x;
      }
      const out: unknown[] = new Array(x.length);
      mirrors.set(x, out);
      for (let j = 0; j < x.length; j++) {
        const v = x[j];
        out[j] = isPrimitive(v) ? v : child(j, v);
      }
      return out;
    }
    if (x instanceof Map) {
      const out = new Map();
      mirrors.set(x, out);
      for (const [k, v] of x) out.set(child('\0.key', k), child(`\0.get(${String(k)})`, v));
      return out;
    }
    if (x instanceof Set) {
      const out = new Set();
      mirrors.set(x, out);
      for (const v of x) out.add(child('\0.item', v));
      return out;
    }
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
export function decodeSnapshot(bytes: Uint8Array, classes: Record<string, ClassCodec>): unknown {
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
      const out = new Map();
      rebuilt.set(x, out);
      for (const [k, v] of x) out.set(restore(k), restore(v));
      return out;
    }
    if (x instanceof Set) {
      const out = new Set();
      rebuilt.set(x, out);
      for (const v of x) out.add(restore(v));
      return out;
    }
    if (isTagged(x)) {
      const codec = classes[x[TAG]];
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
