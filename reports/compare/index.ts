// `taosim report A B`: two finished runs of the same length on the same subnets — a base and a
// perturbed one (a cabal, a changed rule) — side by side: key numbers for A and B and B − A, what
// changed most (in words, computed from the numbers), and charts of TAO emission shares, validator
// dividends and prices.

import { type Chart, isSkipped, type SkippedChart } from '../chart.ts';
import { formatNumber, formatRao } from '../format.ts';
import type { KeyNumber, ReportContent } from '../report.ts';
import { at } from '../run/context.ts';
import {
  type GroupShare,
  groupDividendsChart,
  groupShares,
  pp,
  priceMovers,
  pricesChart,
  taoShareChart,
  topMovers,
  validatorDividendsChart,
  validatorPairs,
} from './charts.ts';
import type { ComparedRun } from './input.ts';
import { measureRun, type RunMeasures } from './measures.ts';

export { readComparison } from './input.ts';

export function comparisonReport(a: ComparedRun, b: ComparedRun): ReportContent {
  const ma = measureRun(a.ctx);
  const mb = measureRun(b.ctx);
  const groups = groupShares(ma, mb);
  const all = [
    taoShareChart(a, b, ma, mb),
    validatorDividendsChart(a, b, ma, mb),
    groupDividendsChart(a, b, groups),
    pricesChart(a, b, ma, mb),
  ].filter((c): c is Chart | SkippedChart => c !== null);
  const describe = (r: ComparedRun) =>
    `${r.label}: "${r.ctx.name}" seed ${String(r.input.manifest.seed)}, ${r.input.manifest.contentHash.slice(0, 12)}…`;
  return {
    kind: 'comparison',
    title: `taosim comparison: ${a.label} and ${b.label}`,
    subtitle: `${describe(a)}; ${describe(b)}; ${formatNumber(a.ctx.days, Number.isInteger(a.ctx.days) ? 0 : 2)} days from block ${String(at(a.ctx.scenario, 'start.block'))}.`,
    keyNumbers: keyNumbers(ma, mb, groups, a.ctx.unit),
    keyColumns: [a.label, b.label, `${b.label} − ${a.label}`],
    findings: { title: 'What changed', sentences: whatChanged(a, b, ma, mb, groups) },
    charts: all.filter((c): c is Chart => !isSkipped(c)),
    skipped: all.filter(isSkipped),
  };
}

const signed = (s: string) => (s.startsWith('-') || /^0(\.0*)?$/.test(s) ? s : `+${s}`);
const pct = (x: number) => `${formatNumber(100 * x, 1)} %`;

function raoRow(label: string, x: bigint, y: bigint): KeyNumber {
  return { label, value: formatRao(x), more: [formatRao(y), signed(formatRao(y - x))] };
}
function shareRow(label: string, x: number, y: number): KeyNumber {
  return { label, value: pct(x), more: [pct(y), pp(y - x)] };
}
function numberRow(label: string, x: number | null, y: number | null, decimals: number): KeyNumber {
  const f = (v: number | null) => (v === null ? '—' : formatNumber(v, decimals));
  const d = x === null || y === null ? '—' : signed(formatNumber(y - x, decimals));
  return { label, value: f(x), more: [f(y), d] };
}

function keyNumbers(ma: RunMeasures, mb: RunMeasures, groups: GroupShare[], unit: string): KeyNumber[] {
  const rows: KeyNumber[] = [
    raoRow('TAO minted', ma.mintedRao, mb.mintedRao),
    raoRow('TAO emitted into subnets', ma.taoToSubnetsRao, mb.taoToSubnetsRao),
    shareRow('Top-8 subnets’ share of TAO emission', ma.top8Share, mb.top8Share),
    numberRow('Gini of subnets’ TAO emission', ma.taoShareGini, mb.taoShareGini, 3),
    raoRow(`Validator dividends (${unit})`, ma.dividendsRao, mb.dividendsRao),
    numberRow('Validator dividends (USD, at final prices)', ma.dividendsUsd, mb.dividendsUsd, 0),
    ...groups
      .filter((g) => g.group !== 'honest')
      .map((g) => shareRow(`${g.group} validators’ share of dividends`, g.dividendsA, g.dividendsB)),
  ];
  if (ma.priceIndex !== null || mb.priceIndex !== null)
    rows.push(numberRow('Price index (geometric mean end price, TAO per alpha)', ma.priceIndex, mb.priceIndex, 6));
  if (ma.poolsTaoEndRao !== null && mb.poolsTaoEndRao !== null)
    rows.push(raoRow('TAO in pools at the end', ma.poolsTaoEndRao, mb.poolsTaoEndRao));
  return rows;
}

