import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildApp as buildApi } from '../src/app';
import {
  type AnalyticsApp,
  type AnalyticsConfig,
  buildAnalytics,
  isolatedConfig,
  removeIsolated,
  SITE,
} from './support/analytics-service';
import { makeUser, refreshCookieOf, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A staff token that stopped being valid at backend-api (logout, revoked session, disabled account,
 * demotion) is refused by the real analytics service too, within 5 s, and its open /ws connection is
 * closed: both services on one Redis prefix and one JWT secret, as in production.
 */
const REFUSED_WITHIN_MS = 5000;
let ctx: TestApp;
let admin: TestUser;
let analyticsConfig: AnalyticsConfig;
let analytics: AnalyticsApp;
let analyticsUrl: string;

beforeAll(async () => {
  ctx = await startTestApp();
  analyticsConfig = isolatedConfig({
    JWT_SECRET: ctx.config.JWT_SECRET,
    REDIS_KEY_PREFIX: ctx.config.REDIS_KEY_PREFIX,
  });
  analytics = await buildAnalytics(analyticsConfig);
  await analytics.ready();
  analyticsUrl = await analytics.listen({ port: 0, host: '127.0.0.1' });
  admin = await signedInAs('admin');
});
afterAll(async () => {
  await analytics?.close();
  if (analyticsConfig) await removeIsolated(analyticsConfig);
  await ctx?.close();
});

/** A fresh account with this role, signed in after the role was granted (as staff sign in for real). */
async function signedInAs(role: 'staff' | 'admin') {
  const user = await makeUser(ctx, { role });
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: user.email, password: user.password },
  });
  expect(login.statusCode).toBe(200);
  const accessToken = login.json().accessToken as string;
  return { ...user, accessToken, auth: { authorization: `Bearer ${accessToken}` } };
}

