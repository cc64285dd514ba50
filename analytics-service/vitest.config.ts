import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // Files are isolated (own database, own queues) and could run in parallel, but FerretDB 1.24 runs
    // on a 4-connection PostgreSQL pool that deadlocks under concurrent writers from several processes.
    fileParallelism: false,
  },
});
