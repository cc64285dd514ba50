import { randomBytes } from 'node:crypto';
import type { LiveMessage, Order, OverviewReport, TimeseriesReport, TodayStats } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsApp,
  buildAnalytics,
  freePort,
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  storedAndAggregated,
} from './support/analytics-service';
import {
  addToCart,
  CARDS,
  checkout,
  makeCheckoutBody,
  type Shopper,
  stockOf,
  withCard,
} from './support/commerce';
import { makeProduct, makeUser, type TestUser } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 17's ledger across both services: backend-api's own checkouts, partial refunds (by amount, by line,
 * with and without restock), cancellations of paid orders, a return through to its refund and a declined
 * payment, relayed by its outbox into the real analytics service (HTTP → RabbitMQ → the MongoDB-compatible
 * store). Then the shop day's net revenue must be one figure, to the cent, in three places: PostgreSQL's
 * tables summed here in SQL (`at time zone`, not the code under test), the admin home, and analytics' overview,
 * daily series and `/ws`.
 *
 * The shop's zone is one whose date differs from UTC's at the test's time (UTC+14 from 10:00 UTC, UTC−11
 * before), and two orders are paid between the two midnights, so a figure that counted the UTC day instead of
 * the shop's would include or leave out those orders and fail.
 */
const TIME_ZONE = new Date().getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
// One Redis prefix for both services, as in production: analytics reads backend-api's shop settings mirror
// (the time zone) and its session mirror (so the staff token signed by backend-api is honoured there).
const analyticsConfig = isolatedConfig({
  REDIS_KEY_PREFIX: `test:ledger_${randomBytes(5).toString('hex')}:`,
  SHOP_SETTINGS_CACHE_MS: '100',
});
let analytics: AnalyticsApp | null = null;
let analyticsPort = 0;
let mongo: MongoClient;
let ctx: TestApp;
let admin: TestUser;
let staff: TestUser;

beforeAll(async () => {
  analyticsPort = await freePort();
  mongo = new MongoClient(analyticsConfig.MONGODB_URI);
  ctx = await startTestApp({
    REDIS_KEY_PREFIX: analyticsConfig.REDIS_KEY_PREFIX,
    SHOP_SETTINGS_CACHE_MS: '0',
    ANALYTICS_URL: `http://127.0.0.1:${analyticsPort}`,
    ANALYTICS_SERVER_KEY: SERVER_KEY,
    ANALYTICS_SITE: SITE,
    OUTBOX_RELAY_ENABLED: 'true',
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_MAX_BACKOFF_MS: '300',
  });
  [admin, staff] = await Promise.all([makeUser(ctx, { role: 'admin' }), makeUser(ctx, { role: 'staff' })]);
}, 60_000);
afterAll(async () => {
  await ctx?.close();
  await analytics?.close();
  await mongo?.close();
  await removeIsolated(analyticsConfig);
});

async function setShopSettings(change: { timeZone?: string; pricesIncludeTax?: boolean }) {
  const current = (await ctx.app.inject({ url: '/admin/shop-settings', headers: admin.auth })).json();
  const { updatedAt: _, updatedBy: __, ...settings } = current;
  const saved = await ctx.app.inject({
    method: 'PUT',
    url: '/admin/shop-settings',
    headers: admin.auth,
    payload: { ...settings, ...change },
  });
  expect(saved.statusCode, saved.body).toBe(200);
}

const FRANCE = {
  fullName: 'Léa Acheteuse',
  line1: '1 rue de Rivoli',
  city: 'Paris',
  postalCode: '75001',
  country: 'FR',
};

/** A paid order of these variants through the cart and the checkout (the test provider's card). */
async function placeOrder(
  lines: Array<[variantId: string, quantity: number]>,
  options: { shopper?: Shopper; email?: string; france?: boolean } = {},
): Promise<Order> {
  let shopper: Shopper = options.shopper ?? {};
  for (const [variantId, quantity] of lines) shopper = await addToCart(ctx, variantId, quantity, shopper);
  const body = makeCheckoutBody({
    email: options.email ?? `ledger-${randomBytes(4).toString('hex')}@example.com`,
    ...(options.france ? { shippingAddress: FRANCE } : {}),
  });
  const response = await checkout(ctx, shopper, body);
  expect(response.statusCode, response.body).toBe(201);
  const order: Order = response.json();
  expect(order.status).toBe('paid');
  return order;
}

async function staffPost(url: string, payload: object = {}) {
  const response = await ctx.app.inject({ method: 'POST', url, headers: staff.auth, payload });
  expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
  return response.json();
}
const refund = (order: Order, payload: object) => staffPost(`/admin/orders/${order.number}/refunds`, payload);
const move = (order: Order, payload: object) =>
  staffPost(`/admin/orders/${order.number}/transitions`, payload);
