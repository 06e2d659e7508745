// Study: collusion and Yuma's consensus guarantees (issue "Agents and studies", study 1), after
// Opentensor's two-team game (subtensor docs/consensus.md, 2023): an honest team with stake S_H and
// utility W_H against a cabal with stake 1 − S_H that puts self-weight W_C on its own servers.
//
// Setup as published: 512 neurons, 64 validators (uids 0–63) and 448 servers; the honest team has
// floor(S_H·64) validators and floor(S_H·448) servers; validator stakes N(1, 0.3²) clamped at 0 and
// normalised within each team to S_H and 1 − S_H. Honest validators give W_H in total to honest
// servers and 1 − W_H to cabal servers; the cabal W_C to its own and 1 − W_C to honest ones. Inside
// each of the four blocks every server's weight is N(1, σ²) clamped at 0, normalised to the block's
// total, so σ is relative to the mean weight. One epoch of the chain's original Yuma from empty
// bonds; E_H = ξ·(honest validators' dividends) + (1 − ξ)·(honest servers' incentive).
// Retention: the honest utility W_H needed for E_H ≥ S_H against the cabal's worst W_C. As in the
// published retention graphs (E_H on a W_H × W_C grid, contour E_H = S_H drawn by linear
// interpolation), W_H is located between grid points by interpolation, not rounded up to one.

import { U16_MAX } from '../chain/fixed/u16.ts';
import { NEW_SUBNET_DEFAULTS } from '../chain/params.ts';
import { maxUpscaleU16 } from '../chain/weights/max-upscale.ts';
import { type EpochResult, runEpoch } from '../chain/yuma/epoch.ts';
import { emptyU16Csr, type U16Csr } from '../chain/yuma/sparse.ts';
import { emptyRow, type U16Row } from '../chain/yuma/weights.ts';
import { RandomStreams } from '../engine/index.ts';
import type { Cell, Table } from '../output/index.ts';
import type { Study } from './study.ts';

const VALIDATORS = 64;
const SERVERS = 448;
const N = VALIDATORS + SERVERS;
const RETENTION_TOLERANCE = 1e-5;

export type CollusionConfig = {
  seed: number | string;
  honestStake: number[];
  /** Weight noise σ relative to the mean weight. */
  noise: number[];
  kappa: number[];
  bondsPenalty: number[];
  /** Validators' share ξ of emission in E_H (free to vary: ξ does not change the epoch). */
  validatorShare: number[];
  /** W_H grid step; the contour E_H = S_H is interpolated between its points. */
  utilityStep: number;
  /** The cabal's W_C: a coarse scan at this step, then the finer step around each worst point. */
  selfWeightStep: number;
  selfWeightRefineStep: number;
  /** Multi-epoch game: epochs, ξ, the cabal's self-weight, honest utilities to try. */
  epochs: number;
  dynamicValidatorShare: number;
  dynamicSelfWeight: number;
  dynamicHonestUtility: number[];
  dynamicHonestStake: number;
};

export const COLLUSION_DEFAULTS: CollusionConfig = {
  seed: 0,
  honestStake: [0.51, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99],
  noise: [0, 0.2, 0.4],
  kappa: [0.4, 0.5, 0.6],
  bondsPenalty: [0, 0.5, 1],
  validatorShare: [0, 0.25, 0.5],
  utilityStep: 0.02,
  selfWeightStep: 0.1,
  selfWeightRefineStep: 0.02,
  epochs: 100,
  dynamicValidatorShare: 0.5,
  dynamicSelfWeight: 1,
  dynamicHonestUtility: [0.6, 0.7, 0.8, 0.9],
  dynamicHonestStake: 0.6,
};

export interface GameParams {
  honestStake: number;
  honestUtility: number;
  selfWeight: number;
  noise: number;
  kappa: number;
  bondsPenalty: number;
}

interface Teams {
  honestValidators: number;
  honestServers: number;
}

function teams(sH: number): Teams {
  const clamp = (x: number, n: number) => Math.min(n - 1, Math.max(1, x));
  return {
    honestValidators: clamp(Math.floor(sH * VALIDATORS), VALIDATORS),
    honestServers: clamp(Math.floor(sH * SERVERS), SERVERS),
  };
}

