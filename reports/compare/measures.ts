// What the comparison reads from each run: each subnet's TAO emission and share, each validator's
// dividends and group, prices at the start and end. Amounts are summed exactly (RAO as bigint) and
// turned into floats only for shares.

import { gini } from '../../sim/run/metrics.ts';
import { RAO, type RunContext, validatorStake } from '../run/context.ts';
import { type SubnetPrices, subnetPrices } from '../run/prices.ts';
import { validatorRoles } from '../run/roles.ts';
import { sum } from '../stats.ts';

export interface ValidatorFacts {
  hotkey: string;
  group: string;
  /** Dividends earned over the run (alpha; TAO in the root era), and stake at the end, RAO. */
  earnedRao: bigint;
  stake: number;
}

export interface RunMeasures {
  /** Netuids in ascending order. */
  netuids: number[];
  /** Per netuid: TAO emitted into it (subnet_epochs.tao_injected_rao summed), RAO; null if the run lacks the column. */
  subnetTaoRao: Map<number, bigint> | null;
  /** Per netuid: its share of the subnets' TAO emission (0 where none was emitted). */
  taoShare: Map<number, number>;
  top8Share: number;
  taoShareGini: number;
  /** TAO minted, and put into subnets (network_daily), RAO. */
  mintedRao: bigint;
  taoToSubnetsRao: bigint;
  validators: ValidatorFacts[];
  dividendsRao: bigint;
  dividendsUsd: number;
  prices: SubnetPrices;
  /** Geometric mean over subnets of the end price (TAO per alpha); null in the root era. */
  priceIndex: number | null;
  poolsTaoEndRao: bigint | null;
}

const TOP = 8;

function subnetTao(ctx: RunContext): Map<number, bigint> | null {
  if (!ctx.epochs.has('tao_injected_rao')) return null;
  const out = new Map<number, bigint>();
  const netuid = ctx.epochs.numbers('netuid');
  const tao = ctx.epochs.bigints('tao_injected_rao');
  netuid.forEach((n, i) => {
    out.set(n, (out.get(n) ?? 0n) + tao[i]);
  });
  return out;
}

export function measureRun(ctx: RunContext): RunMeasures {
  const netuids = [...new Set(ctx.epochs.numbers('netuid'))].sort((a, b) => a - b);
  const tao = subnetTao(ctx);
  const total = tao ? [...tao.values()].reduce((a, b) => a + b, 0n) : 0n;
  const taoShare = new Map(netuids.map((n) => [n, total > 0n ? Number(tao!.get(n) ?? 0n) / Number(total) : 0]));
  const shares = netuids.map((n) => taoShare.get(n)!);
  const top8Share = sum([...shares].sort((a, b) => b - a).slice(0, TOP));
  const hotkeys = ctx.validators.str('hotkey');
  const groups = validatorRoles(ctx);
  const earned = ctx.validators.bigints('earned_alpha_rao');
  const stake = validatorStake(ctx);
  const validators = hotkeys.map((hotkey, i) => ({ hotkey, group: groups[i], earnedRao: earned[i], stake: stake[i] }));
  const prices = subnetPrices(ctx);
  const ends = [...prices.last.values()];
  const daily = ctx.daily;
  return {
    netuids,
    subnetTaoRao: tao,
    taoShare,
    top8Share,
    taoShareGini: gini(shares),
    mintedRao: daily.bigints('minted_rao').reduce((a, b) => a + b, 0n),
    taoToSubnetsRao: daily.bigints('tao_injected_rao').reduce((a, b) => a + b, 0n),
    validators,
    dividendsRao: earned.reduce((a, b) => a + b, 0n),
    dividendsUsd: sum(ctx.validators.numbers('earned_usd')),
    prices,
    priceIndex: ends.length ? Math.exp(sum(ends.map(Math.log)) / ends.length) : null,
    poolsTaoEndRao: daily.length ? daily.bigints('pools_tao_rao').at(-1)! : null,
  };
}

/** TAO from RAO, as a float (for charts and shares). */
export const tao = (rao: bigint) => Number(rao) / RAO;
