import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { readConfig } from '../../config';

const serverEntry = fileURLToPath(new URL('../../server.ts', import.meta.url));

describe('health and readiness', () => {
  it('is live and ready when PostgreSQL and Redis answer', async () => {
    const app = await buildApp(readConfig({ LOG_LEVEL: 'silent' }));
    try {
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', service: 'backend-api' });

      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
        ['postgresql', 'up'],
        ['redis', 'up'],
      ]);
    } finally {
      await app.close();
    }
  });

  it('answers /ready with 503 naming PostgreSQL when it is down, while /health stays 200', async () => {
    const app = await buildApp(
      readConfig({
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'postgres://ecommerce:ecommerce_secret@127.0.0.1:1/ecommerce_db',
      }),
    );
    try {
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json();
      expect(body.status).toBe('unavailable');
      expect(body.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'postgresql', status: 'down' }),
          expect.objectContaining({ name: 'redis', status: 'up' }),
        ]),
      );
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('stops at start with one line naming a malformed DATABASE_URL', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', serverEntry], {
      env: { ...process.env, DATABASE_URL: 'nonsense' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'Invalid environment variable DATABASE_URL: expected a postgres or postgresql URL such as postgres://user:password@host:5432/database',
    ]);
  });
});
