// Run the real `taosim` command in a child process.
import { spawnSync } from 'node:child_process';

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
