import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'fuzz',
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 90_000,
  },
});
