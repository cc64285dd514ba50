import { describe, expect, it } from 'vitest';
import { startTestApp } from './support/test-app';

describe('a token in a query string at backend-api', () => {
  it('is not echoed in the problem instance nor written to the log', async () => {
    const logs: string[] = [];
    const logged = await startTestApp(
      { LOG_LEVEL: 'info' },
      { logStream: { write: (line) => logs.push(line) } },
    );
    try {
      const token = 'query-token-5d1e0b';
      const answer = await logged.app.inject({ method: 'GET', url: `/no-such-route?token=${token}&page=2` });
      expect(answer.statusCode).toBe(404);
      expect(answer.json().instance).toBe('/no-such-route?token=[redacted]&page=2');
      expect(answer.body).not.toContain(token);
      expect(logs.join('')).toContain('/no-such-route?token=[redacted]');
      expect(logs.join('')).not.toContain(token);
    } finally {
      await logged.close();
    }
  });
});
