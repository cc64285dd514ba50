import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, refreshCookieOf } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { buildApp } from '../../app';

let ctx: TestApp;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx?.close());

const inject = (options: InjectOptions | string) => ctx.app.inject(options);

/** Moves the user's refresh token exchanges back in time, past the grace window of a second use. */
const pastTheGraceWindow = (userId: string) =>
  ctx.sql.query(
    `update refresh_tokens set rotated_at = rotated_at - interval '1 minute'
      where session_id in (select id from sessions where user_id = $1)`,
    [userId],
  );

const sessionOf = (accessToken: string) =>
  JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid as string;

describe('registration and login', () => {
  it('registers a customer with a normalised email, hashes the password with argon2id, and signs in with it', async () => {
    const response = await inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: '  Alice.Smith@Example.COM ', password: 'correct horse battery', name: 'Alice' },
    });
    // zod's email check refuses surrounding spaces, so send it the way a form trims it
    expect(response.statusCode).toBe(400);

    const created = await inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: 'Alice.Smith@Example.COM', password: 'correct horse battery', name: 'Alice' },
    });
    expect(created.statusCode).toBe(202);
    expect(created.headers['set-cookie']).toBeUndefined();
    expect(created.body).not.toContain('correct horse battery');

    const stored = await ctx.sql.query('select password_hash from users where email = $1', [
      'alice.smith@example.com',
    ]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);

    const signedIn = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'alice.smith@example.com', password: 'correct horse battery' },
    });
    expect(signedIn.statusCode).toBe(200);
    const body = signedIn.json();
    expect(body.user).toMatchObject({ email: 'alice.smith@example.com', role: 'customer', name: 'Alice' });
    expect(body.tokenType).toBe('Bearer');
    expect(body).not.toHaveProperty('refreshToken');
    const cookie = [signedIn.headers['set-cookie']].flat().join('\n');
    expect(cookie).toMatch(/shopstream_refresh=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/auth/);
  });

  it('answers registering a taken email exactly as a new one, and leaves that account untouched', async () => {
    const owner = await makeUser(ctx);
    const register = (email: string) =>
      inject({
        method: 'POST',
        url: '/auth/register',
        payload: { email, password: 'another password', name: 'Copycat' },
      });
    const fresh = await register(`fresh-${randomBytes(4).toString('hex')}@example.com`);
    const taken = await register(owner.email.toUpperCase());
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.body).toBe(fresh.body);
    expect(taken.headers['set-cookie']).toBe(fresh.headers['set-cookie']);
    expect(taken.headers['content-type']).toBe(fresh.headers['content-type']);

    const rows = await ctx.sql.query('select name from users where email = $1', [owner.email]);
    expect(rows.rows).toEqual([{ name: 'Test Person' }]);
    const copycat = { email: owner.email, password: 'another password' };
    expect((await inject({ method: 'POST', url: '/auth/login', payload: copycat })).statusCode).toBe(401);
    const own = { email: owner.email, password: owner.password };
    expect((await inject({ method: 'POST', url: '/auth/login', payload: own })).statusCode).toBe(200);
  });

  it('takes as long to register a taken email as a new one (both hash the password)', async () => {
    const owner = await makeUser(ctx);
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await inject({
        method: 'POST',
        url: '/auth/register',
        payload: { email, password: 'another password', name: 'Timer' },
      });
      expect(response.statusCode).toBe(202);
      return performance.now() - started;
    };
    const fresh: number[] = [];
    const taken: number[] = [];
    // the first rounds warm up (JIT, connections) and are not counted
    for (let i = 0; i < 13; i += 1) {
      const times = [
        await timed(`timed-${randomBytes(4).toString('hex')}@example.com`),
        await timed(owner.email),
      ];
      if (i >= 2) {
        fresh.push(times[0]!);
        taken.push(times[1]!);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[5]!;
    const ratio = median(taken) / median(fresh);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('logs in with the right password in any email case and refuses a wrong one the same way as an unknown email', async () => {
    const user = await makeUser(ctx);
    const ok = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(user.id);

    const wrong = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: 'nope-nope-nope' },
    });
    const unknown = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'nobody@example.com', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('refuses to log in a disabled account', async () => {
    const user = await makeUser(ctx);
    await ctx.sql.query('update users set disabled = true where id = $1', [user.id]);
    const response = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(response.statusCode).toBe(403);
    const me = await inject({ url: '/me', headers: user.auth });
    expect(me.statusCode).toBe(401);
  });
});

