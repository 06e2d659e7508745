// The command asks V8 for a larger young generation (sim/util/young-generation.ts): on its own first
// line, which is how npm's bin link and `npx taosim` start it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEMI_SPACE_MB, WORKER_YOUNG_GENERATION_MB } from '../sim/util/young-generation.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('the young generation taosim asks for', () => {
  it("is on bin/taosim.js's interpreter line, the size the worker threads get", () => {
    const first = readFileSync('bin/taosim.js', 'utf8').split('\n')[0];
    expect(first).toBe(`#!/usr/bin/env -S node --max-semi-space-size=${SEMI_SPACE_MB}`);
    expect(WORKER_YOUNG_GENERATION_MB).toBe(192);
  });

  it('bin/taosim.js runs as its own program, through that line', () => {
    const r = spawnSync('bin/taosim.js', ['--version'], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
