import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness';

describe('checkReadiness', () => {
  it('is ready when every dependency answers', async () => {
    const result = await checkReadiness('svc', [{ name: 'db', check: async () => 1 }]);
    expect(result.status).toBe('ready');
    expect(result.checks[0]).toMatchObject({ name: 'db', status: 'up' });
  });

  it('names the dependency that fails and keeps the others up', async () => {
    const result = await checkReadiness('svc', [
      { name: 'db', check: async () => Promise.reject(new Error('connection refused')) },
      { name: 'cache', check: async () => 'PONG' },
    ]);
    expect(result.status).toBe('unavailable');
    expect(result.checks).toEqual([
      { name: 'db', status: 'down', error: 'connection refused' },
      expect.objectContaining({ name: 'cache', status: 'up' }),
    ]);
  });

  it('counts a dependency that hangs as down after the timeout', async () => {
    const started = Date.now();
    const result = await checkReadiness('svc', [{ name: 'slow', check: () => new Promise(() => {}) }], 100);
    expect(result.checks[0]).toMatchObject({ status: 'down', error: 'no answer within 100 ms' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
