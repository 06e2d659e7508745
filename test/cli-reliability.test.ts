// The run command's reliability surface from the outside: every user mistake exits 2 with one line
// naming what is wrong; a too-large scenario is refused with its memory estimate.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMemory, estimateRunMemory } from '../sim/run/memory-estimate.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosim, taosimInProcess } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'taosim-clirel-'));
const file = (name: string, json: object) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(json));
  return f;
};
const small = {
  format: 'taosim-scenario/v1',
  duration: { blocks: 200 },
  subnets: { count: 1, initialUids: 8, validators: 2 },
  stake: { validators: 2 },
};

describe('taosim run: mistakes exit 2 with one line', () => {
  const oneLine = async (args: string[], pattern: RegExp) => {
    const r = await taosimInProcess(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toMatch(/^taosim: error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  };
  it.each([
    [['run', '--resume', join(dir, 'nope')], /--resume .*nope: no such directory/],
    [
      ['run', '--resume', dir],
      /--resume .*: no checkpoint there \(the run stopped before its first one\); rerun the scenario/,
    ],
    [
      ['run', 'x.json', '--resume', dir],
      /--resume continues the run as it was started; a scenario cannot be given with it/,
    ],
    [['run'], /name a scenario file \(taosim run SCENARIO\), or --resume DIR to continue a run/],
    [
      ['run', file('a.json', small), '--checkpoint-every', '0', '--out', join(dir, 'a')],
      /--checkpoint-every: expected a whole number of blocks ≥ 1, got 0/,
    ],
    [
      ['run', file('b.json', small), '--epoch', 'approximate'],
      /Invalid values:\n\s+Argument: epoch, Given: "approximate", Choices: "exact", "fast"/,
    ],
    [
      ['run', file('c.json', { ...small, epoch: 'quick' })],
      /c\.json: at \$\.epoch: expected "exact" or "fast", got "quick"/,
    ],
    [['run', file('d.json', small), '--backend', 'webgpu', '--out', join(dir, 'd')], /--backend webgpu: /],
  ])('%j', (args, pattern) => oneLine(args as string[], pattern));

  it('through the real command (bin/taosim.js): exit code 2 and the same one line', () => {
    const r = taosim(['run', file('e.json', small), '--checkpoint-every', '0', '--out', join(dir, 'e')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('taosim: error: --checkpoint-every: expected a whole number of blocks ≥ 1, got 0\n');
  });

  it('pools drawn around their median that exceed the issuance: the file and field are named', async () => {
    const f = file('pools.json', {
      ...small,
      subnets: { count: 8, initialUids: 8, validators: 2 },
      start: { issuanceTao: 1_000_000 },
      stake: { validators: 2, rootTotal: 10 },
      pools: { taoMedian: 120_000, taoSpread: 1.5 },
    });
    await oneLine(
      ['run', f, '--out', join(dir, 'p')],
      /pools\.json: at \$\.start\.issuanceTao: at the start, root stake \(\d+ TAO\) plus the pools as drawn \(\d+ TAO\) plus miner budgets \(\d+ TAO\) exceed the starting issuance \(1000000 TAO\)/,
    );
  });
});

describe('results from another taosim version', () => {
  it('a run directory written by another version is refused by report, naming run.json and both versions', async () => {
    const out = join(dir, 'old-run');
    expect((await taosimInProcess(['run', file('v.json', small), '--out', out])).code).toBe(0);
    const manifest = join(out, 'run.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, JSON.stringify({ ...m, taosimVersion: '0.0.1' }));
    const r = await taosimInProcess(['report', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `taosim: error: ${manifest}: written by taosim 0.0.1, this is taosim ${m.taosimVersion}: report it with that version, or rerun the scenario\n`,
    );
  });
});

describe('memory estimate', () => {
  const big = parseScenario(
    {
      ...small,
      protocol: { preset: 'current', overrides: { subnetLimit: 4096 } },
      subnets: { count: 4096, initialUids: 256, validators: 64 },
      stake: { validators: 64 },
      start: { issuanceTao: 20_000_000 },
      pools: { taoMedian: 100 },
    },
    'big.json',
  );
  it('grows with the network and is refused above the machine with the estimate, unless forced', () => {
    const est = estimateRunMemory(big);
    expect(est).toBeGreaterThan(estimateRunMemory(parseScenario(small, 's.json')) * 10);
    expect(() => checkMemory(big, false, 'big.json', 2 ** 30)).toThrow(UsageError);
    try {
      checkMemory(big, false, 'big.json', 2 ** 30);
    } catch (e) {
      expect((e as UsageError).format()).toMatch(
        /^big\.json: this run needs an estimated \d+\.\d GiB of memory and this machine has 1\.0 GiB; .* or pass --force to run anyway$/,
      );
    }
    expect(checkMemory(big, true, 'big.json', 2 ** 30).bytes).toBe(est);
    expect(checkMemory(big, false, 'big.json', est * 1.5).warning).toMatch(
      /needs an estimated .* of this machine's .* of memory/,
    );
    expect(checkMemory(big, false, 'big.json', est * 3).warning).toBeUndefined();
  });
});
