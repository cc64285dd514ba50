// The commerce API for a benchmark: its own freshly migrated and seeded database and Redis key prefix,
// in production mode with logging at warn, listening on a free loopback port. It runs the build
// (`node dist/server.js` in a process of its own) when there is one, else the source in this process.
// `close()` stops it and drops both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../../backend-api/src/app';
import { readConfig } from '../../backend-api/src/config';
import { runMigrations } from '../../backend-api/src/db/migrate';
import { seed } from '../../backend-api/src/db/seed';
import { serviceEntry } from './service-build';

const serverUrl =
  process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';

async function admin(text: string) {
  const client = new pg.Client({ connectionString: `${serverUrl}/ecommerce_db` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A freshly migrated and seeded database of its own; `prepare` runs on it (e.g. to raise stock). */
export async function createBenchDatabase<T = void>(
  prepare?: (sql: pg.Client) => Promise<T>,
  prefix = 'ecommerce_bench',
) {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const databaseUrl = `${serverUrl}/${name}`;
  await runMigrations(databaseUrl);
  await seed(databaseUrl);
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  let prepared: T | undefined;
  try {
    prepared = await prepare?.(sql);
  } finally {
    await sql.end();
  }
  return {
    name,
    databaseUrl,
    prepared: prepared as T,
    /** Drops the database and the Redis keys under `redisPrefix`. */
    async drop(redisPrefix = `bench:${name}:`) {
      await admin(`drop database if exists ${name} with (force)`);
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${redisPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** backend-api's environment for a bench: production mode, logging at warn, no OpenAPI. */
export function benchApiEnv(databaseUrl: string, redisPrefix: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ANALYTICS_SERVER_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    SWAGGER_ENABLED: 'false',
    // Orders still write their mail to the outbox in the checkout's transaction; nothing is sent.
    SMTP_URL: 'smtp://127.0.0.1:1025',
    MAIL_FROM: 'ShopStream bench <bench@shopstream.localhost>',
    MAIL_RELAY_ENABLED: 'false',
  };
}

/**
 * `prepare` runs on the seeded database before the API starts (e.g. to raise stock);
 * `env` adds to or overrides the API's environment.
 */
export async function startBenchApi<T = void>(
  options: { prepare?: (sql: pg.Client) => Promise<T>; env?: Record<string, string> } = {},
) {
  const database = await createBenchDatabase(options.prepare);
  const env = { ...benchApiEnv(database.databaseUrl, `bench:${database.name}:`), ...options.env };
  const entry = serviceEntry('backend-api');
  // BENCH_API_PORT: a fixed port (on a shared machine, each user of it keeps to a range of its own).
  const port = process.env.BENCH_API_PORT ? Number(process.env.BENCH_API_PORT) : undefined;
  const api = entry.from === 'build' ? await startApiProcess(env, port) : await startInProcess(env, port);
  console.error(`bench: backend-api from its ${entry.from} (${api.url})`);

  return {
    url: api.url,
    from: entry.from,
    prepared: database.prepared,
    async close() {
      await api.stop();
      await database.drop();
    },
  };
}

async function startInProcess(env: Record<string, string>, port = 0) {
  const api = await buildApp(readConfig({ ...process.env, ...env }));
  const url = await api.listen({ port, host: '127.0.0.1' });
  return { url, stop: () => api.close() };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * backend-api in a process of its own (`serviceEntry`: the build, else the source) on `port` (a free one
 * by default); answers once /health does. `child` is there for a fault script's kill -9.
 */
export async function startApiProcess(env: Record<string, string>, port?: number) {
  port ??= await freePort();
  const child = spawn(process.execPath, serviceEntry('backend-api').args, {
    cwd: fileURLToPath(new URL('../../backend-api', import.meta.url)),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    // The service's logs (JSON, warnings and up) go to stderr: a bench's stdout is for its figures.
    stdio: ['ignore', 2, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend-api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('backend-api did not answer /health within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    // Already gone (exited, or killed by a fault script): there is no exit left to wait for.
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { url, port, child, stop };
}
