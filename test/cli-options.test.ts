// What a new user meets first on the command line (issue 11): options are checked before any work,
// --out is checked (unusable paths, finished results), output survives a pipe, help reads cleanly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../sim/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'taosim-cliopt-'));
const path = (name: string) => join(dir, name);
const file = (name: string, json: object) => {
  writeFileSync(path(name), JSON.stringify(json));
  return path(name);
};
const small = {
  format: 'taosim-scenario/v1',
  name: 'small',
  duration: { blocks: 200 },
  subnets: { count: 1, initialUids: 8, validators: 2 },
  stake: { validators: 2 },
};
const scenario = file('small.json', small);
const sweep = file('sweep.json', {
  format: 'taosim-sweep/v1',
  name: 'tiny',
  scenario: small,
  design: { type: 'list', points: [{ 'validators.noise': 0 }] },
  replicates: 1,
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** main() in this process, its output captured (yargs prints help through console.log). */
async function taosim(...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const toOut = (s: unknown) => void (stdout += String(s));
  const toErr = (s: unknown) => void (stderr += String(s));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (toOut(s), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (toErr(s), true));
  vi.spyOn(console, 'log').mockImplementation((s) => toOut(`${s}\n`));
  vi.spyOn(console, 'error').mockImplementation((s) => toErr(`${s}\n`));
  process.exitCode = undefined;
  const t0 = performance.now();
  try {
    const code = await main(args);
    return { code, stdout, stderr, ms: performance.now() - t0 };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}

/**
 * The real command, for what needs a process of its own (a pipe, a hang). `pipe`: its stdout goes
 * through `| cat`, a kernel pipe (64 KiB), not the larger socket Node gives a child.
 */
function taosimProcess(args: string[], opts: { timeout?: number; pipe?: boolean } = {}) {
  const env = { ...process.env, FORCE_COLOR: '0' };
  const spawnOpts = { encoding: 'utf8' as const, timeout: opts.timeout ?? 120_000, maxBuffer: 64 << 20, env };
  const r = opts.pipe
    ? spawnSync('sh', ['-c', `"$0" bin/taosim.js "$@" | cat`, process.execPath, ...args], spawnOpts)
    : spawnSync(process.execPath, ['bin/taosim.js', ...args], spawnOpts);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: Result, message: string | RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^taosim: error: /);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

afterEach(() => vi.restoreAllMocks());

describe('options are checked before any work: nothing read, nothing written, at once', () => {
  it.each([
    [['run', scenario, '--sed', '5'], 'Unknown argument: sed'],
    [['run', scenario, '--epoch', 'approximate'], 'Argument: epoch, Given: "approximate", Choices: "exact", "fast"'],
    [['run', scenario, '--epoch', 'exact', '--epoch', 'fast'], '--epoch: given 2 times (exact, fast); give it once'],
    [['run', scenario, '--seed', '5', '--seed', '6'], '--seed: given 2 times (5, 6); give it once'],
    [['run', scenario, '--seed', ''], '--seed: expected a value, got nothing'],
    [['run', scenario, '--checkpoint-every', '0'], '--checkpoint-every: expected a whole number of blocks ≥ 1, got 0'],
    [['run', scenario, '--checkpoint-every', 'often'], '--checkpoint-every: expected a number, got "often"'],
    [
      ['run', scenario, '--backend', 'cpu', '--backend', 'webasm'],
      '--backend: given 2 times (cpu, webasm); give it once',
    ],
    [['sweep', sweep, '--wrokers', '1'], 'Unknown argument: wrokers'],
    [['sweep', sweep, '--workers', 'abc'], '--workers: expected a number, got "abc"'],
    [['sweep', sweep, '--workers', '0'], '--workers: expected a whole number ≥ 1, got 0'],
    [['sweep', sweep, '--workers', '1.5'], '--workers: expected a whole number ≥ 1, got 1.5'],
    [['sweep', sweep, '--shard', '3/2'], '--shard: expected I/N with 1 ≤ I ≤ N (e.g. 2/4), got "3/2"'],
    [['study', 'halvings', '--outt', 'x'], 'Unknown argument: outt'],
    [['epochs', 'scenarios/traces/two-validators.json', '--out', ''], '--out: expected a value, got nothing'],
  ])('%j', async (args, message) => {
    const out = path(`never-${args.join('_').replace(/\W+/g, '_')}`);
    const r = await taosim(...args, ...(args.includes('--out') ? [] : ['--out', out]));
    expectOneLineError(r, message);
    expect(existsSync(out)).toBe(false); // not even an empty directory
    expect(r.stdout).toBe('');
    expect(r.ms).toBeLessThan(1000);
  });

  it('a bad option is reported before the input is read (a missing scenario file is not the complaint)', async () => {
    const r = await taosim('run', path('does-not-exist.json'), '--epoch', 'approximate', '--out', path('never'));
    expectOneLineError(r, 'Invalid values:');
    expect(r.stderr).not.toContain('file not found');
  });

  it('--resume with options it cannot take is refused before the directory is looked at', async () => {
    expectOneLineError(
      await taosim('run', '--resume', path('nowhere'), '--seed', '3'),
      '--resume continues the run as it was started; --seed cannot be given with it',
    );
  });

  it('--help, --version and no command still answer', async () => {
    const help = await taosim('run', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('taosim run [scenario]');
    const version = await taosim('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    const none = await taosim();
    expect(none.code).toBe(2);
    // "see the list above": the list is there.
    expect(none.stderr).toMatch(
      /Commands:\n {2}taosim run \[scenario\][\s\S]*taosim: error: Name a command \(see the list above\)\.\n/,
    );
    const typo = await taosim('epoch');
    expectOneLineError(
      typo,
      "taosim: error: Unknown argument: epoch. Did you mean epochs?\nRun 'taosim --help' for usage.\n",
    );
  });
});

describe('--out: unusable paths fail at once with one line naming the path and the reason', () => {
  const aFile = file('a-file.json', {});
  const fifo = path('a-fifo');
  spawnSync('mkfifo', [fifo]);
  it.each([
    [['run', scenario, '--out', aFile], `--out ${aFile}: exists and is not a directory`],
    [['run', scenario, '--out', join(aFile, 'sub')], `--out ${join(aFile, 'sub')}: ${aFile} is not a directory`],
    [['run', scenario, '--out', '/dev/null'], '--out /dev/null: exists and is not a directory'],
    [
      ['run', scenario, '--out', '/sys/taosim-x'],
      /^taosim: error: --out \/sys\/taosim-x: cannot write in \/sys: (permission denied|read-only file system)\n$/,
    ],
    [['study', 'halvings', '--out', aFile], `--out ${aFile}: exists and is not a directory`],
    [['sweep', sweep, '--out', aFile], `--out ${aFile}: exists and is not a directory`],
    [['report', 'results-nowhere', '--out', aFile], `--out ${aFile}: exists and is not a directory`],
    // A FIFO of our own, not /dev/null: code that wrongly accepted it would rename a file over it.
    [['epochs', 'scenarios/traces/two-validators.json', '--out', fifo], `--out ${fifo}: is not a regular file`],
    [['epochs', 'scenarios/traces/two-validators.json', '--out', dir], `--out ${dir}: is a directory`],
  ])('%j', async (args, message) => {
    const r = await taosim(...args);
    expectOneLineError(r, message);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
  });

  it('--out /proc/x fails at once (a recursive mkdir there used to spin forever)', () => {
    const r = taosimProcess(['run', scenario, '--out', '/proc/taosim-x'], { timeout: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      'taosim: error: --out /proc/taosim-x: cannot write in /proc: the file system refuses (ENOENT)\n',
    );
  }, 90_000);
});

describe('--out: a finished result is replaced only with --force', () => {
  const fakeFinished = (name: string, marker: string) => {
    const d = path(name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, marker), '{}');
    return d;
  };

  it('run: a second run into the same directory is refused, run.json untouched; --force replaces it', async () => {
    const out = path('finished-run');
    expect((await taosim('run', scenario, '--out', out, '--seed', '1')).code).toBe(0);
    const before = readFileSync(join(out, 'run.json'), 'utf8');
    const mtime = statSync(join(out, 'run.json')).mtimeMs;
    const again = await taosim('run', scenario, '--out', out, '--seed', '2');
    expectOneLineError(
      again,
      `--out ${out}: holds a finished run or study (run.json); pass --force to replace it, or choose another directory`,
    );
    expect(statSync(join(out, 'run.json')).mtimeMs).toBe(mtime);
    const forced = await taosim('run', scenario, '--out', out, '--seed', '2', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).not.toBe(before);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).seed).toBe(2);
  });

  it.each([
    [['study', 'halvings'], 'run.json', 'a finished run or study (run.json)'],
    [['sweep', sweep], 'sweep.json', 'a finished sweep (sweep.json)'],
    [['report', 'results-nowhere'], 'report.html', 'a finished report (report.html)'],
  ])('%j into a directory holding %s', async (args, marker, what) => {
    const out = fakeFinished(`fake-${marker}-${args[0]}`, marker);
    expectOneLineError(await taosim(...args, '--out', out), `--out ${out}: holds ${what}; pass --force to replace it`);
    expect(readFileSync(join(out, marker), 'utf8')).toBe('{}');
  });

  it('merge into a finished sweep is refused before anything is copied', async () => {
    const shard = fakeFinished('fake-shard', 'plan.json');
    const out = fakeFinished('fake-merged', 'sweep.json');
    expectOneLineError(await taosim('merge', shard, '--out', out), `--out ${out}: holds a finished sweep (sweep.json)`);
    expect(existsSync(join(out, 'plan.json'))).toBe(false);
  });

  it('epochs --out FILE: an existing file is replaced only with --force', async () => {
    const out = path('epochs.json');
    writeFileSync(out, 'mine\n');
    expectOneLineError(
      await taosim('epochs', 'scenarios/traces/two-validators.json', '--out', out),
      `--out ${out}: already exists; pass --force to replace it`,
    );
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect((await taosim('epochs', 'scenarios/traces/two-validators.json', '--out', out, '--force')).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).epochs).toHaveLength(3);
  });
});

describe('a pipe receives every byte', () => {
  it('taosim epochs BIG.json | reader gets the same bytes as --out writes (> 300 KB)', () => {
    const n = 128;
    const trace = file('big-trace.json', {
      format: 'taosim-epochs/v1',
      n,
      hyperparameters: {
        kappa: 32767,
        bondsMovingAverage: 900000,
        bondsPenalty: 65535,
        yuma3: false,
        liquidAlpha: false,
        maxAllowedValidators: 64,
        tempo: 360,
        activityCutoff: 5000,
        ownerUid: null,
      },
      emissionPerEpoch: '1000000000',
      initialPermits: Array.from({ length: n }, (_, i) => i < 4),
      epochs: [
        {
          stake: Array.from({ length: n }, (_, i) => (i < 4 ? '100000000000' : '0')),
          setWeights: {
            0: [
              [5, 10],
              [6, 20],
            ],
            1: [[7, 1]],
          },
        },
        ...Array.from({ length: 50 }, () => ({})),
      ],
    });
    const out = path('big-result.json');
    expect(taosimProcess(['epochs', trace, '--out', out]).code).toBe(0);
    const expected = readFileSync(out, 'utf8');
    expect(expected.length).toBeGreaterThan(300_000);
    const piped = taosimProcess(['epochs', trace], { pipe: true });
    expect(piped.code).toBe(0); // cat's
    expect(piped.stdout.length).toBe(expected.length);
    expect(piped.stdout).toBe(expected);
  }, 120_000);
});

describe('--help reads cleanly', () => {
  const commands = ['run', 'validate', 'study', 'sweep', 'merge', 'report', 'epochs', 'halvings', 'bench'];

  it('merge: the required list of shard directories shows no "[default: []]"', async () => {
    const r = await taosim('merge', '--help');
    expect(r.stdout).toMatch(/dirs {2}shard result directories \(one or more\) +\[array\] \[required\]\n/);
    expect(r.stdout).not.toContain('[default: []]');
  });

  it.each(commands)('%s: each example is what it does, then its command line whole', async (command) => {
    const r = await taosim(command, '--help');
    expect(r.code).toBe(0);
    const examples = r.stdout.split('Examples:\n')[1].split(/\n\n/)[0];
    const entries = examples.split(/^ {2}# /m).slice(1);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const [what, ...commandLines] = e.trimEnd().split('\n');
      expect(what).toMatch(/^\S/);
      // Wider than the help, a command wraps at its end; it is never cut to make room for a column.
      expect(commandLines[0]).toMatch(new RegExp(`^ {2}taosim ${command}( |$)`));
      for (const line of commandLines) expect(line).not.toMatch(/\S {3,}\S/);
    }
  });

  it('merge: its example is one line', async () => {
    expect((await taosim('merge', '--help')).stdout).toContain(
      '  # the same files as an unsharded sweep\n  taosim merge shard1 shard2 --out results/sweep-smoke\n',
    );
  });

  it('--force is documented for every command with --out', async () => {
    for (const command of ['run', 'study', 'sweep', 'merge', 'report', 'epochs']) {
      expect((await taosim(command, '--help')).stdout, command).toMatch(/--force +replace /);
    }
  });

  it('run --help says what each way of starting it returns when interrupted', async () => {
    const r = await taosim('run', '--help');
    expect(r.stdout).toMatch(/3\s+interrupted \(Ctrl-C or SIGTERM\) with a checkpoint written/);
    expect(r.stdout).toMatch(/Through npx where \/bin\/sh is dash .* 130 for\s+Ctrl-C, 143 for SIGTERM/s);
    expect(r.stdout).toMatch(/npm_config_script_shell=bash\s+return 3/);
  });
});
