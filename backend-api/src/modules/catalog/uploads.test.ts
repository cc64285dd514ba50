import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

// The smallest valid PNG: a 1×1 transparent pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let ctx: TestApp;
let staff: TestUser;
let customer: TestUser;
beforeAll(async () => {
  ctx = await startTestApp({ UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'shopstream-uploads-')) });
  staff = await makeUser(ctx, { role: 'staff' });
  customer = await makeUser(ctx, { role: 'customer' });
});
afterAll(() => ctx?.close());

const upload = (headers: Record<string, string>, type: string, payload: Buffer) =>
  ctx.app.inject({
    method: 'POST',
    url: '/admin/uploads',
    headers: { ...headers, 'content-type': type },
    payload,
  });

describe('product image uploads', () => {
  it('stores a PNG from staff and serves it back with its type, nosniff and no script', async () => {
    const response = await upload(staff.auth, 'image/png', PNG);
    expect(response.statusCode).toBe(201);
    const { url } = response.json() as { url: string };
    expect(url).toMatch(/\/uploads\/[0-9a-f-]{36}\.png$/);

    const served = await ctx.app.inject({ url: new URL(url).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'");
    expect(served.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses bytes that are not the image type they claim, and SVG altogether', async () => {
    const fake = await upload(staff.auth, 'image/png', Buffer.from('<script>alert(1)</script>'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json()).toMatchObject({ errors: [{ field: 'file' }] });
    const svg = await upload(
      staff.auth,
      'image/svg+xml',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    );
    expect(svg.statusCode).toBe(415);
  });

  it('refuses customers and anonymous callers', async () => {
    expect((await upload(customer.auth, 'image/png', PNG)).statusCode).toBe(403);
    expect((await upload({}, 'image/png', PNG)).statusCode).toBe(401);
  });

  it('answers 404 for a file that was never uploaded and 400 for names outside the folder', async () => {
    expect(
      (await ctx.app.inject({ url: '/uploads/00000000-0000-0000-0000-000000000000.png' })).statusCode,
    ).toBe(404);
    expect((await ctx.app.inject({ url: '/uploads/..%2F..%2Fpackage.json' })).statusCode).toBe(400);
  });
});
