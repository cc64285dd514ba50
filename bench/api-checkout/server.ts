// Starts, in this child process, the commerce API on a freshly migrated and seeded database (stock raised so
// nothing runs out), prepares guest carts, and prints the URL and the cart cookies as one JSON line.
// SIGTERM closes it and drops the database.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../../backend-api/src/app';
import { readConfig } from '../../backend-api/src/config';
import { runMigrations } from '../../backend-api/src/db/migrate';
import { seed } from '../../backend-api/src/db/seed';

const serverUrl =
  process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432';
const name = `ecommerce_bench_${randomBytes(4).toString('hex')}`;
const carts = Number(process.env.BENCH_CARTS ?? 2000);
const hot = process.env.BENCH_HOT_VARIANT === '1';

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
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();
await sql.query('update variants set stock_on_hand = 1000000, active = true');
const { rows } = await sql.query<{ id: string }>(
  `select v.id from variants v join products p on p.id = v.product_id where p.status = 'active' order by v.sku limit 200`,
);
await sql.end();

const api = await buildApp(
  readConfig({
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
    REDIS_KEY_PREFIX: `bench:${name}:`,
    SWAGGER_ENABLED: 'false',
    OUTBOX_RELAY_ENABLED: 'false',
  }),
);
await api.ready();

// Each cart: two lines; with BENCH_HOT_VARIANT=1 every cart holds the same variant (one contended row).
const cookies: string[] = [];
for (let i = 0; i < carts; i += 1) {
  let cookie = '';
  for (const k of [0, 1]) {
    const variantId = hot ? rows[k]!.id : rows[(i * 2 + k * 7) % rows.length]!.id;
    const response = await api.inject({
      method: 'POST',
      url: '/cart/items',
      headers: cookie ? { cookie } : {},
      payload: { variantId, quantity: 1 },
    });
    const set = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('cart_token='));
    if (set) cookie = set.split(';')[0]!;
  }
  cookies.push(cookie);
}

const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ apiUrl, cookies })}\n`);

process.on('SIGTERM', async () => {
  await api.close();
  await admin(`drop database if exists ${name} with (force)`);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`bench:${name}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  process.exit(0);
});
