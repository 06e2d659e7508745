// The `--backend` option of run, sweep and bench, resolved against what this machine has.

import { availableBackends } from '../kernels/backend.ts';
import type { RunBackend } from '../run/validator-scoring.ts';
import { UsageError } from '../util/errors.ts';

/**
 * The scoring backend a run uses. 'auto' stays 'auto' (each batch picks cpu or webasm by size:
 * identical bytes either way). webasm must work here. webgpu is for `taosim bench`: a run steps
 * block by block through synchronous kernels, and WebGPU's kernels are asynchronous.
 */
export async function runBackendOf(choice: string | undefined): Promise<RunBackend> {
  if (choice === undefined || choice === 'auto' || choice === 'cpu') return (choice ?? 'auto') as RunBackend;
  const available = await availableBackends();
  if (!available.includes(choice as 'webasm' | 'webgpu')) {
    throw new UsageError(`--backend ${choice}: not available on this machine (available: ${available.join(', ')})`);
  }
  if (choice === 'webgpu') {
    throw new UsageError('--backend webgpu: runs and sweeps use the synchronous kernels (cpu or webasm, identical bytes); webgpu is measured by taosim bench --backend webgpu');
  }
  return 'webasm';
}
