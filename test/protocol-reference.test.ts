// The protocol reference lives in the repository (docs/reference/protocol.md) and code, tests and docs
// cite it by section number ("protocol.md §3.10b", "§9.4"). These checks keep every such citation
// pointing at a heading that exists, and keep the repository free of paths to files outside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const REFERENCE = 'docs/reference/protocol.md';

/** Section numbers of the reference's headings: `## 3. …` → "3", `### 3.10 …` → "3.10", `#### 3.10a …` → "3.10a". */
function referenceSections(): Set<string> {
  const numbers = new Set<string>();
  for (const line of readFileSync(join(ROOT, REFERENCE), 'utf8').split('\n')) {
    const m = /^#{2,4} (\d+(?:\.\d+)?[a-z]?)[.\s]/.exec(line);
    if (m) numbers.add(m[1]);
  }
  return numbers;
}

function filesUnder(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (extensions.some((e) => name.endsWith(e))) out.push(p);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

const SECTION = String.raw`(\d+(?:\.\d+)?(?:[a-z](?![a-z]))?)`;
// "§3.10", "§ 3.10b", and the far end of a range written "§3.8–3.9" or "§5.1–§5.3".
const SIGN_CITATION = new RegExp(String.raw`§\s?${SECTION}(?:\s?[–-]\s?§?${SECTION})?`, 'g');
// "protocol.md 9.3", "protocol.md section 7" (no § sign).
const NAMED_CITATION = new RegExp(String.raw`protocol\.md\s+(?:section\s+)?${SECTION}(?![\d.]*\w)`, 'g');

interface Citation {
  file: string;
  line: number;
  section: string;
}

/**
 * Citations of protocol.md in one file's text. A § citation belongs to the nearest document named
 * before it on the same line; one that follows another document's name ("economics.md §2.3") is
 * that document's, and one with no document named before it is protocol.md's (the code's habit).
 */
function protocolCitations(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((lineText, i) => {
    const add = (section: string | undefined) => section && found.push({ file, line: i + 1, section });
    for (const m of lineText.matchAll(SIGN_CITATION)) {
      const before = lineText.slice(0, m.index);
      const documents = [...before.matchAll(/([\w-]+)\.md\b/g)];
      const owner = documents.length ? documents[documents.length - 1][1] : 'protocol';
      if (owner !== 'protocol') continue;
      add(m[1]);
      add(m[2]);
    }
    for (const m of lineText.matchAll(NAMED_CITATION)) add(m[1]);
  });
  return found;
}

describe('protocol reference (docs/reference/protocol.md)', () => {
  const sections = referenceSections();

  it('keeps the numbering the code and tests cite: sections 0–12 and their subsections', () => {
    const expected = [
      '0',
      '1',
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '2',
      '2.1',
      '2.2',
      '2.3',
      '3',
      ...Array.from({ length: 17 }, (_, k) => `3.${k + 1}`),
      '3.10a',
      '3.10b',
      '4',
      ...Array.from({ length: 9 }, (_, k) => `4.${k + 1}`),
      '5',
      ...Array.from({ length: 6 }, (_, k) => `5.${k + 1}`),
      '6',
      '7',
      '8',
      ...Array.from({ length: 10 }, (_, k) => `8.${k + 1}`),
      '9',
      ...Array.from({ length: 6 }, (_, k) => `9.${k + 1}`),
      '10',
      '11',
      '12',
    ];
    expect([...sections].sort()).toEqual(expected.sort());
  });

  it('attributes citations to the document named before them', () => {
    const text = [
      'a (protocol.md §4.9, economics.md §2.1), then economics.md §1',
      '§3.8–3.9 and §5.1–§5.3; see §3.10b; protocol.md 9.3',
    ].join('\n');
    expect(protocolCitations('x', text).map((c) => `${c.line}:${c.section}`)).toEqual([
      '1:4.9',
      '2:3.8',
      '2:3.9',
      '2:5.1',
      '2:5.3',
      '2:3.10b',
      '2:9.3',
    ]);
  });

  it('has a heading for every section cited in sim/, models/, test/ and docs/', () => {
    const files = ['sim', 'models', 'test', 'docs'].flatMap((d) => filesUnder(d, ['.ts', '.md']));
    const citations = files.flatMap((f) => protocolCitations(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(citations.length).toBeGreaterThan(100);
    const dangling = citations
      .filter((c) => !sections.has(c.section))
      .map((c) => `${c.file}:${c.line} cites §${c.section}`);
    expect(dangling).toEqual([]);
  });
});

describe('the repository is self-contained', () => {
  it('names no file outside it (the one note on upstream material is in docs/README.md)', () => {
    const files = ['sim', 'models', 'reports', 'test', 'docs', 'scenarios', 'scripts']
      .flatMap((d) => filesUnder(d, ['.ts', '.md', '.json', '.sh']))
      .concat(join(ROOT, 'README.md'));
    const self = relative(ROOT, import.meta.filename);
    const outside = files
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== self && f !== 'docs/README.md')
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .flatMap((l, i) => (/(^|[\s`(/.])shared\/[\w.-]/.test(l) ? [`${f}:${i + 1}: ${l.trim()}`] : [])),
      );
    expect(outside).toEqual([]);
  });
});
