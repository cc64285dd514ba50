import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsApp,
  BROWSER_UA,
  buildAnalytics,
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  WRITE_KEY,
} from './support/analytics-service';
import { addToCart, checkout, makeCheckoutBody, makePaidOrder } from './support/commerce';
import { makeProduct, makeUser, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The outbox against the real analytics service (its buildApp, RabbitMQ, the MongoDB-compatible store):
 * stopped while orders complete, started again on the same port, and the stored order events counted.
 */
const analyticsConfig = isolatedConfig();
let analytics: AnalyticsApp | null = null;
let port = 0;
let mongo: MongoClient;
let ctx: TestApp;
let staff: TestUser;

async function startAnalytics() {
  analytics = await buildAnalytics(analyticsConfig);
  await analytics.ready();
  const url = await analytics.listen({ port, host: '127.0.0.1' });
  port = Number(new URL(url).port);
  return url;
}
async function stopAnalytics() {
  await analytics?.close();
  analytics = null;
}

beforeAll(async () => {
  const url = await startAnalytics();
  mongo = new MongoClient(analyticsConfig.MONGODB_URI);
  ctx = await startTestApp({
    ANALYTICS_URL: url,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    ANALYTICS_SITE: SITE,
    OUTBOX_RELAY_ENABLED: 'true',
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_MAX_BACKOFF_MS: '300',
  });
  staff = await makeUser(ctx, { role: 'staff' });
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  await stopAnalytics();
  await mongo?.close();
  await removeIsolated(analyticsConfig);
});

const undelivered = async () =>
  Number((await ctx.sql.query('select count(*)::int as n from outbox where delivered_at is null')).rows[0].n);

describe('order events in the real analytics service', () => {
  it('stores every order event exactly once after an analytics outage', async () => {
    await stopAnalytics();
    const product = await makeProduct(ctx, staff, { price: 2500, stock: 10 });
    const orders = [];
    for (let i = 0; i < 4; i += 1) orders.push(await makePaidOrder(ctx, product.variants[0]!.id));
    expect(orders.every((order) => order.status === 'paid')).toBe(true);
    const refund = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${orders[0]!.number}/transitions`,
      headers: staff.auth,
      payload: { to: 'refunded' },
    });
    expect(refund.statusCode).toBe(200);
    await expect
      .poll(async () => (await ctx.sql.query('select min(attempts)::int as a from outbox')).rows[0].a, {
        timeout: 5000,
      })
      .toBeGreaterThanOrEqual(1);
    expect(await undelivered()).toBe(9);

    await startAnalytics();
    await expect.poll(undelivered, { timeout: 20_000, interval: 100 }).toBe(0);
    const events = mongo
      .db()
      .collection<{ _id: string; name: string; trusted: boolean; properties: { order_id?: string } }>(
        'events',
      );
    const orderNumbers = orders.map((o) => o.number);
    const stored = async () => events.find({ 'properties.order_id': { $in: orderNumbers } }).toArray();
    await expect.poll(async () => (await stored()).length, { timeout: 30_000, interval: 250 }).toBe(9);
    const docs = await stored();
    const count = (name: string) => docs.filter((d) => d.name === name).length;
    expect({
      placed: count('Order Placed'),
      completed: count('Order Completed'),
      refunded: count('Order Refunded'),
    }).toEqual({
      placed: 4,
      completed: 4,
      refunded: 1,
    });
    expect(docs.every((d) => d.trusted)).toBe(true);
    expect(new Set(docs.map((d) => d._id)).size).toBe(9);
  });

  it("puts the storefront's order in the browser session that checked out (its checkout_id)", async () => {
    const product = await makeProduct(ctx, staff, { price: 4200, stock: 5 });
    const checkoutId = randomUUID();
    // The storefront's tracker: the shopper's Checkout Started, with the checkout's id.
    const started = await fetch(`http://127.0.0.1:${port}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
      body: JSON.stringify({
        writeKey: WRITE_KEY,
        batch: [
          {
            type: 'track',
            event: 'Checkout Started',
            messageId: `cs-${checkoutId}`,
            properties: { checkout_id: checkoutId, value: 4200, currency: 'EUR' },
            context: { page: { url: 'https://shop.example/checkout', path: '/checkout' } },
          },
        ],
      }),
    });
    expect(started.status, await started.text()).toBe(202);
    const shopper = await addToCart(ctx, product.variants[0]!.id);
    const placed = await checkout(ctx, shopper, makeCheckoutBody({ checkoutId }));
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json() as { id: string; number: string };
    const kept = await ctx.sql.query('select checkout_id from orders where id = $1', [order.id]);
    expect(kept.rows[0].checkout_id).toBe(checkoutId);

    const events = mongo
      .db()
      .collection<{ _id: string; name: string; sessionId: string; properties: Record<string, unknown> }>(
        'events',
      );
    const ofOrder = () => events.find({ 'properties.order_id': order.number }).toArray();
    await expect.poll(async () => (await ofOrder()).length, { timeout: 30_000, interval: 250 }).toBe(2);
    const browserSession = (await events.findOne({ _id: `cs-${checkoutId}` }))?.sessionId;
    expect(browserSession).toMatch(/^v:/);
    const docs = await ofOrder();
    expect(docs.map((d) => d.name).sort()).toEqual(['Order Completed', 'Order Placed']);
    for (const doc of docs) {
      expect(doc.properties.checkout_id).toBe(checkoutId);
      expect(doc.sessionId).toBe(browserSession);
    }
  });
});
