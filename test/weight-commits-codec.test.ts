// The checkpoint's packing of pending weight commits: what goes in comes back, shared dests lists
// shared again, and anything the packing cannot hold exactly is written as it is.

import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { WeightCommit } from '../sim/chain/network/subnet.ts';
import { type ArrayCodec, decodeSnapshot, encodeSnapshot } from '../sim/engine/snapshot.ts';
import { weightCommits } from '../sim/run/weight-commits-codec.ts';

const ARRAYS: Record<string, ArrayCodec> = { WeightCommits: weightCommits };
const roundTrip = <T>(x: T): T => decodeSnapshot(encodeSnapshot(x, {}, ARRAYS), {}, ARRAYS) as T;

const commit = (uid: number, dests: readonly number[], values: ArrayLike<number>, block = 7): WeightCommit => ({
  uid,
  hotkey: 100 + uid,
  dests,
  values,
  commitBlock: block,
  commitEpoch: 3,
});

describe('weight commits in a checkpoint', () => {
  it('go packed and come back equal, a shared dests list shared again, u16 values as u16 arrays', () => {
    const shared = [1, 2, 3];
    const commits = [
      commit(0, shared, Uint16Array.of(65535, 7, 0)),
      commit(1, shared, Uint16Array.of(1, 2, 65535), 9),
      commit(2, [4], [0.5]),
      commit(3, [], new Uint16Array(0)),
      commit(4, shared, [-0, 70000, 3]),
    ];
    const packed = deserialize(encodeSnapshot({ commits }, {}, ARRAYS)) as { commits: Record<string, unknown> };
    expect(packed.commits['\u0000class']).toBe('WeightCommits');
    const back = roundTrip({ commits }).commits;
    expect(back).toEqual(commits);
    expect(back[0].dests).toBe(back[1].dests);
    expect(back[0].dests).toBe(back[4].dests);
    expect(back[2].dests).not.toBe(back[0].dests);
    expect(back[0].values).toBeInstanceOf(Uint16Array);
    expect(back[3].values).toBeInstanceOf(Uint16Array);
    expect(Array.isArray(back[2].values)).toBe(true);
    expect(Object.is(back[4].values[0], -0)).toBe(true);
    expect(back[4].values[1]).toBe(70000);
  });

  it.each([
    ['another field', { ...commit(0, [1], [1]), extra: 1 }],
    ['a string uid', { ...commit(0, [1], [1]), uid: '0' }],
    ['a bigint in dests', commit(0, [1n as unknown as number], [1])],
    ['a hole in values', commit(0, [1, 2], Object.assign(new Array<number>(3), { 0: 1, 2: 3 }))],
    ['values in a Float32Array', commit(0, [1], Float32Array.of(0.5))],
  ])('commits holding %s are written as they are, exactly', (_what, odd) => {
    const commits = [commit(9, [1], Uint16Array.of(5)), odd];
    const packed = deserialize(encodeSnapshot({ commits }, {}, ARRAYS)) as { commits: unknown };
    expect(Array.isArray(packed.commits)).toBe(true);
    expect(roundTrip({ commits }).commits).toEqual(commits);
  });
});
