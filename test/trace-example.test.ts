import { describe, expect, it } from 'vitest';
import { parseEpochTrace, runEpochTrace } from '../sim/trace/epochs-trace.ts';
import { readJsonFile } from '../sim/util/json.ts';

describe('shipped example trace (protocol.md 9.3, original Yuma)', () => {
  it('reproduces the validator emissions of all three epochs', () => {
    const file = 'scenarios/traces/two-validators.json';
    const out = runEpochTrace(parseEpochTrace(readJsonFile(file), file)) as {
      epochs: { validatorEmission: string[] }[];
    };
    expect(out.epochs.map((e) => e.validatorEmission.slice(0, 2))).toEqual([
      ['340909090', '159090908'],
      ['340911500', '159088498'],
      ['340912343', '159087656'],
    ]);
  });
});
