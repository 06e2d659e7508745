// Plain-text tables for the terminal: right-aligned numbers, left-aligned text.

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = header.map((_, c) => rows.every((r) => /^[-+0-9.,e ]*$/.test(r[c])));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => (numeric[c] ? s.padStart(widths[c]) : s.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
