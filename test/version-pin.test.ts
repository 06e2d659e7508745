// The version moves with the outputs. run.json, checkpoints and `taosim merge` refuse results of
// another version, which only protects anyone if the version changes whenever output bytes can. This
// pins the content hash of a small run (economic miners, stakers, subnet registrations, two days)
// together with package.json's version: when outputs change on purpose, bump the version, say what
// changed in CHANGELOG.md, and update PIN below; when they change by accident, that is a regression.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taosimInProcess } from './helpers/cli.ts';

const PIN = {
  version: '0.3.0',
  contentHash: '25f843f54500d15af34361c3b09f674ed45da2de97a24bc5354554d27dba74de',
};

describe('version pin', () => {
  it('the small run hashes as pinned for this version (bump both together, with a CHANGELOG entry)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'taosim-pin-')), 'run');
    const r = await taosimInProcess(['run', 'test/fixtures/pin/scenario.json', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      taosimVersion: string;
      contentHash: string;
    };
    expect({ version: manifest.taosimVersion, contentHash: manifest.contentHash }).toEqual(PIN);
  });

  it('CHANGELOG.md has an entry for this version', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(readFileSync('CHANGELOG.md', 'utf8')).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')} `, 'm'));
  });
});
