// TAO amounts as people type them on a command line, converted to RAO exactly (string arithmetic,
// no floating point): "12000000" and "11999999.123456789" are TAO, as in scenario files;
// "12000000tao" says so explicitly; "12000000000000000rao" is RAO.

export const RAO_DIGITS = 9; // 1 TAO = 10^9 RAO

/** RAO of an amount written in TAO (up to 9 decimals) or with a tao/rao suffix; null if it is not one. */
export function parseTaoAmount(text: string): bigint | null {
  const rao = /^(\d+)rao$/i.exec(text);
  if (rao) return BigInt(rao[1]);
  const tao = /^(\d+)(?:\.(\d{1,9}))?(?:tao)?$/i.exec(text);
  if (!tao) return null;
  return BigInt(tao[1]) * 10n ** BigInt(RAO_DIGITS) + BigInt((tao[2] ?? '').padEnd(RAO_DIGITS, '0'));
}

/**
 * RAO of a non-negative TAO amount read from JSON (a double), exact to the RAO for the decimal the
 * user wrote: the double's value rounded to 9 decimals in decimal arithmetic (`toFixed`), where
 * `Math.round(tao * 1e9)` loses the last RAO above 2^53 RAO (about 9.0M TAO).
 */
export function taoNumberToRao(tao: number): bigint {
  const [whole, frac = ''] = tao.toFixed(RAO_DIGITS).split('.');
  return BigInt(whole) * 10n ** BigInt(RAO_DIGITS) + BigInt(frac.padEnd(RAO_DIGITS, '0'));
}

/** RAO as TAO, without trailing zeros: 12000000, 0.25, 11999999.000000001. */
export function formatTao(rao: bigint): string {
  const unit = 10n ** BigInt(RAO_DIGITS);
  const whole = rao / unit;
  const frac = (rao % unit).toString().padStart(RAO_DIGITS, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}
