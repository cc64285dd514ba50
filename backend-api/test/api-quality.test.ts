import { Validator } from '@seriousme/openapi-schema-validator';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCategory, makeProduct, makeUser, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

let ctx: TestApp;
let admin: TestUser;
let customer: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await startTestApp();
  [admin, customer] = await Promise.all([makeUser(ctx, { role: 'admin' }), makeUser(ctx)]);
  const category = await makeCategory(ctx, admin);
  const product = await makeProduct(ctx, admin, {
    categoryId: category.id,
    images: [{ url: 'https://cdn.example.com/a.png', alt: '' }],
  });
  const address = await ctx.app.inject({
    method: 'POST',
    url: '/me/addresses',
    headers: admin.auth,
    payload: { fullName: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'DE' },
  });
  Object.assign(ids, {
    '/admin/products/{id}': product.id,
    '/admin/variants/{id}': product.variants[0]!.id,
    '/admin/categories/{id}': category.id,
    '/me/addresses/{id}': address.json().id,
    '/admin/users/{id}': customer.id,
    '/admin/products/{id}/images/{imageId}': product.id,
  });
});
afterAll(() => ctx?.close());

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};
interface Operation {
  method: string;
  path: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

function writeOperations(): Operation[] {
  const doc = ctx.app.swagger() as {
    paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
}

const firstType = (schema: JsonSchema): string | undefined => {
  if (schema.anyOf) return firstType(schema.anyOf.find((s) => s.type !== 'null') ?? {});
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
};

/** A payload shaped like the schema with every leaf replaced by `leaf(type)`. */
function shaped(schema: JsonSchema, leaf: (type: string | undefined) => unknown): unknown {
  const type = firstType(schema);
  const resolved = schema.anyOf?.find((s) => s.type !== 'null') ?? schema;
  if (type === 'object' && resolved.properties) {
    return Object.fromEntries(
      Object.entries(resolved.properties).map(([key, value]) => [key, shaped(value, leaf)]),
    );
  }
  if (type === 'array' && resolved.items) return [shaped(resolved.items, leaf)];
  return leaf(type);
}

const SQL = "' OR 1=1; DROP TABLE users; --";
const SCRIPT = '<script>alert(document.cookie)</script>';
const HUGE = 'x'.repeat(200_000);

function hostilePayloads(
  schema: JsonSchema | undefined,
): { name: string; payload: string; contentType?: string }[] {
  const json = (name: string, value: unknown) => ({ name, payload: JSON.stringify(value) });
  const list = [
    { name: 'malformed JSON', payload: '{"title": "x", ' },
    json('an array instead of an object', [1, 2, 3]),
    json('a bare string', 'hello'),
    json(
      'prototype pollution',
      JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}'),
    ),
    { name: 'form data', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  ];
  if (!schema) return list;
  return [
    ...list,
    json(
      'wrong types everywhere',
      shaped(schema, (type) =>
        type === 'string' ? 12345 : type === 'array' ? { not: 'an array' } : 'not-a-number',
      ),
    ),
    json(
      'huge strings',
      shaped(schema, (type) =>
        type === 'string' ? HUGE : type === 'integer' || type === 'number' ? 1 : true,
      ),
    ),
    json(
      'negative amounts and SQL-looking strings',
      shaped(schema, (type) =>
        type === 'string' ? SQL : type === 'integer' || type === 'number' ? -100 : true,
      ),
    ),
    json(
      'script-looking strings and fractional amounts',
      shaped(schema, (type) =>
        type === 'string' ? SCRIPT : type === 'integer' || type === 'number' ? 12.345 : 'yes',
      ),
    ),
    json('an unknown field', {
      ...(shaped(schema, () => undefined) as object),
      isAdmin: true,
      role: 'admin',
    }),
  ];
}

async function fingerprint() {
  const tables = [
    'users',
    'addresses',
    'categories',
    'products',
    'variants',
    'product_images',
    'search_terms',
    'carts',
    'cart_items',
    'orders',
    'order_lines',
    'order_events',
    'discount_codes',
    'stock_adjustments',
    'checkout_requests',
    'outbox',
  ];
  const result = await ctx.sql.query(
    `select ${tables.map((t) => `(select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from ${t} x) as ${t}`).join(', ')}`,
  );
  return result.rows[0];
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = ctx.app.swagger();
    expect((doc as { openapi: string }).openapi).toBe('3.1.0');
    const result = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves Swagger UI at /api-docs', async () => {
    let response = await ctx.app.inject({ url: '/api-docs' });
    for (let hops = 0; response.statusCode === 302 && hops < 3; hops += 1) {
      const location = String(response.headers.location);
      response = await ctx.app.inject({
        url: location.startsWith('/') ? location : `/api-docs/${location.replace(/^\.\//, '')}`,
      });
    }
    expect(response.statusCode).toBe(200);
    expect(response.body.toLowerCase()).toContain('swagger');
  });
});

