import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/support/test-app';

let ctx: TestApp;
beforeAll(async () => {
  // The test's requests come from loopback, which TRUST_PROXY trusts by default.
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe('HSTS', () => {
  it('is not sent over plain http', async () => {
    const response = await ctx.app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('is sent when the trusted proxy says the request came over https', async () => {
    const response = await ctx.app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('HSTS behind an untrusted client', () => {
  let untrusting: TestApp;
  beforeAll(async () => {
    untrusting = await startTestApp({ TRUST_PROXY: '10.9.8.7' });
  });
  afterAll(() => untrusting.close());

  it('is not sent when a client that is not the proxy claims https', async () => {
    const response = await untrusting.app.inject({
      url: '/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
