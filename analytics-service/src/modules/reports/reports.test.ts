import type { AddressInfo } from 'node:net';
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
import { sendSession } from '../../../tools/simulate/send';
import { CATALOG, SIMULATED_GOALS, simulateShoppers } from '../../../tools/simulate/shopper-sessions';
import { buildApp } from '../../app';

const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const from = new Date(today - 3 * DAY);
const to = new Date(today - 1 * DAY);
const { sessions, truth } = simulateShoppers({ seed: 7, sessions: 60, from, to, runId: `rep${Date.now()}` });
let baseUrl = '';
let token = '';
let acceptedTotal = 0;

const drained = () => storedAndAggregated(mongo.db());

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  token = await staffToken(config);
  const send = { baseUrl, writeKey: WRITE_KEY, serverKey: SERVER_KEY };
  for (let i = 0; i < sessions.length; i += 10) {
    const results = await Promise.all(sessions.slice(i, i + 10).map((s) => sendSession(send, s)));
    for (const result of results.flat()) {
      expect(result.status).toBe(202);
      acceptedTotal += (result.body as { accepted: number }).accepted;
    }
  }
  await waitFor(drained, (n) => n === acceptedTotal, 60_000);
}, 90_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

const report = async (path: string, query: Record<string, string>, bearer = token) => {
  const search = new URLSearchParams({
    site: SITE,
    from: from.toISOString(),
    to: to.toISOString(),
    ...query,
  });
  const response = await fetch(`${baseUrl}/api/reports/${path}?${search}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
};
const json = async (path: string, query: Record<string, string> = {}) =>
  JSON.parse((await report(path, query)).text);

describe('reports over a simulated data set', () => {
  it('stores every accepted event of the simulation', () => {
    expect(acceptedTotal).toBe(truth.totals.events);
  });

  it('reports views, adds, units and revenue per product exactly as played', async () => {
    const { rows } = await json('products', { limit: '100' });
    for (const product of CATALOG) {
      const expected = truth.products[product.id]!;
      const row = rows.find((r: { productId: string }) => r.productId === product.id) ?? {
        views: 0,
        adds: 0,
        purchases: 0,
        grossRevenue: 0,
      };
      expect({
        id: product.id,
        views: row.views,
        adds: row.adds,
        purchases: row.purchases,
        revenue: row.grossRevenue,
      }).toEqual({ id: product.id, ...expected });
    }
  });

  it('reports each day’s pageviews, events, visitors, orders and revenue to the cent', async () => {
    const { points } = await json('timeseries', { granularity: 'day' });
    expect(points).toHaveLength(2);
    for (const point of points) {
      const day = point.t.slice(0, 10);
      const expected = truth.days[day] ?? { pageviews: 0, events: 0, orders: 0, revenue: 0, visitors: 0 };
      expect({ day, ...point }).toMatchObject({
        day,
        pageviews: expected.pageviews,
        events: expected.events,
        orders: expected.orders,
        grossRevenue: expected.revenue,
        // The simulator refunds and cancels nothing: net revenue is gross.
        netRevenue: expected.revenue,
        visitors: expected.visitors,
      });
    }
  });

  it('gives overview KPIs with the previous period, and the same totals by hour in another time zone', async () => {
    const overview = await json('overview');
    expect(overview.current).toMatchObject({
      sessions: truth.totals.sessions,
      pageviews: truth.totals.pageviews,
      orders: truth.totals.orders,
      grossRevenue: truth.totals.revenue,
      netRevenue: truth.totals.revenue,
      refunded: 0,
      cancelled: 0,
      events: truth.totals.events,
      averageOrderValue: Math.round(truth.totals.revenue / truth.totals.orders),
    });
    expect(overview.current.conversionRate).toBeCloseTo(truth.totals.orders / truth.totals.sessions, 10);
    expect(overview.previous).toMatchObject({ pageviews: 0, orders: 0 });
    const hourly = await json('timeseries', { granularity: 'hour', tz: 'America/New_York' });
    expect(hourly.points).toHaveLength(48);
    expect(hourly.points.reduce((sum: number, p: { grossRevenue: number }) => sum + p.grossRevenue, 0)).toBe(
      truth.totals.revenue,
    );
    const local = await json('timeseries', { granularity: 'day', tz: 'Asia/Tokyo' });
    expect(local.points.map((p: { label: string }) => p.label)).toHaveLength(3);
    expect(local.points.reduce((sum: number, p: { pageviews: number }) => sum + p.pageviews, 0)).toBe(
      truth.totals.pageviews,
    );
  });

  it('counts the purchase funnel by visitor, in order, as played', async () => {
    const { funnel, steps } = await json('funnel');
    expect(funnel).toEqual({ id: 'purchase', name: 'Purchase' });
    expect(steps.map((s: { count: number }) => s.count)).toEqual(truth.funnel);
    for (const [index, step] of steps.entries()) {
      const previous = index === 0 ? step.count : truth.funnel[index - 1]!;
      expect(step.conversionFromPrevious).toBeCloseTo(previous ? step.count / previous : 0, 10);
      expect(step.conversionFromPrevious).toBeLessThanOrEqual(1);
      expect(step.dropOff).toBe(previous - step.count);
    }
  });

  it('breaks browser pageviews and events down by the country of each address', async () => {
    const { rows } = await json('breakdown/country', { limit: '1000' });
    const reported = Object.fromEntries(
      rows.map((r: { key: string; pageviews: number; events: number }) => [
        r.key,
        { pageviews: r.pageviews, events: r.events },
      ]),
    );
    expect(reported).toEqual(truth.countries);
  });

  it('counts the simulated goals’ completions, conversions and conversion rates', async () => {
    for (const goal of SIMULATED_GOALS) {
      const created = await fetch(`${baseUrl}/api/goals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ site: SITE, ...goal }),
      });
      expect(created.status).toBe(201);
    }
    const report = await json('goals');
    expect(report.visitors).toBe(truth.visitors);
    for (const goal of SIMULATED_GOALS) {
      const row = report.rows.find((r: { name: string }) => r.name === goal.name);
      const expected = truth.goals[goal.name]!;
      expect({ name: goal.name, events: row.events, visitors: row.visitors }).toEqual({
        name: goal.name,
        ...expected,
      });
      expect(row.conversionRate).toBeCloseTo(expected.visitors / truth.visitors, 10);
    }
  });

  it('breaks pageviews down by page and referrer, and exports them as CSV', async () => {
    const pages = await json('breakdown/page', { limit: '1000' });
    expect(pages.rows.reduce((sum: number, r: { pageviews: number }) => sum + r.pageviews, 0)).toBe(
      truth.totals.pageviews,
    );
    expect(pages.rows[0].key).toBe('/');
    const csv = await report('breakdown/referrer', { format: 'csv' });
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('key,pageviews,events');
    expect(csv.text).toContain('google.com');
  });

  it('counts each session once under the page it entered on', async () => {
    const expected = new Map<string, number>();
    for (const session of sessions) {
      const pages = session.browserEvents
        .filter((e) => e.type === 'page')
        .sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
      const path = pages[0]?.page?.path;
      if (path) expected.set(path, (expected.get(path) ?? 0) + 1);
    }
    const { rows } = await json('entry-pages', { limit: '1000' });
    expect(
      Object.fromEntries(rows.map((r: { path: string; sessions: number }) => [r.path, r.sessions])),
    ).toEqual(Object.fromEntries(expected));
    expect(rows.reduce((sum: number, r: { sessions: number }) => sum + r.sessions, 0)).toBe(
      truth.totals.sessions,
    );
  });

  it('refuses reports without a staff token', async () => {
    expect((await report('overview', {}, '')).status).toBe(401);
    expect((await report('overview', {}, await staffToken(config, 'customer'))).status).toBe(403);
    expect((await report('overview', {}, await staffToken(config, 'staff', -60))).status).toBe(401);
    const forged = await staffToken(
      { ...config, JWT_SECRET: 'not-the-backend-api-secret-0123456789' },
      'admin',
    );
    expect((await report('overview', {}, forged)).status).toBe(401);
  });

  it('exports every report as CSV', async () => {
    const headers: Record<string, string> = {
      overview: 'kpi,current,previous',
      timeseries: 't,label,pageviews,visitors,events,orders,netRevenue,grossRevenue,refunded,cancelled',
      'breakdown/device': 'key,pageviews,events',
      products: 'productId,name,views,adds,purchases,grossRevenue',
      funnel: 'name,match,count,conversionFromPrevious,conversionFromStart,dropOff',
      'entry-pages': 'path,sessions',
      'breakdown/country': 'key,pageviews,events',
      goals: 'name,match,events,visitors,conversionRate',
      events: 'name,events,visitors,conversionRate',
    };
    for (const [path, header] of Object.entries(headers)) {
      const csv = await report(path, { format: 'csv', tz: 'Europe/Berlin' });
      expect(csv.status, path).toBe(200);
      expect(csv.type, path).toContain('text/csv');
      expect(csv.text.split('\n')[0], path).toBe(header);
    }
  });
});

