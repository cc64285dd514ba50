import { randomBytes } from 'node:crypto';
import type { EventInput } from '@shopstream/contracts';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  removeIsolated,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const HOUR = 3600_000;
const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const run = randomBytes(4).toString('hex');
let token = '';

type Step = 'view' | 'add' | 'checkout' | 'done' | 'signup-footer' | 'signup-popup';
/** One visitor's event at a minute of the hour: what the storefront's tracker would send. */
function eventOf(visitor: string, minute: number, step: Step): EventInput {
  const base = {
    id: `${run}-${visitor}-${minute}-${step}`,
    anonymousId: `${run}-${visitor}`,
    timestamp: new Date(hour + minute * 60_000).toISOString(),
  };
  const page = (path: string): EventInput => ({
    ...base,
    type: 'page',
    page: { path, url: `https://shop.example${path}` },
  });
  const track = (event: string, properties: Record<string, unknown> = {}): EventInput => ({
    ...base,
    type: 'track',
    event,
    page: { path: '/', url: 'https://shop.example/' },
    properties: properties as EventInput['properties'],
  });
  switch (step) {
    case 'view':
      return page('/products/enamel-mug');
    case 'add':
      return track('Product Added', { product_id: 'mug', quantity: 1, price: 1299 });
    case 'checkout':
      return track('Checkout Started', { checkout_id: `${run}-${visitor}` });
    case 'done':
      return page('/checkout/confirmation');
    case 'signup-footer':
      return track('Newsletter Signup', { source: 'footer', plan: { tier: 'free' } });
    case 'signup-popup':
      return track('Newsletter Signup', { source: 'popup', plan: { tier: 'free' } });
  }
}

/** What each visitor did, in the order it happened (minutes of the hour). */
const journeys: Record<string, Array<[number, Step]>> = {
  // Every step in order; sent latest first, one request per event.
  complete: [
    [1, 'view'],
    [2, 'add'],
    [3, 'signup-footer'],
    [4, 'checkout'],
    [5, 'done'],
    [6, 'signup-footer'],
  ],
  // Skipped the cart: a checkout without an add counts for nothing past step 1.
  skipsAdd: [
    [1, 'view'],
    [3, 'checkout'],
    [4, 'done'],
  ],
  // Added before viewing, then viewed and added again: reaches step 2 only by the second add.
  addsFirst: [
    [1, 'add'],
    [2, 'view'],
    [3, 'add'],
    [4, 'signup-popup'],
  ],
  // Only the confirmation page: in no step.
  confirmationOnly: [[7, 'done']],
  // Up to checkout, the events of one batch in shuffled order.
  stopsAtCheckout: [
    [10, 'view'],
    [11, 'add'],
    [12, 'checkout'],
  ],
};

const post = (body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA },
    payload: body as object,
  });
const staff = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload && { payload }) });
const rangeQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    site: SITE,
    from: new Date(hour).toISOString(),
    to: new Date(hour + HOUR).toISOString(),
    ...extra,
  }).toString();

