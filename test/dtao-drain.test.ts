// dTAO launch era: root alpha is sold for TAO every block, yet the epoch runs on the unsold pending
// alpha plus the sold amount (subtensor drain_pending_emission: epoch(pending_alpha + pending_swapped)),
// so miners keep half of the subnet's post-owner emission and validators get ⌊(pending + swapped)/2⌋ − swapped.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../sim/run/run-scenario.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

const col = (t: { columns: string[]; rows: unknown[][] }, name: string) =>
  t.rows.map((r) => Number(r[t.columns.indexOf(name)]));

describe('dTAO launch era: the epoch includes the root alpha already sold', () => {
  const sc = parseScenario(
    {
      format: 'taosim-scenario/v1',
      duration: { blocks: 1500 },
      protocol: { preset: 'dtao' },
      subnets: { count: 2, initialUids: 16, validators: 4 },
      stake: { validators: 4, rootTotal: 2_000_000 },
    },
    'dtao.json',
  );
  const epochs = runScenario(sc, 1).tables.find((t) => t.name === 'subnet_epochs')!;
  const E = col(epochs, 'emission_alpha_rao');
  const miner = col(epochs, 'miner_alpha_rao');
  const validator = col(epochs, 'validator_alpha_rao');
  const owner = col(epochs, 'owner_alpha_rao');

  it('the epoch amount is the emission after the owner cut (root part included)', () => {
    expect(E.length).toBeGreaterThan(4);
    // owner : epoch amount = cut : (1 − cut), cut = 11796/65535; each floored per block.
    E.forEach((e, k) => expect(owner[k] / (e + owner[k])).toBeCloseTo(11796 / 65535, 6));
  });

  it('before miners have weights, validators get all the unsold alpha', () => {
    const first = E.map((_e, k) => k).filter((k) => miner[k] === 0);
    first.forEach((k) => expect(validator[k]).toBeLessThan(E[k]));
  });

  it('miners get half of it; validators half less the root alpha sold, so less than miners', () => {
    const paid = E.map((_e, k) => k).filter((k) => miner[k] > 0);
    expect(paid.length).toBeGreaterThan(2);
    paid.forEach((k) => {
      const e = E[k];
      // Up to the epoch's I32F32 resolution: 2^-32 of the amount plus a floor, per uid (16 uids).
      expect(Math.abs(miner[k] - e / 2)).toBeLessThanOrEqual(16 * (e / 2 ** 32 + 1));
      expect(validator[k]).toBeLessThan(miner[k]);
      expect(validator[k]).toBeGreaterThan(0);
    });
  });
});
