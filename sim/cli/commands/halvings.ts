// `taosim halvings`: when does each halving happen, from a starting issuance.

import type { CommandModule } from 'yargs';
import { BLOCK_TIME_MS, BLOCKS_PER_DAY, TOTAL_SUPPLY } from '../../chain/emission/block-emission.ts';
import { projectHalvings } from '../../chain/emission/halving-schedule.ts';
import { formatTao, parseTaoAmount } from '../../util/amount.ts';
import { parseIsoDate } from '../../util/date.ts';
import { UsageError } from '../../util/errors.ts';
import { formatJson } from '../../util/json.ts';
import { formatTable } from '../table.ts';

interface HalvingsArgs {
  issuance: string;
  'recycled-per-day': string;
  'from-date': string;
  'from-block'?: number;
  count: number;
  json: boolean;
}

/** The anchor used when no issuance is given: the first halving, 14 Dec 2025 (economics.md §1). */
const ANCHOR_ISSUANCE_TAO = '10500000';
const ANCHOR_DATE = '2025-12-14';

/** A TAO amount (as scenario files take it; or with a tao/rao suffix), in RAO, at most the 21M TAO supply. */
function parseAmount(value: string, option: string): bigint {
  const rao = parseTaoAmount(value);
  if (rao === null) {
    throw new UsageError(
      `--${option}: expected an amount in TAO such as 12000000 or 0.5 (at most 9 decimals), or in RAO with the suffix rao (12000000000000000rao), got "${value}"`,
    );
  }
  if (rao > TOTAL_SUPPLY) {
    const hint = /^\d+$/.test(value) ? `; amounts are in TAO: for RAO write ${value}rao` : '';
    throw new UsageError(
      `--${option}: ${formatTao(rao)} TAO is more than the 21000000 TAO that will ever exist${hint}`,
    );
  }
  return rao;
}

function parseDate(value: string): Date {
  const d = parseIsoDate(value);
  if (d === null)
    throw new UsageError(`--from-date: expected a calendar date YYYY-MM-DD (UTC) such as 2026-11-26, got "${value}"`);
  return d;
}

export const halvingsCommand: CommandModule<object, HalvingsArgs> = {
  command: 'halvings',
  describe: 'Table of TAO halvings: issuance thresholds, emission per block, and the projected block and date of each.',
  builder: (y) =>
    y
      .option('issuance', {
        type: 'string',
        default: ANCHOR_ISSUANCE_TAO,
        describe:
          'total issuance at the starting point, in TAO (up to 9 decimals; or RAO with the suffix rao: 10500000000000000rao); default: 10500000, the first halving',
      })
      .option('recycled-per-day', {
        type: 'string',
        default: '0',
        describe: 'TAO recycled per day (lowers issuance, delays halvings); TAO or RAO as for --issuance',
      })
      .option('from-date', {
        type: 'string',
        default: ANCHOR_DATE,
        describe: 'date of the starting point (UTC, YYYY-MM-DD)',
      })
      .option('from-block', {
        type: 'number',
        describe: 'block number of the starting point (adds a projected block column)',
      })
      .option('count', { type: 'number', default: 10, describe: 'how many halvings to list' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of a table' })
      .example('$0 halvings', 'the schedule from the first halving (10.5M TAO on 2025-12-14)')
      .example(
        '$0 halvings --issuance 11750000 --from-date 2026-11-26 --recycled-per-day 50',
        "when is the next halving, from today's issuance, if 50 TAO a day are recycled",
      ),
  handler: (args) => {
    const issuance = parseAmount(args.issuance, 'issuance');
    const recycled = parseAmount(args['recycled-per-day'], 'recycled-per-day');
    const start = parseDate(args['from-date']);
    const fromBlock = args['from-block'];
    if (fromBlock !== undefined && (!Number.isSafeInteger(fromBlock) || fromBlock < 0)) {
      throw new UsageError(`--from-block: expected a non-negative integer, got ${fromBlock}`);
    }
    if (!Number.isInteger(args.count) || args.count < 1 || args.count > 64) {
      throw new UsageError(`--count: expected an integer in [1, 64], got ${args.count}`);
    }
    const rows = projectHalvings(issuance, recycled, args.count).map((r) => {
      const blocks = r.blocksFromStart;
      const date = blocks === null ? null : new Date(start.getTime() + Number(blocks) * BLOCK_TIME_MS);
      return {
        halving: r.k,
        thresholdTao: formatTao(r.threshold),
        taoPerBlock: formatTao(r.emissionPerBlock),
        taoPerDay: formatTao(r.emissionPerBlock * BigInt(BLOCKS_PER_DAY)),
        blocksFromStart: blocks === null ? null : blocks.toString(),
        block: blocks === null || fromBlock === undefined ? null : (BigInt(fromBlock) + blocks).toString(),
        date: date === null ? null : date.toISOString().slice(0, 10),
        reached: blocks === 0n,
      };
    });
    if (args.json) {
      process.stdout.write(
        `${formatJson({
          issuance: issuance.toString(),
          recycledPerDay: recycled.toString(),
          fromDate: args['from-date'],
          halvings: rows,
        })}\n`,
      );
      return;
    }
    const header = [
      'halving',
      'issuance (TAO)',
      'TAO/block',
      'TAO/day',
      'blocks from start',
      ...(fromBlock !== undefined ? ['block'] : []),
      'date (UTC)',
    ];
    const body = rows.map((r) => [
      String(r.halving),
      r.thresholdTao,
      r.taoPerBlock,
      r.taoPerDay,
      r.blocksFromStart ?? 'never',
      ...(fromBlock !== undefined ? [r.block ?? 'never'] : []),
      r.reached ? 'reached' : (r.date ?? 'never'),
    ]);
    process.stdout.write(
      `Starting issuance ${formatTao(issuance)} TAO on ${args['from-date']}, ${formatTao(recycled)} TAO recycled per day, 12 s blocks.\n\n` +
        formatTable(header, body),
    );
  },
};
