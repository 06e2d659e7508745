// summary.md: the key numbers and every chart with its caption, for a README, a PR comment or a
// wiki page (charts are linked, relative to the report directory).

import type { ReportContent } from './report.ts';

/** Table cells: a pipe would end the cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function summaryMarkdown(content: ReportContent): string {
  const lines = [
    `# ${content.title}`,
    '',
    content.subtitle,
    '',
    `| Key number | ${(content.keyColumns ?? ['Value']).map(cell).join(' | ')} |`,
    `| --- |${' --- |'.repeat((content.keyColumns ?? ['Value']).length)}`,
    ...content.keyNumbers.map((k) => `| ${cell(k.label)} | ${[k.value, ...(k.more ?? [])].map(cell).join(' | ')} |`),
    '',
  ];
  if (content.findings) {
    lines.push(`## ${content.findings.title}`, '', ...content.findings.sentences.map((t) => `- ${t}`), '');
  }
  lines.push('## Charts');
  for (const c of content.charts) {
    lines.push(
      '',
      `### ${c.title}`,
      '',
      `![${c.title}](charts/${c.name}.svg)`,
      '',
      c.caption,
      '',
      `Data: [tables/${c.name}.csv](tables/${c.name}.csv)`,
    );
  }
  for (const c of content.skipped ?? []) lines.push('', `### ${c.title}`, '', `Not drawn: ${c.reason}`);
  return `${lines.join('\n')}\n`;
}
