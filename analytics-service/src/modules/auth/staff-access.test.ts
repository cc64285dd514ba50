import { createSessionRegistry } from '@shopstream/server-kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  isolatedConfig,
  removeIsolated,
  SITE,
  signAccessToken,
  startSession,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

// backend-api writes the session mirror with this same registry (its integration test drives the real one).
const config = isolatedConfig({ SESSION_CHECK_CACHE_MS: '1000' });
const app = await buildApp(config, { role: 'ingest' });
const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX });
const registry = createSessionRegistry(redis, { endedTtlSeconds: 60 });

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  redis.disconnect();
  await removeIsolated(config);
});

const overview = (token: string) =>
  app.inject({
    method: 'GET',
    url: `/api/reports/overview?site=${SITE}&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
    headers: { authorization: `Bearer ${token}` },
  });

async function liveStaff() {
  const session = await startSession(config, 'staff');
  const token = await signAccessToken(config, { ...session, role: 'staff' });
  expect((await overview(token)).statusCode).toBe(200);
  return { ...session, token };
}

const statusWithin5s = (token: string, status: number) =>
  waitFor(
    async () => (await overview(token)).statusCode,
    (code) => code === status,
    5000,
  );

describe('staff tokens at the reports', () => {
  it('refuses a token whose session ended, with 401, within 5 s', async () => {
    const staff = await liveStaff();
    await registry.sessionsEnded([staff.sessionId]);
    expect(await statusWithin5s(staff.token, 401)).toBe(401);
  });

  it('refuses a token of a disabled account, with 401, within 5 s', async () => {
    const staff = await liveStaff();
    await registry.accountChanged(staff.userId, { role: 'staff', disabled: true, updatedAt: new Date() });
    expect(await statusWithin5s(staff.token, 401)).toBe(401);
  });

  it('takes the role from the account, not the token: a demoted staff token gets 403 within 5 s', async () => {
    const staff = await liveStaff();
    await registry.accountChanged(staff.userId, { role: 'customer', disabled: false, updatedAt: new Date() });
    expect(await statusWithin5s(staff.token, 403)).toBe(403);
  });

  it('never lets an older account write (a login that read the row before a demotion) undo a newer one', async () => {
    const staff = await liveStaff();
    const demotedAt = new Date();
    await registry.accountChanged(staff.userId, { role: 'customer', disabled: false, updatedAt: demotedAt });
    await registry.sessionLive(
      { sessionId: staff.sessionId, userId: staff.userId, expiresAt: new Date(Date.now() + 60_000) },
      { role: 'staff', disabled: false, updatedAt: new Date(demotedAt.getTime() - 1000) },
    );
    expect(await statusWithin5s(staff.token, 403)).toBe(403);
  });

  it('refuses a validly signed token whose session was never recorded (treated as ended)', async () => {
    const token = await signAccessToken(config, { userId: 'nobody', sessionId: 'unknown', role: 'admin' });
    expect((await overview(token)).statusCode).toBe(401);
  });
});

describe('when Redis cannot be reached', () => {
  it('refuses staff tokens with 503 (fail closed) and names redis on /ready', async () => {
    const down = isolatedConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const cut = await buildApp(down, { role: 'ingest' });
    await cut.ready();
    try {
      const token = await signAccessToken(down, { userId: 'u', sessionId: 's', role: 'staff' });
      const answer = await cut.inject({
        method: 'GET',
        url: `/api/reports/overview?site=${SITE}&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toMatchObject({ code: 'service_unavailable' });
      const ready = await cut.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks).toContainEqual(expect.objectContaining({ name: 'redis', status: 'down' }));
    } finally {
      await cut.close();
      await removeIsolated({ ...down, REDIS_URL: config.REDIS_URL });
    }
  });
});
