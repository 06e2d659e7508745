// The `taosim-epochs/v1` trace: a sequence of epochs on one subnet given explicitly, the conformance
// door of the protocol core (docs/reference/epochs-trace.md). Parsing validates every field; running
// drives the same chain code the simulator uses (neurons.ts + epoch.ts).

import { toNumber } from '../chain/fixed/i32f32.ts';
import { U16_MAX } from '../chain/fixed/u16.ts';
import { activityCutoffBlocks, NEW_SUBNET_DEFAULTS } from '../chain/params.ts';
import { runEpoch, type YumaParams } from '../chain/yuma/epoch.ts';
import {
  epochInput,
  newNeuronState,
  registerUid,
  resetBondsToward,
  setWeights,
  storeEpochResult,
} from '../chain/yuma/neurons.ts';
import type { U16Csr } from '../chain/yuma/sparse.ts';
import { UsageError } from '../util/errors.ts';
import { Reader } from '../util/validate.ts';

export const TRACE_FORMAT = 'taosim-epochs/v1';
export const RESULT_FORMAT = 'taosim-epochs/v1-result';
export const MAX_TRACE_UIDS = 4096;

export interface WeightSubmission {
  uid: number;
  dests: number[];
  values: number[];
}

export interface TraceEpoch {
  stake?: bigint[];
  setWeights: WeightSubmission[];
  register: number[];
  resetBonds: number[];
}

export interface EpochTrace {
  n: number;
  tempo: number;
  params: YumaParams;
  ownerUid: number | null;
  emissionPerEpoch: bigint;
  initialPermits: boolean[];
  epochs: TraceEpoch[];
}

const HYPERPARAMETERS = [
  'kappa',
  'bondsMovingAverage',
  'bondsPenalty',
  'yuma3',
  'liquidAlpha',
  'alphaLow',
  'alphaHigh',
  'alphaSigmoidSteepness',
  'maxAllowedValidators',
  'tempo',
  'activityCutoff',
  'ownerUid',
  'stakeThreshold',
] as const;

const U16 = U16_MAX;

/** Validate a parsed trace; every mistake is a UsageError naming the JSON path. */
export function parseEpochTrace(json: unknown, file: string): EpochTrace {
  const r = new Reader(file);
  const top = r.object(json, '$', ['format', 'n', 'hyperparameters', 'emissionPerEpoch', 'initialPermits', 'epochs']);
  if (top.format !== TRACE_FORMAT) r.fail('$.format', `"${TRACE_FORMAT}"`, top.format);
  const n = r.int(top.n, '$.n', 1, MAX_TRACE_UIDS);

  const hp = r.object(top.hyperparameters ?? {}, '$.hyperparameters', HYPERPARAMETERS);
  const at = (k: string) => `$.hyperparameters.${k}`;
  const opt = <T>(k: string, read: (v: unknown, p: string) => T, dflt: T): T =>
    hp[k] === undefined ? dflt : read(hp[k], at(k));
  const d = NEW_SUBNET_DEFAULTS;
  const u16 = (v: unknown, p: string) => r.int(v, p, 0, U16);
  const tempo = opt('tempo', (v, p) => r.int(v, p, 1, U16), d.tempo);
  const params: YumaParams = {
    kappa: opt('kappa', u16, d.kappa),
    bondsMovingAverage: opt('bondsMovingAverage', (v, p) => r.int(v, p, 0, 1_000_000), d.bondsMovingAverage),
    bondsPenalty: opt('bondsPenalty', u16, d.bondsPenalty),
    yuma3: opt('yuma3', (v, p) => r.boolean(v, p), d.yuma3),
    liquidAlpha: opt('liquidAlpha', (v, p) => r.boolean(v, p), d.liquidAlpha),
    alphaLow: opt('alphaLow', u16, d.alphaLow),
    alphaHigh: opt('alphaHigh', u16, d.alphaHigh),
    alphaSigmoidSteepness: opt('alphaSigmoidSteepness', (v, p) => r.int(v, p, -32768, 32767), d.alphaSigmoidSteepness),
    maxAllowedValidators: opt('maxAllowedValidators', u16, d.maxAllowedValidators),
    activityCutoff: opt(
      'activityCutoff',
      (v, p) => r.int(v, p, 0, Number.MAX_SAFE_INTEGER),
      activityCutoffBlocks(tempo),
    ),
    stakeThreshold: opt('stakeThreshold', (v, p) => r.amount(v, p), d.stakeThreshold),
    taoWeight: 0n,
  };
  if (params.alphaLow > params.alphaHigh) {
    r.fail(at('alphaHigh'), `a value ≥ alphaLow (${params.alphaLow})`, params.alphaHigh);
  }
  const ownerUid =
    hp.ownerUid === undefined || hp.ownerUid === null ? null : r.int(hp.ownerUid, at('ownerUid'), 0, n - 1);

  const emissionPerEpoch =
    top.emissionPerEpoch === undefined ? 1_000_000_000n : r.amount(top.emissionPerEpoch, '$.emissionPerEpoch');

  let initialPermits = new Array<boolean>(n).fill(false);
  if (top.initialPermits !== undefined) {
    const a = r.array(top.initialPermits, '$.initialPermits', `an array of ${n} booleans`);
    if (a.length !== n) r.fail('$.initialPermits', `an array of ${n} booleans (one per uid)`, a);
    initialPermits = a.map((v, i) => r.boolean(v, `$.initialPermits[${i}]`));
  }

  const epochs = r.array(top.epochs, '$.epochs').map((e, k) => parseEpoch(r, e, `$.epochs[${k}]`, n));
  return { n, tempo, params, ownerUid, emissionPerEpoch, initialPermits, epochs };
}

