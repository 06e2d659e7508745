// State snapshots (sim/engine/snapshot.ts) and what checkpoints add to them: flat records go
// uncopied but keep identity and never hide a class instance or a function; arrays of weight rows
// are packed into typed arrays and fall back to the plain encoding when a row does not fit; the
// random streams are packed and continue identically.
import { tmpdir } from 'node:os';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/engine/index.ts';
import { type ArrayCodec, decodeSnapshot, encodeSnapshot } from '../sim/engine/snapshot.ts';
import { encodeCheckpoint, u16Rows } from '../sim/run/checkpoint.ts';
import { advanceRun, startRun } from '../sim/run/run-scenario.ts';
import { RICH_SCENARIOS } from './helpers/rich-scenarios.ts';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  norm1(): number {
    return Math.abs(this.x) + Math.abs(this.y);
  }
}
const CLASSES = { Point: { type: Point } };
const ARRAYS: Record<string, ArrayCodec> = { U16Rows: u16Rows };
const roundTrip = <T>(x: T): T => decodeSnapshot(encodeSnapshot(x, CLASSES, ARRAYS), CLASSES, ARRAYS) as T;

describe('snapshots', () => {
  it('flat records come back equal, and one record held twice is one object again', () => {
    const row = { amount: 5n, share: 0.25, holders: [1, 2, 3], name: 'a' };
    const back = roundTrip({ a: row, b: [row, { amount: 1n }], c: new Map([[7, row]]) });
    expect(back.a).toEqual(row);
    expect(back.b[0]).toBe(back.a);
    expect(back.c.get(7)).toBe(back.a);
    expect(back.b[1]).toEqual({ amount: 1n });
  });

  it('a class instance among flat records is still restored with its class; a cycle survives', () => {
    const state: { items: unknown[]; self?: unknown } = { items: [{ n: 1 }, new Point(3, -4), { n: 2 }] };
    state.self = state;
    const back = roundTrip(state);
    expect(back.items[1]).toBeInstanceOf(Point);
    expect((back.items[1] as Point).norm1()).toBe(7);
    expect(back.items[0]).toEqual({ n: 1 });
    expect(back.self).toBe(back);
  });

  it('a function inside an array of records is refused with its path', () => {
    expect(() => encodeSnapshot({ rows: [{ n: 1 }, { n: 2, f: () => 0 }] }, CLASSES)).toThrow(
      'snapshot: $.rows[1].f is a function and cannot be saved',
    );
    expect(() => encodeSnapshot({ rows: [{ n: 1 }, new Map()], p: [new (class Q {})()] }, CLASSES)).toThrow(
      'snapshot: $.p[0] is an instance of Q, which is not registered',
    );
  });

  it('weight rows go as typed arrays (CSR) and come back as the same columns and u16 values', () => {
    const shared = [0, 2, 5];
    const rows = [
      { cols: shared, vals: Uint16Array.of(65535, 0, 17) },
      { cols: [], vals: new Uint16Array(0) },
      { cols: [4095], vals: Uint16Array.of(1) },
      { cols: shared, vals: Uint16Array.of(1, 2, 3) },
    ];
    const holder = { weights: rows, alias: rows };
    const packed = deserialize(encodeSnapshot(holder, CLASSES, ARRAYS)) as { weights: Record<string, unknown> };
    expect(packed.weights['\u0000class']).toBe('U16Rows');
    expect((packed.weights.data as { cols: unknown }).cols).toEqual(new Uint16Array([0, 2, 5, 4095, 0, 2, 5]));
    expect((packed.weights.data as { vals: unknown }).vals).toEqual(new Uint16Array([65535, 0, 17, 1, 1, 2, 3]));
    const back = roundTrip(holder);
    expect(back.weights).toEqual(rows);
    expect(Array.isArray(back.weights[0].cols)).toBe(true);
    expect(back.weights[0].vals).toBeInstanceOf(Uint16Array);
    expect(back.alias).toBe(back.weights);
  });

  it.each([
    ['a column above u16', [{ cols: [65536], vals: Uint16Array.of(3) }]],
    ['a fractional column', [{ cols: [0.5], vals: Uint16Array.of(3) }]],
    ['a column −0', [{ cols: [-0], vals: Uint16Array.of(3) }]],
    ['a negative column', [{ cols: [-1], vals: Uint16Array.of(3) }]],
    ['a row with another field', [{ cols: [0], vals: Uint16Array.of(3), extra: 1 }]],
    ['rows of unequal lengths', [{ cols: [0, 1], vals: Uint16Array.of(3) }]],
    ['a missing row', [{ cols: [0], vals: Uint16Array.of(3) }, undefined]],
    ['a numeric string column', [{ cols: ['5' as unknown as number], vals: Uint16Array.of(3) }]],
    ['a bigint column', [{ cols: [5n as unknown as number], vals: Uint16Array.of(3) }]],
    ['values in a number array', [{ cols: [0], vals: [3] as unknown as Uint16Array }]],
  ])('rows holding %s are written as they are, exactly', (_what, rows) => {
    const back = roundTrip({ rows });
    expect(back.rows).toEqual(rows);
    expect(Object.is((back.rows[0] as { cols: number[] }).cols[0], rows[0]!.cols[0])).toBe(true);
    expect(Array.isArray(back.rows[0]!.vals)).toBe(Array.isArray(rows[0]!.vals));
  });

  it('maps and sets of primitives come back equal, one held twice is one again; a symbol in a map is refused with its path', () => {
    const index = new Map<string, number | null>([
      ['5Fb', 3],
      ['5Fa', 0],
      ['5Fc', null],
    ]);
    const tags = new Set<unknown>([1, 'x', 2n, undefined]);
    const back = roundTrip({ index, again: index, tags });
    expect([...back.index]).toEqual([...index]); // insertion order kept
    expect(back.again).toBe(back.index);
    expect([...back.tags]).toEqual([...tags]);
    expect(() => encodeSnapshot({ m: new Map<number, unknown>([[1, Symbol('s')]]) }, CLASSES)).toThrow(
      'snapshot: $.m.get(1) is a symbol and cannot be saved',
    );
    expect(() => encodeSnapshot({ s: new Set([() => 0]) }, CLASSES)).toThrow(
      'snapshot: $.s.item is a function and cannot be saved',
    );
  });

  it('packed random streams continue the identical sequences, the pending spare normal included', () => {
    const rs = new RandomStreams('pack');
    const a = rs.stream('b-second');
    const b = rs.stream('a-first');
    for (let i = 0; i < 11; i++) a.next();
    a.normal(); // leaves a spare
    b.int(7);
    const packed = rs.pack();
    expect(packed.names).toEqual(['b-second', 'a-first']);
    expect(Number.isNaN(packed.states[5 + 4])).toBe(true); // b has no spare pending
    const expected = [a.normal(), a.next(), b.normal(), b.next(), rs.stream('c').next()];
    const back = RandomStreams.unpack(packed);
    const got = [back.stream('b-second').normal(), back.stream('b-second').next()];
    got.push(back.stream('a-first').normal(), back.stream('a-first').next(), back.stream('c').next());
    expect(got).toEqual(expected);
    expect(back.pack().names).toEqual(['b-second', 'a-first', 'c']);
  });

  it("a run's checkpoint holds its random streams and weight rows in typed arrays, not one record each", () => {
    const run = startRun(RICH_SCENARIOS.dtao(), 3);
    advanceRun(run, run.sim.now + 800);
    const { bytes } = encodeCheckpoint(run, tmpdir());
    type Tagged = { '\u0000class': string; data: Record<string, unknown> };
    const { state } = deserialize(bytes.subarray(12 + bytes.readUInt32BE(8))) as {
      state: { streams: Tagged; net: { subnets: { neurons: { weights: Tagged } }[] } };
    };
    const names = run.state.streams.pack().names;
    expect(names.length).toBeGreaterThan(50);
    expect(state.streams.data.names).toEqual(names);
    expect(state.streams.data.states).toBeInstanceOf(Float64Array);
    expect(state.net.subnets.length).toBe(run.state.net.subnets.length);
    for (const s of state.net.subnets) {
      expect(s.neurons.weights['\u0000class']).toBe('U16Rows');
      expect(s.neurons.weights.data.vals).toBeInstanceOf(Uint16Array);
    }
  });
});
