// The fast epoch (`runFastEpoch`) against the exact one: epoch traces and seeded
// random subnets run through both, with the largest differences collected. Used by
// test/fast-epoch.test.ts (and handy for re-measuring the tolerances it documents).

import { NEW_SUBNET_DEFAULTS } from '../../sim/chain/params.ts';
import {
  type EpochInput,
  type EpochResult,
  runEpoch,
  runFastEpoch,
  type YumaParams,
} from '../../sim/chain/yuma/epoch.ts';
import {
  type EpochContext,
  epochInput,
  type NeuronState,
  newNeuronState,
  registerUid,
  resetBondsToward,
  setWeights,
  storeEpochResult,
} from '../../sim/chain/yuma/neurons.ts';
import { RandomStreams } from '../../sim/engine/random.ts';
import { parseEpochTrace } from '../../sim/trace/epochs-trace.ts';

const BITS = 2 ** 32;

/** Largest differences between exact and fast results (values as proportions, u16 units, RAO). */
export interface Divergence {
  epochs: number;
  /** |D − D'|, |I − I'|, |C − C'|, |VT − VT'| of the values behind the u16s. */
  dividends: number;
  incentive: number;
  consensus: number;
  validatorTrust: number;
  /** The same four, as stored u16 (plus stake weight). */
  u16: number;
  /** Stored bonds in u16 units, where both have the entry. */
  bondsU16: number;
  /** Bond entries present in one result and not the other. */
  bondsStructure: number;
  /** Per-uid server / validator emission, RAO, as a fraction of the epoch's E. */
  emission: number;
  /** Uids whose permit or activity differ. */
  flags: number;
  /** Largest Σ(server + validator) − E and Σ combined − E of the fast epoch (must be ≤ 0). */
  overpaid: bigint;
}

/** The largest of each field over several divergences (counts are added). */
export function foldDivergence(acc: Divergence, d: Divergence): Divergence {
  acc.epochs += d.epochs;
  acc.bondsStructure += d.bondsStructure;
  acc.flags += d.flags;
  for (const k of ['dividends', 'incentive', 'consensus', 'validatorTrust', 'u16', 'bondsU16', 'emission'] as const) {
    acc[k] = Math.max(acc[k], d[k]);
  }
  if (d.overpaid > acc.overpaid) acc.overpaid = d.overpaid;
  return acc;
}

export function newDivergence(): Divergence {
  return {
    epochs: 0,
    dividends: 0,
    incentive: 0,
    consensus: 0,
    validatorTrust: 0,
    u16: 0,
    bondsU16: 0,
    bondsStructure: 0,
    emission: 0,
    flags: 0,
    overpaid: -(2n ** 64n),
  };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / scale);
  return m;
}

/** Fold the differences of one epoch (exact r, fast f, the amount E) into d. */
export function compare(r: EpochResult, f: EpochResult, emission: bigint, d: Divergence): void {
  d.epochs++;
  d.dividends = Math.max(d.dividends, maxAbs(r.exact.dividends, f.exact.dividends, BITS));
  d.incentive = Math.max(d.incentive, maxAbs(r.exact.incentive, f.exact.incentive, BITS));
  d.consensus = Math.max(d.consensus, maxAbs(r.exact.consensus, f.exact.consensus, BITS));
  d.validatorTrust = Math.max(d.validatorTrust, maxAbs(r.exact.validatorTrust, f.exact.validatorTrust, BITS));
  for (const k of ['dividends', 'incentive', 'consensus', 'validatorTrust', 'stakeWeight'] as const) {
    d.u16 = Math.max(d.u16, maxAbs(r[k], f[k]));
  }
  const n = r.active.length;
  for (let i = 0; i < n; i++) {
    if (r.active[i] !== f.active[i] || r.validatorPermit[i] !== f.validatorPermit[i]) d.flags++;
    d.emission = Math.max(
      d.emission,
      Math.abs(Number(r.serverEmission[i] - f.serverEmission[i])) / Number(emission),
      Math.abs(Number(r.validatorEmission[i] - f.validatorEmission[i])) / Number(emission),
    );
  }
  for (let i = 0; i < r.bonds.rows; i++) {
    const a = new Map<number, number>();
    for (let k = r.bonds.ptr[i]; k < r.bonds.ptr[i + 1]; k++) a.set(r.bonds.cols[k], r.bonds.vals[k]);
    const seen = new Set<number>();
    for (let k = f.bonds.ptr[i]; k < f.bonds.ptr[i + 1]; k++) {
      const j = f.bonds.cols[k];
      seen.add(j);
      const v = a.get(j);
      if (v === undefined) d.bondsStructure++;
      else d.bondsU16 = Math.max(d.bondsU16, Math.abs(v - f.bonds.vals[k]));
    }
    for (const j of a.keys()) if (!seen.has(j)) d.bondsStructure++;
  }
  let paid = 0n;
  let combined = 0n;
  for (let i = 0; i < n; i++) {
    paid += f.serverEmission[i] + f.validatorEmission[i];
    combined += f.emission[i];
  }
  for (const x of [paid - emission, combined - emission]) if (x > d.overpaid) d.overpaid = x;
}

