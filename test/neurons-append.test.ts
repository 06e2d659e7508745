// appendUids (genesis seats a subnet's uids in one call) against appendUid called once per uid: the
// same neuron state, bond rows included, whatever bonds the earlier uids hold.
import { describe, expect, it } from 'vitest';
import { appendUid, appendUids, newNeuronState, setWeights } from '../sim/chain/yuma/neurons.ts';

function withBonds() {
  const s = newNeuronState(3, 10);
  s.bonds = {
    rows: 3,
    ptr: Int32Array.from([0, 2, 2, 3]),
    cols: Int32Array.from([1, 2, 0]),
    vals: Uint16Array.from([7, 65535, 3]),
  };
  setWeights(s, 0, [1, 2], [1, 2], 11);
  return s;
}

describe('appendUids', () => {
  it('appends as appendUid does, one uid after another: first uid, rows, blocks, permits, empty bond rows', () => {
    for (const count of [0, 1, 4]) {
      const one = withBonds();
      const firstOne = one.n;
      for (let k = 0; k < count; k++) appendUid(one, 20);
      const all = withBonds();
      expect(appendUids(all, count, 20)).toBe(firstOne);
      expect(all).toEqual(one);
      expect(Array.from(all.bonds.ptr)).toEqual([0, 2, 2, 3, ...new Array(count).fill(3)]);
      expect(all.lastUpdate.slice(3)).toEqual(new Array(count).fill(20));
    }
  });
});
