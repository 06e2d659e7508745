// A snapshot of an object graph (the whole state of a run) as bytes, and back: V8's structured
// serialisation (bigints, typed arrays, Maps, Sets, shared and circular references all survive)
// plus what it cannot carry by itself, class instances. Each class that can appear in the state is
// registered with a name; its instances are written as their fields (or a codec's encoding) and come
// back with their prototype. Anything else with a prototype — a function, an unregistered class —
// is refused with its path, so a state that cannot be restored exactly is never written.

import { deserialize, serialize } from 'node:v8';

export interface ClassCodec<T extends object = object> {
  /** The class's constructor: instances are recognised by their prototype. */
  type: abstract new (...args: never[]) => T;
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

  const mirror = (x: unknown, path: string): unknown => {
    if (typeof x === 'function') throw new Error(`snapshot: ${path} is a function and cannot be saved`);
    if (typeof x === 'symbol') throw new Error(`snapshot: ${path} is a symbol and cannot be saved`);
    if (x === null || typeof x !== 'object') return x;
    const done = mirrors.get(x);
    if (done !== undefined) return done;
    if (isPlainData(x)) return x;
    if (Array.isArray(x)) {
      // Arrays of primitives (most of the state: stakes, balances) go as they are, uncopied.
      if (x.every((v) => v === null || typeof v !== 'object' || isPlainData(v))) {
        for (let i = 0; i < x.length; i++) if (typeof x[i] === 'function') mirror(x[i], `${path}[${i}]`);
        mirrors.set(x, x);
        return x;
      }
      const out: unknown[] = new Array(x.length);
      mirrors.set(x, out);
      for (let i = 0; i < x.length; i++) out[i] = mirror(x[i], `${path}[${i}]`);
      return out;
    }
    if (x instanceof Map) {
      const out = new Map();
      mirrors.set(x, out);
      for (const [k, v] of x) out.set(mirror(k, `${path}.key`), mirror(v, `${path}.get(${String(k)})`));
      return out;
    }
    if (x instanceof Set) {
      const out = new Set();
      mirrors.set(x, out);
      for (const v of x) out.add(mirror(v, `${path}.item`));
      return out;
    }
    const proto = Object.getPrototypeOf(x);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
      mirrors.set(x, out);
      for (const k of Object.keys(x)) setField(out, k, mirror((x as Record<string, unknown>)[k], `${path}.${k}`));
      return out;
    }
    const entry = byProto.get(proto);
    if (!entry) throw new Error(`snapshot: ${path} is an instance of ${proto?.constructor?.name ?? 'an unknown class'}, which is not registered`);
    const [name, codec] = entry;
    const out: Tagged = { [TAG]: name, data: undefined };
    mirrors.set(x, out);
    if (codec.encode) out.data = mirror(codec.encode(x), `${path}<${name}>`);
    else {
      const fields: Record<string, unknown> = {};
      for (const k of Object.keys(x)) setField(fields, k, mirror((x as Record<string, unknown>)[k], `${path}.${k}`));
      out.data = fields;
    }
    return out;
  };

  return serialize(mirror(root, '$'));
}

/** An own data field, even one named __proto__ (a plain assignment would change the prototype). */
function setField(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
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