describe('Segment-format requests', () => {
  it('are accepted and land in the same reports, with decimal amounts in minor units', async () => {
    const day = new Date(today - 5 * DAY);
    const at = new Date(day.getTime() + 3600_000).toISOString();
    const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
    const post = (path: string, body: object, authorization = basic) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'user-agent': BROWSER_UA },
        body: JSON.stringify(body),
      });
    const batch = await post('/v1/batch', {
      batch: [
        {
          type: 'page',
          messageId: 'seg-page-000001',
          name: 'Mug',
          timestamp: at,
          properties: { path: '/products/seg', url: 'https://shop.example/products/seg' },
        },
        {
          type: 'track',
          messageId: 'seg-view-000001',
          event: 'Product Viewed',
          timestamp: at,
          properties: { product_id: 'seg-prod', name: 'Segment Mug', price: 19.99 },
        },
        { type: 'track', event: 'Product Viewed', timestamp: at, properties: { price: 'free' } },
      ],
    });
    // Segment's routes answer 200, as Segment does.
    expect(batch.status).toBe(200);
    const batchBody = (await batch.json()) as { rejected: Array<{ errors: unknown }> };
    expect(batchBody).toMatchObject({ accepted: 2, rejected: [{ index: 2 }] });
    expect(JSON.stringify(batchBody.rejected[0]?.errors)).toContain('batch.2.properties.product_id');
    const track = await post('/v1/track', {
      messageId: 'seg-add-0000001',
      event: 'Product Added',
      timestamp: at,
      anonymousId: 'a1',
      properties: { product_id: 'seg-prod', price: 19.99, quantity: 1 },
    });
    expect(track.status).toBe(200);
    const order = await post(
      '/v1/track',
      {
        messageId: 'seg-order-000001',
        userId: 'c1',
        event: 'Order Completed',
        timestamp: at,
        properties: {
          order_id: 'seg-o1',
          total: 39.98,
          currency: 'eur',
          products: [{ product_id: 'seg-prod', price: 19.99, quantity: 2 }],
        },
      },
      `Bearer ${SERVER_KEY}`,
    );
    expect(order.status).toBe(200);
    const range = { from: day.toISOString(), to: new Date(day.getTime() + DAY).toISOString() };
    const products = await waitFor(
      () => json('products', range),
      // Three requests, three messages: each may be applied by a batch of its own, in any order.
      (r) => r.rows[0]?.grossRevenue === 3998 && r.rows[0]?.adds === 1 && r.rows[0]?.views === 1,
    );
    expect(products.rows).toEqual([
      { productId: 'seg-prod', name: 'Segment Mug', views: 1, adds: 1, purchases: 2, grossRevenue: 3998 },
    ]);
    // An apply's increments go out in several commands: its buckets may show one by one.
    const overview = await waitFor(
      () => json('overview', range),
      (r) => r.current.pageviews === 1 && r.current.orders === 1,
    );
    expect(overview.current).toMatchObject({ pageviews: 1, orders: 1, grossRevenue: 3998, netRevenue: 3998 });
  });
});
