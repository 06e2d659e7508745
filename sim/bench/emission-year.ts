// emission_year_blocks_per_s: stepping exact block emission (with the halving rule and the supply
// cap) through one year of blocks, starting just below the first halving so it is crossed.

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';
import { mintBlock } from '../chain/emission/halving-schedule.ts';
import type { BenchCase } from './case.ts';

export const emissionYearCase: BenchCase = {
  name: 'emission_year_blocks_per_s',
  unit: 'blocks/s',
  description: 'exact block emission stepped through 365 days of blocks (crossing a halving)',
  run() {
    const blocks = 365 * BLOCKS_PER_DAY;
    let issuance = 10_000_000n * 1_000_000_000n;
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < blocks; b++) issuance += mintBlock(issuance);
    const t1 = process.hrtime.bigint();
    if (issuance <= 10_500_000n * 1_000_000_000n) throw new Error('emission benchmark did not cross the halving');
    return blocks / (Number(t1 - t0) / 1e9);
  },
};