/**
 * Two copies of one subnet's neuron state driven by the same changes: `exact` stores the exact
 * epoch's results, `fast` the fast epoch's. Each epoch records the fast epoch on the exact state's
 * input (`same`: one epoch's error) and the fast state's own trajectory against the exact one
 * (`trajectory`: bonds carried in u16 from fast epochs, so quantisation flips accumulate).
 */
export class TwinSubnet {
  readonly exact: NeuronState;
  readonly fast: NeuronState;
  readonly same = newDivergence();
  readonly trajectory = newDivergence();
  /** Per epoch, the exact and the fast-trajectory results. */
  readonly history: { exact: EpochResult; fast: EpochResult }[] = [];

  constructor(n: number) {
    this.exact = newNeuronState(n, 0);
    this.fast = newNeuronState(n, 0);
  }

  apply(change: (s: NeuronState) => void): void {
    change(this.exact);
    change(this.fast);
  }

  epoch(block: number, ctx: EpochContext): void {
    const inExact: EpochInput = epochInput(this.exact, { ...ctx, block });
    const r = runEpoch(inExact);
    compare(r, runFastEpoch(inExact), ctx.emission, this.same);
    const f = runFastEpoch(epochInput(this.fast, { ...ctx, block }));
    compare(r, f, ctx.emission, this.trajectory);
    storeEpochResult(this.exact, r, block);
    storeEpochResult(this.fast, f, block);
    this.history.push({ exact: r, fast: f });
  }
}

/** A `taosim-epochs/v1` trace (the document without its format field) run through both epochs. */
export function twinTrace(trace: Record<string, unknown>): TwinSubnet {
  const t = parseEpochTrace({ format: 'taosim-epochs/v1', ...trace }, 'fast-epoch-trace.json');
  const twin = new TwinSubnet(t.n);
  twin.apply((s) => {
    s.validatorPermit = t.initialPermits.slice();
  });
  let stake = new Array<bigint>(t.n).fill(0n);
  t.epochs.forEach((e, k) => {
    const block = (k + 1) * t.tempo;
    const before = block - 1;
    twin.apply((s) => {
      for (const uid of e.register) registerUid(s, uid, before);
      for (const w of e.setWeights) setWeights(s, w.uid, w.dests, w.values, before);
      for (const uid of e.resetBonds) resetBondsToward(s, uid);
    });
    if (e.stake) stake = e.stake;
    twin.epoch(block, {
      block,
      tempo: t.tempo,
      params: t.params,
      ownerUid: t.ownerUid,
      alphaStake: stake,
      emission: t.emissionPerEpoch,
    });
  });
  return twin;
}

export interface RandomSubnetOptions {
  yuma3: boolean;
  liquidAlpha: boolean;
  epochs?: number;
}

/**
 * A seeded random subnet: 16–256 uids, 2–64 validators (sometimes more than the permits), random
 * alpha and root stake with TaoWeight, a stake threshold and an owner uid now and then, sparse random
 * weight rows (explicit zeros, unsorted rows), a commit-reveal mask now and then, random kappa, bonds penalty, BMA and liquid alpha
 * parameters; between epochs validators re-set weights or go inactive, miners are replaced and bonds
 * reset.
 */
