import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

let ctx: TestApp;
let customer: TestUser;
let staff: TestUser;
let admin: TestUser;

beforeAll(async () => {
  ctx = await startTestApp();
  [customer, staff, admin] = await Promise.all([
    makeUser(ctx),
    makeUser(ctx, { role: 'staff' }),
    makeUser(ctx, { role: 'admin' }),
  ]);
});
afterAll(() => ctx?.close());

interface Operation {
  method: string;
  path: string;
  security?: unknown[];
  'x-roles'?: string[];
}

/** Every operation of the OpenAPI document, with its path parameters filled in. */
function operations(): (Operation & { url: string })[] {
  const doc = ctx.app.swagger() as {
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      ...operation,
      method: method.toUpperCase(),
      path,
      url: path.replace(/\{slug\}/g, 'some-product').replace(/\{[^}]+\}/g, () => randomUUID()),
    })),
  );
}

const call = (operation: { method: string; url: string }, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: operation.method as InjectOptions['method'],
    url: operation.url,
    headers,
    ...(['POST', 'PUT', 'PATCH'].includes(operation.method) ? { payload: {} } : {}),
  });

describe('role checks read from the OpenAPI document', () => {
  it('marks every /admin route as restricted to roles, and nothing else', () => {
    const all = operations();
    const staffOnly = all.filter((op) => op['x-roles']);
    expect(staffOnly.length).toBeGreaterThanOrEqual(17);
    expect(all.filter((op) => op.path.startsWith('/admin')).every((op) => op['x-roles'] && op.security)).toBe(
      true,
    );
    expect(staffOnly.every((op) => op.path.startsWith('/admin'))).toBe(true);
  });

  it('refuses an anonymous caller with 401 on every signed-in and staff-only route', async () => {
    const guarded = operations().filter((op) => op.security);
    expect(guarded.length).toBeGreaterThan(20);
    for (const op of guarded) {
      const response = await call(op);
      expect({ route: `${op.method} ${op.path}`, status: response.statusCode }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
      });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses a customer with 403 on every staff-only route', async () => {
    for (const op of operations().filter((op) => op['x-roles'])) {
      const response = await call(op, customer.auth);
      expect({ route: `${op.method} ${op.path}`, status: response.statusCode }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 403,
      });
    }
  });

  it('refuses staff with 403 on every admin-only route and lets staff through the others', async () => {
    for (const op of operations().filter((op) => op['x-roles'])) {
      const response = await call(op, staff.auth);
      const route = `${op.method} ${op.path}`;
      if (op['x-roles']!.includes('staff')) {
        expect({
          route,
          refused: [401, 403].includes(response.statusCode),
          failed: response.statusCode >= 500,
        }).toEqual({
          route,
          refused: false,
          failed: false,
        });
      } else {
        expect({ route, status: response.statusCode }).toEqual({ route, status: 403 });
      }
    }
  });

  it('lets a signed-in customer through every signed-in route that needs no role, without a server error', async () => {
    const person = await makeUser(ctx);
    const routes = operations().filter((op) => op.security && !op['x-roles']);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const op of routes) {
      const response = await call(op, person.auth);
      const route = `${op.method} ${op.path}`;
      expect({
        route,
        refused: [401, 403].includes(response.statusCode),
        failed: response.statusCode >= 500,
      }).toEqual({
        route,
        refused: false,
        failed: false,
      });
    }
  });

  it('lets an admin through every staff-only route', async () => {
    for (const op of operations().filter((op) => op['x-roles'])) {
      const response = await call(op, admin.auth);
      const route = `${op.method} ${op.path}`;
      expect({
        route,
        refused: [401, 403].includes(response.statusCode),
        failed: response.statusCode >= 500,
      }).toEqual({
        route,
        refused: false,
        failed: false,
      });
    }
  });
});

describe('account administration', () => {
  it('lets an admin promote a customer to staff, effective on their next request', async () => {
    const person = await makeUser(ctx);
    expect((await ctx.app.inject({ url: '/admin/products', headers: person.auth })).statusCode).toBe(403);
    const promoted = await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/users/${person.id}`,
      headers: admin.auth,
      payload: { role: 'staff' },
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ id: person.id, role: 'staff', disabled: false });
    expect((await ctx.app.inject({ url: '/admin/products', headers: person.auth })).statusCode).toBe(200);
  });

  it('disables an account and ends its sessions at once', async () => {
    const person = await makeUser(ctx);
    const disabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/users/${person.id}`,
      headers: admin.auth,
      payload: { disabled: true },
    });
    expect(disabled.json().disabled).toBe(true);
    expect((await ctx.app.inject({ url: '/me', headers: person.auth })).statusCode).toBe(401);
    const refresh = await ctx.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: person.refreshCookie },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('lets staff disable a customer but not change a role or disable another staff member', async () => {
    const person = await makeUser(ctx);
    const colleague = await makeUser(ctx, { role: 'staff' });
    const patch = (id: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'PATCH', url: `/admin/users/${id}`, headers: staff.auth, payload });
    expect((await patch(person.id, { role: 'staff' })).statusCode).toBe(403);
    expect((await patch(colleague.id, { disabled: true })).statusCode).toBe(403);
    const disabled = await patch(person.id, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ role: 'customer', disabled: true });
    expect((await ctx.app.inject({ url: '/me', headers: colleague.auth })).statusCode).toBe(200);
  });

  it('does not let an admin demote or disable themselves', async () => {
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/users/${admin.id}`,
      headers: admin.auth,
      payload: { role: 'customer' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('lists accounts by role with cursor pagination', async () => {
    await Promise.all([makeUser(ctx, { role: 'staff' }), makeUser(ctx, { role: 'staff' })]);
    const first = await ctx.app.inject({ url: '/admin/users?role=staff&limit=2', headers: admin.auth });
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.items.every((u: { role: string }) => u.role === 'staff')).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    const second = await ctx.app.inject({
      url: `/admin/users?role=staff&limit=2&cursor=${page.nextCursor}`,
      headers: admin.auth,
    });
    const ids = [...page.items, ...second.json().items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });
});
