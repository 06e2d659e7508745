// The report of one `taosim run`: key numbers and the charts its tables support.

import { type Chart, isSkipped, type SkippedChart } from '../chart.ts';
import { formatCount, formatNumber, formatRao } from '../format.ts';
import type { RunInput } from '../input/detect.ts';
import type { KeyNumber, ReportContent } from '../report.ts';
import { adversaryShareChart } from './adversaries.ts';
import { concentrationChart } from './concentration.ts';
import { at, type RunContext, runContext } from './context.ts';
import { emissionByRole } from './emission.ts';
import { taoInjectedChart } from './injection.ts';
import { type HalvingFacts, halvingFacts, issuanceChart } from './issuance.ts';
import { minerMarginsChart } from './margins.ts';
import { poolPricesChart } from './pools.ts';
import { relativeDividendsChart } from './validators.ts';

export function runReport(input: RunInput): ReportContent {
  const ctx = runContext(input);
  const halvings = halvingFacts(ctx);
  const all = [
    emissionByRole(ctx),
    issuanceChart(ctx, halvings),
    taoInjectedChart(ctx),
    poolPricesChart(ctx),
    concentrationChart(ctx),
    minerMarginsChart(ctx),
    relativeDividendsChart(ctx),
    adversaryShareChart(ctx),
  ].filter((c): c is Chart | SkippedChart => c !== null);
  const charts = all.filter((c): c is Chart => !isSkipped(c));
  const skipped = all.filter(isSkipped);
  const era = at(ctx.scenario, 'protocol.preset') ?? at(ctx.scenario, 'protocol.rules.era');
  return {
    kind: 'run',
    title: `taosim run: ${ctx.name}`,
    subtitle:
      `Scenario "${ctx.name}" (${String(era)} era) from ${String(at(ctx.scenario, 'start.date'))}, seed ${String(input.manifest.seed)}; ` +
      `results content hash ${input.manifest.contentHash.slice(0, 16)}…`,
    keyNumbers: keyNumbers(ctx, halvings),
    charts,
    skipped,
  };
}

function keyNumbers(ctx: RunContext, h: HalvingFacts): KeyNumber[] {
  const s = ctx.summary ?? {};
  const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  const minted =
    typeof s.mintedRao === 'string' ? BigInt(s.mintedRao) : ctx.daily.bigints('minted_rao').reduce((a, b) => a + b, 0n);
  const subnets = new Set(ctx.epochs.str('netuid')).size;
  const registrations = ctx.daily.length ? ctx.daily.numbers('registrations').at(-1)! : 0;
  return [
    { label: 'Days', value: formatNumber(ctx.days, Number.isInteger(ctx.days) ? 0 : 2) },
    { label: 'Subnets', value: formatCount(num(s.subnets, subnets)) },
    { label: 'Issuance (TAO)', value: `${formatRao(h.startRao)} → ${formatRao(h.endRao)}` },
    { label: 'TAO minted', value: formatRao(minted) },
    { label: 'Halvings reached', value: h.reached === 0 ? 'none' : formatCount(h.reached) },
    { label: 'Epochs', value: formatCount(num(s.epochs, ctx.epochs.length)) },
    { label: 'Registrations', value: formatCount(num(s.registrations, registrations)) },
  ];
}
