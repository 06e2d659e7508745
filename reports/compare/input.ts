// The two runs `taosim report A B` compares, and whether they can be compared at all: both finished
// runs of this taosim version (readReportInput's checks), over the same blocks, on the same subnets.
// Anything else is refused with one line saying what differs: a difference there would be read as
// an effect of the perturbation.

import { BLOCKS_PER_DAY } from '../../sim/chain/emission/block-emission.ts';
import { UsageError } from '../../sim/util/errors.ts';
import { formatCount, formatNumber } from '../format.ts';
import { type ReportInput, type RunInput, readReportInput } from '../input/detect.ts';
import { at, type RunContext, runContext } from '../run/context.ts';

export interface ComparedRun {
  /** Its name in the report (--names, else the directory's). */
  label: string;
  input: RunInput;
  ctx: RunContext;
}

function asRun(input: ReportInput): RunInput {
  if (input.kind === 'run') return input;
  const what = input.kind === 'sweep' ? 'a sweep (sweep.json)' : `a study (${input.study})`;
  throw new UsageError(
    `is ${what}: taosim report A B compares two runs (taosim run); report a ${input.kind} on its own`,
    input.dir,
  );
}

const blocksText = (b: number) => `${formatCount(b)} blocks (${formatNumber(b / BLOCKS_PER_DAY, 2)} days)`;

/** Why A and B cannot be compared (duration, start block, subnets), or null. */
export function incomparability(a: ComparedRun, b: ComparedRun): string | null {
  const diffs: string[] = [];
  if (a.ctx.blocks !== b.ctx.blocks)
    diffs.push(`durations differ (${a.label}: ${blocksText(a.ctx.blocks)}, ${b.label}: ${blocksText(b.ctx.blocks)})`);
  const startA = at(a.ctx.scenario, 'start.block');
  const startB = at(b.ctx.scenario, 'start.block');
  if (startA !== startB)
    diffs.push(`start blocks differ (${a.label}: ${String(startA)}, ${b.label}: ${String(startB)})`);
  const netsA = new Set(a.ctx.epochs.str('netuid'));
  const netsB = new Set(b.ctx.epochs.str('netuid'));
  const only = (x: Set<string>, y: Set<string>) =>
    [...x]
      .filter((n) => !y.has(n))
      .map(Number)
      .sort((p, q) => p - q);
  const onlyA = only(netsA, netsB);
  const onlyB = only(netsB, netsA);
  if (onlyA.length || onlyB.length) {
    const list = (xs: number[]) => (xs.length ? xs.map((n) => `SN${n}`).join(', ') : 'none');
    diffs.push(`subnet sets differ (only in ${a.label}: ${list(onlyA)}; only in ${b.label}: ${list(onlyB)})`);
  }
  return diffs.length ? diffs.join('; ') : null;
}

/** Read and check both runs; a UsageError (one line) if either is not a finished run or they differ. */
export function readComparison(dirA: string, dirB: string, labels: [string, string]): [ComparedRun, ComparedRun] {
  const read = (dir: string, label: string): ComparedRun => {
    const input = asRun(readReportInput(dir));
    return { label, input, ctx: runContext(input) };
  };
  const a = read(dirA, labels[0]);
  const b = read(dirB, labels[1]);
  const why = incomparability(a, b);
  if (why) throw new UsageError(`${dirA} and ${dirB} are not comparable: ${why}`);
  return [a, b];
}
