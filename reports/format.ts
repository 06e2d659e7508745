// Numbers as text for the summary, without Intl or toLocaleString (whose output depends on the
// machine's locale and ICU version): digits grouped by commas, a fixed number of decimals.

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A float with `decimals` decimals, grouped: 1234567.891 → "1,234,567.89". */
export function formatNumber(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return '—';
  const [int, frac] = Math.abs(x).toFixed(decimals).split('.');
  const sign = x < 0 && Number(Math.abs(x).toFixed(decimals)) !== 0 ? '-' : '';
  return sign + group(int) + (frac ? `.${frac}` : '');
}

/** An exact RAO amount in TAO (1 TAO = 10^9 RAO), rounded half up to `decimals`: "8,921,599.99". */
export function formatRao(rao: bigint, decimals = 2): string {
  const neg = rao < 0n;
  const unit = 10n ** BigInt(9 - decimals);
  const q = ((neg ? -rao : rao) + unit / 2n) / unit; // in units of 10^-decimals TAO
  const one = 10n ** BigInt(decimals);
  const frac = decimals > 0 ? `.${(q % one).toString().padStart(decimals, '0')}` : '';
  return (neg && q > 0n ? '-' : '') + group((q / one).toString()) + frac;
}

/** Integers grouped: 12345 → "12,345". */
export function formatCount(n: number | bigint): string {
  const s = n.toString();
  return s.startsWith('-') ? `-${group(s.slice(1))}` : group(s);
}
