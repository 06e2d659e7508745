// A progress bar on stderr, drawn only when stderr is a terminal (silent in pipes, files and CI).
// Wall-clock time appears here only, never in results.

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = -1;
  const started = Date.now();
  return {
    update(done, total) {
      const pct = total > 0 ? Math.floor((1000 * done) / total) : 1000;
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((width * pct) / 1000);
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(pct / 10).toFixed(1)}% ${secs}s`);
    },
    done() {
      stream.write('\n');
    },
  };
}
