import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type AppDependencies, buildApp } from '../../src/app';
import { readConfig } from '../../src/config';
import { runMigrations } from '../../src/db/migrate';

const SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/ecommerce_db` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * The API on its own freshly migrated database and its own Redis key prefix, so test files run in
 * parallel and in any order. Auth rate limits are lifted unless a test sets them.
 */
export async function startTestApp(env: Record<string, string> = {}, dependencies: AppDependencies = {}) {
  const name = `ecommerce_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const databaseUrl = `${SERVER_URL}/${name}`;
  await runMigrations(databaseUrl);
  const config = readConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: `test:${name}:`,
    AUTH_RATE_LIMIT_PER_IP: '100000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '100000',
    AUTH_RATE_LIMIT_PER_ACCOUNT_IP: '100000',
    // Background workers stay off unless a test turns them on (and points the relay at its own recorder).
    OUTBOX_RELAY_ENABLED: 'false',
    MAIL_RELAY_ENABLED: 'false',
    RESERVATION_SWEEPER_ENABLED: 'false',
    ANALYTICS_URL: 'http://127.0.0.1:9',
    ...env,
  });
  const app = await buildApp(config, dependencies);
  await app.ready();
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // pool.end() resolves before its sockets close; the forced drop below may still reach one of them.
  sql.on('error', () => {});

  return {
    app,
    config,
    databaseUrl,
    /** Direct access to the test database, for arranging and for checking what was stored. */
    sql,
    async close() {
      await app.close();
      await sql.end();
      await adminQuery(`drop database if exists ${name} with (force)`);
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`test:${name}:*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}
