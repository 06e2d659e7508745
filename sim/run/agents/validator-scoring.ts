// Validators setting weights, batched: once per weight-setting interval, one scoring-kernel call
// scores every (subnet, validator) pair that evaluates now (sim/kernels, docs/explanation/kernels.md),
// and each row's u16 weights go to the chain, which consumes them exactly. Copiers evaluate nothing:
// they submit the consensus they can read on chain, after the others.

import { atTime } from '../../../models/time-expression.ts';
import { copiedWeights } from '../../../models/validators/copier.ts';
import { BLOCKS_PER_DAY } from '../../chain/emission/block-emission.ts';
import type { SubnetState } from '../../chain/network/subnet.ts';
import { submitWeights, weightsAllowedAt } from '../../chain/network/weight-submission.ts';
import { AUTO_BACKEND } from '../../kernels/backend.ts';
import { streamKey } from '../../kernels/noise.ts';
import { type ScoringInput, type ScoringOutput, scoreBatch, scoreBatchSync } from '../../kernels/scoring.ts';
import type { Scenario, ValidatorsSection } from '../../scenario/scenario.ts';
import type { Agents } from '../genesis.ts';
import type { RunMetrics } from '../metrics.ts';
import { attackerMinerUids, type GroupParams, validatorGroup } from './validator-groups.ts';

/** The scoring backend a run uses: all but webgpu give identical bytes (test/kernels-scoring.test.ts). */
export type RunBackend = 'auto' | 'cpu' | 'webasm' | 'webgpu';

/**
 * The backend that runs: 'auto' is AUTO_BACKEND (cpu), whatever the run's size (why: sim/kernels/backend.ts).
 * On a machine with many idle cores, `--backend webasm` may be faster for `taosim run` (its cell
 * pass runs on the worker pool): same bytes.
 */
export function runScoringBackend(backend: RunBackend): 'cpu' | 'webasm' | 'webgpu' {
  return backend === 'auto' ? AUTO_BACKEND : backend;
}

/**
 * How often validators set weights on a subnet: validators.weightsEveryBlocks (default the subnet's
 * tempo), but never more often than its weights rate limit lets them: a validator submitting every
 * 99 blocks against a limit of 100 would have every other submission refused.
 */
export function weightInterval(
  sc: { validators: Pick<ValidatorsSection, 'weightsEveryBlocks'> },
  s: { tempo: number; weightsRateLimit: number },
): number {
  return Math.max(sc.validators.weightsEveryBlocks ?? s.tempo, s.weightsRateLimit);
}

/** Subnet counts are padded to a multiple of this, so registrations rarely change the kernel shape. */
const SUBNET_PAD = 16;

/** What validators read of the scenario when they set weights. */
export type WeightSettingParams = Pick<Scenario, 'subnets' | 'validators' | 'start'>;

/** The run's scoring services (kept in its state, so a checkpoint saves the backend choice). */
export interface ScoringContext {
  agents: Agents;
  metrics: RunMetrics;
  /** u32 noise seed of the run (from its root seed). */
  noiseSeed: number;
  /** The backend asked for, and the one that runs ('auto' resolved for this run). */
  backend: RunBackend;
  resolved: 'cpu' | 'webasm' | 'webgpu';
  /**
   * Whether batches may run asynchronously: webasm on its worker pool (same bytes, more cores), and
   * webgpu at all. Only a run driven by advanceRunAsync may set it.
   */
  async: boolean;
}

/** The u32 noise seed of a run's root seed. */
export function noiseSeedOf(seed: number | string): number {
  return streamKey(`taosim/scoring/${seed}`);
}

/**
 * Every validator on `subnets` whose turn it is sets weights at block b, as `sc` has them behave.
 * `tick` counts the interval's occurrences (lazy validators evaluate every lazyEveryTempos-th);
 * `key(s)` is the subnet's stable stream-name prefix.
 */
