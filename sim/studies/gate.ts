// Study: what the Hill emission gate (protocol-2026h2.md §1) does to the concentration of TAO
// emission across subnets. 128 subnets' moving prices are drawn from a seeded lognormal and the
// chain's exact share computation (price share → gate) is applied with each bar rule (rank N or
// quantile q) and exponent h; the no-gate shares are the baseline. Measured: the TAO share of the top
// 8 and top 32 subnets, the Gini of the shares, how many subnets sit below the bar θ and how much TAO
// they still get. Each figure is the mean over `samples` independent price draws.
//
// Why a lognormal: the mainnet per-subnet snapshot we have (block 8,968,186, 2026-08-31) holds alpha
// reserves but no moving prices or TAO reserves, so prices cannot be read from it.
// σ = 1.3 is calibrated to the bar observed on mainnet (θ ≈ 0.0073–0.0089 with rank 32 and 128
// subnets, protocol-2026h2.md §1): the upper-quartile price over 128 × the mean price is
// e^(0.674σ − σ²/2)/128 ≈ 0.008 at σ = 1.3.
//
// The bar interval needs prices that move: a second table follows the first draw's subnets for
// `days` with spot prices on a seeded geometric random walk and moving prices as the chain's EMA
// (rate 0.000003 per block, a mature subnet's), stepped 60 blocks at a time in floating point; the
// gate itself (chain default rank 32, h 3, or as configured) stays exact, with the bar stored at the
// last multiple of each interval. A third table is the time to pruning by price rank under the
// registration queue (protocol-2026h2.md §3.4): with the queue always full, one registration every
// NetworkRateLimit (14,400 blocks) prunes the non-immune subnet with the lowest moving price; the 128
// subnets start past their immunity, newcomers stay immune for the horizon (≤ 120 days, the
// 864,000-block immunity). The gate does not enter the choice (it reads moving prices, not shares),
// and pools are not modelled, so the gate's feedback on prices is left out.

import { U64F64 } from '../chain/fixed/fixed.ts';
import { DEFAULT_BAR_QUANTILE, type EmissionGateRule, gatedTaoShares } from '../chain/network/emission-gate.ts';
import { minerBurnReweight, priceShares } from '../chain/network/subnet-shares.ts';
import { RandomStreams } from '../engine/index.ts';
import type { Cell, Table } from '../output/index.ts';
import { gini } from '../run/metrics.ts';
import { UsageError } from '../util/errors.ts';
import type { Study } from './study.ts';

export type GateConfig = {
  seed: number | string;
  subnets: number;
  /** σ of the log of the moving prices (μ = 0; prices are only compared with each other). */
  priceSigma: number;
  /** Independent price draws averaged per row. */
  samples: number;
  /** Bar ranks N (rank mode); 0 = quantile mode, once per entry of `quantiles`. */
  ranks: number[];
  /** Quantiles q of quantile mode (used for rank 0). */
  quantiles: number[];
  /** Hill exponents h. */
  exponents: number[];
  /** Bar intervals compared (blocks, multiples of 60); the chain's is 360. */
  barIntervals: number[];
  /** Days followed for the bar-interval table. */
  days: number;
  /** Daily volatility of each subnet's spot price (log scale). */
  spotVolatility: number;
  /** Days followed for the pruning table (at most 120, the newcomers' immunity). */
  pruningDays: number;
  /** Blocks between registrations, each pruning one subnet (the chain's NetworkRateLimit: 14,400). */
  registrationEveryBlocks: number;
};

export const GATE_DEFAULTS: GateConfig = {
  seed: 'gate',
  subnets: 128,
  priceSigma: 1.3,
  samples: 20,
  ranks: [8, 16, 32, 64, 0],
  quantiles: [0.5, 0.61, 0.75],
  exponents: [1, 2, 3, 4],
  barIntervals: [360, 7200, 50400, 216000],
  days: 60,
  spotVolatility: 0.05,
  pruningDays: 120,
  registrationEveryBlocks: 14_400,
};

/** A bar rule of the grid; `null` = no gate (the price shares alone). */
export type GateRuleChoice = { rank: number; quantile: number; exponent: number } | null;

/** The chain's rule for a grid choice: the bar is recomputed on every evaluation (block 0, no stored bar). */
export function gateRule(c: { rank: number; quantile: number; exponent: number }): EmissionGateRule {
  return {
    mode: c.rank > 0 ? 'rank' : 'quantile',
    rank: c.rank,
    quantile: c.quantile === 0.61 ? DEFAULT_BAR_QUANTILE : U64F64.fromNum(c.quantile),
    exponent: U64F64.fromNum(c.exponent),
    barInterval: 360,
  };
}

