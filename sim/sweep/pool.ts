// Runs sweep jobs on worker threads, each job on whichever worker is free. Results do not depend on
// which worker ran what: every run writes its own directory from its own seed.

import { Worker } from 'node:worker_threads';
import { UsageError } from '../util/errors.ts';
import { WORKER_YOUNG_GENERATION_MB } from '../util/young-generation.ts';
import { type RunJob, runJob } from './run-one.ts';

export async function runJobs(
  jobs: RunJob[],
  workers: number,
  onDone?: (done: number, total: number) => void,
): Promise<void> {
  if (jobs.length === 0) return;
  if (workers <= 1) {
    jobs.forEach((job, k) => {
      runJob(job);
      onDone?.(k + 1, jobs.length);
    });
    return;
  }
  const queue = jobs.slice();
  let done = 0;
  let failure: Error | null = null;
  const one = () =>
    new Promise<void>((resolve) => {
      const w = new Worker(new URL('./worker-entry.js', import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      const next = () => {
        const job = failure ? undefined : queue.shift();
        if (!job) {
          void w.terminate().then(() => resolve());
          return;
        }
        w.postMessage(job);
      };
      w.on('message', (m: { ok: boolean; usage?: boolean; message?: string }) => {
        if (!m.ok && !failure) failure = m.usage ? new UsageError(m.message!) : new Error(m.message);
        else onDone?.(++done, jobs.length);
        next();
      });
      w.on('error', (e) => {
        failure ??= e;
        resolve();
      });
      next();
    });
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, one));
  if (failure) throw failure;
}