export function setWeightsBatch(
  ctx: ScoringContext,
  sc: WeightSettingParams,
  subnets: readonly SubnetState[],
  b: number,
  tick: number,
  key: (s: SubnetState) => string,
): void | Promise<void> {
  const { agents } = ctx;
  // Rows: the global validators up to the weakest one holding a uid on any of these subnets.
  let V = 0;
  for (let rank = agents.validators.length - 1; rank >= 0 && V === 0; rank--) {
    const h = agents.validators[rank];
    if (subnets.some((s) => s.uidOf.has(h))) V = rank + 1;
  }
  const S = Math.ceil(subnets.length / SUBNET_PAD) * SUBNET_PAD;
  let M = 1;
  for (const s of subnets) M = Math.max(M, s.hotkeys.length);
  // The lazy ones are the smallest of all the global validators, as before batching.
  const lazyFrom = Math.ceil(agents.validators.length * (1 - sc.validators.lazyFraction));
  const lazyDue = tick % sc.validators.lazyEveryTempos === 0;
  const exponent = atTime(sc.validators.scoreExponent, (b - sc.start.block) / BLOCKS_PER_DAY);

  const x: ScoringInput = {
    subnets: S,
    validators: V,
    miners: M,
    quality: new Float32Array(S * M).fill(NaN),
    own: new Uint8Array(S * M),
    active: new Uint8Array(S * V),
    noise: new Float32Array(S * V),
    exponent: new Float32Array(S * V).fill(1),
    competitorFactor: new Float32Array(S * V).fill(1),
    selfWeight: new Float32Array(S * V).fill(-1),
    key: new Uint32Array(S * V),
    counter: b >>> 0,
    seed: ctx.noiseSeed,
  };
  const attack = sc.validators.attack;
  for (let si = 0; si < subnets.length; si++) {
    const s = subnets[si];
    for (let uid = 0; uid < s.hotkeys.length; uid++) x.quality[si * M + uid] = agents.quality[s.hotkeys[uid]];
    if (attack) for (const uid of attackerMinerUids(sc, s)) x.own[si * M + uid] = 1;
    const subnetName = key(s);
    const keys = rowKeysOf(ctx, subnetName);
    for (let rank = 0; rank < V; rank++) {
      const hotkey = agents.validators[rank];
      const uid = s.uidOf.get(hotkey);
      if (uid === undefined || (rank >= lazyFrom && !lazyDue)) continue;
      const group = validatorGroup(sc, rank, s);
      // Like a real validator, it waits while the chain would refuse its weights (just registered,
      // or its last submission too recent).
      if (group === 'copier' || !weightsAllowedAt(s, uid, b)) continue;
      const r = si * V + rank;
      x.active[r] = 1;
      x.noise[r] = sc.validators.noise;
      x.exponent[r] = exponent;
      let k = keys.get(hotkey);
      if (k === undefined) {
        k = streamKey(`${agents.name[hotkey]}/${subnetName}`);
        keys.set(hotkey, k);
      }
      x.key[r] = k;
      if (group === 'cabal') x.selfWeight[r] = attack!.selfWeight;
      if (group === 'under-weighter') x.competitorFactor[r] = attack!.competitorFactor;
    }
  }

  const submit = (out: ScoringOutput) => submitBatch(ctx, sc, subnets, x, out, V, M, b);
  if (ctx.async) return scoreBatch(x, ctx.resolved).then(submit);
  if (ctx.resolved === 'webgpu') throw new Error('webgpu scoring needs an asynchronous run (advanceRunAsync)');
  submit(scoreBatchSync(x, ctx.resolved, outputFor(ctx, S * V, M)));
}

/**
 * Each run's scoring output buffers by batch shape, reused by every synchronous batch of that shape
 * (one batch's weights are submitted before the next is scored): a 128 × 64 × 256 batch writes
 * 4 MiB, which allocated afresh every tempo only feeds the collector. A few shapes are kept (one per
 * weight-setting interval, as subnets come and go); a pure cache beside the run's state.
 */
const outputs = new WeakMap<ScoringContext, Map<string, ScoringOutput>>();
const OUTPUT_SHAPES_KEPT = 4;

