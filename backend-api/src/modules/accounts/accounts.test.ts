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

describe('registration and login', () => {
  it('registers a customer with a normalised email, hashes the password with argon2id and signs in', async () => {
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
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.user).toMatchObject({ email: 'alice.smith@example.com', role: 'customer', name: 'Alice' });
    expect(body.tokenType).toBe('Bearer');
    expect(body).not.toHaveProperty('refreshToken');

    const stored = await ctx.sql.query('select password_hash from users where email = $1', [
      'alice.smith@example.com',
    ]);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(created.body).not.toContain('correct horse battery');

    const cookie = [created.headers['set-cookie']].flat().join('\n');
    expect(cookie).toMatch(/shopstream_refresh=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/auth/);
  });

  it('refuses a second account with the same email in another case', async () => {
    const user = await makeUser(ctx);
    const response = await inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: user.email.toUpperCase(), password: 'another password', name: 'Copycat' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().type).toBe('https://shopstream.dev/problems/conflict');
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

  it('refuses a refresh without a cookie or with an unknown one', async () => {
    expect((await inject({ method: 'POST', url: '/auth/refresh' })).statusCode).toBe(401);
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
  it('limits login attempts per account and per IP through Redis, with Retry-After', async () => {
    const limited = await buildApp({
      ...ctx.config,
      REDIS_KEY_PREFIX: `${ctx.config.REDIS_KEY_PREFIX}limits:`,
      AUTH_RATE_LIMIT_PER_ACCOUNT: 3,
      AUTH_RATE_LIMIT_PER_IP: 5,
    });
    try {
      const login = (email: string, ip: string) =>
        limited.inject({
          method: 'POST',
          url: '/auth/login',
          remoteAddress: ip,
          payload: { email, password: 'wrong-password' },
        });
      const statuses = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await login('victim@example.com', `10.0.0.${i + 1}`)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const blocked = await login('victim@example.com', '10.0.0.99');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json().type).toBe('https://shopstream.dev/problems/rate_limited');

      const perIp = [];
      for (let i = 0; i < 6; i += 1)
        perIp.push((await login(`spray-${i}@example.com`, '10.9.9.9')).statusCode);
      expect(perIp).toEqual([401, 401, 401, 401, 401, 429]);
      // another client is not affected
      expect((await login('someone@example.com', '10.1.1.1')).statusCode).toBe(401);
      // and a client cannot pose as another by forging X-Forwarded-For
      const forged = await limited.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress: '10.9.9.9',
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { email: 'forger@example.com', password: 'wrong-password' },
      });
      expect(forged.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
