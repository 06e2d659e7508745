// report.html: one self-contained page (inline CSS and SVG; a content security policy that forbids
// every fetch), so it opens the same offline, from an archive or as a CI artifact.

import type { Rendered } from './render.ts';
import type { ReportContent } from './report.ts';

/** Text content and attribute values: the characters HTML gives meaning to. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 980px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.subtitle { color: #555; margin-top: 0; }
table.key-numbers { border-collapse: collapse; }
table.key-numbers th { text-align: left; font-weight: normal; color: #555; padding: 0.2rem 1.5rem 0.2rem 0; }
table.key-numbers td { font-variant-numeric: tabular-nums; padding: 0.2rem 1.5rem 0.2rem 0; }
table.key-numbers th[scope="col"] { color: #222; font-weight: bold; padding: 0.2rem 1.5rem 0.2rem 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
figure { margin: 2rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #333; margin-top: 0.3rem; }
.files { font-size: 0.85rem; color: #777; margin-top: 0.2rem; }
.files a { color: #777; }
.skipped h3 { font-size: 1rem; margin: 2rem 0 0.3rem; }
.skipped p { color: #555; margin: 0; }
`;

export function reportHtml(content: ReportContent, svgs: Rendered[]): string {
  const e = escapeHtml;
  const head = content.keyColumns
    ? `<tr><th></th>${content.keyColumns.map((c) => `<th scope="col">${e(c)}</th>`).join('')}</tr>\n`
    : '';
  const rows =
    head +
    content.keyNumbers
      .map(
        (k) =>
          `<tr><th scope="row">${e(k.label)}</th>${[k.value, ...(k.more ?? [])].map((v) => `<td>${e(v)}</td>`).join('')}</tr>`,
      )
      .join('\n');
  const findings = content.findings
    ? `<section class="findings">\n<h2>${e(content.findings.title)}</h2>\n<ul>\n${content.findings.sentences.map((t) => `<li>${e(t)}</li>`).join('\n')}\n</ul>\n</section>\n`
    : '';
  const skipped = content.skipped ?? [];
  const toc = [...content.charts, ...skipped]
    .map((c) => `<li><a href="#chart-${e(c.name)}">${e(c.title)}</a></li>`)
    .join('\n');
  const figures = content.charts
    .map(
      (c, i) => `<figure id="chart-${e(c.name)}" class="chart">
${svgs[i].svg}
<figcaption>${e(c.caption)}</figcaption>
<p class="files">Data: <a href="tables/${e(c.name)}.csv">tables/${e(c.name)}.csv</a> · Vega-Lite spec: <a href="charts/${e(c.name)}.vl.json">charts/${e(c.name)}.vl.json</a></p>
</figure>`,
    )
    .concat(
      skipped.map(
        (c) =>
          `<section id="chart-${e(c.name)}" class="skipped">\n<h3>${e(c.title)}</h3>\n<p>Not drawn: ${e(c.reason)}</p>\n</section>`,
      ),
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="taosim report">
<title>${e(content.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(content.title)}</h1>
<p class="subtitle">${e(content.subtitle)}</p>
</header>
<section>
<h2>Key numbers</h2>
<table class="key-numbers">
${rows}
</table>
</section>
${findings}<nav>
<h2>Charts</h2>
<ol>
${toc}
</ol>
</nav>
<main>
${figures}
</main>
</body>
</html>
`;
}
