// The dependency rule of docs/explanation/design.md, enforced: every import between the project's
// folders points down the layer table, the engine knows no Bittensor and the chain imports nothing
// above it. A new folder must be placed in the table before it can import anything.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Layers from the ground up; a module may import its own layer or any layer below it. */
const LAYERS: readonly (readonly string[])[] = [
  ['sim/util', 'sim/schema'],
  ['sim/engine', 'sim/chain'],
  ['sim/kernels', 'sim/output', 'sim/trace', 'sim/state'],
  ['models'],
  ['sim/scenario'],
  ['sim/run'],
  ['sim/studies', 'sim/sweep'],
  ['reports'],
  ['sim/bench'],
  ['sim/cli', 'sim/schema/generate.ts'],
];

/** Folders that must stay self-contained: nothing of the project outside themselves. */
const SELF_CONTAINED = ['sim/engine', 'sim/chain'];

const SOURCE_ROOTS = ['sim', 'models', 'reports'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

/** The layer folder a repository path belongs to (the longest matching prefix). */
function folderOf(path: string): string | undefined {
  const candidates = LAYERS.flat().filter((f) => path === f || path.startsWith(`${f}/`));
  return candidates.sort((a, b) => b.length - a.length)[0];
}

const rankOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

interface Import {
  from: string;
  to: string;
}

function projectImports(): Import[] {
  const imports: Import[] = [];
  for (const top of SOURCE_ROOTS) {
    for (const file of sourceFiles(join(root, top))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = relative(root, resolve(dirname(file), m[1]));
        imports.push({ from: relative(root, file), to: target });
      }
    }
  }
  return imports;
}

describe('the dependency rule', () => {
  const imports = projectImports();

  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
  });

  it('every source file lives in a layer of the table', () => {
    const homeless = [...new Set(imports.map((i) => i.from))].filter((f) => folderOf(f) === undefined);
    expect(homeless).toEqual([]);
  });

  it('imports only point down the layers', () => {
    const upward = imports
      .filter((i) => {
        const a = folderOf(i.from);
        const b = folderOf(i.to);
        if (a === undefined || b === undefined || a === b) return b === undefined;
        return rankOf(b) > rankOf(a);
      })
      .map((i) => `${i.from} -> ${i.to}`);
    expect(upward).toEqual([]);
  });

  it.each(SELF_CONTAINED)('%s imports nothing of the project outside itself', (folder) => {
    const outside = imports
      .filter((i) => folderOf(i.from) === folder && folderOf(i.to) !== folder)
      .map((i) => `${i.from} -> ${i.to}`);
    expect(outside).toEqual([]);
  });

  it('the rule can fail: an upward import is caught', () => {
    const a = folderOf('sim/chain/yuma/epoch.ts');
    const b = folderOf('sim/run/run-scenario.ts');
    expect(a).toBe('sim/chain');
    expect(rankOf(b!)).toBeGreaterThan(rankOf(a!));
  });
});