describe('tokens and sessions', () => {
  it('answers /me with the user of a valid access token and 401 without or with a forged one', async () => {
    const user = await makeUser(ctx);
    const me = await inject({ url: '/me', headers: user.auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.id, email: user.email });

    expect((await inject({ url: '/me' })).statusCode).toBe(401);
    const [header, payload] = user.accessToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const response = await inject({ url: '/me', headers: { authorization: `Bearer ${forged}` } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('rotates the refresh token on every use', async () => {
    const user = await makeUser(ctx);
    const first = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: user.refreshCookie },
    });
    expect(first.statusCode).toBe(200);
    const second = refreshCookieOf(first.headers['set-cookie']);
    expect(second).not.toBe(user.refreshCookie);
    const me = await inject({ url: '/me', headers: { authorization: `Bearer ${first.json().accessToken}` } });
    expect(me.statusCode).toBe(200);

    const again = await inject({ method: 'POST', url: '/auth/refresh', headers: { cookie: second } });
    expect(again.statusCode).toBe(200);
  });

  it('ends the whole session family when a rotated refresh token is used again', async () => {
    const user = await makeUser(ctx);
    const rotated = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: user.refreshCookie },
    });
    const current = refreshCookieOf(rotated.headers['set-cookie']);
    const newAccess = { authorization: `Bearer ${rotated.json().accessToken}` };
    await pastTheGraceWindow(user.id);

    const reuse = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: user.refreshCookie },
    });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().detail).toMatch(/already used/);

    // the thief's and the owner's tokens of that family are all dead now
    expect(
      (await inject({ method: 'POST', url: '/auth/refresh', headers: { cookie: current } })).statusCode,
    ).toBe(401);
    expect((await inject({ url: '/me', headers: newAccess })).statusCode).toBe(401);
    const session = await ctx.sql.query('select revoked_reason from sessions where user_id = $1', [user.id]);
    expect(session.rows).toEqual([{ revoked_reason: 'refresh token reused' }]);
  });

  it('gives refreshes of one token at the same moment the same new pair, every time', async () => {
    const user = await makeUser(ctx);
    let cookie = user.refreshCookie;
    for (let round = 0; round < 5; round += 1) {
      const answers = await Promise.all(
        [1, 2, 3].map(() => inject({ method: 'POST', url: '/auth/refresh', headers: { cookie } })),
      );
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
      const cookies = answers.map((answer) => refreshCookieOf(answer.headers['set-cookie']));
      expect(new Set(cookies).size).toBe(1);
      expect(cookies[0]).not.toBe(cookie);
      const sessionIds = answers.map((answer) => sessionOf(answer.json().accessToken));
      expect(new Set(sessionIds).size).toBe(1);
      for (const answer of answers) {
        const me = await inject({
          url: '/me',
          headers: { authorization: `Bearer ${answer.json().accessToken}` },
        });
        expect(me.statusCode).toBe(200);
      }
      cookie = cookies[0]!;
    }
    const sessions = await ctx.sql.query('select revoked_at from sessions where user_id = $1', [user.id]);
    expect(sessions.rows).toEqual([{ revoked_at: null }]);
  });

  it('gives two browser requests refreshing one token at the same moment over HTTP the same new pair', async () => {
    const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const user = await makeUser(ctx);
      const refresh = () =>
        fetch(`${base}/auth/refresh`, { method: 'POST', headers: { cookie: user.refreshCookie } });
      const answers = await Promise.all([refresh(), refresh()]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const cookies = answers.map((answer) => refreshCookieOf(answer.headers.getSetCookie()));
      expect(cookies[0]).toBe(cookies[1]);
      const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { accessToken: string }[];
      expect(sessionOf(bodies[0]!.accessToken)).toBe(sessionOf(bodies[1]!.accessToken));
      const next = await fetch(`${base}/auth/refresh`, { method: 'POST', headers: { cookie: cookies[0]! } });
      expect(next.status).toBe(200);
    }
  });

  it('ends the session when a rotated token comes back once REFRESH_TOKEN_GRACE_SECONDS have passed', async () => {
    const shortGrace = await buildApp({
      ...ctx.config,
      REDIS_KEY_PREFIX: `${ctx.config.REDIS_KEY_PREFIX}grace:`,
      REFRESH_TOKEN_GRACE_SECONDS: 1,
    });
    try {
      const user = await makeUser(ctx);
      const refresh = (cookie: string) =>
        shortGrace.inject({ method: 'POST', url: '/auth/refresh', headers: { cookie } });
      const first = await refresh(user.refreshCookie);
      expect(first.statusCode).toBe(200);
      expect((await refresh(user.refreshCookie)).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const late = await refresh(user.refreshCookie);
      expect(late.statusCode).toBe(401);
      expect(late.json().detail).toMatch(/already used/);
      expect((await refresh(refreshCookieOf(first.headers['set-cookie']))).statusCode).toBe(401);
    } finally {
      await shortGrace.close();
    }
  });

  it('ends the session when a token is presented again after its successor was used, even within the window', async () => {
    const user = await makeUser(ctx);
    const first = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: user.refreshCookie },
    });
    const successor = refreshCookieOf(first.headers['set-cookie']);
    expect(
      (await inject({ method: 'POST', url: '/auth/refresh', headers: { cookie: successor } })).statusCode,
    ).toBe(200);
    const stale = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: user.refreshCookie },
    });
    expect(stale.statusCode).toBe(401);
    const session = await ctx.sql.query('select revoked_reason from sessions where user_id = $1', [user.id]);
    expect(session.rows).toEqual([{ revoked_reason: 'refresh token reused' }]);
  });

  it('answers a refresh without a cookie with 204 and no token (nothing to resume), and refuses an unknown one', async () => {
    const none = await inject({ method: 'POST', url: '/auth/refresh' });
    expect(none.statusCode).toBe(204);
    expect(none.body).toBe('');
    const response = await inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: 'shopstream_refresh=made-up' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('logs out: the refresh token and the access token of that session stop working', async () => {
    const user = await makeUser(ctx);
    const out = await inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: user.refreshCookie },
    });
    expect(out.statusCode).toBe(204);
    expect([out.headers['set-cookie']].flat().join()).toMatch(/shopstream_refresh=;/);
    expect(
      (await inject({ method: 'POST', url: '/auth/refresh', headers: { cookie: user.refreshCookie } }))
        .statusCode,
    ).toBe(401);
    expect((await inject({ url: '/me', headers: user.auth })).statusCode).toBe(401);
  });

  it('lists my sessions and lets me end another one', async () => {
    const user = await makeUser(ctx);
    const other = await inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'user-agent': 'Phone browser' },
      payload: { email: user.email, password: user.password },
    });
    const otherAuth = { authorization: `Bearer ${other.json().accessToken}` };

    const list = await inject({ url: '/me/sessions', headers: user.auth });
    expect(list.statusCode).toBe(200);
    const sessions = list.json().items as { id: string; current: boolean; userAgent: string | null }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const phone = sessions.find((s) => s.userAgent === 'Phone browser')!;
    expect(phone.current).toBe(false);

    expect(
      (await inject({ method: 'DELETE', url: `/me/sessions/${phone.id}`, headers: user.auth })).statusCode,
    ).toBe(204);
    expect((await inject({ url: '/me', headers: otherAuth })).statusCode).toBe(401);
    expect((await inject({ url: '/me', headers: user.auth })).statusCode).toBe(200);

    const stranger = await makeUser(ctx);
    const foreign = await inject({
      method: 'DELETE',
      url: `/me/sessions/${sessions.find((s) => s.current)!.id}`,
      headers: stranger.auth,
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('profile, password and addresses', () => {
  it('updates the name, and the email only with the current password', async () => {
    const user = await makeUser(ctx);
    const renamed = await inject({
      method: 'PATCH',
      url: '/me',
      headers: user.auth,
      payload: { name: 'New Name' },
    });
    expect(renamed.json().name).toBe('New Name');

    const withoutPassword = await inject({
      method: 'PATCH',
      url: '/me',
      headers: user.auth,
      payload: { email: 'changed@example.com' },
    });
    expect(withoutPassword.statusCode).toBe(400);
    expect(withoutPassword.json().errors[0].field).toBe('body.currentPassword');

    const email = `Moved-${user.id.slice(0, 8)}@Example.com`;
    const moved = await inject({
      method: 'PATCH',
      url: '/me',
      headers: user.auth,
      payload: { email, currentPassword: user.password },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().email).toBe(email.toLowerCase());

    const taken = await makeUser(ctx);
    const clash = await inject({
      method: 'PATCH',
      url: '/me',
      headers: user.auth,
      payload: { email: taken.email, currentPassword: user.password },
    });
    expect(clash.statusCode).toBe(409);
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const user = await makeUser(ctx);
    const other = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: user.password },
    });
    const wrong = await inject({
      method: 'PUT',
      url: '/me/password',
      headers: user.auth,
      payload: { currentPassword: 'not-the-password', newPassword: 'a brand new password' },
    });
    expect(wrong.statusCode).toBe(400);

    const changed = await inject({
      method: 'PUT',
      url: '/me/password',
      headers: user.auth,
      payload: { currentPassword: user.password, newPassword: 'a brand new password' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await inject({ url: '/me', headers: user.auth })).statusCode).toBe(200);
    expect(
      (await inject({ url: '/me', headers: { authorization: `Bearer ${other.json().accessToken}` } }))
        .statusCode,
    ).toBe(401);
    const oldLogin = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: 'a brand new password' },
    });
    expect(newLogin.statusCode).toBe(200);
  });

  it('keeps addresses per user with exactly one default', async () => {
    const user = await makeUser(ctx);
    const address = {
      fullName: 'Alice Smith',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    };
    const first = await inject({
      method: 'POST',
      url: '/me/addresses',
      headers: user.auth,
      payload: { ...address, isDefault: true },
    });
    expect(first.statusCode).toBe(201);
    const second = await inject({
      method: 'POST',
      url: '/me/addresses',
      headers: user.auth,
      payload: { ...address, line1: '2 Side St', isDefault: true },
    });
    const list = await inject({ url: '/me/addresses', headers: user.auth });
    expect(
      list.json().items.map((a: { line1: string; isDefault: boolean }) => [a.line1, a.isDefault]),
    ).toEqual([
      ['2 Side St', true],
      ['1 Main St', false],
    ]);

    const patched = await inject({
      method: 'PATCH',
      url: `/me/addresses/${first.json().id}`,
      headers: user.auth,
      payload: { city: 'Hamburg' },
    });
    expect(patched.json().city).toBe('Hamburg');

    const stranger = await makeUser(ctx);
    expect(
      (await inject({ method: 'DELETE', url: `/me/addresses/${second.json().id}`, headers: stranger.auth }))
        .statusCode,
    ).toBe(404);
    expect(
      (await inject({ method: 'DELETE', url: `/me/addresses/${second.json().id}`, headers: user.auth }))
        .statusCode,
    ).toBe(204);
    expect((await inject({ url: '/me/addresses', headers: user.auth })).json().items).toHaveLength(1);

    const bad = await inject({
      method: 'POST',
      url: '/me/addresses',
      headers: user.auth,
      payload: { ...address, country: 'Germany' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.country');
  });

  it("keeps the default address when asked to make an address that is not the caller's the default", async () => {
    const user = await makeUser(ctx);
    const stranger = await makeUser(ctx);
    const address = {
      fullName: 'Alice Smith',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    };
    const own = await inject({
      method: 'POST',
      url: '/me/addresses',
      headers: user.auth,
      payload: { ...address, isDefault: true },
    });
    const theirs = await inject({
      method: 'POST',
      url: '/me/addresses',
      headers: stranger.auth,
      payload: address,
    });
    for (const id of [theirs.json().id, '00000000-0000-4000-8000-000000000000']) {
      const response = await inject({
        method: 'PATCH',
        url: `/me/addresses/${id}`,
        headers: user.auth,
        payload: { isDefault: true },
      });
      expect(response.statusCode).toBe(404);
    }
    const list = await inject({ url: '/me/addresses', headers: user.auth });
    expect(list.json().items.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [own.json().id, true],
    ]);
  });
});

