// Inside a worker thread: run each job the main thread sends, answer with its content hash (or the
// error, so that the main thread can report it and stop).

import { parentPort } from 'node:worker_threads';
import { UsageError } from '../util/errors.ts';
import { type RunJob, runJob } from './run-one.ts';

parentPort!.on('message', (job: RunJob) => {
  try {
    parentPort!.postMessage({ ok: true, ...runJob(job) });
  } catch (e) {
    const usage = e instanceof UsageError;
    parentPort!.postMessage({
      ok: false,
      id: job.id,
      usage,
      message: usage ? e.format() : String((e as Error).stack ?? e),
    });
  }
});
