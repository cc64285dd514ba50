import { defineConfig } from 'vitest/config';

// One run over every workspace's own config (unit tests and integration tests against the real servers).
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'backend-api',
      'analytics-service',
      'frontend-store/vitest.config.ts',
      'admin-panel',
      'analytics-dashboard',
      'test/fuzz',
    ],
  },
});