/**
 * Each subnet's TAO share (U64F64 bits) and the bar, exactly as the chain computes them from moving
 * prices (no MinerBurned, every subnet enabled); with no rule, the price shares the gate starts from.
 */
export function gateShares(
  prices: readonly number[],
  rule: EmissionGateRule | null,
): { shares: bigint[]; bar: bigint } {
  const movingPrices = prices.map((p) => U64F64.fromNum(p));
  const minerBurned = prices.map(() => 0n);
  if (rule === null) return { shares: minerBurnReweight(priceShares(movingPrices), minerBurned), bar: 0n };
  return gatedTaoShares({
    movingPrices,
    minerBurned,
    emissionEnabled: prices.map(() => true),
    block: 0,
    storedBar: 0n,
    rule,
  });
}

export interface Concentration {
  top8: number;
  top32: number;
  gini: number;
  /** Subnets whose (ungated) share is below the bar θ. */
  belowBar: number;
  /** The TAO share those subnets receive. */
  belowBarShare: number;
  bar: number;
}

/** Concentration measures of one set of shares (`ungated`: the price shares, which decide "below the bar"). */
export function concentration(shares: readonly bigint[], ungated: readonly bigint[], bar: bigint): Concentration {
  const x = shares.map((s) => U64F64.toNumber(s));
  const sorted = [...x].sort((a, b) => b - a);
  const sumTop = (k: number) => sorted.slice(0, k).reduce((a, b) => a + b, 0);
  let belowBar = 0;
  let belowBarShare = 0;
  ungated.forEach((w, i) => {
    if (bar > 0n && w < bar) {
      belowBar++;
      belowBarShare += x[i];
    }
  });
  return { top8: sumTop(8), top32: sumTop(32), gini: gini(x), belowBar, belowBarShare, bar: U64F64.toNumber(bar) };
}

/** The `samples` seeded price draws of `subnets` lognormal prices. */
export function priceDraws(c: GateConfig): number[][] {
  const streams = new RandomStreams(c.seed);
  return Array.from({ length: c.samples }, (_, s) => {
    const rng = streams.stream(`prices/${s}`);
    return Array.from({ length: c.subnets }, () => rng.lognormal(0, c.priceSigma));
  });
}

/** Mean concentration over the draws under one rule. */
export function meanConcentration(draws: readonly number[][], choice: GateRuleChoice): Concentration {
  const rule = choice === null ? null : gateRule(choice);
  const sum: Concentration = { top8: 0, top32: 0, gini: 0, belowBar: 0, belowBarShare: 0, bar: 0 };
  for (const prices of draws) {
    const ungated = gateShares(prices, null).shares;
    const r = gateShares(prices, rule);
    const m = concentration(r.shares, ungated, r.bar);
    for (const k of Object.keys(sum) as (keyof Concentration)[]) sum[k] += m[k];
  }
  for (const k of Object.keys(sum) as (keyof Concentration)[]) sum[k] /= draws.length;
  return sum;
}

/** The grid's rules in table order: no gate first, then rank N (and quantile q for N = 0) × h. */
export function gateGrid(c: GateConfig): GateRuleChoice[] {
  const bars = c.ranks.flatMap((rank) =>
    rank > 0 ? [{ rank, quantile: 0.61 }] : c.quantiles.map((quantile) => ({ rank: 0, quantile })),
  );
  return [null, ...bars.flatMap((b) => c.exponents.map((exponent) => ({ ...b, exponent })))];
}

export const GATE_COLUMNS = [
  'bar_rule',
  'rank',
  'quantile',
  'exponent',
  'bar',
  'top8_tao_share',
  'top32_tao_share',
  'gini',
  'subnets_below_bar',
  'below_bar_tao_share',
];

/** The label of a rule in tables and charts: "none", "rank 32", "q 0.61". */
export function barRuleLabel(choice: GateRuleChoice): string {
  if (choice === null) return 'none';
  return choice.rank > 0 ? `rank ${choice.rank}` : `q ${choice.quantile}`;
}

