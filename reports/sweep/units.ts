// Axis titles for sweep metrics and parameters: their names are free, so the unit is read from
// the naming conventions of taosim's tables (amounts end in their unit; Ginis and shares are 0–1).

const SUFFIXES: [RegExp, string][] = [
  [/_rao$/, 'RAO'],
  [/_tao$/, 'TAO'],
  [/_usd(_per_day)?$/, 'USD'],
  [/_alpha$/, 'alpha'],
  [/gini/, 'Gini, 0–1'],
  [/(share|fraction|_rate)$/, 'ratio'],
  [/(count|_n|miners|validators|subnets|epochs|registrations|days)$/, 'count'],
];

/** taosim sweep's own metrics (docs/reference/sweep.md) where the naming rule would be vague. */
const KNOWN: Record<string, string> = {
  final_mean_price_tao: 'TAO per alpha',
  final_mean_margin_usd: 'USD per miner per day',
  cabal_miner_share: 'share',
  cabal_validator_share: 'share',
  copier_validator_share: 'share',
};

export function unitOf(name: string): string {
  if (Object.hasOwn(KNOWN, name)) return KNOWN[name];
  for (const [re, unit] of SUFFIXES) if (re.test(name)) return unit;
  return 'value';
}

export const metricTitle = (metric: string) => `${metric} (${unitOf(metric)})`;
export const paramTitle = (param: string) => `${param} (scenario value)`;
