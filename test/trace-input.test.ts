// Bad epoch traces: one clear line naming the JSON path and what was expected, exit code 2, no output.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEpochTrace } from '../sim/trace/epochs-trace.ts';
import { UsageError } from '../sim/util/errors.ts';
import { taosimInProcess } from './helpers/cli.ts';

const good = () => ({
  format: 'taosim-epochs/v1',
  n: 3,
  hyperparameters: { tempo: 100 },
  epochs: [
    {
      stake: ['10', '0', '0'],
      setWeights: {
        '0': [
          [1, 5],
          [2, 5],
        ],
      },
    },
  ],
});

function errorOf(mutate: (t: any) => void): string {
  const t = good();
  mutate(t);
  try {
    parseEpochTrace(t, 'bad.json');
  } catch (e) {
    if (e instanceof UsageError) return e.format();
    throw e;
  }
  throw new Error('trace was accepted');
}

describe('trace validation names the file, the JSON path and what was expected', () => {
  const cases: [string, (t: any) => void, RegExp][] = [
    ['wrong format', (t) => (t.format = 'v0'), /^bad\.json: at \$\.format: expected "taosim-epochs\/v1", got "v0"$/],
    ['n too large', (t) => (t.n = 4097), /\$\.n: expected an integer in \[1, 4096\], got 4097/],
    ['n not an integer', (t) => (t.n = 2.5), /\$\.n: expected an integer/],
    ['unknown top-level field', (t) => (t.extra = 1), /\$\.extra: unknown field "extra"/],
    ['unknown hyperparameter', (t) => (t.hyperparameters.kapa = 1), /\$\.hyperparameters\.kapa: unknown field "kapa"/],
    [
      'kappa out of range',
      (t) => (t.hyperparameters.kappa = 70000),
      /\$\.hyperparameters\.kappa: expected an integer in \[0, 65535\], got 70000/,
    ],
    [
      'yuma3 not boolean',
      (t) => (t.hyperparameters.yuma3 = 'yes'),
      /\$\.hyperparameters\.yuma3: expected true or false, got "yes"/,
    ],
    [
      'owner uid out of range',
      (t) => (t.hyperparameters.ownerUid = 3),
      /\$\.hyperparameters\.ownerUid: expected an integer in \[0, 2\]/,
    ],
    [
      'alpha low above high',
      (t) => Object.assign(t.hyperparameters, { alphaLow: 50000, alphaHigh: 40000 }),
      /alphaHigh: expected a value ≥ alphaLow/,
    ],
    [
      'negative stake',
      (t) => (t.epochs[0].stake[1] = '-5'),
      /\$\.epochs\[0\]\.stake\[1\]: expected a non-negative integer amount in RAO/,
    ],
    [
      'fractional stake',
      (t) => (t.epochs[0].stake[1] = 1.5),
      /\$\.epochs\[0\]\.stake\[1\]: expected a non-negative integer amount/,
    ],
    [
      'unsafe stake number',
      (t) => (t.epochs[0].stake[1] = 2 ** 60),
      /stake\[1\]: expected a non-negative integer amount/,
    ],
    [
      'stake above u64',
      (t) => (t.epochs[0].stake[1] = '18446744073709551616'),
      /stake\[1\]: expected an amount that fits in u64/,
    ],
    [
      'stake of wrong length',
      (t) => (t.epochs[0].stake = ['1']),
      /\$\.epochs\[0\]\.stake: expected an array of 3 amounts/,
    ],
    [
      'weight destination out of range',
      (t) => (t.epochs[0].setWeights['0'] = [[3, 1]]),
      /setWeights\["0"\]\[0\]\[0\]: expected an integer in \[0, 2\], got 3/,
    ],
    [
      'weight value above u16',
      (t) => (t.epochs[0].setWeights['0'] = [[1, 65536]]),
      /setWeights\["0"\]\[0\]\[1\]: expected an integer in \[0, 65535\]/,
    ],
    [
      'duplicate destination in a row',
      (t) =>
        (t.epochs[0].setWeights['0'] = [
          [1, 1],
          [1, 2],
        ]),
      /setWeights\["0"\]\[1\]\[0\]: expected a destination uid not already in this row, got 1/,
    ],
    [
      'setWeights key not a uid',
      (t) => (t.epochs[0].setWeights = { x: [] }),
      /setWeights\["x"\]: expected a uid in \[0, 2\] as the key/,
    ],
    [
      'register uid out of range',
      (t) => (t.epochs[0].register = [7]),
      /register\[0\]: expected an integer in \[0, 2\]/,
    ],
    ['register twice', (t) => (t.epochs[0].register = [1, 1]), /register: expected each uid at most once, got 1/],
    ['unknown epoch field', (t) => (t.epochs[0].weights = {}), /\$\.epochs\[0\]\.weights: unknown field "weights"/],
    ['epochs not an array', (t) => (t.epochs = {}), /\$\.epochs: expected an array, got an object/],
    [
      'initialPermits wrong length',
      (t) => (t.initialPermits = [true]),
      /\$\.initialPermits: expected an array of 3 booleans/,
    ],
  ];
  it.each(cases)('%s', (_name, mutate, pattern) => {
    const line = errorOf(mutate);
    expect(line).toMatch(pattern);
    expect(line).not.toContain('\n');
  });
  it('accepts the unmodified trace', () => {
    expect(() => parseEpochTrace(good(), 'good.json')).not.toThrow();
  });
});

describe('taosim epochs on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-trace-'));
  it('prints the result of the shipped example and exits 0', async () => {
    const r = await taosimInProcess(['epochs', 'scenarios/traces/two-validators.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).epochs[0].validatorEmission).toEqual(['340909090', '159090908', '0', '0', '0']);
  });
  it('a bad trace: exit 2, one line on stderr with file and path, no stack trace, no output file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...good(), n: 0 }));
    const out = join(dir, 'out.json');
    const r = await taosimInProcess(['epochs', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${bad}: at $.n: expected an integer in [1, 4096], got 0`);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
    expect(r.stdout).toBe('');
  });
  it('truncated JSON and a missing file are usage errors too', async () => {
    const bad = join(dir, 'trunc.json');
    writeFileSync(bad, '{"format": "taosim-epochs/v1", "n": ');
    const r = await taosimInProcess(['epochs', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/trunc\.json: not valid JSON/);
    const m = await taosimInProcess(['epochs', join(dir, 'nope.json')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/nope\.json: file not found/);
  });
  it('--out writes the same bytes as stdout', async () => {
    const out = join(dir, 'result.json');
    const a = await taosimInProcess(['epochs', 'scenarios/traces/two-validators.json']);
    const b = await taosimInProcess(['epochs', 'scenarios/traces/two-validators.json', '--out', out]);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe('');
    expect(require('node:fs').readFileSync(out, 'utf8')).toBe(a.stdout);
  });
  it('an unknown command or missing argument exits 2 with a pointer to --help', async () => {
    const r = await taosimInProcess(['epoch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/taosim --help/);
    const m = await taosimInProcess(['epochs']);
    expect(m.code).toBe(2);
  });
  it('--help lists every command with an example', async () => {
    const r = await taosimInProcess(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['epochs', 'halvings', 'bench']) expect(r.stdout).toContain(`taosim ${c}`);
    const e = await taosimInProcess(['epochs', '--help']);
    expect(e.stdout).toMatch(/Examples:/);
  });
});
