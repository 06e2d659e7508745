// Branch traces under test/fixtures/traces: each exercises one rule of the epoch. The expected
// files lock the whole output byte for byte (regenerate only after a deliberate, explained change);
// the assertions below state the rule each trace is there for.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEpochTrace, runEpochTrace } from '../sim/trace/epochs-trace.ts';
import { formatJson, readJsonFile } from '../sim/util/json.ts';
import type { EpochOut } from './helpers/trace.ts';

const dir = 'test/fixtures/traces';
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => f.slice(0, -5));
function run(name: string): { text: string; epochs: EpochOut[] } {
  const file = `${dir}/${name}.json`;
  const doc = runEpochTrace(parseEpochTrace(readJsonFile(file), file));
  return { text: `${formatJson(doc)}\n`, epochs: (doc as { epochs: EpochOut[] }).epochs };
}
const ve = (e: EpochOut) => e.validatorEmission.map(Number);
const bondTo = (e: EpochOut, i: number, j: number) => e.bonds[i].find(([c]) => c === j)?.[1] ?? 0;

describe('branch traces match their expected output byte for byte', () => {
  it.each(names)('%s', (name) => {
    expect(run(name).text).toBe(readFileSync(`${dir}/${name}.expected.json`, 'utf8'));
  });
  it('running the same trace twice gives identical bytes', () => {
    expect(run('liquid-alpha-on').text).toBe(run('liquid-alpha-on').text);
  });
});

describe('what each branch trace shows', () => {
  it('inactive validator, original Yuma: still earns from decaying bonds', () => {
    const e = run('inactive-validator-original').epochs;
    expect(e[2].active[2]).toBe(false);
    expect(e[2].dividends[2]).toBeGreaterThan(0);
    expect(e[3].dividends[2]).toBeLessThan(e[2].dividends[2]);
  });
  it('inactive validator, Yuma3: no dividends once inactive', () => {
    const e = run('inactive-validator-yuma3').epochs;
    expect(e[1].dividends[2]).toBe(13106);
    expect(e[2].active[2]).toBe(false);
    expect(e[2].dividends[2]).toBe(0);
    expect(ve(e[2])[2]).toBe(0);
  });
  it('permit loss: the bond row empties at once; weights count one more epoch (old permit)', () => {
    const e = run('permit-loss').epochs;
    expect(e[0].validatorPermit.slice(0, 3)).toEqual([true, true, false]);
    expect(e[2].validatorPermit.slice(0, 3)).toEqual([true, false, true]);
    expect(e[2].bonds[1]).toEqual([]);
    expect(e[2].dividends[1]).toBeGreaterThan(0); // old permit still counts its weights
    expect(e[3].dividends[1]).toBe(0);
    expect(e[3].bonds[2].length).toBeGreaterThan(0);
  });
  it('re-registered miner: weights and bonds toward it vanish until validators weight it again', () => {
    const e = run('reregistered-miner').epochs;
    expect(e[1].bonds[0].map(([c]) => c)).toEqual([2, 3, 4]);
    expect(e[2].consensus[3]).toBe(0);
    expect(e[2].incentive[3]).toBe(0);
    expect(e[2].bonds[0].map(([c]) => c)).toEqual([2, 4]);
    expect(bondTo(e[3], 0, 3)).toBe(1966); // a fresh start: one EMA step of α = 0.1 on weight 0.3
  });
  it('owner uid: permit forced, exempt from the stake threshold, self-weight kept', () => {
    const e = run('owner-uid').epochs;
    expect(e[0].stakeWeight.slice(0, 3)).toEqual([9362, 56172, 0]); // uid 2 is below the threshold
    expect(e[0].validatorPermit.slice(0, 3)).toEqual([true, true, false]);
    expect(e[0].consensus[0]).toBe(32767); // the owner's self-weight survived masking
    expect(e[0].incentive[0]).toBe(32767);
  });
  it('bonds penalty 0 / 0.5 / 1: the dissenter bonds to its full, half-clipped or clipped weight', () => {
    const b = ['bonds-penalty-0', 'bonds-penalty-half', 'bonds-penalty-1'].map((n) => bondTo(run(n).epochs[0], 2, 5));
    expect(b).toEqual([5242, 3276, 1310]);
    const d = ['bonds-penalty-0', 'bonds-penalty-half', 'bonds-penalty-1'].map((n) => run(n).epochs[0].dividends[2]);
    expect(d).toEqual([11791, 10510, 7904]);
  });
  it('liquid alpha moves bonds faster than the fixed α = 0.1 after the switch', () => {
    const on = run('liquid-alpha-on').epochs;
    const off = run('liquid-alpha-off').epochs;
    expect(bondTo(on[0], 0, 3)).toBe(27577); // α = 0.7 (low end) on weight 0.6
    expect(bondTo(off[0], 0, 3)).toBe(3932); // α = 0.1
    expect(bondTo(on[2], 0, 3)).toBeLessThan(bondTo(on[1], 0, 3) / 2);
    expect(bondTo(off[2], 0, 3)).toBeGreaterThan(bondTo(off[1], 0, 3) * 0.95);
  });
  it('all-zero weights: validators are paid by active stake, or by stake when no one is active', () => {
    const e = run('all-zero-weights').epochs;
    expect(ve(e[0])).toEqual([699999999, 299999999, 0, 0]);
    expect(e[2].active.slice(0, 2)).toEqual([true, false]);
    expect(ve(e[2])).toEqual([1000000000, 0, 0, 0]);
    expect(e[4].active).toEqual([false, false, false, false]);
    expect(ve(e[4])).toEqual([699999999, 299999999, 0, 0]);
    expect(e[4].serverEmission).toEqual(['0', '0', '0', '0']);
  });
  it('ties: among equal stakes the lower uid loses its permit first; equal weights give equal shares', () => {
    const e = run('ties').epochs;
    expect(e[0].validatorPermit.slice(0, 4)).toEqual([false, true, true, true]);
    expect(e[0].consensus.slice(4)).toEqual([26213, 26213, 26213]);
    expect(e[1].dividends[1]).toBe(e[1].dividends[2]);
  });
});