describe('rate limiting', () => {
  type Login = (email: string, password: string, ip: string) => ReturnType<typeof inject>;
  /** The app with the given limits and a Redis prefix of its own, so counts never leak between tests. */
  async function withLimits(
    limits: Partial<typeof ctx.config>,
    run: (login: Login, app: Awaited<ReturnType<typeof buildApp>>) => Promise<void>,
  ) {
    const limited = await buildApp({
      ...ctx.config,
      REDIS_KEY_PREFIX: `${ctx.config.REDIS_KEY_PREFIX}limits:${randomBytes(4).toString('hex')}:`,
      ...limits,
    });
    try {
      await run(
        (email, password, ip) =>
          limited.inject({
            method: 'POST',
            url: '/auth/login',
            remoteAddress: ip,
            payload: { email, password },
          }),
        limited,
      );
    } finally {
      await limited.close();
    }
  }
  const statusesOf = async (attempts: number, attempt: () => ReturnType<typeof inject>) => {
    const statuses = [];
    for (let i = 0; i < attempts; i += 1) statuses.push((await attempt()).statusCode);
    return statuses;
  };

  it("lets the owner log in from their address while a stranger's wrong passwords from another wait", async () => {
    const owner = await makeUser(ctx);
    await withLimits(
      { AUTH_RATE_LIMIT_PER_ACCOUNT_IP: 3, AUTH_RATE_LIMIT_PER_ACCOUNT: 50 },
      async (login) => {
        const stranger = await statusesOf(6, () => login(owner.email, 'wrong-password', '10.0.0.66'));
        expect(stranger).toEqual([401, 401, 401, 401, 429, 429]);
        // even the right password waits at the stranger's address
        expect((await login(owner.email, owner.password, '10.0.0.66')).statusCode).toBe(429);
        expect((await login(owner.email, owner.password, '10.0.0.1')).statusCode).toBe(200);
      },
    );
  });

  it('doubles the wait after each further wrong password, with Retry-After, until a right one', async () => {
    const owner = await makeUser(ctx);
    await withLimits(
      { AUTH_RATE_LIMIT_PER_ACCOUNT_IP: 1, AUTH_RATE_LIMIT_BACKOFF_SECONDS: 1 },
      async (login) => {
        const ip = '10.0.1.1';
        expect((await login(owner.email, 'wrong-password', ip)).statusCode).toBe(401);
        const waits = [];
        for (let round = 0; round < 3; round += 1) {
          expect((await login(owner.email, 'wrong-password', ip)).statusCode).toBe(401);
          const refused = await login(owner.email, 'wrong-password', ip);
          expect(refused.statusCode).toBe(429);
          expect(refused.json().type).toBe('https://shopstream.dev/problems/rate_limited');
          const wait = Number(refused.headers['retry-after']);
          waits.push(wait);
          await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
        }
        expect(waits).toEqual([1, 2, 4]);
        expect((await login(owner.email, owner.password, ip)).statusCode).toBe(200);
        // a right password clears the count: the next typo is free again
        expect((await login(owner.email, 'wrong-password', ip)).statusCode).toBe(401);
        expect((await login(owner.email, owner.password, ip)).statusCode).toBe(200);
      },
    );
  });

  it('refuses every address once an account has had too many wrong passwords from all of them', async () => {
    const owner = await makeUser(ctx);
    await withLimits(
      { AUTH_RATE_LIMIT_PER_ACCOUNT_IP: 100, AUTH_RATE_LIMIT_PER_ACCOUNT: 4 },
      async (login) => {
        const spread = [];
        for (let i = 0; i < 5; i += 1)
          spread.push((await login(owner.email, 'wrong-password', `10.0.2.${i + 1}`)).statusCode);
        expect(spread).toEqual([401, 401, 401, 401, 429]);
        const owners = await login(owner.email, owner.password, '10.0.2.200');
        expect(owners.statusCode).toBe(429);
        expect(Number(owners.headers['retry-after'])).toBeGreaterThan(0);
        // other accounts are not affected
        const other = await makeUser(ctx);
        expect((await login(other.email, other.password, '10.0.2.1')).statusCode).toBe(200);
      },
    );
  });

  it('does not spend login attempts on registering', async () => {
    const email = `registrant-${randomBytes(4).toString('hex')}@example.com`;
    const password = 'registrant password';
    await withLimits(
      { AUTH_RATE_LIMIT_PER_ACCOUNT_IP: 1, AUTH_RATE_LIMIT_PER_ACCOUNT: 1 },
      async (login, app) => {
        for (let i = 0; i < 4; i += 1) {
          const registered = await app.inject({
            method: 'POST',
            url: '/auth/register',
            remoteAddress: '10.0.3.1',
            payload: { email, password, name: 'Registrant' },
          });
          expect(registered.statusCode).toBeLessThan(300);
        }
        expect((await login(email, password, '10.0.3.1')).statusCode).toBe(200);
      },
    );
  });

  it('limits login attempts per IP through Redis, and a client cannot pose as another', async () => {
    await withLimits({ AUTH_RATE_LIMIT_PER_IP: 5 }, async (login) => {
      const perIp = await statusesOf(6, () =>
        login(`spray-${randomBytes(3).toString('hex')}@example.com`, 'wrong-password', '10.9.9.9'),
      );
      expect(perIp).toEqual([401, 401, 401, 401, 401, 429]);
      // another client is not affected
      expect((await login('someone@example.com', 'wrong-password', '10.1.1.1')).statusCode).toBe(401);
    });
    await withLimits({ AUTH_RATE_LIMIT_PER_IP: 1 }, async (_login, app) => {
      const attempt = (headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/auth/login',
          remoteAddress: '10.9.9.9',
          headers,
          payload: { email: 'forger@example.com', password: 'wrong-password' },
        });
      expect((await attempt({})).statusCode).toBe(401);
      // forging X-Forwarded-For does not make it another client
      const forged = await attempt({ 'x-forwarded-for': '203.0.113.7' });
      expect(forged.statusCode).toBe(429);
      expect(Number(forged.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
