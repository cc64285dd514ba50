import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, refreshCookieOf, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

let ctx: TestApp;
let admin: TestUser;
beforeAll(async () => {
  ctx = await startTestApp();
  admin = await makeUser(ctx, { role: 'admin' });
});
afterAll(() => ctx?.close());

interface Operation {
  method: string;
  path: string;
  security?: unknown[];
}

/** Every operation of the API's own OpenAPI document, so a new route is covered without editing this test. */
async function operations() {
  const document = (await ctx.app.inject({ url: '/api-docs/json' })).json() as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): Operation => ({ method, path, ...operation })),
  );
}

// Answers about the caller: behind a token, or about its session, cart or orders.
const isPersonal = (operation: Operation) =>
  Boolean(operation.security?.length) || /^\/(me|admin|auth|cart|checkout)(\/|$)/.test(operation.path);

describe('Cache-Control on personal answers', () => {
  it('answers every personal route with no-store, whatever the outcome', async () => {
    const personal = (await operations()).filter(isPersonal);
    expect(personal.map((operation) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining([
        'get /me',
        'get /me/orders',
        'get /me/orders/{number}',
        'get /cart',
        'post /checkout',
        'post /auth/login',
        'post /auth/refresh',
        'get /admin/users',
        'get /admin/orders',
      ]),
    );
    const missing = [];
    for (const operation of personal) {
      const options: InjectOptions = {
        method: operation.method.toUpperCase() as InjectOptions['method'],
        url: operation.path.replace(/\{[^}]+\}/g, () => randomUUID()),
        headers: operation.security?.length ? admin.auth : {},
        ...(['post', 'put', 'patch'].includes(operation.method) ? { payload: {} } : {}),
      };
      const response = await ctx.app.inject(options);
      if (response.headers['cache-control'] !== 'no-store')
        missing.push(`${operation.method} ${operation.path} → ${response.statusCode}`);
    }
    expect(missing).toEqual([]);
  });

  it('sends no-store with the signed-in answers themselves', async () => {
    const customer = await makeUser(ctx);
    const answers = [
      await ctx.app.inject({ url: '/me', headers: customer.auth }),
      await ctx.app.inject({ url: '/me/orders', headers: customer.auth }),
      await ctx.app.inject({ url: '/me/sessions', headers: customer.auth }),
      await ctx.app.inject({ url: '/cart', headers: customer.auth }),
      await ctx.app.inject({ url: '/admin/users', headers: admin.auth }),
      await ctx.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: customer.email, password: customer.password },
      }),
    ];
    const refreshed = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: customer.refreshCookie },
    });
    expect(refreshCookieOf(refreshed.headers['set-cookie'])).toBeTruthy();
    answers.push(refreshed);
    expect(answers.map((answer) => [answer.statusCode, answer.headers['cache-control']])).toEqual(
      answers.map(() => [200, 'no-store']),
    );
  });

  it('leaves public catalog answers cacheable', async () => {
    const catalog = await ctx.app.inject({ url: '/catalog/products' });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.headers['cache-control']).not.toBe('no-store');
  });
});