const lineOf = (order: Order, variantId: string) => order.lines.find((line) => line.variantId === variantId)!;

/**
 * PostgreSQL's ledger for a shop day (0 today, −1 yesterday) in a zone, straight from the tables: money in is
 * the totals of orders paid that day, money out the refunds the provider accepted that day (whatever day their
 * order was paid), split by kind as analytics reports them.
 */
async function ledgerOfDay(zone: string, offset = 0) {
  const { rows } = await ctx.sql.query(
    `with d as (select (date_trunc('day', now() at time zone $1) + $2 * interval '1 day') as local)
     select (d.local at time zone $1) as "from", ((d.local + interval '1 day') at time zone $1) as "to",
            to_char(d.local, 'YYYY-MM-DD') as date,
            (select coalesce(sum(total), 0)::bigint from orders
              where paid_at >= (d.local at time zone $1) and paid_at < ((d.local + interval '1 day') at time zone $1)) as captured,
            (select count(*)::int from orders
              where paid_at >= (d.local at time zone $1) and paid_at < ((d.local + interval '1 day') at time zone $1)) as orders,
            (select coalesce(sum(amount) filter (where kind = 'refund'), 0)::bigint from refunds
              where status in ('succeeded', 'pending') and completed_at >= (d.local at time zone $1)
                and completed_at < ((d.local + interval '1 day') at time zone $1)) as refunded,
            (select count(*) filter (where kind = 'refund')::int from refunds
              where status in ('succeeded', 'pending') and completed_at >= (d.local at time zone $1)
                and completed_at < ((d.local + interval '1 day') at time zone $1)) as refunds,
            (select coalesce(sum(amount) filter (where kind = 'cancellation'), 0)::bigint from refunds
              where status in ('succeeded', 'pending') and completed_at >= (d.local at time zone $1)
                and completed_at < ((d.local + interval '1 day') at time zone $1)) as cancelled,
            (select count(*) filter (where kind = 'cancellation')::int from refunds
              where status in ('succeeded', 'pending') and completed_at >= (d.local at time zone $1)
                and completed_at < ((d.local + interval '1 day') at time zone $1)) as cancellations
       from d`,
    [zone, offset],
  );
  const row = rows[0];
  const [captured, refunded, cancelled] = [row.captured, row.refunded, row.cancelled].map(Number) as [
    number,
    number,
    number,
  ];
  return {
    from: row.from as Date,
    to: row.to as Date,
    date: row.date as string,
    figures: {
      orders: row.orders as number,
      grossRevenue: captured,
      refunds: row.refunds as number,
      refunded,
      cancellations: row.cancellations as number,
      cancelled,
      netRevenue: captured - refunded - cancelled,
    },
  };
}

async function analyticsGet<T>(path: string, query: Record<string, string>): Promise<T> {
  const answer = await fetch(
    `http://127.0.0.1:${analyticsPort}/api/reports/${path}?${new URLSearchParams({ site: SITE, ...query })}`,
    { headers: staff.auth },
  );
  expect(answer.status, await answer.clone().text()).toBe(200);
  return (await answer.json()) as T;
}