beforeAll(async () => {
  await app.ready();
  token = await staffToken(config);
  const ids: string[] = [];
  for (const [visitor, steps] of Object.entries(journeys)) {
    const events = steps.map(([minute, step]) => eventOf(visitor, minute, step));
    ids.push(...events.map((e) => e.id!));
    if (visitor === 'stopsAtCheckout') {
      const response = await post({ batch: [events[2], events[0], events[1]] });
      expect(response.statusCode).toBe(202);
      continue;
    }
    for (const event of events.reverse()) expect((await post(event)).statusCode).toBe(202);
  }
  const db = mongo.db();
  await waitFor(
    async () =>
      (await db.collection('applies').countDocuments({ state: { $ne: 'done' } }))
        ? -1
        : await db.collection('events').countDocuments({ _id: { $in: ids } as never }),
    (n) => n === ids.length,
    60_000,
  );
}, 90_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

describe('visitor funnels', () => {
  let funnelId = '';

  it('lets staff define a funnel of pages and events, listed after the purchase funnel', async () => {
    const created = await staff('POST', '/api/funnels', {
      site: SITE,
      name: 'Mug to order',
      steps: [
        { label: 'Viewed a product', match: { type: 'page', path: '/products/*' } },
        { match: { type: 'event', event: 'Product Added' } },
        { match: { type: 'event', event: 'Checkout Started' } },
        { label: 'Confirmed', match: { type: 'page', path: '/checkout/confirmation**' } },
      ],
    });
    expect(created.statusCode).toBe(201);
    funnelId = created.json().id;
    const list = await staff('GET', `/api/funnels?site=${SITE}`);
    expect(list.json().funnels.map((f: { id: string }) => f.id)).toEqual(['purchase', funnelId]);
    expect(list.json().funnels[1].steps[1].label).toBe('Product Added');
  });

  it('counts a visitor at step N only after steps 1..N-1, whatever order the events arrived in', async () => {
    const response = await staff('GET', `/api/reports/funnel?${rangeQuery({ funnel: funnelId })}`);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.complete).toBe(true);
    expect(report.funnel).toEqual({ id: funnelId, name: 'Mug to order' });
    expect(
      report.steps.map((s: { name: string; count: number; dropOff: number }) => [s.name, s.count, s.dropOff]),
    ).toEqual([
      ['Viewed a product', 4, 0],
      ['Product Added', 3, 1],
      ['Checkout Started', 2, 1],
      ['Confirmed', 1, 1],
    ]);
    expect(report.steps.map((s: { conversionFromPrevious: number }) => s.conversionFromPrevious)).toEqual([
      1,
      3 / 4,
      2 / 3,
      1 / 2,
    ]);
    expect(report.steps[3].conversionFromStart).toBe(1 / 4);
  });

  it('counts only within the range: the same funnel over the first five minutes', async () => {
    const response = await staff(
      'GET',
      `/api/reports/funnel?${new URLSearchParams({
        site: SITE,
        funnel: funnelId,
        from: new Date(hour).toISOString(),
        to: new Date(hour + 5 * 60_000).toISOString(),
      })}`,
    );
    expect(response.json().steps.map((s: { count: number }) => s.count)).toEqual([3, 2, 1, 0]);
  });

  it('exports the funnel as CSV, and refuses unknown funnels and deleting the purchase funnel', async () => {
    const csv = await staff('GET', `/api/reports/funnel?${rangeQuery({ funnel: funnelId, format: 'csv' })}`);
    expect(csv.body.split('\n')[0]).toBe(
      'name,match,count,conversionFromPrevious,conversionFromStart,dropOff',
    );
    expect(csv.body).toContain('Confirmed,page /checkout/confirmation**,1,0.5,0.25,1');
    const unknown = await staff('GET', `/api/reports/funnel?${rangeQuery({ funnel: 'nope' })}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect((await staff('DELETE', `/api/funnels/purchase?site=${SITE}`)).statusCode).toBe(409);
  });

  it('refuses a funnel of one step or a step without a path', async () => {
    const one = await staff('POST', '/api/funnels', {
      site: SITE,
      name: 'Short',
      steps: [{ match: { type: 'event', event: 'X' } }],
    });
    expect(one.statusCode).toBe(400);
    const noPath = await staff('POST', '/api/funnels', {
      site: SITE,
      name: 'Bad',
      steps: [{ match: { type: 'page', path: 'products' } }, { match: { type: 'event', event: 'X' } }],
    });
    expect(noPath.statusCode).toBe(400);
    expect(noPath.json().errors[0].field).toMatch(/steps\.0\.match\.path/);
  });
});

describe('goals', () => {
  it('shows each goal’s completions, conversions and conversion rate over the range’s visitors', async () => {
    for (const goal of [
      { name: 'Order confirmed', match: { type: 'page', path: '/checkout/confirmation' } },
      { name: 'Newsletter', match: { type: 'event', event: 'Newsletter Signup' } },
      { name: 'Never', match: { type: 'event', event: 'Nobody Does This' } },
    ])
      expect((await staff('POST', '/api/goals', { site: SITE, ...goal })).statusCode).toBe(201);
    const response = await staff('GET', `/api/reports/goals?${rangeQuery()}`);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.visitors).toBe(5);
    expect(
      report.rows.map((r: { name: string; events: number; visitors: number; conversionRate: number }) => [
        r.name,
        r.events,
        r.visitors,
        r.conversionRate,
      ]),
    ).toEqual([
      ['Order confirmed', 3, 3, 3 / 5],
      ['Newsletter', 3, 2, 2 / 5],
      ['Never', 0, 0, 0],
    ]);
  });

  it('removes a goal and refuses an unknown site', async () => {
    const { goals } = (await staff('GET', `/api/goals?site=${SITE}`)).json();
    expect((await staff('DELETE', `/api/goals/${goals[2].id}?site=${SITE}`)).statusCode).toBe(204);
    expect((await staff('DELETE', `/api/goals/${goals[2].id}?site=${SITE}`)).statusCode).toBe(404);
    const unknown = await staff('POST', '/api/goals', {
      site: 'elsewhere',
      name: 'X',
      match: { type: 'event', event: 'X' },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('answers goals and funnels to staff only', async () => {
    const anonymous = await app.inject({ url: `/api/goals?site=${SITE}` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('custom events', () => {
  it('lists every track event name with its count, distinct visitors and conversion rate', async () => {
    const report = (await staff('GET', `/api/reports/events?${rangeQuery()}`)).json();
    expect(report.visitors).toBe(5);
    expect(report.rows).toEqual([
      { name: 'Product Added', events: 4, visitors: 3, conversionRate: 3 / 5 },
      { name: 'Checkout Started', events: 3, visitors: 3, conversionRate: 3 / 5 },
      { name: 'Newsletter Signup', events: 3, visitors: 2, conversionRate: 2 / 5 },
    ]);
  });

  it('breaks an event down by its first-level properties', async () => {
    const report = (
      await staff('GET', `/api/reports/events/properties?${rangeQuery({ name: 'Newsletter Signup' })}`)
    ).json();
    expect(report).toEqual({
      name: 'Newsletter Signup',
      events: 3,
      visitors: 2,
      complete: true,
      properties: [
        {
          key: 'source',
          events: 3,
          values: [
            { value: 'footer', events: 2, visitors: 1 },
            { value: 'popup', events: 1, visitors: 1 },
          ],
          otherValues: 0,
        },
      ],
    });
  });
});
