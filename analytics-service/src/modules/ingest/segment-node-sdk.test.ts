import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import type { FunnelReport, OverviewReport, ProductsReport } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  storedAndAggregated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

/*
 * The official @segment/analytics-node, as published and unchanged, pointed at the real service
 * (RabbitMQ, the MongoDB-compatible store, the worker): the reports must count exactly what it sent.
 */

const config = isolatedConfig({ ANALYTICS_RATE_LIMIT: '5000' });
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const DAY = 86_400_000;
let baseUrl = '';
let token = '';

const drained = () => storedAndAggregated(mongo.db());

interface Reports {
  overview: OverviewReport;
  funnel: FunnelReport;
  products: ProductsReport;
}

const report = async <P extends keyof Reports>(path: P, from: Date, to: Date): Promise<Reports[P]> => {
  const search = new URLSearchParams({ site: SITE, from: from.toISOString(), to: to.toISOString() });
  const response = await fetch(`${baseUrl}/api/reports/${path}?${search}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Reports[P];
};

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  token = await staffToken(config);
});
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

describe('@segment/analytics-node against the real service', () => {
  it('counts every figure it sends exactly, logs no SDK error, and keeps the neighbours of a server-only event', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: baseUrl, flushAt: 20, flushInterval: 200 });
    const errors: unknown[] = [];
    const statuses: number[] = [];
    const batchesWithOrders: number[] = [];
    analytics.on('error', (error) => errors.push(error));
    analytics.on('http_response', (response) => {
      statuses.push(response.status);
      const body = JSON.parse(String(response.body)) as { batch: Array<{ event?: string }> };
      if (body.batch.some((m) => m.event === 'Order Completed')) batchesWithOrders.push(body.batch.length);
    });

    const today = Math.floor(Date.now() / DAY) * DAY;
    const expected = { visitors: 0, sessions: 0, pageviews: 0, screens: 0, views: 0, adds: 0, checkouts: 0 };
    const productViews = new Map<string, number>();
    const productAdds = new Map<string, number>();
    // Six shoppers, each an anonymousId; the server SDK speaks for the first three browsers
    // (context.userAgent, context.ip) and for itself for the others.
    const shoppers = Array.from({ length: 6 }, (_, shopper) => ({
      anonymousId: randomUUID(),
      userId: `customer-${shopper}-${randomUUID().slice(0, 8)}`,
      context:
        shopper < 3
          ? { userAgent: BROWSER_UA, ip: `203.0.113.${shopper + 1}` }
          : ({} as Record<string, string>),
    }));
    // Each signs in first, as in a shop: the SDK sends batches concurrently, so a call that only names the
    // user counts as that shopper's once the identify linking them has been taken.
    await Promise.all(
      shoppers.map(
        ({ anonymousId, userId, context }) =>
          new Promise<void>((resolve, reject) =>
            analytics.identify({ anonymousId, userId, traits: { plan: 'gold' }, context }, (error) =>
              error ? reject(error) : resolve(),
            ),
          ),
      ),
    );
    for (const [shopper, { anonymousId, userId, context }] of shoppers.entries()) {
      // Shoppers 0 and 1 come twice: their app sends a session id, the others are one session a day.
      const sessionIds = shopper < 2 ? [`${anonymousId}-a`, `${anonymousId}-b`] : [undefined];
      expected.visitors++;
      expected.sessions += sessionIds.length;
      for (const sessionId of sessionIds) {
        const sessionContext = sessionId ? { ...context, sessionId } : context;
        for (let page = 0; page < 3 + shopper; page++) {
          analytics.page({
            anonymousId,
            name: `Page ${page}`,
            properties: { path: `/p/${page}`, url: `https://shop.example/p/${page}` },
            context: sessionContext,
          });
          expected.pageviews++;
        }
        analytics.screen({ anonymousId, name: 'Cart', context: sessionContext });
        expected.screens++;
        const productId = `sku-${shopper % 3}`;
        // Segment's own types: a numeric-string price, a numeric id, a product known only by its sku.
        analytics.track({
          userId,
          event: 'Product Viewed',
          properties: { product_id: productId, price: '12.99', currency: 'EUR' },
          context: sessionContext,
        });
        analytics.track({
          anonymousId,
          event: 'Product Viewed',
          properties: { sku: productId, price: 12.99 },
          context: sessionContext,
        });
        productViews.set(productId, (productViews.get(productId) ?? 0) + 2);
        expected.views += 2;
        analytics.track({
          anonymousId,
          userId,
          event: 'Product Added',
          properties: { product_id: productId, quantity: '1' },
          context: sessionContext,
        });
        productAdds.set(productId, (productAdds.get(productId) ?? 0) + 1);
        expected.adds++;
        if (shopper % 2 === 0) {
          analytics.track({ userId, event: 'Checkout Started', properties: { revenue: '12.99' }, context });
          expected.checkouts++;
          // Counted only with the server key: ignored here, without costing the rest of its batch.
          analytics.track({
            userId,
            event: 'Order Completed',
            properties: { order_id: `o-${shopper}`, total: 12.99, currency: 'EUR' },
            context,
          });
        }
      }
      analytics.group({ userId, groupId: 'wholesale', traits: { name: 'Wholesale' } });
      analytics.alias({ userId, previousId: anonymousId });
    }
    await analytics.closeAndFlush();

    expect(errors).toEqual([]);
    expect(statuses.length).toBeGreaterThan(1);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(batchesWithOrders.length).toBeGreaterThan(0);
    expect(batchesWithOrders.some((size) => size > 1)).toBe(true);

    await waitFor(drained, (n) => n > 0, 30_000);
    await waitFor(
      async () => (await report('overview', new Date(today), new Date(today + DAY))).current,
      (kpis) => kpis.pageviews === expected.pageviews,
      30_000,
    );
    const range = [new Date(today), new Date(today + DAY)] as const;
    const { current } = await report('overview', ...range);
    expect(current).toMatchObject({
      visitors: expected.visitors,
      sessions: expected.sessions,
      pageviews: expected.pageviews,
      screens: expected.screens,
      orders: 0,
    });
    const funnel = await report('funnel', ...range);
    // By visitor: every shopper viewed and added; the even ones started a checkout.
    const checkoutVisitors = shoppers.filter((_, index) => index % 2 === 0).length;
    expect(funnel.steps.map((s) => s.count)).toEqual([
      expected.visitors,
      expected.visitors,
      checkoutVisitors,
      0,
    ]);
    const products = await report('products', ...range);
    for (const [productId, views] of productViews) {
      expect(products.rows.find((r) => r.productId === productId)).toMatchObject({
        views,
        adds: productAdds.get(productId),
      });
    }
  }, 60_000);

  it('reports a conversion rate of at most 1 when orders outnumber the sessions counted', async () => {
    const day = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
    const at = new Date(day + 3600_000).toISOString();
    const page = { type: 'page', anonymousId: randomUUID(), timestamp: at, properties: { path: '/' } };
    const browserPage = await fetch(`${baseUrl}/v1/page`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
      body: JSON.stringify({ ...page, writeKey: WRITE_KEY }),
    });
    expect(browserPage.status).toBe(200);
    // Orders come from backend-api's server key; their shoppers' sessions need not be counted.
    const orders = Array.from({ length: 3 }, (_, i) => ({
      id: `order-cap-${randomUUID()}-${i}`,
      type: 'track',
      event: 'Order Completed',
      timestamp: at,
      properties: { order_id: `cap-${i}-${randomUUID()}`, total: 1000, currency: 'EUR', products: [] },
    }));
    const server = await fetch(`${baseUrl}/api/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${SERVER_KEY}`,
        'x-analytics-site': SITE,
      },
      body: JSON.stringify({ batch: orders }),
    });
    expect(server.status).toBe(202);
    const range = [new Date(day), new Date(day + DAY)] as const;
    const kpis = await waitFor(
      async () => (await report('overview', ...range)).current,
      (current) => current.orders === 3 && current.sessions === 1,
      30_000,
    );
    expect(kpis.conversionRate).toBe(1);
  }, 60_000);
});