/** Validator stakes in RAO: N(1, 0.3²) clamped at 0, normalised within each team to its share. */
export function teamStakes(seed: number | string, sH: number): bigint[] {
  const rng = new RandomStreams(seed).stream('collusion/stake');
  const raw = Array.from({ length: VALIDATORS }, () => Math.max(0, rng.normal(1, 0.3)));
  const t = teams(sH);
  const sum = (from: number, to: number) => raw.slice(from, to).reduce((a, b) => a + b, 0);
  const hs = sum(0, t.honestValidators);
  const cs = sum(t.honestValidators, VALIDATORS);
  return raw.map((x, i) => BigInt(Math.round((i < t.honestValidators ? (x / hs) * sH : (x / cs) * (1 - sH)) * 1e15)));
}

/** Each validator's weight row (u16, as set_weights stores it). */
function weightRows(seed: number | string, p: GameParams): U16Row[] {
  const rng = new RandomStreams(seed).stream('collusion/weights');
  const t = teams(p.honestStake);
  const rows: U16Row[] = [];
  for (let v = 0; v < VALIDATORS; v++) {
    const honest = v < t.honestValidators;
    const toHonest = honest ? p.honestUtility : 1 - p.selfWeight;
    const w = new Array<number>(SERVERS);
    for (const [from, to, total] of [
      [0, t.honestServers, toHonest],
      [t.honestServers, SERVERS, 1 - toHonest],
    ] as const) {
      let s = 0;
      for (let j = from; j < to; j++) {
        w[j] = Math.max(0, p.noise > 0 ? rng.normal(1, p.noise) : 1);
        s += w[j];
      }
      for (let j = from; j < to; j++) w[j] = s > 0 ? (w[j] / s) * total : 0;
    }
    const max = Math.max(...w);
    const values = maxUpscaleU16(w.map((x) => (max > 0 ? Math.round((x / max) * U16_MAX) : 0)));
    rows.push({ cols: Array.from({ length: SERVERS }, (_, j) => VALIDATORS + j), vals: values });
  }
  for (let j = 0; j < SERVERS; j++) rows.push(emptyRow());
  return rows;
}

/** One epoch of original Yuma on the game's network, from the given bonds. */
export function gameEpoch(
  seed: number | string,
  p: GameParams,
  stake: bigint[],
  bonds: U16Csr = emptyU16Csr(N),
  lastStepBlock = 0,
  block = 720,
): EpochResult {
  return runEpoch({
    n: N,
    block,
    tempo: 360,
    params: {
      ...NEW_SUBNET_DEFAULTS,
      yuma3: false,
      liquidAlpha: false,
      kappa: Math.round(p.kappa * U16_MAX),
      bondsPenalty: Math.round(p.bondsPenalty * U16_MAX),
      bondsMovingAverage: 900_000,
      maxAllowedValidators: VALIDATORS,
      activityCutoff: 5000,
    },
    ownerUid: null,
    alphaStake: [...stake, ...new Array<bigint>(SERVERS).fill(0n)],
    permitOld: Array.from({ length: N }, (_, i) => i < VALIDATORS),
    lastUpdate: new Array<number>(N).fill(block - 1),
    blockAtRegistration: new Array<number>(N).fill(0),
    weights: weightRows(seed, p),
    bonds,
    lastStepBlock,
    emission: 1_000_000_000n,
  });
}

/** The honest team's shares of validator dividends and of server incentive in one epoch. */
export interface TeamShares {
  dividends: number;
  incentive: number;
}

export function teamShares(r: EpochResult, sH: number): TeamShares {
  const t = teams(sH);
  let d = 0;
  let dAll = 0;
  let inc = 0;
  let incAll = 0;
  for (let i = 0; i < VALIDATORS; i++) {
    dAll += r.exact.dividends[i];
    if (i < t.honestValidators) d += r.exact.dividends[i];
  }
  for (let j = 0; j < SERVERS; j++) {
    const x = r.exact.incentive[VALIDATORS + j];
    incAll += x;
    if (j < t.honestServers) inc += x;
  }
  // With no usable weights at all, the chain pays validators by stake: the honest team gets S_H.
  if (dAll === 0 && incAll === 0) return { dividends: sH, incentive: sH };
  return { dividends: dAll > 0 ? d / dAll : 0, incentive: incAll > 0 ? inc / incAll : 0 };
}

