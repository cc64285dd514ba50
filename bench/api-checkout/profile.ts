// What one checkout costs inside backend-api: PostgreSQL round trips (every query the pg driver sends, by
// statement), transactions and the wall time spent inside them, Redis commands, and CPU per checkout, beside
// a bare reference in the same run (an injected GET /health). Sequential, in-process (app.inject), on its own
// freshly migrated database; the guest carts hold two lines over many variants, as in run.ts.
// Run from the repository root: npx tsx bench/api-checkout/profile.ts   (BENCH_CHECKOUTS=300)
//   BENCH_CPU_PROFILE=checkout.cpuprofile writes a V8 CPU profile of the measured checkouts only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { addToCart, checkout, makeCheckoutBody } from '../../backend-api/test/support/commerce';
import { makeProduct, makeUser } from '../../backend-api/test/support/factories';
import { startTestApp } from '../../backend-api/test/support/test-app';

const checkouts = Number(process.env.BENCH_CHECKOUTS ?? 300);

/** Counters the patched drivers add to while `counting` is on. */
const seen = { queries: 0, transactions: 0, inTransactionMs: 0, redis: 0 };
const statements = new Map<string, number>();
const redisCommands = new Map<string, number>();
let counting = false;
const openedAt = new WeakMap<object, number>();

// Every round trip of the pg driver goes through Client#query (pooled clients included).
const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text: string; name?: string };
  const text = (typeof first === 'string' ? first : first.text).replace(/\s+/g, ' ').trim();
  if (!counting) return query.apply(this, args);
  seen.queries += 1;
  const short = text.slice(0, 90);
  statements.set(short, (statements.get(short) ?? 0) + 1);
  const verb = text.toLowerCase();
  if (verb === 'begin') {
    seen.transactions += 1;
    openedAt.set(this, performance.now());
  }
  const result = query.apply(this, args);
  if ((verb === 'commit' || verb === 'rollback') && result instanceof Promise) {
    return result.finally(() => {
      const started = openedAt.get(this);
      if (started !== undefined) seen.inTransactionMs += performance.now() - started;
    });
  }
  return result;
} as typeof pg.Client.prototype.query;

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, command, stream) {
  if (counting) {
    seen.redis += 1;
    redisCommands.set(command.name, (redisCommands.get(command.name) ?? 0) + 1);
  }
  return sendCommand.call(this, command, stream);
};

const ctx = await startTestApp({ DATABASE_POOL_SIZE: '20' });
try {
  const staff = await makeUser(ctx, { role: 'staff' });
  const variantIds: string[] = [];
  for (let i = 0; i < 20; i++)
    variantIds.push((await makeProduct(ctx, staff, { price: 1000 + i, stock: 100_000 })).variants[0]!.id);
  const body = makeCheckoutBody();
  const shoppers = [];
  for (let i = 0; i < checkouts + 50; i++) {
    const shopper = await addToCart(ctx, variantIds[i % variantIds.length]!, 1);
    shoppers.push(await addToCart(ctx, variantIds[(i + 7) % variantIds.length]!, 1, shopper));
  }
  const place = async (i: number) => {
    const answer = await checkout(ctx, shoppers[i]!, body);
    if (answer.statusCode !== 201) throw new Error(`checkout answered ${answer.statusCode}: ${answer.body}`);
  };
  for (let i = 0; i < 50; i++) {
    await ctx.app.inject({ url: '/health' });
    await place(checkouts + i);
  }

  async function measure(name: string, run: (i: number) => Promise<unknown>) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < checkouts; i++) await run(i);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    console.log(
      `${name.padEnd(34)} ${((used.user + used.system) / checkouts).toFixed(0).padStart(6)} µs CPU/op  ${(wall / checkouts).toFixed(2).padStart(7)} ms wall/op`,
    );
  }
  console.log(
    `${checkouts} sequential checkouts of 2-line guest carts; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await measure('reference: GET /health (inject)', () => ctx.app.inject({ url: '/health' }));
  const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  counting = true;
  await measure('POST /checkout (inject)', place);
  counting = false;
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
    profiler.disconnect();
  }

  const per = (n: number) => (n / checkouts).toFixed(2);
  console.log(
    `\nper checkout: ${per(seen.queries)} PostgreSQL round trips in ${per(seen.transactions)} transactions`,
  );
  console.log(
    `              ${(seen.inTransactionMs / checkouts).toFixed(2)} ms wall inside transactions (BEGIN sent → COMMIT answered)`,
  );
  console.log(
    `              ${per(seen.redis)} Redis commands (${[...redisCommands].map(([c, n]) => `${c} ${per(n)}`).join(', ')})`,
  );
  console.log('\nstatements per checkout:');
  for (const [text, n] of [...statements].sort((a, b) => b[1] - a[1]))
    console.log(`  ${per(n).padStart(5)}  ${text}`);
} finally {
  await ctx.close();
}
