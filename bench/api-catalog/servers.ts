// Starts, in this child process, the commerce API on a freshly migrated and seeded database and a bare
// Fastify "hello" route, then prints their URLs as one JSON line. SIGTERM closes both and drops the database.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../../backend-api/src/app';
import { readConfig } from '../../backend-api/src/config';
import { runMigrations } from '../../backend-api/src/db/migrate';
import { DEMO_ACCOUNTS, seed } from '../../backend-api/src/db/seed';

const serverUrl =
  process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const name = `ecommerce_bench_${randomBytes(4).toString('hex')}`;

async function admin(text: string) {
  const client = new pg.Client({ connectionString: `${serverUrl}/ecommerce_db` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

await admin(`create database ${name}`);
const databaseUrl = `${serverUrl}/${name}`;
await runMigrations(databaseUrl);
await seed(databaseUrl);

const api = await buildApp(
  readConfig({
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: `bench:${name}:`,
    SWAGGER_ENABLED: 'false',
  }),
);
const hello = Fastify({ logger: false });
hello.get('/hello', async () => ({ hello: 'world' }));

const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
const staff = DEMO_ACCOUNTS.find((account) => account.role === 'staff')!;
process.stdout.write(
  `${JSON.stringify({ apiUrl, helloUrl, staff: { email: staff.email, password: staff.password } })}\n`,
);

process.on('SIGTERM', async () => {
  await Promise.allSettled([api.close(), hello.close()]);
  await admin(`drop database if exists ${name} with (force)`);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`bench:${name}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  process.exit(0);
});
