// Build and run epoch traces in tests, through the same door as `taosim epochs`.
import { parseEpochTrace, runEpochTrace } from '../../sim/trace/epochs-trace.ts';

export interface EpochOut {
  epoch: number;
  block: number;
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  stakeWeight: number[];
  validatorPermit: boolean[];
  active: boolean[];
  bonds: [number, number][][];
  serverEmission: string[];
  validatorEmission: string[];
  exact: { consensus: number[]; incentive: number[]; dividends: number[] };
}

export function runTrace(trace: Record<string, unknown>): EpochOut[] {
  const doc = { format: 'taosim-epochs/v1', ...trace };
  return (runEpochTrace(parseEpochTrace(doc, 'test-trace.json')) as { epochs: EpochOut[] }).epochs;
}

/** server + validator emission per uid, as numbers. */
export function totalEmission(e: EpochOut): number[] {
  return e.serverEmission.map((s, i) => Number(s) + Number(e.validatorEmission[i]));
}

/** Column j of the stored bonds (value toward j of each validator row; 0 if absent). */
export function bondColumn(e: EpochOut, j: number, rows: number[]): number[] {
  return rows.map((i) => e.bonds[i].find(([c]) => c === j)?.[1] ?? 0);
}

/** Weights of `uids` given as `values` on `dests`, as a setWeights object. */
export function weightsOf(rows: Record<number, [number[], number[]]>): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const [uid, [dests, values]] of Object.entries(rows)) out[uid] = dests.map((d, k) => [d, values[k]]);
  return out;
}