function parseEpoch(r: Reader, json: unknown, path: string, n: number): TraceEpoch {
  const e = r.object(json, path, ['stake', 'setWeights', 'register', 'resetBonds']);
  const uidList = (v: unknown, p: string): number[] => {
    const list = r.array(v, p, 'an array of uids').map((u, i) => r.int(u, `${p}[${i}]`, 0, n - 1));
    const dup = list.find((u, i) => list.indexOf(u) !== i);
    if (dup !== undefined) r.fail(p, 'each uid at most once', dup);
    return list;
  };
  const out: TraceEpoch = {
    setWeights: [],
    register: e.register === undefined ? [] : uidList(e.register, `${path}.register`),
    resetBonds: e.resetBonds === undefined ? [] : uidList(e.resetBonds, `${path}.resetBonds`),
  };
  if (e.stake !== undefined) {
    const s = r.array(e.stake, `${path}.stake`, `an array of ${n} amounts`);
    if (s.length !== n) r.fail(`${path}.stake`, `an array of ${n} amounts (one per uid)`, s);
    out.stake = s.map((v, i) => r.amount(v, `${path}.stake[${i}]`));
  }
  out.setWeights = parseSetWeights(r, e.setWeights, `${path}.setWeights`, n);
  return out;
}

function parseSetWeights(r: Reader, v: unknown, path: string, n: number): WeightSubmission[] {
  if (v === undefined) return [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) r.fail(path, 'an object uid -> [[dest, value], ...]', v);
  const out: WeightSubmission[] = [];
  for (const [key, rowJson] of Object.entries(v as Record<string, unknown>)) {
    const p = `${path}["${key}"]`;
    if (!/^(0|[1-9][0-9]*)$/.test(key) || Number(key) >= n) {
      throw new UsageError(`expected a uid in [0, ${n - 1}] as the key, got "${key}"`, r.file, p);
    }
    const row = r.array(rowJson, p, 'an array of [dest, value] pairs');
    const dests: number[] = [];
    const values: number[] = [];
    row.forEach((pair, k) => {
      const pp = `${p}[${k}]`;
      const a = r.array(pair, pp, 'a [dest, value] pair');
      if (a.length !== 2) r.fail(pp, 'a [dest, value] pair', pair);
      const dest = r.int(a[0], `${pp}[0]`, 0, n - 1);
      if (dests.includes(dest)) r.fail(`${pp}[0]`, 'a destination uid not already in this row', dest);
      dests.push(dest);
      values.push(r.int(a[1], `${pp}[1]`, 0, U16));
    });
    out.push({ uid: Number(key), dests, values });
  }
  // Ascending uid order: the result never depends on the order of keys in the file.
  return out.sort((a, b) => a.uid - b.uid);
}

/** Run every epoch of the trace; returns the result document (plain JSON-able data). */
export function runEpochTrace(trace: EpochTrace): Record<string, unknown> {
  const { n, tempo, params, ownerUid } = trace;
  const state = newNeuronState(n, 0);
  state.validatorPermit = trace.initialPermits.slice();
  let stake: bigint[] = new Array<bigint>(n).fill(0n);
  const epochs = trace.epochs.map((e, k) => {
    const block = (k + 1) * tempo;
    const before = block - 1;
    for (const uid of e.register) registerUid(state, uid, before);
    for (const w of e.setWeights) setWeights(state, w.uid, w.dests, w.values, before);
    if (e.stake) stake = e.stake;
    for (const uid of e.resetBonds) resetBondsToward(state, uid);

    const result = runEpoch(
      epochInput(state, { block, tempo, params, ownerUid, alphaStake: stake, emission: trace.emissionPerEpoch }),
    );
    storeEpochResult(state, result, block);
    return {
      epoch: k,
      block,
      consensus: result.consensus,
      incentive: result.incentive,
      dividends: result.dividends,
      validatorTrust: result.validatorTrust,
      stakeWeight: result.stakeWeight,
      validatorPermit: result.validatorPermit,
      active: result.active,
      bonds: Array.from({ length: n }, (_, i) => sortedPairs(result.bonds, i)),
      serverEmission: result.serverEmission.map(String),
      validatorEmission: result.validatorEmission.map(String),
      exact: {
        consensus: Array.from(result.exact.consensus, toNumber),
        incentive: Array.from(result.exact.incentive, toNumber),
        dividends: Array.from(result.exact.dividends, toNumber),
      },
    };
  });
  return { format: RESULT_FORMAT, epochs };
}

/** Row i of a stored matrix as [dest, value] pairs in ascending dest order. */
function sortedPairs(m: U16Csr, i: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let k = m.ptr[i]; k < m.ptr[i + 1]; k++) pairs.push([m.cols[k], m.vals[k]]);
  return pairs.sort((a, b) => a[0] - b[0]);
}