describe('hostile input', () => {
  it('answers every write route with a 4xx problem for malformed, mistyped, oversized and injection-looking input, changing nothing', async () => {
    const before = await fingerprint();
    // Logout and refresh read no body, only the refresh cookie: without one there is nothing to end or to
    // resume, and both answer 204 whatever is sent (the fingerprint below still proves nothing changed).
    const operations = writeOperations().filter(
      (op) => op.path !== '/auth/logout' && op.path !== '/auth/refresh',
    );
    expect(operations.length).toBeGreaterThan(15);
    let attempts = 0;
    for (const op of operations) {
      const url = op.path
        .replace('{imageId}', '00000000-0000-4000-8000-000000000000')
        .replace('{id}', ids[op.path] ?? '00000000-0000-4000-8000-000000000000')
        .replace('{slug}', 'anything');
      const schema = op.requestBody?.content['application/json']?.schema;
      const payloads = op.method === 'DELETE' ? [] : hostilePayloads(schema);
      for (const { name, payload, contentType } of payloads) {
        attempts += 1;
        const response = await ctx.app.inject({
          method: op.method as InjectOptions['method'],
          url,
          headers: { ...admin.auth, 'content-type': contentType ?? 'application/json' },
          payload,
        });
        const outcome = { route: `${op.method} ${op.path}`, input: name, status: response.statusCode };
        expect(outcome.status >= 400 && outcome.status < 500, JSON.stringify(outcome)).toBe(true);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      if (op.path.includes('{id}')) {
        for (const bad of [encodeURIComponent(SQL), encodeURIComponent(SCRIPT), '1', 'x'.repeat(5000)]) {
          const response = await ctx.app.inject({
            method: op.method as InjectOptions['method'],
            url: op.path.replace('{id}', bad).replace('{imageId}', bad),
            headers: { ...admin.auth, 'content-type': 'application/json' },
            ...(op.method === 'DELETE' ? {} : { payload: '{}' }),
          });
          // 414 for the 5000-character id: the URL itself is too long
          expect(response.statusCode, `${op.method} ${op.path} with id ${bad.slice(0, 20)}`).toBe(
            bad.length > 1000 ? 414 : 400,
          );
        }
      }
    }
    expect(attempts).toBeGreaterThan(100);
    expect(await fingerprint()).toEqual(before);
  });

  it('lists each invalid field of a body', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: admin.auth,
      payload: { title: '', variants: [{ sku: 'ok-1', price: -1, currency: 'euro' }] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.type).toBe('https://shopstream.dev/problems/validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.title', 'body.variants.0.price', 'body.variants.0.currency']),
    );
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: {
        email: 'sneaky@example.com',
        password: 'long enough password',
        name: 'Sneaky',
        role: 'admin',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/role/);
    const stored = await ctx.sql.query('select 1 from users where email = $1', ['sneaky@example.com']);
    expect(stored.rowCount).toBe(0);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x', description: 'y'.repeat(2 * 1024 * 1024), variants: [] }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().type).toBe('https://shopstream.dev/problems/payload_too_large');
  });

  const forgedCursor = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('survives hostile query strings on the public and staff listings', async () => {
    for (const query of [
      `q=${encodeURIComponent(SQL)}`,
      `q=${encodeURIComponent('!!! & | <-> :* ()')}`,
      `category=${encodeURIComponent(SQL)}`,
      `option=${encodeURIComponent(`size:${SQL}`)}`,
      'minPrice=-1',
      'maxPrice=99999999999',
      'minPrice=1e3',
      `cursor=${forgedCursor({ s: 'price_asc', k: 1e12, id: '00000000-0000-4000-8000-000000000000' })}&sort=price_asc`,
      `cursor=${forgedCursor({ s: 'newest', k: '-271821-04-20T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' })}`,
      `cursor=${forgedCursor({ s: 'newest', k: "2020-01-01'; drop table products; --", id: 'x' })}`,
      `cursor=${forgedCursor({ s: 'relevance', k: 'NaN', id: '00000000-0000-4000-8000-000000000000' })}&q=shirt`,
      `cursor=${Buffer.from('null').toString('base64url')}`,
      `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
      'limit=100000',
      `sort=${encodeURIComponent(SCRIPT)}`,
      'unknown=1',
    ]) {
      for (const base of ['/catalog/products', '/admin/products', '/admin/users']) {
        const response = await ctx.app.inject({ url: `${base}?${query}`, headers: admin.auth });
        expect(response.statusCode, `${base}?${query}`).toBeLessThan(500);
      }
    }
  });
});

describe('transport security', () => {
  it('sends security headers on every response, and HSTS only over https', async () => {
    for (const url of ['/health', '/catalog/products', '/nowhere']) {
      const response = await ctx.app.inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('allows CORS only for the configured web app origins', async () => {
    const allowed = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/auth/login',
      headers: { origin: 'http://localhost:3002', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3002');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const refused = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