function outputFor(ctx: ScoringContext, rows: number, M: number): ScoringOutput {
  let byShape = outputs.get(ctx);
  if (!byShape) {
    byShape = new Map();
    outputs.set(ctx, byShape);
  }
  const shape = `${rows}x${M}`;
  let out = byShape.get(shape);
  if (!out) {
    if (byShape.size >= OUTPUT_SHAPES_KEPT) byShape.delete(byShape.keys().next().value!);
    out = { weights: new Uint16Array(rows * M), counts: new Uint32Array(rows) };
    byShape.set(shape, out);
  }
  return out;
}

/**
 * Each run's row noise keys, streamKey(`${name of hotkey}/${subnet name}`), by subnet name and
 * hotkey (a hotkey's name never changes). A pure cache beside the run's state, not in it.
 */
const rowKeys = new WeakMap<ScoringContext, Map<string, Map<number, number>>>();

function rowKeysOf(ctx: ScoringContext, subnetName: string): Map<number, number> {
  let bySubnet = rowKeys.get(ctx);
  if (!bySubnet) {
    bySubnet = new Map();
    rowKeys.set(ctx, bySubnet);
  }
  let keys = bySubnet.get(subnetName);
  if (!keys) {
    keys = new Map();
    bySubnet.set(subnetName, keys);
  }
  return keys;
}

/** Each scored row's weights to the chain, then the copiers' (they read what is on chain). */
function submitBatch(
  ctx: ScoringContext,
  groups: GroupParams,
  subnets: readonly SubnetState[],
  x: ScoringInput,
  out: ScoringOutput,
  V: number,
  M: number,
  b: number,
): void {
  const { agents, metrics } = ctx;
  const w = out.weights;
  for (let si = 0; si < subnets.length; si++) {
    const s = subnets[si];
    // The uids scored (those with a quality) are the same for every row of the subnet, and nothing
    // changes a submitted list: one dests list serves all rows; each row gets its own u16 values,
    // which become the stored row (the kernel's rows reach 65535: no upscaling to copy them).
    let dests: number[] | null = null;
    // Where the scored uids are one run (the usual subnet: its miners follow its validators), a row's
    // values are a slice of the kernel's row, copied whole.
    let run = false;
    for (let rank = 0; rank < V; rank++) {
      const r = si * V + rank;
      if (!x.active[r]) continue;
      const hotkey = agents.validators[rank];
      metrics.recordEvaluation(hotkey);
      if (out.counts[r] === 0) continue;
      if (dests === null) {
        dests = scoredUids(x, si, M, s.hotkeys.length);
        run = dests.length > 0 && dests[dests.length - 1] - dests[0] === dests.length - 1;
      }
      const base = r * M;
      const values = new Uint16Array(dests.length);
      if (run) values.set(w.subarray(base + dests[0], base + dests[0] + dests.length));
      else for (let k = 0; k < dests.length; k++) values[k] = w[base + dests[k]];
      metrics.recordWeights(submitWeights(s, s.uidOf.get(hotkey)!, dests, values, b, /* handedOver */ true));
    }
    // Copiers last: they read what is on chain.
    for (let rank = 0; rank < V; rank++) {
      const uid = s.uidOf.get(agents.validators[rank]);
      if (uid === undefined || validatorGroup(groups, rank, s) !== 'copier' || !weightsAllowedAt(s, uid, b)) continue;
      const miners = s.hotkeys.flatMap((h, j) => (Number.isNaN(agents.quality[h]) ? [] : [j]));
      const cw = copiedWeights(s.neurons, s.alphaStake, uid, s.params.kappa, miners);
      if (cw) metrics.recordWeights(submitWeights(s, uid, cw.dests, cw.values, b));
    }
  }
}

/** The uids of subnet row block `si` that were scored (those given a quality), ascending. */
function scoredUids(x: ScoringInput, si: number, M: number, uids: number): number[] {
  const dests: number[] = [];
  for (let uid = 0; uid < uids; uid++) if (!Number.isNaN(x.quality[si * M + uid])) dests.push(uid);
  return dests;
}