/** Refuses a configuration the chain's gate cannot take (the parser only checks types). */
export function checkGateConfig(c: GateConfig): void {
  const need = (ok: boolean, path: string, what: string) => {
    if (!ok) throw new UsageError(`expected ${what}`, undefined, path);
  };
  const isInt = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
  need(isInt(c.subnets, 1, 4096), 'subnets', 'an integer from 1 to 4096');
  need(isInt(c.samples, 1, 10_000), 'samples', 'an integer from 1 to 10000');
  need(c.priceSigma >= 0 && c.priceSigma <= 10, 'priceSigma', 'a number from 0 to 10');
  for (const [i, r] of c.ranks.entries())
    need(isInt(r, 0, 65_535), `ranks[${i}]`, 'an integer from 0 (quantile mode) to 65535');
  for (const [i, q] of c.quantiles.entries()) need(q > 0 && q <= 1, `quantiles[${i}]`, 'a number in (0, 1]');
  for (const [i, h] of c.exponents.entries()) need(h > 0 && h <= 64, `exponents[${i}]`, 'a number in (0, 64]');
  for (const [i, b] of c.barIntervals.entries())
    need(isInt(b, STEP_BLOCKS, 10_000_000) && b % STEP_BLOCKS === 0, `barIntervals[${i}]`, 'a multiple of 60 blocks');
  // The shares are sampled every 331 steps of 60 blocks (2.76 days), so a shorter walk has no sample.
  need(c.days >= 3 && c.days <= 365, 'days', 'a number of days from 3 to 365');
  need(c.spotVolatility >= 0 && c.spotVolatility <= 1, 'spotVolatility', 'a number from 0 to 1');
  need(c.pruningDays > 0 && c.pruningDays <= 120, 'pruningDays', 'a number of days in (0, 120]');
  need(
    isInt(c.registrationEveryBlocks, STEP_BLOCKS, 864_000) && c.registrationEveryBlocks % STEP_BLOCKS === 0,
    'registrationEveryBlocks',
    'a multiple of 60 blocks up to 864000',
  );
}

export function gateStudy(c: GateConfig, onProgress?: (done: number, total: number) => void): Table[] {
  checkGateConfig(c);
  const draws = priceDraws(c);
  const grid = gateGrid(c);
  const rows: Cell[][] = grid.map((choice, i) => {
    const m = meanConcentration(draws, choice);
    onProgress?.(i + 1, grid.length);
    return [
      barRuleLabel(choice),
      choice?.rank ?? null,
      choice && choice.rank === 0 ? choice.quantile : null,
      choice?.exponent ?? null,
      m.bar,
      m.top8,
      m.top32,
      m.gini,
      m.belowBar,
      m.belowBarShare,
    ];
  });
  return [
    { name: 'gate_concentration', columns: GATE_COLUMNS, rows },
    barIntervalTable(c, draws[0]),
    pruningTable(c, draws),
  ];
}

/** Blocks per step of the price walk (the bar intervals are multiples of it). */
const STEP_BLOCKS = 60;
/** Steps between evaluations of the gated shares: prime, so they fall at every phase of the intervals. */
const EVAL_EVERY_STEPS = 331;
/** The chain's SubnetMovingAlpha for a subnet past its EMA warm-up, compounded over a step. */
const STEP_EMA_RATE = 1 - (1 - 0.000003) ** STEP_BLOCKS;

/** The moving prices at every `EVAL_EVERY_STEPS`-th step and at each bar update those evaluations use. */
export function movingPricePath(c: GateConfig, start: readonly number[]): Map<number, number[]> {
  const steps = Math.floor((c.days * 7200) / STEP_BLOCKS);
  const needed = new Set<number>();
  for (let k = EVAL_EVERY_STEPS; k <= steps; k += EVAL_EVERY_STEPS) {
    needed.add(k * STEP_BLOCKS);
    for (const interval of c.barIntervals) needed.add(Math.floor((k * STEP_BLOCKS) / interval) * interval);
  }
  const rng = new RandomStreams(c.seed).stream('spot-walk');
  const sd = c.spotVolatility * Math.sqrt(STEP_BLOCKS / 7200);
  const spot = [...start];
  const moving = [...start];
  const path = new Map<number, number[]>();
  for (let k = 0; k <= steps; k++) {
    if (needed.has(k * STEP_BLOCKS)) path.set(k * STEP_BLOCKS, [...moving]);
    for (let i = 0; i < spot.length; i++) {
      spot[i] *= Math.exp(rng.normal(-sd * sd * 0.5, sd));
      moving[i] += STEP_EMA_RATE * (spot[i] - moving[i]);
    }
  }
  return path;
}

export const BAR_INTERVAL_COLUMNS = [
  'bar_interval_blocks',
  'mean_bar_error',
  'top8_tao_share',
  'top32_tao_share',
  'gini',
  'subnets_below_bar',
];

/**
 * The chain-default gate (first grid rank and the exponent 3, or the first exponent) with each bar
 * interval, averaged over evaluations spread through the walk. `mean_bar_error`: the mean of
 * |θ stored / θ recomputed now − 1|, how stale the bar is when the gate uses it.
 */
