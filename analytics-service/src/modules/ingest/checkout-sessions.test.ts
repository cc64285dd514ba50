import { EcommerceEvent, type OverviewReport } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  makeOrderCompleted,
  makePageview,
  SERVER_KEY,
  SITE,
  staffToken,
  startIsolatedApp,
  storedAndAggregated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';

// Real Redis (the checkout → session links), RabbitMQ and FerretDB: the order events of backend-api name
// no session, only the storefront's checkout_id.
const { app, config, db, close } = await startIsolatedApp();
const events = db.collection<{ _id: string; name: string; sessionId: string; visitorId: string }>('events');
let token = '';

beforeAll(async () => {
  await app.ready();
  token = await staffToken(config);
});
afterAll(close);

const post = (headers: Record<string, string>, batch: unknown[]) =>
  app.inject({ method: 'POST', url: '/api/events', headers, payload: { batch } });
const shopper = (ip: string) => ({
  'x-write-key': WRITE_KEY,
  'user-agent': BROWSER_UA,
  'x-forwarded-for': ip,
});
const server = { authorization: `Bearer ${SERVER_KEY}` };

/** A shopper's visit from `referrer` that starts the checkout `checkoutId`. */
function visit(referrer: string, checkoutId: string, at: number) {
  return [
    makePageview({
      timestamp: new Date(at).toISOString(),
      page: { url: 'https://shop.example/', path: '/', referrer, title: 'Home' },
    }),
    {
      id: `cs-${checkoutId}`,
      type: 'track',
      event: EcommerceEvent.CheckoutStarted,
      timestamp: new Date(at + 60_000).toISOString(),
      properties: { checkout_id: checkoutId, value: 1000, currency: 'EUR' },
      page: { url: 'https://shop.example/checkout', path: '/checkout' },
    },
  ];
}

const overview = async (filter?: string) => {
  const search = new URLSearchParams({
    site: SITE,
    from: new Date(Date.now() - 3_600_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  });
  if (filter) search.append('f', filter);
  const response = await app.inject({
    url: `/api/reports/overview?${search}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as OverviewReport).current;
};

describe('orders in the session that checked out (checkout_id)', () => {
  it("puts a server order event in its checkout's browser session, so a filter on the session counts it", async () => {
    const at = Date.now() - 20 * 60_000;
    const run = Math.random().toString(36).slice(2, 10);
    const fromInstagram = `ig-${run}-0001`;
    const fromGoogle = `gg-${run}-0002`;
    expect(
      (await post(shopper('203.0.113.10'), visit('https://l.instagram.com/', fromInstagram, at))).statusCode,
    ).toBe(202);
    expect(
      (await post(shopper('203.0.113.20'), visit('https://www.google.com/', fromGoogle, at))).statusCode,
    ).toBe(202);
    const paidAt = new Date(at + 5 * 60_000).toISOString();
    const orders = [
      makeOrderCompleted([{ productId: 'prod-a', price: 1000, quantity: 1 }], { timestamp: paidAt }),
      makeOrderCompleted([{ productId: 'prod-b', price: 2500, quantity: 1 }], { timestamp: paidAt }),
      // An order of an API client (no checkout), and one whose checkout analytics never saw.
      makeOrderCompleted([{ productId: 'prod-c', price: 700, quantity: 1 }], { timestamp: paidAt }),
      makeOrderCompleted([{ productId: 'prod-d', price: 300, quantity: 1 }], { timestamp: paidAt }),
    ];
    orders[0]!.properties = { ...orders[0]!.properties, checkout_id: fromInstagram };
    orders[1]!.properties = { ...orders[1]!.properties, checkout_id: fromGoogle };
    orders[3]!.properties = { ...orders[3]!.properties, checkout_id: `unseen-${run}` };
    const sent = await post(server, orders);
    expect(sent.statusCode, sent.body).toBe(202);
    await waitFor(
      () => storedAndAggregated(db),
      (n) => n === 8,
    );

    const checkouts = await events.find({ name: EcommerceEvent.CheckoutStarted }).toArray();
    const sessionOf = (id: string) => checkouts.find((e) => e._id === `cs-${id}`)!.sessionId;
    expect(sessionOf(fromInstagram)).not.toBe(sessionOf(fromGoogle));
    const stored = await events.find({ name: EcommerceEvent.OrderCompleted }).toArray();
    const orderEvent = (index: number) => stored.find((e) => e._id === orders[index]!.id)!;
    expect(orderEvent(0).sessionId).toBe(sessionOf(fromInstagram));
    expect(orderEvent(1).sessionId).toBe(sessionOf(fromGoogle));
    // The order keeps its own visitor (the customer); only its session is the browser's.
    expect(orderEvent(0).visitorId).not.toBe(
      checkouts.find((e) => e._id === `cs-${fromInstagram}`)!.visitorId,
    );
    // Without a remembered checkout, a server event stays outside every browser session.
    for (const index of [2, 3]) {
      expect(checkouts.map((e) => e.sessionId)).not.toContain(orderEvent(index).sessionId);
    }

    // Unfiltered, every order counts; filtered by the session's referrer, only the one it checked out.
    const all = await overview();
    expect(all).toMatchObject({ sessions: 2, orders: 4, grossRevenue: 4500 });
    const instagram = await overview('referrer:is:l.instagram.com');
    expect(instagram).toMatchObject({ sessions: 1, orders: 1, grossRevenue: 1000 });
    const google = await overview('referrer:is:google.com');
    expect(google).toMatchObject({ sessions: 1, orders: 1, grossRevenue: 2500 });
  });

  it('keeps the first session of a checkout id when a later browser event reuses it', async () => {
    const at = Date.now() - 40 * 60_000;
    const checkoutId = `re-${Math.random().toString(36).slice(2, 10)}`;
    await post(shopper('203.0.113.30'), visit('https://duckduckgo.com/', checkoutId, at));
    // Another visitor replaying the same id (a copied URL, a forged event) does not move the order.
    const replay = visit('https://bing.com/', checkoutId, at + 120_000).map((e, i) => ({
      ...e,
      id: `replay-${checkoutId}-${i}`,
    }));
    await post(shopper('203.0.113.31'), replay);
    const order = makeOrderCompleted([{ productId: 'prod-e', price: 900, quantity: 1 }]);
    order.properties = { ...order.properties, checkout_id: checkoutId };
    await post(server, [order]);
    const [first, stored] = await waitFor(
      () => Promise.all([events.findOne({ _id: `cs-${checkoutId}` }), events.findOne({ _id: order.id! })]),
      ([a, b]) => Boolean(a && b),
    );
    expect(stored!.sessionId).toBe(first!.sessionId);
  });
});
