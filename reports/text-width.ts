// Text width for chart layout without a canvas. Vega's own fallback (0.8 em per character) is about
// half again too wide, so legends and labels get cut short and charts padded; measuring with a
// canvas would make the bytes depend on the machine's fonts. These are Helvetica's advance widths
// (Adobe's AFM, in 1/1000 em; Arial and Liberation Sans share them): close to what a browser
// draws, and the same everywhere.

// Printable ASCII, from ' ' (32) to '~' (126).
const WIDTHS = [
  278,
  278,
  355,
  556,
  556,
  889,
  667,
  191,
  333,
  333,
  389,
  584,
  278,
  333,
  278,
  278, // space … /
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  556,
  278,
  278,
  584,
  584,
  584,
  556, // 0 … ?
  1015,
  667,
  667,
  722,
  722,
  667,
  611,
  778,
  722,
  278,
  500,
  667,
  556,
  833,
  722,
  778, // @ … O
  667,
  778,
  722,
  667,
  611,
  722,
  667,
  944,
  667,
  667,
  611,
  278,
  278,
  278,
  469,
  556, // P … _
  333,
  556,
  556,
  500,
  556,
  556,
  278,
  556,
  556,
  222,
  222,
  500,
  222,
  833,
  556,
  556, // ` … o
  556,
  556,
  333,
  500,
  278,
  556,
  500,
  722,
  500,
  500,
  500,
  334,
  260,
  334,
  584, // p … ~
];
/** Anything else (→, …, ×, –, letters with accents): a typical lower-case width, rounded up. */
const OTHER = 600;
/** Bold Helvetica runs about 6 % wider. */
const BOLD = 1.06;

export function textWidth(text: string, fontSize: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c <= 126 ? WIDTHS[c - 32] : OTHER;
  }
  return (w / 1000) * fontSize * (bold ? BOLD : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
}

/** The signature of Vega's textMetrics.width. */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const weight = item.fontWeight;
  const bold =
    weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || weight === '700';
  return textWidth(text == null ? '' : String(text).trim(), size, bold);
}
