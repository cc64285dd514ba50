// The commerce API for a benchmark: its own freshly migrated and seeded database and Redis key prefix,
// built in production mode with logging at warn. `close()` stops it and drops both.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../../backend-api/src/app';
import { readConfig } from '../../backend-api/src/config';
import { runMigrations } from '../../backend-api/src/db/migrate';
import { seed } from '../../backend-api/src/db/seed';

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

/**
 * `prepare` runs on the seeded database before the API starts (e.g. to raise stock);
 * `env` adds to or overrides the API's environment.
 */
export async function startBenchApi<T = void>(
  options: { prepare?: (sql: pg.Client) => Promise<T>; env?: Record<string, string> } = {},
) {
  const name = `ecommerce_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const databaseUrl = `${serverUrl}/${name}`;
  await runMigrations(databaseUrl);
  await seed(databaseUrl);
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  let prepared: T | undefined;
  try {
    prepared = await options.prepare?.(sql);
  } finally {
    await sql.end();
  }

  const api = await buildApp(
    readConfig({
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ANALYTICS_SERVER_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: `bench:${name}:`,
      SWAGGER_ENABLED: 'false',
      ...options.env,
    }),
  );
  await api.ready();

  return {
    api,
    prepared: prepared as T,
    async close() {
      await api.close();
      await admin(`drop database if exists ${name} with (force)`);
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`bench:${name}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
