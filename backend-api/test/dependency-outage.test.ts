import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app';

/** A TCP port that accepts connections and never says a word, like a server stuck under load. */
async function silentServer() {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const login = (ctx: TestApp) =>
  ctx.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { email: 'nobody@example.com', password: 'long-enough-password' },
  });

function expectUnavailable(response: Awaited<ReturnType<typeof login>>) {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.json()).toMatchObject({ code: 'service_unavailable', status: 503 });
  expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|timeout exceeded/);
}

describe('a server the API depends on is down', () => {
  let stuck: Awaited<ReturnType<typeof silentServer>>;
  let noDatabase: TestApp;
  let stuckDatabase: TestApp;
  let noRedis: TestApp;
  beforeAll(async () => {
    stuck = await silentServer();
    [noDatabase, stuckDatabase, noRedis] = await Promise.all([
      // Port 9 (discard) is closed on loopback: every connection is refused.
      startTestApp({ DATABASE_URL: 'postgres://ecommerce:ecommerce_secret@127.0.0.1:9/ecommerce_db' }),
      startTestApp({
        DATABASE_URL: `postgres://ecommerce:ecommerce_secret@127.0.0.1:${stuck.port}/ecommerce_db`,
      }),
      startTestApp({ REDIS_URL: 'redis://127.0.0.1:9' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([noDatabase?.close(), stuckDatabase?.close(), noRedis?.close()]);
    await stuck?.close();
  });

  it('answers 503 with Retry-After when PostgreSQL refuses connections', async () => {
    expectUnavailable(await login(noDatabase));
    expectUnavailable(await noDatabase.app.inject({ url: '/catalog/products' }));
  });

  it('answers 503 when no pooled PostgreSQL connection comes within the connect timeout', async () => {
    expectUnavailable(await login(stuckDatabase));
  });

  it('answers 503 when Redis is unreachable at login', async () => {
    expectUnavailable(await login(noRedis));
  });
});
