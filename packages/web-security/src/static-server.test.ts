import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaticServer, staticAppOptionsFromEnv } from './static-server';

const theme = "document.documentElement.dataset.theme = 'dark';";
const page = `<!doctype html><html><head><script>${theme}</script><script type="module" src="/assets/index-abc123.js"></script></head><body></body></html>`;
let root: string;
let app: Awaited<ReturnType<typeof buildStaticServer>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'static-server-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), page);
  writeFileSync(join(root, 'assets/index-abc123.js'), 'console.log(1)');
  app = await buildStaticServer({
    root,
    connect: ['http://api.test:5005', 'ws://live.test:8080/ws'],
    images: ['http://api.test:5005'],
    logLevel: 'silent',
  });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the static server of a built Vite app', () => {
  it('answers a client-side route with index.html and the production CSP, allowing its inline script by hash', async () => {
    const response = await app.inject('/orders/42?tab=lines');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(page);
    const hash = createHash('sha256').update(theme).digest('base64');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("connect-src 'self' http://api.test:5005 ws://live.test:8080");
    expect(csp).toContain('img-src');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS only behind a proxy that says the page came over https', async () => {
    const response = await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('serves hashed assets as immutable with the constant headers, and a missing file as 404', async () => {
    const asset = await app.inject('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const missing = await app.inject('/assets/gone.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    const traversal = await app.inject('/assets/..%2f..%2fetc%2fpasswd.txt');
    expect(traversal.statusCode).toBe(404);
  });

  it('answers /health', async () => {
    const response = await app.inject('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reads its settings from the environment', () => {
    const options = staticAppOptionsFromEnv({
      STATIC_ROOT: '/srv/app',
      CONNECT_SRC: 'http://a.test, ws://b.test/ws',
      IMG_SRC: '',
    });
    expect(options).toMatchObject({
      root: '/srv/app',
      connect: ['http://a.test', 'ws://b.test/ws'],
      images: [],
    });
  });
});