describe('the net revenue ledger across backend-api and analytics', () => {
  it("gives the shop day's net revenue, gross, refunds and cancellations to the cent in PostgreSQL, on the admin home and in analytics", async () => {
    await setShopSettings({ timeZone: TIME_ZONE, pricesIncludeTax: true });
    const [mug, lamp, socks] = await Promise.all([
      makeProduct(ctx, staff, { price: 2499, stock: 30 }),
      makeProduct(ctx, staff, { price: 1299, stock: 30 }),
      makeProduct(ctx, staff, { price: 899, stock: 30 }),
    ]);
    const [a, b, c] = [mug, lamp, socks].map((p) => p.variants[0]!.id) as [string, string, string];

    // Two orders paid between the UTC midnight and the shop's, while analytics is away: their paid_at and the
    // timestamps of their queued events move to the same instant before anything is delivered.
    const early = [
      await placeOrder([[a, 2]]),
      await placeOrder([
        [b, 1],
        [c, 1],
      ]),
    ];
    const { rows: midnights } = await ctx.sql.query(
      `select date_trunc('day', now() at time zone $1) at time zone $1 as shop,
              date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' as utc`,
      [TIME_ZONE],
    );
    const between = new Date(Math.max(midnights[0].shop.getTime(), midnights[0].utc.getTime()) - 30 * 60_000);
    const ids = early.map((order) => order.id);
    await ctx.sql.query('update orders set paid_at = $2, created_at = $2 where id = any($1)', [ids, between]);
    const moved = await ctx.sql.query(
      `update outbox set payload = jsonb_set(payload, '{timestamp}', to_jsonb($2::text))
        where order_id = any($1) and delivered_at is null`,
      [ids, between.toISOString()],
    );
    expect(moved.rowCount).toBe(4); // Order Placed and Order Completed of each

    analytics = await buildAnalytics(analyticsConfig);
    await analytics.ready();
    await analytics.listen({ port: analyticsPort, host: '127.0.0.1' });

    // Today, prices with tax included (DE and FR destinations).
    const one = await placeOrder([
      [a, 2],
      [b, 1],
    ]);
    await refund(one, {
      lines: [{ lineId: lineOf(one, a).id, quantity: 1, restock: true }],
      reason: 'Chipped',
    });
    await refund(one, { amount: 500, reason: 'Late delivery' });
    const two = await placeOrder([[c, 3]], { france: true });
    await refund(two, {
      lines: [{ lineId: lineOf(two, c).id, quantity: 1, restock: false }],
      reason: 'Lost',
    });
    const three = await placeOrder([
      [a, 1],
      [c, 1],
    ]);
    await refund(three, { amount: 777, reason: 'Goodwill' });
    expect((await move(three, { to: 'cancelled', note: 'Changed their mind' })).status).toBe('cancelled');
    // Yesterday's orders (by one day rule or the other), refunded and cancelled today.
    await refund(early[0]!, { amount: 1000, reason: 'Price match' });
    expect((await move(early[1]!, { to: 'cancelled' })).status).toBe('cancelled');
    // A declined card: no order, no event.
    const declinedCart = await addToCart(ctx, b, 1);
    const declined = await checkout(ctx, declinedCart, withCard(CARDS.declined));
    expect(declined.statusCode).toBe(402);

    // Then tax on top of the prices.
    await setShopSettings({ pricesIncludeTax: false });
    const customer = await makeUser(ctx);
    const four = await placeOrder([[b, 2]], { shopper: { auth: customer.auth }, email: customer.email });
    expect(four.totals.tax).toBeGreaterThan(0);
    expect(four.totals.total).toBe(four.totals.subtotal + four.totals.shipping + four.totals.tax);
    await move(four, { to: 'fulfilled', trackingNumber: 'LEDGER-1' });
    await move(four, { to: 'delivered' });
    const asked = await ctx.app.inject({
      method: 'POST',
      url: `/me/orders/${four.number}/returns`,
      headers: customer.auth,
      payload: { lines: [{ lineId: four.lines[0]!.id, quantity: 1 }], reason: 'Too bright' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const returnId: string = asked.json().id;
    await staffPost(`/admin/returns/${returnId}/approve`);
    await staffPost(`/admin/returns/${returnId}/receive`, { restock: true });
    expect((await staffPost(`/admin/returns/${returnId}/refund`)).status).toBe('refunded');
    const five = await placeOrder([[a, 1]]);
    expect((await move(five, { to: 'refunded', note: 'Never shipped' })).status).toBe('refunded');
    const six = await placeOrder([
      [c, 2],
      [a, 1],
    ]);
    expect(six.status).toBe('paid');
    expect(await stockOf(ctx, c)).toEqual({ onHand: 30 - 1 - 3 - 1 - 2 + 1 + 1, reserved: 0 });

    // Everything relayed, stored and applied.
    const outboxRows = async () =>
      (
        await ctx.sql.query<{ total: number; undelivered: number }>(
          'select count(*)::int as total, (count(*) filter (where delivered_at is null))::int as undelivered from outbox',
        )
      ).rows[0]!;
    await expect
      .poll(async () => (await outboxRows()).undelivered, { timeout: 30_000, interval: 100 })
      .toBe(0);
    const { total: events } = await outboxRows();
    await expect.poll(() => storedAndAggregated(mongo.db()), { timeout: 60_000, interval: 250 }).toBe(events);

    const today = await ledgerOfDay(TIME_ZONE);
    const yesterday = await ledgerOfDay(TIME_ZONE, -1);
    // The test means something only if the UTC day's figures differ from the shop day's.
    const utcToday = await ledgerOfDay('UTC');
    expect(today.date).not.toBe(utcToday.date);
    expect(utcToday.figures.grossRevenue).not.toBe(today.figures.grossRevenue);
    // What was played, counted by hand: orders one, two, three, four, five, six today (and the two early
    // ones today or yesterday); refunds by line, amount, line, amount, amount, the return's, the rest of five;
    // cancellations of three and of the second early order.
    const earlyToday = between >= today.from;
    expect(today.figures).toMatchObject({ orders: earlyToday ? 8 : 6, refunds: 7, cancellations: 2 });
    expect(today.figures.netRevenue).toBe(
      today.figures.grossRevenue - today.figures.refunded - today.figures.cancelled,
    );
    // The tables agree with the orders' own counters.
    const { rows: counters } = await ctx.sql.query(
      "select sum(refunded)::bigint as refunded, (select sum(amount)::bigint from refunds where status = 'succeeded') as refunds from orders",
    );
    expect(Number(counters[0].refunded)).toBe(Number(counters[0].refunds));
    expect(Number(counters[0].refunded)).toBe(today.figures.refunded + today.figures.cancelled);

    // Each side stamps the same money at the same instant, so a payment or refund in the last moments before
    // the shop's midnight falls on the same day in both: Order Completed at paid_at, Order Refunded at its
    // refund's completed_at, Order Cancelled at the completed_at of the cancellation's refund.
    const { rows: stamps } = await ctx.sql.query(
      `select o.topic, o.payload->>'timestamp' as sent,
              case when o.topic = 'order.paid' then ord.paid_at
                   when o.topic = 'order.refunded' then (select completed_at from refunds r where 'order.refunded:' || r.id = o.event_id)
                   else (select completed_at from refunds r where r.order_id = o.order_id and r.kind = 'cancellation') end as stored
         from outbox o join orders ord on ord.id = o.order_id
        where o.topic in ('order.paid', 'order.refunded', 'order.cancelled') order by o.id`,
    );
    expect(stamps).toHaveLength(8 + 7 + 2);
    expect(stamps.map((s) => ({ topic: s.topic, at: new Date(s.sent).toISOString() }))).toEqual(
      stamps.map((s) => ({ topic: s.topic, at: (s.stored as Date).toISOString() })),
    );

    // The admin home.
    const home = await ctx.app.inject({ url: '/admin/stats/today', headers: staff.auth });
    expect(home.statusCode).toBe(200);
    const stats: TodayStats = home.json();
    expect(stats).toMatchObject({
      date: today.date,
      capturedToday: today.figures.grossRevenue,
      refundedToday: today.figures.refunded + today.figures.cancelled,
      netRevenueToday: today.figures.netRevenue,
      currency: 'EUR',
    });

    // Analytics: the overview the dashboard reads for the shop's day, and the day before.
    for (const day of [today, yesterday]) {
      const overview = await analyticsGet<OverviewReport>('overview', {
        from: day.from.toISOString(),
        to: day.to.toISOString(),
      });
      expect({ day: day.date, ...overview.current }).toMatchObject({ day: day.date, ...day.figures });
      expect(overview.currency).toBe('EUR');
    }
    // Its daily series, in the shop's zone (the zone comes from backend-api's settings mirror).
    const series = await analyticsGet<TimeseriesReport>('timeseries', {
      from: yesterday.from.toISOString(),
      to: today.to.toISOString(),
      granularity: 'day',
    });
    expect(series.tz).toBe(TIME_ZONE);
    expect(series.points.map((p) => [p.label.slice(0, 10), p.t])).toEqual([
      [yesterday.date, yesterday.from.toISOString()],
      [today.date, today.from.toISOString()],
    ]);
    for (const [point, day] of [
      [series.points[0]!, yesterday],
      [series.points[1]!, today],
    ] as const) {
      expect({ day: day.date, ...point }).toMatchObject({
        day: day.date,
        orders: day.figures.orders,
        grossRevenue: day.figures.grossRevenue,
        refunded: day.figures.refunded,
        cancelled: day.figures.cancelled,
        netRevenue: day.figures.netRevenue,
      });
    }

    // Live: /ws's today, with backend-api's own staff token.
    const messages: LiveMessage[] = [];
    const socket = await analytics.injectWS(
      `/ws?site=${SITE}&token=${staff.accessToken}`,
      {},
      { onInit: (ws) => ws.on('message', (data) => messages.push(JSON.parse(String(data)))) },
    );
    try {
      // The snapshot, then an update made after everything above was applied.
      await expect.poll(() => messages.length, { timeout: 10_000 }).toBeGreaterThan(1);
      expect(messages.at(-1)).toMatchObject({
        timeZone: TIME_ZONE,
        todayStartedAt: today.from.toISOString(),
        currency: 'EUR',
        ordersToday: today.figures.orders,
        grossRevenueToday: today.figures.grossRevenue,
        netRevenueToday: today.figures.netRevenue,
      });
    } finally {
      socket.terminate();
    }
    // Nothing above crossed the shop's midnight.
    expect((await ledgerOfDay(TIME_ZONE)).date).toBe(today.date);
  }, 180_000);
});
