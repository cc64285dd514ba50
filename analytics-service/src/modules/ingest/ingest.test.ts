import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makeOrderCompleted,
  makePageview,
  makeProductViewed,
  removeIsolated,
  SERVER_KEY,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig({ ANALYTICS_RATE_LIMIT: '2000' });
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const events = mongo
  .db()
  .collection<{ _id: string; visitorId: string; device: string; browser: string }>('events');
const browser = { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA };

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

const post = (payload: unknown, headers: Record<string, string> = browser, url = '/api/events') =>
  app.inject({ method: 'POST', url, headers, payload: payload as object });

describe('POST /api/events', () => {
  it('keeps the good events of a batch and lists the rejected ones by field', async () => {
    const good = [makePageview(), makeProductViewed('prod-a')];
    const bad = makeProductViewed('prod-b', { properties: { product_id: 'prod-b', price: 12.5 } });
    const response = await post({ batch: [good[0], bad, good[1]] });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body.accepted).toBe(2);
    expect(body.ids).toEqual([good[0]!.id, good[1]!.id]);
    expect(body.rejected).toEqual([
      { index: 1, id: bad.id, errors: [expect.objectContaining({ field: 'batch.1.properties.price' })] },
    ]);
    const stored = await waitFor(
      () => events.find({ _id: { $in: [good[0]!.id!, good[1]!.id!, bad.id!] } }).toArray(),
      (docs) => docs.length >= 2,
    );
    expect(stored.map((d) => d._id).sort()).toEqual([good[0]!.id, good[1]!.id].sort());
    expect(stored[0]).toMatchObject({ device: 'desktop', browser: 'Chrome' });
  });

  it('refuses a single invalid event with a problem naming the field', async () => {
    const response = await post({ type: 'track', properties: {} });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'event' })]);
  });

  it('refuses a batch longer than 500 events and an oversized field', async () => {
    const tooMany = await post({ batch: Array.from({ length: 501 }, () => makePageview()) });
    expect(tooMany.statusCode).toBe(400);
    const longTitle = await post(makePageview({ page: { path: '/', title: 'x'.repeat(301) } }));
    expect(longTitle.json().errors[0].field).toBe('page.title');
  });

  it('takes orders only with the server key, never from a browser', async () => {
    const order = makeOrderCompleted([{ productId: 'prod-a', price: 1000, quantity: 1 }]);
    const fromBrowser = await post(order);
    expect(fromBrowser.statusCode).toBe(400);
    expect(fromBrowser.json().errors[0]).toMatchObject({ field: 'event' });
    const fromServer = await post(order, { authorization: `Bearer ${SERVER_KEY}` });
    expect(fromServer.statusCode).toBe(202);
    expect(fromServer.json().ids).toEqual([order.id]);
  });

  it('answers 401 to an unknown write key or server key', async () => {
    expect((await post(makePageview(), { 'x-write-key': 'nope' })).statusCode).toBe(401);
    expect((await post(makePageview(), { authorization: 'Bearer wrong-key-wrong-key' })).statusCode).toBe(
      401,
    );
  });

  it('drops bots, referrer spam and browsers asking not to be tracked before anything is stored', async () => {
    const bot = makePageview();
    const spam = makePageview({ page: { path: '/', referrer: 'https://spam-referrer.example/x' } });
    const tracked = makePageview();
    const botResponse = await post(bot, {
      ...browser,
      'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    });
    expect(botResponse.json()).toMatchObject({ accepted: 0, filtered: 1 });
    expect((await post(spam)).json()).toMatchObject({ accepted: 0, filtered: 1 });
    expect((await post(makePageview(), { ...browser, 'sec-gpc': '1' })).json()).toMatchObject({
      filtered: 1,
    });
    expect((await post(makePageview(), { ...browser, dnt: '1' })).json()).toMatchObject({ filtered: 1 });
    await post(tracked);
    await waitFor(
      () => events.countDocuments({ _id: tracked.id! }),
      (n) => n === 1,
    );
    expect(await events.countDocuments({ _id: { $in: [bot.id!, spam.id!] } })).toBe(0);
  });

  it('counts visitors without cookies: same address and agent, same visitor id; no IP stored', async () => {
    const first = makePageview();
    const second = makePageview();
    const other = makePageview();
    await post(first, { ...browser, 'x-forwarded-for': '203.0.113.7' });
    await post(second, { ...browser, 'x-forwarded-for': '203.0.113.7' });
    await post(other, { ...browser, 'x-forwarded-for': '203.0.113.8' });
    const docs = await waitFor(
      () => events.find({ _id: { $in: [first.id!, second.id!, other.id!] } }).toArray(),
      (d) => d.length === 3,
    );
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect(byId.get(first.id!)!.visitorId).toBe(byId.get(second.id!)!.visitorId);
    expect(byId.get(first.id!)!.visitorId).not.toBe(byId.get(other.id!)!.visitorId);
    expect(JSON.stringify(docs)).not.toContain('203.0.113');
  });

  it('accepts the tracker beacon: text/plain with a JSON body at /collect', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA },
      payload: JSON.stringify({
        writeKey: WRITE_KEY,
        sentAt: new Date().toISOString(),
        batch: [
          {
            type: 'page',
            messageId: 'beacon-msg-1',
            timestamp: new Date().toISOString(),
            properties: {},
            context: { page: { url: 'https://shop.example/a', path: '/a', referrer: '', title: 'A' } },
          },
        ],
      }),
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 1, ids: ['beacon-msg-1'] });
  });

  it('takes the tracker’s amounts at /collect as minor units, unlike Segment’s decimals at /v1', async () => {
    const product = (messageId: string, price: number) => ({
      type: 'track',
      event: 'Product Viewed',
      messageId,
      properties: { product_id: 'prod-minor', price, currency: 'EUR' },
    });
    const collect = await post(
      { writeKey: WRITE_KEY, batch: [product('minor-collect-1', 4999)] },
      browser,
      '/collect',
    );
    const segment = await post(
      { writeKey: WRITE_KEY, batch: [product('minor-segment-1', 49.99)] },
      browser,
      '/v1/batch',
    );
    expect(collect.statusCode).toBe(202);
    expect(segment.statusCode).toBe(200);
    const stored = await waitFor(
      () => events.find({ _id: { $in: ['minor-collect-1', 'minor-segment-1'] } }).toArray(),
      (docs) => docs.length === 2,
    );
    const priceOf = (id: string) =>
      (stored.find((d) => d._id === id) as unknown as { properties: { price: number } }).properties.price;
    expect(priceOf('minor-collect-1')).toBe(4999);
    expect(priceOf('minor-segment-1')).toBe(4999);
  });

  it('answers 429 with Retry-After when a site goes over its event rate', async () => {
    const batch = Array.from({ length: 500 }, () => makePageview());
    // 8,000 events at 2,000/s: only a run taking over 3 s between the first and last would see no 429.
    const responses = await Promise.all(Array.from({ length: 16 }, () => post({ batch })));
    const limited = responses.filter((r) => r.statusCode === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers['retry-after']).toBe('1');
    expect(responses.filter((r) => r.statusCode === 202).length).toBeGreaterThan(0);
  });
});

describe('when RabbitMQ is unreachable', () => {
  it('answers 503 with Retry-After instead of dropping the events', async () => {
    const down = await buildApp(
      isolatedConfig({ RABBITMQ_URL: 'amqp://rabbitmq:rabbitmq_secret@127.0.0.1:1' }),
      { role: 'ingest' },
    );
    try {
      const response = await down.inject({
        method: 'POST',
        url: '/api/events',
        headers: browser,
        payload: makePageview(),
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
    } finally {
      await down.close();
    }
  });
});
