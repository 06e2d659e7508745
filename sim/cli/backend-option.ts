// The `--backend` option of run, sweep and bench, resolved against what this machine has.

import { type BackendChoice, resolveBackend } from '../kernels/backend.ts';
import type { RunBackend } from '../run/agents/validator-scoring.ts';
import { UsageError } from '../util/errors.ts';

/**
 * The scoring backend a run uses. 'auto' stays 'auto' (a run resolves it to cpu: runScoringBackend;
 * identical bytes to webasm). webasm and webgpu must work here; webgpu only where the caller runs
 * its runs asynchronously (`taosim run`), not in sweeps.
 */
export async function runBackendOf(choice: string | undefined, allowWebgpu: boolean): Promise<RunBackend> {
  if (choice === undefined || choice === 'auto' || choice === 'cpu') return (choice ?? 'auto') as RunBackend;
  await resolveBackend(choice as BackendChoice); // a UsageError if it does not work here
  if (choice === 'webgpu' && !allowWebgpu) {
    throw new UsageError(
      '--backend webgpu: sweeps run on cpu or webasm (identical bytes, and the sweep already spreads runs over the cores); use webgpu with taosim run or taosim bench',
    );
  }
  return choice as RunBackend;
}