export function barIntervalTable(c: GateConfig, start: readonly number[]): Table {
  const path = movingPricePath(c, start);
  const evals = [...path.keys()].filter((b) => b > 0 && b % (EVAL_EVERY_STEPS * STEP_BLOCKS) === 0);
  const rank = c.ranks.includes(32) ? 32 : c.ranks[0];
  const exponent = c.exponents.includes(3) ? 3 : c.exponents[0];
  const base = gateRule({ rank, quantile: c.quantiles[0], exponent });
  const rows: Cell[][] = c.barIntervals.map((interval) => {
    const rule = { ...base, barInterval: interval };
    let error = 0;
    const sum: Concentration = { top8: 0, top32: 0, gini: 0, belowBar: 0, belowBarShare: 0, bar: 0 };
    for (const b of evals) {
      const stored = gateShares(path.get(Math.floor(b / interval) * interval) as number[], rule).bar;
      const prices = path.get(b) as number[];
      const fresh = gateShares(prices, rule).bar;
      const r = gatedTaoShares({
        movingPrices: prices.map((p) => U64F64.fromNum(p)),
        minerBurned: prices.map(() => 0n),
        emissionEnabled: prices.map(() => true),
        block: b,
        storedBar: stored,
        rule,
      });
      const m = concentration(r.shares, gateShares(prices, null).shares, r.bar);
      for (const k of Object.keys(sum) as (keyof Concentration)[]) sum[k] += m[k];
      error += Math.abs(U64F64.toNumber(r.bar) / U64F64.toNumber(fresh) - 1);
    }
    const n = evals.length;
    return [interval, error / n, sum.top8 / n, sum.top32 / n, sum.gini / n, sum.belowBar / n];
  });
  return { name: 'gate_bar_interval', columns: BAR_INTERVAL_COLUMNS, rows };
}

export const GATE_STUDY: Study = {
  name: 'gate',
  progressUnit: 'bar rules',
  question:
    'How much does the Hill emission gate concentrate TAO emission on the top subnets, by bar rank or quantile, exponent and bar interval, and how soon is a subnet pruned by its price rank?',
  format: 'taosim-study/gate/v1',
  defaults: GATE_DEFAULTS,
  run: gateStudy as Study['run'],
};

/** Days until each subnet (by index) is pruned, or null if it survives the horizon. */
export function pruningDays(c: GateConfig, start: readonly number[], walkKey: string): (number | null)[] {
  const rng = new RandomStreams(c.seed).stream(walkKey);
  const sd = c.spotVolatility * Math.sqrt(STEP_BLOCKS / 7200);
  const spot = [...start];
  const moving = [...start];
  const prunedAt: (number | null)[] = start.map(() => null);
  const steps = Math.floor((c.pruningDays * 7200) / STEP_BLOCKS);
  const every = c.registrationEveryBlocks / STEP_BLOCKS;
  for (let k = 1; k <= steps; k++) {
    for (let i = 0; i < spot.length; i++) {
      spot[i] *= Math.exp(rng.normal(-sd * sd * 0.5, sd));
      moving[i] += STEP_EMA_RATE * (spot[i] - moving[i]);
    }
    if (k % every !== 0) continue;
    // The lowest moving price among those still there; a tie goes to the lower index (all registered
    // at the start, so index order stands in for registration order).
    let lowest = -1;
    for (let i = 0; i < moving.length; i++)
      if (prunedAt[i] === null && (lowest < 0 || moving[i] < moving[lowest])) lowest = i;
    if (lowest < 0) break;
    prunedAt[lowest] = (k * STEP_BLOCKS) / 7200;
  }
  return prunedAt;
}

export const PRUNING_COLUMNS = ['price_rank_from', 'price_rank_to', 'pruned_share', 'median_days_to_pruning'];

/** Median of a non-empty list. */
function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Time to pruning by starting price rank (1 = highest), in groups of 8, pooled over the draws. */
export function pruningTable(c: GateConfig, draws: readonly number[][]): Table {
  const days: (number | null)[][] = Array.from({ length: c.subnets }, () => []);
  draws.forEach((prices, s) => {
    const pruned = pruningDays(c, prices, `pruning-walk/${s}`);
    const byRank = prices.map((_, i) => i).sort((a, b) => prices[b] - prices[a] || a - b);
    byRank.forEach((i, rank) => {
      days[rank].push(pruned[i]);
    });
  });
  const rows: Cell[][] = [];
  for (let from = 0; from < c.subnets; from += 8) {
    const group = days.slice(from, from + 8).flat();
    const pruned = group.filter((d): d is number => d !== null);
    rows.push([
      from + 1,
      Math.min(from + 8, c.subnets),
      pruned.length / group.length,
      pruned.length > 0 ? median(pruned) : null,
    ]);
  }
  return { name: 'gate_pruning', columns: PRUNING_COLUMNS, rows };
}
