// protocol.md §9.2: the chain's `test_active_stake`: 2 validators, 2 servers, tempo 1, activity cutoff
// 5000. Trace blocks: epoch k runs at block k + 1 and its changes happen at block k.
import { describe, expect, it } from 'vitest';
import { runTrace } from './helpers/trace.ts';

const half = [
  [2, 32767],
  [3, 32767],
];
const epochs: Record<string, unknown>[] = [
  { stake: ['1', '1', '1', '1'] }, // block 1: permits
  { setWeights: { '0': half, '1': half } }, // weights at block 1, epoch at block 2
];
// Empty epochs up to block 5001; uid 0 re-sets its weights at block 5001 (epoch at 5002), when
// uid 1 (LastUpdate 1) has become inactive: 1 + 5000 < 5002.
while (epochs.length < 5001) epochs.push({});
epochs.push({ setWeights: { '0': half } }); // index 5001: epoch at block 5002
epochs.push({ setWeights: { '1': half } }); // index 5002: epoch at block 5003

const out = runTrace({
  n: 4,
  hyperparameters: { yuma3: false, maxAllowedValidators: 4, tempo: 1, activityCutoff: 5000 },
  emissionPerEpoch: '1000000000',
  epochs,
});
const emission = (k: number) => out[k].serverEmission.map((s, i) => Number(s) + Number(out[k].validatorEmission[i]));

describe('protocol.md 9.2 test_active_stake', () => {
  it('epoch 1, both active: dividends 32767 each, 250000000 to every uid, bonds 65535', () => {
    const e = out[1];
    expect(e.dividends.slice(0, 2)).toEqual([32767, 32767]);
    expect(emission(1)).toEqual([250000000, 250000000, 250000000, 250000000]);
    expect(e.bonds[0]).toEqual([
      [2, 65535],
      [3, 65535],
    ]);
    expect(e.bonds[1]).toEqual([
      [2, 65535],
      [3, 65535],
    ]);
  });
  it('epoch 2, uid 1 inactive: D 36044 / 29490, E 274999999 / 224999999, bonds 65535 / 53619', () => {
    const e = out[5001];
    expect(e.block).toBe(5002);
    expect(e.active.slice(0, 2)).toEqual([true, false]);
    expect(e.dividends.slice(0, 2)).toEqual([36044, 29490]);
    expect(emission(5001).slice(0, 2)).toEqual([274999999, 224999999]);
    expect(e.bonds[0]).toEqual([
      [2, 65535],
      [3, 65535],
    ]);
    expect(e.bonds[1]).toEqual([
      [2, 53619],
      [3, 53619],
    ]);
  });
  it('epoch 3, uid 1 active again: D 35716 / 29818, E 272501132 / 227498866, bonds 54712', () => {
    const e = out[5002];
    expect(e.dividends.slice(0, 2)).toEqual([35716, 29818]);
    expect(emission(5002).slice(0, 2)).toEqual([272501132, 227498866]);
    expect(e.bonds[1]).toEqual([
      [2, 54712],
      [3, 54712],
    ]);
  });
});
