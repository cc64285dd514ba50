import type { Order } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsRecorder } from '../../../test/support/analytics-recorder';
import { addToCart, CARDS, checkout, makePaidOrder, withCard } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { buildApp } from '../../app';

const SERVER_KEY = 'test-analytics-server-key-0123';

let recorder: Awaited<ReturnType<typeof startAnalyticsRecorder>>;
let ctx: TestApp;
let second: Awaited<ReturnType<typeof buildApp>>;
let staff: TestUser;

beforeAll(async () => {
  recorder = await startAnalyticsRecorder(SERVER_KEY);
  const relayEnv = {
    ANALYTICS_URL: recorder.url,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    OUTBOX_RELAY_ENABLED: 'true',
    OUTBOX_POLL_INTERVAL_MS: '20',
    OUTBOX_MAX_BACKOFF_MS: '200',
    OUTBOX_BATCH_SIZE: '3',
  };
  ctx = await startTestApp(relayEnv);
  // A second API instance on the same database relays side by side with the first.
  second = await buildApp(ctx.config);
  await second.ready();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(async () => {
  await second?.close();
  await ctx?.close();
  await recorder?.stop();
});

const undelivered = async () =>
  Number((await ctx.sql.query('select count(*)::int as n from outbox where delivered_at is null')).rows[0].n);

describe('order events through the outbox', () => {
  it('completes orders while analytics is down and delivers every order event exactly once when it is back', async () => {
    await recorder.stop();
    const product = await makeProduct(ctx, staff, { price: 2000, stock: 20 });
    const variantId = product.variants[0]!.id;
    const customer = await makeUser(ctx);
    const orders: Order[] = [];
    for (let i = 0; i < 6; i += 1)
      orders.push(await makePaidOrder(ctx, variantId, i % 2 ? { auth: customer.auth } : {}));
    expect(orders.every((o) => o.status === 'paid')).toBe(true);
    const move = (number: string, payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/admin/orders/${number}/transitions`,
        headers: staff.auth,
        payload,
      });
    for (const order of orders.slice(0, 2)) {
      expect(
        (await move(order.number, { to: 'fulfilled', trackingNumber: `T-${order.number}` })).statusCode,
      ).toBe(200);
    }
    expect((await move(orders[2]!.number, { to: 'cancelled' })).statusCode).toBe(200);
    expect((await move(orders[3]!.number, { to: 'refunded' })).statusCode).toBe(200);
    const expected = 6 * 2 + 2 + 1 + 1;

    // Both relays keep trying while analytics is unreachable; nothing is lost or marked delivered.
    await expect
      .poll(async () => (await ctx.sql.query('select min(attempts)::int as a from outbox')).rows[0].a, {
        timeout: 5000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await undelivered()).toBe(expected);
    expect(recorder.received).toHaveLength(0);

    await recorder.start();
    await expect.poll(undelivered, { timeout: 15_000, interval: 50 }).toBe(0);
    // Give the relays a moment to prove they send nothing more.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(recorder.invalid).toEqual([]);
    expect(recorder.received).toHaveLength(expected);
    const ids = recorder.received.map((e) => e.id);
    expect(new Set(ids).size).toBe(expected);
    const count = (name: string) => recorder.received.filter((e) => e.event === name).length;
    expect({
      placed: count('Order Placed'),
      completed: count('Order Completed'),
      fulfilled: count('Order Fulfilled'),
      cancelled: count('Order Cancelled'),
      refunded: count('Order Refunded'),
    }).toEqual({ placed: 6, completed: 6, fulfilled: 2, cancelled: 1, refunded: 1 });
    const completed = recorder.received.find(
      (e) => e.event === 'Order Completed' && e.properties.order_id === orders[0]!.number,
    )!;
    expect(completed.properties).toMatchObject({
      order_id: orders[0]!.number,
      total: orders[0]!.totals.total,
      currency: 'EUR',
      products: [{ sku: product.variants[0]!.sku, price: 2000, quantity: 1 }],
    });
    expect(completed.id).toBe(`order.paid:${orders[0]!.id}`);
  });

  it('does not publish anything for a declined payment', async () => {
    const before = (await ctx.sql.query('select count(*)::int as n from outbox')).rows[0].n;
    const product = await makeProduct(ctx, staff, { stock: 2 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    expect((await checkout(ctx, shopper, withCard(CARDS.declined))).statusCode).toBe(402);
    expect((await ctx.sql.query('select count(*)::int as n from outbox')).rows[0].n).toBe(before);
  });
});
