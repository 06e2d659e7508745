import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A hang guard, not a speed target: the slowest ordinary test takes about 40 s on a loaded
    // 2-core machine; the few slower ones set their own limit (BENCHMARKS.md, "Test suite").
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one fork per core less one: a single fork on a 2-core machine, leaving a
    // core idle while the tests are CPU-bound. Two forks at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
