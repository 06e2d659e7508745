// Under-weighting in small subnets: what the attacker's own miners gain, and what it costs the
// attacker in dividends, as its stake grows.

import type { Chart } from '../chart.ts';
import { formatNumber } from '../format.ts';
import { Frame } from '../input/frame.ts';
import { lineChart } from '../line-chart.ts';
import type { KeyNumber } from '../report.ts';
import { sig } from '../stats.ts';
import type { StudyReporter } from './study.ts';

interface Tilt {
  validators: number[];
  stake: number[];
  gain: number[];
  rate: number[];
  lo: number;
  hi: number;
  /** "min–max" over subnet sizes. */
  span: (xs: number[]) => string;
  gainAt: (s: number) => number[];
}

function readTilt(dir: string): Tilt {
  const f = Frame.read(dir, 'under_weighting.csv');
  const stake = f.numbers('attacker_stake_share');
  const gain = f.numbers('own_miners_incentive_over_fair');
  return {
    validators: f.numbers('validators'),
    stake,
    gain,
    rate: f.numbers('attacker_relative_dividend_rate'),
    lo: Math.min(...stake),
    hi: Math.max(...stake),
    span: (xs) => `${formatNumber(Math.min(...xs), 2)}–${formatNumber(Math.max(...xs), 2)}`,
    gainAt: (s) => gain.filter((_, i) => stake[i] === s),
  };
}

function underWeightingKeyNumbers(dir: string): KeyNumber[] {
  const { lo, hi, span, gainAt, validators } = readTilt(dir);
  return [
    { label: `Own miners' gain at ${formatNumber(100 * lo, 0)} % stake`, value: `${span(gainAt(lo))} × fair` },
    { label: `Own miners' gain at ${formatNumber(100 * hi, 0)} % stake`, value: `${span(gainAt(hi))} × fair` },
    { label: 'Subnet sizes (validators)', value: [...new Set(validators)].join(', ') },
  ];
}

function underWeightingCharts(dir: string): Chart[] {
  const { validators, stake, gain, rate, lo, hi, span, gainAt } = readTilt(dir);
  const rows = stake.map((s, i) => ({
    validators: `${validators[i]} validators`,
    attacker_stake_share: s,
    own_miners_incentive_over_fair: sig(gain[i]),
    attacker_relative_dividend_rate: sig(rate[i]),
  }));
  const columns = [
    'validators',
    'attacker_stake_share',
    'own_miners_incentive_over_fair',
    'attacker_relative_dividend_rate',
  ];
  const series = { field: 'validators', title: 'Subnet' };
  const x = {
    field: 'attacker_stake_share',
    title: "Attacker's share of stake (%)",
    format: '.0%',
    zero: true,
  } as const;
  return [
    lineChart({
      name: 'under_weighting_gain',
      title: "Under-weighting: the attacker's miners' incentive over their fair share",
      caption:
        `Incentive of the attacker's own miners divided by their share by quality (1 = fair), one line per subnet size: ` +
        `${span(gainAt(lo))} at ${formatNumber(100 * lo, 0)} % of stake, ${span(gainAt(hi))} at ${formatNumber(100 * hi, 0)} %.`,
      columns,
      rows,
      x,
      y: { field: 'own_miners_incentive_over_fair', title: 'Own miners’ incentive (× fair share)' },
      series,
      refs: [{ y: 1, label: 'fair share' }],
    }),
    lineChart({
      name: 'under_weighting_dividends',
      title: "Under-weighting: the attacker's relative dividend rate",
      caption:
        "The attacker's dividends per unit of stake over the median honest validator's (1 = par): below 1, scoring competitors low costs it dividends.",
      columns,
      rows,
      x,
      y: { field: 'attacker_relative_dividend_rate', title: 'Relative dividend rate (× median honest)' },
      series,
      refs: [{ y: 1, label: 'par' }],
    }),
  ];
}

export const underWeightingReport: StudyReporter = {
  keyNumbers: underWeightingKeyNumbers,
  charts: underWeightingCharts,
};
