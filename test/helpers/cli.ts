// The `taosim` command in tests, two ways: `taosim` runs the real command in a child process (for
// what only a process shows: signals, kills, exit through bin/taosim.js); `taosimInProcess` calls
// the same main() in this process with stdout and stderr captured, which skips the child's second
// or so of tsx start-up. Use the in-process one wherever a real process proves nothing more.
import { spawnSync } from 'node:child_process';
import { main } from '../../sim/cli/main.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function taosim(args: string[], opts: { cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [`${process.cwd()}/bin/taosim.js`, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Write = typeof process.stdout.write;

/**
 * `taosim ARGS` through main() in this process: what it writes to stdout and stderr (and yargs'
 * console output: help, version) is captured, and the exit code is main()'s return value, as
 * bin/taosim.js passes it to process.exit. Calls must not overlap (they share the process's streams).
 */
export async function taosimInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as Write;
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    log: console.log,
    info: console.info,
    error: console.error,
    warn: console.warn,
    exitCode: process.exitCode,
    stdoutListeners: process.stdout.listeners('error'),
  };
  const line =
    (into: string[]) =>
    (...xs: unknown[]) =>
      void into.push(`${xs.map(String).join(' ')}\n`);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  console.log = console.info = line(out);
  console.error = console.warn = line(err);
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    Object.assign(console, { log: saved.log, info: saved.info, error: saved.error, warn: saved.warn });
    process.exitCode = saved.exitCode;
    // main() listens for EPIPE on stdout; drop its listener so calls do not pile them up.
    for (const l of process.stdout.listeners('error')) {
      if (!saved.stdoutListeners.includes(l)) process.stdout.off('error', l as (...a: unknown[]) => void);
    }
  }
}
