// Starts, in this child process, the commerce API on a freshly migrated and seeded database (stock raised so
// nothing runs out), prepares guest carts, and prints the URL and the cart cookies as one JSON line.
// SIGTERM closes it and drops the database.
import { startBenchApi } from '../support/bench-api';

const carts = Number(process.env.BENCH_CARTS ?? 2000);
const hot = process.env.BENCH_HOT_VARIANT === '1';

const {
  url: apiUrl,
  prepared: rows,
  close,
} = await startBenchApi({
  prepare: async (sql) => {
    await sql.query('update variants set active = true');
    await sql.query('update inventory_levels set stock_on_hand = 1000000');
    const result = await sql.query<{ id: string }>(
      `select v.id from variants v join products p on p.id = v.product_id where p.status = 'active' order by v.sku limit 200`,
    );
    return result.rows;
  },
  env: {
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '20',
    OUTBOX_RELAY_ENABLED: 'false',
  },
});

// Each cart: two lines; with BENCH_HOT_VARIANT=1 every cart holds the same variant (one contended row).
const cookies: string[] = [];
for (let i = 0; i < carts; i += 1) {
  let cookie = '';
  for (const k of [0, 1]) {
    const variantId = hot ? rows[k]!.id : rows[(i * 2 + k * 7) % rows.length]!.id;
    const response = await fetch(`${apiUrl}/cart/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ variantId, quantity: 1 }),
    });
    if (!response.ok)
      throw new Error(`adding to a cart answered ${response.status}: ${await response.text()}`);
    const set = response.headers.getSetCookie().find((c) => c.startsWith('cart_token='));
    if (set) cookie = set.split(';')[0]!;
  }
  cookies.push(cookie);
}

process.stdout.write(`${JSON.stringify({ apiUrl, cookies })}\n`);

process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});
