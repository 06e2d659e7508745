// Writing a report directory: every file atomically, report.html last (its presence means the
// report is whole), and stale charts or tables of an earlier report removed so none is mistaken
// for part of this one.

import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv, type Table } from '../sim/output/index.ts';
import { REPORT_HTML_NAME } from '../sim/output/result-names.ts';
import { writeFileAtomic } from '../sim/util/atomic-write.ts';
import { UsageError } from '../sim/util/errors.ts';
import { formatJson } from '../sim/util/json.ts';
import { reportHtml } from './html.ts';
import { summaryMarkdown } from './markdown.ts';
import type { Rendered } from './render.ts';
import type { ReportContent } from './report.ts';

/** Write the report into `out`; returns the files written, relative to `out`, in order. */
export function writeReport(out: string, content: ReportContent, svgs: Rendered[]): string[] {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`${out} is a file: expected a directory for the report`);
  const keyTable: Table = {
    name: 'key_numbers',
    columns: ['key_number', ...(content.keyColumns ?? ['value'])],
    rows: content.keyNumbers.map((k) => [k.label, k.value, ...(k.more ?? [])]),
  };
  const files: [string, string][] = [
    ...content.charts.flatMap((c, i): [string, string][] => [
      [`charts/${c.name}.svg`, `${svgs[i].svg}\n`],
      [`charts/${c.name}.vl.json`, `${formatJson(c.spec)}\n`],
      [`tables/${c.name}.csv`, formatCsv(c.data)],
    ]),
    ['tables/key_numbers.csv', formatCsv(keyTable)],
    ['summary.md', summaryMarkdown(content)],
  ];
  // An earlier report is no longer whole once we start replacing its parts.
  rmSync(join(out, REPORT_HTML_NAME), { force: true });
  removeStale(out, new Set(files.map(([f]) => f)));
  for (const [name, text] of files) writeFileAtomic(join(out, name), text);
  writeFileAtomic(join(out, REPORT_HTML_NAME), reportHtml(content, svgs));
  return [...files.map(([f]) => f), REPORT_HTML_NAME];
}

/** Remove charts/ and tables/ files this report does not write (only the kinds a report writes). */
function removeStale(out: string, keep: Set<string>): void {
  for (const sub of ['charts', 'tables']) {
    const dir = join(out, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (/\.(svg|vl\.json|csv)$/.test(f) && !keep.has(`${sub}/${f}`)) rmSync(join(dir, f), { force: true });
    }
  }
}