/** A share difference too small to show as ±0.01 pp. */
const negligible = (d: number) => Math.abs(d) < 0.5e-4;

function whatChanged(a: ComparedRun, b: ComparedRun, ma: RunMeasures, mb: RunMeasures, groups: GroupShare[]): string[] {
  const out: string[] = [];
  const shareDelta = (n: number) => mb.taoShare.get(n)! - ma.taoShare.get(n)!;
  const same =
    topMovers(ma.netuids, shareDelta, 1).length === 0 &&
    topMovers(validatorPairs(ma, mb), (p) => p.sb - p.sa, 1).length === 0 &&
    priceMovers(ma, mb, 1).length === 0;
  if (same) return [`${a.label} and ${b.label} give the same TAO emission shares, validator dividends and prices.`];
  const taoMovers = topMovers(ma.netuids, shareDelta, 3).filter((n) => !negligible(shareDelta(n)));
  if (taoMovers.length) {
    out.push(
      `TAO emission share moved most on ${taoMovers.map((n) => `SN${n} (${pct(ma.taoShare.get(n)!)} → ${pct(mb.taoShare.get(n)!)}, ${pp(shareDelta(n))})`).join(', ')}; ` +
        `the top 8 subnets took ${pct(ma.top8Share)} in ${a.label} and ${pct(mb.top8Share)} in ${b.label} (Gini ${formatNumber(ma.taoShareGini, 3)} → ${formatNumber(mb.taoShareGini, 3)}).`,
    );
  } else if (ma.subnetTaoRao && mb.subnetTaoRao) {
    out.push(`No subnet's share of TAO emission moved by 0.01 percentage points or more.`);
  }
  const adversarial = groups.filter((g) => g.group !== 'honest');
  if (adversarial.length) {
    out.push(
      adversarial
        .map(
          (g) =>
            `the ${g.members} ${g.group} validator${g.members > 1 ? 's' : ''} (${pct(g.stakeB)} of validators' stake in ${b.label}) took ${pct(g.dividendsA)} of validator dividends in ${a.label} and ${pct(g.dividendsB)} in ${b.label} (${pp(g.dividendsB - g.dividendsA)})`,
        )
        .join('; ')
        .replace(/^t/, 'T')
        .concat('.'),
    );
  } else {
    const top = topMovers(validatorPairs(ma, mb), (p) => p.sb - p.sa, 1)[0];
    if (top && !negligible(top.sb - top.sa))
      out.push(
        `The validator whose dividend share moved most is rank ${top.rank} (hotkey ${top.hotkey}): ${pct(top.sa)} → ${pct(top.sb)} (${pp(top.sb - top.sa)}).`,
      );
  }
  const prices = priceMovers(ma, mb, 3);
  if (prices.length) {
    const change = (n: number) => mb.prices.last.get(n)! / ma.prices.last.get(n)! - 1;
    out.push(
      `End prices moved most on ${prices.map((n) => `SN${n} (${formatNumber(ma.prices.last.get(n)!, 6)} → ${formatNumber(mb.prices.last.get(n)!, 6)} TAO per alpha, ${signed(formatNumber(100 * change(n), 1))} %)`).join(', ')}.`,
    );
  }
  if (out.length === 0)
    out.push(`${a.label} and ${b.label} give the same TAO emission shares, validator dividends and prices.`);
  return out;
}
