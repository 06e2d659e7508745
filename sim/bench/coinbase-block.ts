// coinbase_block_128_subnets_us: one block's coinbase for 128 subnets under today's rules (preset
// `today`: the rank-mode emission gate on, protocol-2026h2.md §1): shares, the gate with its bar,
// injections, alpha emission split; the mean over a stretch of blocks that crosses bar updates.

import { mintBlock } from '../chain/emission/halving-schedule.ts';
import { runPoolCoinbase } from '../chain/network/coinbase.ts';
import { startRun } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/scenario.ts';
import type { BenchCase } from './case.ts';

/** Blocks timed: 2 000 (five bar updates at 360-block multiples), after 200 of warm-up. */
const WARMUP_BLOCKS = 200;
const TIMED_BLOCKS = 2_000;

export const coinbaseBlockCase: BenchCase = {
  name: 'coinbase_block_128_subnets_us',
  unit: 'µs',
  description: "one block's coinbase (shares, emission gate, injections, alpha split) for 128 subnets, preset today",
  run() {
    const sc = parseScenario(
      {
        format: 'taosim-scenario/v1',
        name: 'bench-coinbase-block',
        duration: { days: 1 },
        start: { issuanceTao: 10_000_000 },
        protocol: { preset: 'today' },
        subnets: { count: 128, initialUids: 8, validators: 4 },
        stake: { validators: 4, rootTotal: 5_000_000 },
        pools: { taoMedian: 10_000 },
      },
      'bench',
    );
    const { net } = startRun(sc, 1).state;
    let block = sc.start.block + 1;
    const step = () => {
      const minted = mintBlock(net.issuance);
      net.issuance += minted - runPoolCoinbase(net, minted, block);
      block++;
    };
    for (let i = 0; i < WARMUP_BLOCKS; i++) step();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < TIMED_BLOCKS; i++) step();
    const t1 = process.hrtime.bigint();
    return Number(t1 - t0) / 1e3 / TIMED_BLOCKS;
  },
};
