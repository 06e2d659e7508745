// Durations for people (12 s blocks, BLOCKS_PER_DAY a day): whole days as days, anything else as the exact
// block count with the days it spans to two decimals.

import { BLOCKS_PER_DAY } from '../chain/emission/block-emission.ts';

/** "30 days", "1 day", "1500 blocks (0.21 days)", "7201 blocks (1.00 days)", "36 blocks (0.005 days)". */
export function formatBlocks(blocks: number): string {
  const days = blocks / BLOCKS_PER_DAY;
  if (Number.isInteger(days)) return `${days} ${days === 1 ? 'day' : 'days'}`;
  const shown = days >= 0.01 ? days.toFixed(2) : days.toPrecision(1);
  return `${blocks} ${blocks === 1 ? 'block' : 'blocks'} (${shown} days)`;
}