const report = (token: string) =>
  fetch(
    `${analyticsUrl}/api/reports/overview?site=${SITE}&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );

/** An open /ws connection and how it ended. */
async function openLiveFeed(token: string) {
  const socket = new WebSocket(`${analyticsUrl.replace('http', 'ws')}/ws?site=${SITE}&token=${token}`);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed };
}

async function refusedWithin(token: string, ms: number) {
  const started = Date.now();
  for (;;) {
    const answer = await report(token);
    if (answer.status !== 200) return { status: answer.status, afterMs: Date.now() - started };
    if (Date.now() - started > ms) return { status: 200, afterMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectRefusedEverywhere(
  staff: { accessToken: string },
  feed: Awaited<ReturnType<typeof openLiveFeed>>,
  change: () => Promise<void>,
  expected: { reportStatus: number; closeCode: number; apiStatus: number },
) {
  const changed = Date.now();
  await change();
  const refused = await refusedWithin(staff.accessToken, REFUSED_WITHIN_MS);
  expect(refused.status).toBe(expected.reportStatus);
  expect(refused.afterMs).toBeLessThan(REFUSED_WITHIN_MS);
  const closed = await Promise.race([
    feed.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), REFUSED_WITHIN_MS)),
  ]);
  expect(closed?.code).toBe(expected.closeCode);
  expect(closed!.at - changed).toBeLessThan(REFUSED_WITHIN_MS);
  // A new connection with the same token is refused at the upgrade.
  await expect(openLiveFeed(staff.accessToken)).rejects.toThrow(String(expected.reportStatus));
  const api = await ctx.app.inject({
    method: 'GET',
    url: '/admin/users',
    headers: { authorization: `Bearer ${staff.accessToken}` },
  });
  expect(api.statusCode).toBe(expected.apiStatus);
}

describe('a staff token whose session or account changed', () => {
  it('is refused by reports and /ws within 5 s after its session is logged out, and by backend-api', async () => {
    const staff = await signedInAs('staff');
    expect((await report(staff.accessToken)).status).toBe(200);
    const feed = await openLiveFeed(staff.accessToken);
    await expectRefusedEverywhere(
      staff,
      feed,
      async () => {
        const logout = await ctx.app.inject({ method: 'POST', url: '/auth/logout', headers: staff.auth });
        expect(logout.statusCode).toBe(204);
      },
      { reportStatus: 401, closeCode: 4401, apiStatus: 401 },
    );
  });

  it('is refused within 5 s after the user revokes that session from another one', async () => {
    const staff = await signedInAs('staff');
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: staff.email, password: staff.password },
    });
    const otherAuth = { authorization: `Bearer ${other.json().accessToken}` };
    const sessions = await ctx.app.inject({ method: 'GET', url: '/me/sessions', headers: staff.auth });
    const current = (sessions.json().items as { id: string; current: boolean }[]).find((s) => s.current)!;
    const feed = await openLiveFeed(staff.accessToken);
    await expectRefusedEverywhere(
      staff,
      feed,
      async () => {
        const revoke = await ctx.app.inject({
          method: 'DELETE',
          url: `/me/sessions/${current.id}`,
          headers: otherAuth,
        });
        expect(revoke.statusCode).toBe(204);
      },
      { reportStatus: 401, closeCode: 4401, apiStatus: 401 },
    );
    // The other session of the same account still reads reports.
    expect((await report(other.json().accessToken)).status).toBe(200);
  });

  it('is refused by reports and /ws within 5 s after an admin disables the account, and by backend-api', async () => {
    const staff = await signedInAs('staff');
    expect((await report(staff.accessToken)).status).toBe(200);
    const feed = await openLiveFeed(staff.accessToken);
    await expectRefusedEverywhere(
      staff,
      feed,
      async () => {
        const disable = await ctx.app.inject({
          method: 'PATCH',
          url: `/admin/users/${staff.id}`,
          headers: admin.auth,
          payload: { disabled: true },
        });
        expect(disable.statusCode).toBe(200);
      },
      { reportStatus: 401, closeCode: 4401, apiStatus: 401 },
    );
    // Re-enabling the account does not bring its ended sessions back.
    await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/users/${staff.id}`,
      headers: admin.auth,
      payload: { disabled: false },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await report(staff.accessToken)).status).toBe(401);
  });

  it('is refused by reports and /ws within 5 s after an admin demotes it to customer, and by backend-api', async () => {
    const staff = await signedInAs('staff');
    expect((await report(staff.accessToken)).status).toBe(200);
    const feed = await openLiveFeed(staff.accessToken);
    await expectRefusedEverywhere(
      staff,
      feed,
      async () => {
        const demote = await ctx.app.inject({
          method: 'PATCH',
          url: `/admin/users/${staff.id}`,
          headers: admin.auth,
          payload: { role: 'customer' },
        });
        expect(demote.statusCode).toBe(200);
      },
      { reportStatus: 403, closeCode: 4403, apiStatus: 403 },
    );
  });
});

describe('sessions that started before the mirror (a fresh deploy, the demo data)', () => {
  /** Forgets the Redis records of a session and its account, as if it had started before this change. */
  async function forgetMirror(staff: { id: string; accessToken: string }) {
    const sessionId = JSON.parse(Buffer.from(staff.accessToken.split('.')[1]!, 'base64url').toString()).sid;
    const redis = new Redis(ctx.config.REDIS_URL, { keyPrefix: ctx.config.REDIS_KEY_PREFIX });
    try {
      await redis.del(`session:${sessionId}`, `account:${staff.id}`);
    } finally {
      redis.disconnect();
    }
  }

  it('are refused at analytics until backend-api mirrors them: at its next start', async () => {
    const staff = await signedInAs('staff');
    await forgetMirror(staff);
    expect((await report(staff.accessToken)).status).toBe(401);
    const restarted = await buildApi(ctx.config);
    await restarted.ready();
    try {
      await waitUntil(async () => (await report(staff.accessToken)).status === 200);
    } finally {
      await restarted.close();
    }
  });

  it('are mirrored again when their refresh token is used', async () => {
    const staff = await signedInAs('staff');
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: staff.email, password: staff.password },
    });
    const session = { id: staff.id, accessToken: login.json().accessToken as string };
    await forgetMirror(session);
    const refreshed = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: refreshCookieOf(login.headers['set-cookie']) },
    });
    expect(refreshed.statusCode).toBe(200);
    expect((await report(refreshed.json().accessToken)).status).toBe(200);
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = REFUSED_WITHIN_MS) {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
