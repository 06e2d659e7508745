// Progress on stderr, never in results (wall-clock time appears here only).
//
// On a terminal: a bar redrawn in place. Elsewhere (CI logs, nohup, a pipe): a plain line each time
// another tenth of the work is done, or after LINE_INTERVAL_MS of wall time without one, whichever
// comes first, so a long run in a log is never silent for more than about 30 s between updates
// (updates only come as work finishes: one unit of work is one block, run or study step).
// `--quiet` silences both.

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export interface ProgressOptions {
  /** `--quiet`: print nothing. */
  quiet?: boolean;
  /** What one unit of work is called, plural ("blocks", "runs"); shown in plain lines. */
  unit?: string;
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  /** Milliseconds since some origin (tests inject a fake clock). */
  clock?: () => number;
}

/** The longest a plain-line log stays silent while work is being done. */
export const LINE_INTERVAL_MS = 30_000;

const SILENT: Progress = { update() {}, done() {} };

export function progress(label: string, options: ProgressOptions = {}): Progress {
  if (options.quiet) return SILENT;
  const stream = options.stream ?? process.stderr;
  const clock = options.clock ?? Date.now;
  return stream.isTTY
    ? progressBar(label, stream, clock)
    : progressLines(label, options.unit ?? 'steps', stream, clock);
}

function elapsed(clock: () => number, started: number): string {
  return `${((clock() - started) / 1000).toFixed(0)}s`;
}

function progressBar(label: string, stream: Pick<NodeJS.WriteStream, 'write'>, clock: () => number): Progress {
  let last = -1;
  const started = clock();
  return {
    update(done, total) {
      const pct = total > 0 ? Math.floor((1000 * done) / total) : 1000;
      if (pct === last) return;
      last = pct;
      const width = 30;
      const fill = Math.round((width * pct) / 1000);
      stream.write(
        `\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(pct / 10).toFixed(1)}% ${elapsed(clock, started)}`,
      );
    },
    done() {
      if (last >= 0) stream.write('\n');
    },
  };
}

function progressLines(
  label: string,
  unit: string,
  stream: Pick<NodeJS.WriteStream, 'write'>,
  clock: () => number,
): Progress {
  const started = clock();
  let lastTenth = 0;
  let lastLineAt = started;
  let lastDone = -1;
  return {
    update(done, total) {
      if (total <= 0 || done === lastDone) return;
      lastDone = done;
      const tenth = Math.floor((10 * done) / total);
      const now = clock();
      if (tenth <= lastTenth && now - lastLineAt < LINE_INTERVAL_MS) return;
      lastTenth = Math.max(lastTenth, tenth);
      lastLineAt = now;
      const pct = Math.floor((100 * done) / total);
      stream.write(`${label}: ${pct}% (${done} of ${total} ${unit}), ${elapsed(clock, started)}\n`);
    },
    done() {},
  };
}
