// What every chart of a run reads: its tables, and the few scenario facts that change how they are
// drawn (the era's unit, the run's length, who the adversarial validators are).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOCKS_PER_DAY } from '../../sim/chain/emission/block-emission.ts';
import { MANIFEST_NAME } from '../../sim/output/result-names.ts';
import { UsageError } from '../../sim/util/errors.ts';
import { parseJson } from '../../sim/util/json.ts';
import { formatCount, formatNumber } from '../format.ts';
import type { Json, RunInput } from '../input/detect.ts';
import { Frame } from '../input/frame.ts';

export interface RunContext {
  name: string;
  scenario: Json;
  epochs: Frame;
  daily: Frame;
  validators: Frame;
  /** Economic miners only. */
  minersDaily: Frame | null;
  /** summary.json, where the run wrote one. */
  summary: Json | null;
  /** The run's length in days (may end mid-day). */
  days: number;
  /** Whole days: per-day sums stop there, so a partial last day does not look like a drop. */
  fullDays: number;
  /** Amounts of subnet_epochs are alpha, except in the root era (TAO). */
  unit: 'alpha' | 'TAO';
  /** Starting issuance, exact. */
  startIssuanceRao: bigint;
  /** The run's length in blocks, and network_daily's sampling interval. */
  blocks: number;
  sampleEveryBlocks: number;
}

/** Read a JSON path like "a.b.c" from the resolved scenario; undefined if absent. */
export function at(obj: unknown, path: string): unknown {
  let v = obj;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Json)[k] : undefined;
  return v;
}

function scenarioNumber(input: RunInput, path: string): number {
  const v = at(input.scenario, path);
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new UsageError('expected a number', join(input.dir, MANIFEST_NAME), `scenario.${path}`);
  return v;
}

export function runContext(input: RunInput): RunContext {
  const { dir, scenario } = input;
  const blocks = scenarioNumber(input, 'durationBlocks');
  const days = blocks / BLOCKS_PER_DAY;
  const sample = at(scenario, 'metrics.sampleEveryBlocks');
  const issuance = at(scenario, 'start.issuance');
  if (typeof issuance !== 'string' || !/^\d+$/.test(issuance)) {
    throw new UsageError('expected an integer string of RAO', join(dir, MANIFEST_NAME), 'scenario.start.issuance');
  }
  const summaryFile = join(dir, 'summary.json');
  const summary = existsSync(summaryFile) ? parseJson(readFileSync(summaryFile, 'utf8'), summaryFile) : null;
  return {
    name: typeof scenario.name === 'string' ? scenario.name : 'run',
    scenario,
    epochs: Frame.read(dir, 'subnet_epochs.csv'),
    daily: Frame.read(dir, 'network_daily.csv'),
    validators: Frame.read(dir, 'validators.csv'),
    minersDaily: Frame.readOptional(dir, 'miners_daily.csv'),
    summary: summary !== null && typeof summary === 'object' && !Array.isArray(summary) ? (summary as Json) : null,
    days,
    fullDays: Math.floor(days + 1e-9),
    unit: at(scenario, 'protocol.rules.era') === 'root' ? 'TAO' : 'alpha',
    startIssuanceRao: BigInt(issuance),
    blocks,
    sampleEveryBlocks: typeof sample === 'number' && sample > 0 ? sample : BLOCKS_PER_DAY,
  };
}

/**
 * The day an epoch's amounts are summed into, counted from 1 and drawn at the day's end, or null
 * past the last whole day. Day d holds blocks start + 7200 (d − 1) + 1 … start + 7200 d, as
 * network_daily's row for day d does (its sample at start + 7200 d includes that block).
 */
export function dayOf(ctx: RunContext, day: number): number | null {
  const d = Math.max(1, Math.ceil(day));
  return ctx.fullDays >= 1 && d > ctx.fullDays ? null : d;
}

/** Why charts of whole days cannot be drawn (the run is shorter than a day), or null. */
export function shortOfADay(ctx: RunContext): string | null {
  if (ctx.fullDays >= 1) return null;
  return `the run is ${formatCount(ctx.blocks)} blocks (${formatNumber(ctx.days, 2)} days) long, shorter than the whole day this chart plots`;
}

/** Why charts of network_daily.csv cannot be drawn (it has no rows), or null. */
export function noDailySample(ctx: RunContext): string | null {
  if (ctx.daily.length > 0) return null;
  return (
    `network_daily.csv has no rows: the run of ${formatCount(ctx.blocks)} blocks ended before its first sample ` +
    `(every ${formatCount(ctx.sampleEveryBlocks)} blocks)`
  );
}

/**
 * Each validator's stake, in the unit its dividends are paid in: alpha held on its uids, or in the
 * root era its one TAO stake (root_stake_rao; the era has no alpha).
 */
export function validatorStake(ctx: RunContext): number[] {
  return ctx.validators.numbers(ctx.unit === 'TAO' ? 'root_stake_rao' : 'alpha_stake_rao');
}

export const RAO = 1e9;