/** E_H = ξ·D_H + (1 − ξ)·I_H. */
export function mixShares(s: TeamShares, xi: number): number {
  return xi * s.dividends + (1 - xi) * s.incentive;
}

export function honestShare(r: EpochResult, sH: number, xi: number): number {
  return mixShares(teamShares(r, sH), xi);
}

export function oneEpochShare(seed: number | string, p: GameParams, xi: number): number {
  return honestShare(gameEpoch(seed, p, teamStakes(seed, p.honestStake)), p.honestStake, xi);
}

/**
 * The smallest k in [0, n] with pred(k) (pred false below some k, true from it on), n + 1 if none.
 * Gallops from `hint` to bracket the change, then bisects: near the hint it costs a few calls.
 */
export function firstTrue(pred: (k: number) => boolean, n: number, hint: number): number {
  let lo = -1; // pred(lo) taken as false
  let hi = n + 1; // pred(hi) taken as true
  const k = Math.min(n, Math.max(0, hint));
  if (pred(k)) {
    hi = k;
    for (let d = 1; hi - d > lo; d *= 2) {
      if (!pred(hi - d)) {
        lo = hi - d;
        break;
      }
      hi -= d;
    }
  } else {
    lo = k;
    for (let d = 1; lo + d < hi; d *= 2) {
      if (pred(lo + d)) {
        hi = lo + d;
        break;
      }
      lo += d;
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface Requirement {
  validatorShare: number;
  /** The least W_H with E_H ≥ S_H against the worst W_C; null: not even W_H = 1 suffices. */
  utility: number | null;
  worstSelfWeight: number;
}

/**
 * The honest utility needed to retain S_H, for each ξ of the configuration. At one W_C, E_H is
 * computed on the W_H grid (shared by every ξ: ξ only mixes the epoch's two shares), the first grid
 * point with E_H ≥ S_H is found by search (E_H grows with W_H) and the crossing interpolated
 * linearly from the point below. The cabal picks the W_C that needs the most: a scan at
 * selfWeightStep, then selfWeightRefineStep within one coarse step of each ξ's worst point.
 */
export function requiredUtility(
  c: CollusionConfig,
  base: Omit<GameParams, 'honestUtility' | 'selfWeight'>,
): Requirement[] {
  const steps = Math.round(1 / c.utilityStep);
  const sH = base.honestStake;
  const stake = teamStakes(c.seed, sH);
  // Fixed-point truncation leaves E_H a few parts in 10^7 short of the exact share (dust): a
  // tolerance of 1e-5 keeps the σ = 0 closed-form case E_H = S_H on the retaining side.
  const target = sH - RETENTION_TOLERANCE;
  const lines = new Map<number, TeamShares[]>();
  /** The team's shares along the W_H grid at one W_C, computed on demand. */
  const sharesAt = (wc: number, k: number): TeamShares => {
    const key = Math.round(wc * 1e6);
    let line = lines.get(key);
    if (!line) {
      line = [];
      lines.set(key, line);
    }
    line[k] ??= teamShares(gameEpoch(c.seed, { ...base, honestUtility: k / steps, selfWeight: wc }, stake), sH);
    return line[k];
  };
  let hint = Math.round(sH * steps);
  const crossing = (wc: number, xi: number): number | null => {
    const e = (k: number) => mixShares(sharesAt(wc, k), xi);
    const k = firstTrue((j) => e(j) >= target, steps, hint);
    if (k > steps) return null;
    hint = k;
    if (k === 0) return 0;
    const below = e(k - 1);
    return (k - 1 + (target - below) / (e(k) - below)) / steps;
  };
  return c.validatorShare.map((xi) => {
    let worst: Requirement = { validatorShare: xi, utility: -1, worstSelfWeight: 0 };
    const consider = (wc: number): boolean => {
      const u = crossing(wc, xi);
      if (u === null) worst = { validatorShare: xi, utility: null, worstSelfWeight: wc };
      else if (u > worst.utility!) worst = { validatorShare: xi, utility: u, worstSelfWeight: wc };
      return u !== null;
    };
    const coarse = Math.round(1 / c.selfWeightStep);
    for (let m = 0; m <= coarse; m++) if (!consider(m / coarse)) return worst;
    const fine = Math.round(1 / c.selfWeightRefineStep);
    const centre = Math.round(worst.worstSelfWeight * fine);
    const reach = Math.round(c.selfWeightStep * fine);
    for (let m = Math.max(0, centre - reach + 1); m <= Math.min(fine, centre + reach - 1); m++) {
      if (!consider(m / fine)) return worst; // points already computed come from the cache
    }
    return { ...worst, utility: Math.round(worst.utility! * 1e4) / 1e4 };
  });
}

/**
 * Multi-epoch game: bonds carried (original Yuma EMA), and after every epoch each team's stake moves
 * halfway to its emission share, S ← (S + E)/2 (the update of the 2023 write-up). Returns S_H per epoch.
 */
export function stakeTrajectory(c: CollusionConfig, p: GameParams, epochs: number): number[] {
  let sH = p.honestStake;
  const base = teamStakes(c.seed, p.honestStake);
  const t = teams(p.honestStake);
  let bonds = emptyU16Csr(N);
  let last = 0;
  const out: number[] = [];
  for (let e = 1; e <= epochs; e++) {
    // Team membership stays; the stakes inside each team keep their proportions.
    const scale = (i: number) => (i < t.honestValidators ? sH / p.honestStake : (1 - sH) / (1 - p.honestStake));
    const stake = base.map((x, i) => BigInt(Math.round(Number(x) * scale(i))));
    const block = e * 360;
    const r = gameEpoch(c.seed, { ...p, honestStake: p.honestStake }, stake, bonds, last, block);
    bonds = r.bonds;
    last = block;
    const eH = honestShare(r, p.honestStake, c.dynamicValidatorShare);
    sH = (sH + eH) / 2;
    out.push(sH);
  }
  return out;
}

export function collusionStudy(c: CollusionConfig, onProgress?: (done: number, total: number) => void): Table[] {
  const retention: Cell[][] = [];
  const combos: [number, number, number][] = [];
  for (const s of c.noise) for (const k of c.kappa) for (const b of c.bondsPenalty) combos.push([s, k, b]);
  const total = combos.length * c.honestStake.length + c.dynamicHonestUtility.length;
  let done = 0;
  for (const [noise, kappa, beta] of combos) {
    for (const sH of c.honestStake) {
      for (const r of requiredUtility(c, { honestStake: sH, noise, kappa, bondsPenalty: beta })) {
        retention.push([noise, kappa, beta, r.validatorShare, sH, r.utility, r.worstSelfWeight]);
      }
      onProgress?.(++done, total);
    }
  }
  const dynamic: Cell[][] = [];
  for (const wH of c.dynamicHonestUtility) {
    const traj = stakeTrajectory(
      c,
      {
        honestStake: c.dynamicHonestStake,
        honestUtility: wH,
        selfWeight: c.dynamicSelfWeight,
        noise: 0,
        kappa: 0.5,
        bondsPenalty: 1,
      },
      c.epochs,
    );
    traj.forEach((s, e) => {
      dynamic.push([wH, c.dynamicSelfWeight, e + 1, s, 1 - s]);
    });
    onProgress?.(++done, total);
  }
  return [
    {
      name: 'collusion_retention',
      columns: [
        'noise',
        'kappa',
        'bonds_penalty',
        'validator_share',
        'honest_stake',
        'required_honest_utility',
        'worst_cabal_self_weight',
      ],
      rows: retention,
    },
    {
      name: 'collusion_dynamics',
      columns: ['honest_utility', 'cabal_self_weight', 'epoch', 'honest_stake', 'cabal_stake'],
      rows: dynamic,
    },
  ];
}

export const COLLUSION_STUDY: Study = {
  name: 'collusion',
  progressUnit: 'evaluations',
  question:
    'How much honest utility does an honest majority need to keep its share of emission against a cabal (Yuma consensus guarantees)?',
  format: 'taosim-study/collusion/v1',
  defaults: COLLUSION_DEFAULTS,
  run: collusionStudy as Study['run'],
};