export function twinRandomSubnet(seed: string, opts: RandomSubnetOptions): TwinSubnet {
  const rng = new RandomStreams('fast-epoch').stream(seed);
  const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
  const pick = <T>(xs: T[]): T => xs[rng.int(xs.length)];
  const n = int(16, 256);
  const validators = int(2, Math.min(64, n - 2));
  const tempo = pick([10, 100, 360]);
  const params: YumaParams = {
    ...NEW_SUBNET_DEFAULTS,
    yuma3: opts.yuma3,
    liquidAlpha: opts.liquidAlpha,
    kappa: pick([32767, int(6554, 58982)]),
    bondsPenalty: pick([0, 65535, int(1, 65534)]),
    bondsMovingAverage: pick([975000, 900000, int(500000, 999999)]),
    maxAllowedValidators: pick([validators, Math.max(1, validators - int(1, 4)), 64]),
    activityCutoff: pick([5000, tempo * 3]),
    stakeThreshold: pick([0n, 0n, BigInt(int(1, 100)) * 1_000_000_000n]),
    taoWeight: pick([0n, ((2n ** 64n - 1n) * 18n) / 100n]),
    ...(opts.liquidAlpha
      ? {
          alphaLow: int(1638, 45875),
          alphaHigh: int(45876, 65535),
          alphaSigmoidSteepness: pick([1000, int(-2000, 5000)]),
        }
      : {}),
  };
  const ownerUid = rng.next() < 0.3 ? int(0, n - 1) : null;
  const alphaStake = Array.from({ length: n }, (_, i) =>
    i < validators
      ? BigInt(int(1, 10_000)) * 1_000_000_000n + BigInt(int(0, 999_999_999))
      : rng.next() < 0.2
        ? BigInt(int(0, 5_000_000)) * 1000n
        : 0n,
  );
  const rootStake = Array.from({ length: n }, (_, i) =>
    i < validators && rng.next() < 0.5 ? BigInt(int(1, 100_000)) * 1_000_000_000n : 0n,
  );
  const emission = BigInt(int(1, 150)) * 1_000_000_000n + BigInt(int(0, 999_999_999));
  const commitReveal = rng.next() < 0.3;
  const twin = new TwinSubnet(n);
  twin.apply((s) => {
    s.validatorPermit = Array.from({ length: n }, (_, i) => i < validators);
  });
  const weightRow = () => {
    const density = 0.2 + 0.8 * rng.next();
    const dests: number[] = [];
    const values: number[] = [];
    for (let j = 0; j < n; j++) {
      if (rng.next() > density) continue;
      dests.push(j);
      values.push(rng.next() < 0.05 ? 0 : int(1, 65535));
    }
    if (rng.next() < 0.3) {
      // submission order, not column order
      for (let k = dests.length - 1; k > 0; k--) {
        const m = rng.int(k + 1);
        [dests[k], dests[m]] = [dests[m], dests[k]];
        [values[k], values[m]] = [values[m], values[k]];
      }
    }
    return { dests, values };
  };
  const epochs = opts.epochs ?? 12;
  for (let e = 0; e < epochs; e++) {
    const block = (e + 1) * tempo;
    const before = block - 1;
    const setters: { uid: number; dests: number[]; values: number[] }[] = [];
    for (let v = 0; v < validators; v++) if (e === 0 || rng.next() < 0.6) setters.push({ uid: v, ...weightRow() });
    if (ownerUid !== null && rng.next() < 0.5) setters.push({ uid: ownerUid, ...weightRow() });
    const replaced = e > 0 && rng.next() < 0.4 ? int(validators, n - 1) : null;
    const reset = e > 0 && rng.next() < 0.2 ? int(0, n - 1) : null;
    twin.apply((s) => {
      if (replaced !== null) registerUid(s, replaced, before);
      for (const w of setters) setWeights(s, w.uid, w.dests, w.values, before);
      if (reset !== null) resetBondsToward(s, reset);
    });
    // Stake drifts a little each epoch (as dividends would move it).
    for (let v = 0; v < validators; v++) if (rng.next() < 0.3) alphaStake[v] += BigInt(int(0, 1_000_000)) * 1_000_000n;
    // Commit-reveal: each uid's earliest unexpired commit block, or none.
    const commitBlock = commitReveal
      ? Array.from({ length: n }, () => (rng.next() < 0.5 ? Infinity : int(0, block)))
      : undefined;
    twin.epoch(block, {
      block,
      tempo,
      params,
      ownerUid,
      alphaStake: alphaStake.slice(),
      rootStake,
      emission,
      commitBlock,
    });
  }
  return twin;
}
