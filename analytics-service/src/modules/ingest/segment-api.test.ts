import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  removeIsolated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig({ ANALYTICS_RATE_LIMIT: '5000' });
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
interface StoredEvent {
  _id: string;
  type: string;
  name: string;
  visitorId: string;
  sessionId: string;
  occurredAt: Date;
  device: string;
  browser: string;
  properties: Record<string, unknown>;
}
const events = mongo.db().collection<StoredEvent>('events');

const basic = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
const SDK_UA = 'analytics-node-next/latest';
const sdk = { authorization: basic, 'user-agent': SDK_UA, 'content-type': 'application/json' };

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

const post = (url: string, payload: unknown, headers: Record<string, string> = sdk) =>
  app.inject({ method: 'POST', url, headers, payload: JSON.stringify(payload) });

const messageId = () => `node-next-${Date.now()}-${randomUUID()}`;
const track = (
  event: string,
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  type: 'track',
  event,
  properties,
  messageId: messageId(),
  anonymousId: randomUUID(),
  ...extra,
});

const stored = (ids: string[]) =>
  waitFor(
    () => events.find({ _id: { $in: ids } }).toArray(),
    (docs) => docs.length === ids.length,
  );

describe('the Segment HTTP API as the SDKs use it', () => {
  it('counts a server SDK’s events (its agent is a client), while crawlers passed as context.userAgent are filtered', async () => {
    const counted = track('Product Viewed', { product_id: 'p-1', price: 12.5 });
    const crawler = track(
      'Product Viewed',
      { product_id: 'p-1' },
      {
        context: { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      },
    );
    const response = await post('/v1/batch', { batch: [counted, crawler] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      accepted: 1,
      ids: [counted.messageId],
      ignored: [{ index: 1, reason: 'bot' }],
    });
    for (const agent of ['analytics-python/2.3.3', 'analytics-go (version: 3.3.0)', 'analytics-ruby/2.4.0']) {
      const other = track('Product Viewed', { product_id: 'p-2' });
      const answer = await post('/v1/track', other, { ...sdk, 'user-agent': agent });
      expect(answer.json(), agent).toMatchObject({ accepted: 1, ignored: [] });
    }
    const bot = await post('/v1/track', track('Product Viewed', { product_id: 'p-3' }), {
      ...sdk,
      'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    });
    expect(bot.json()).toMatchObject({ accepted: 0, ignored: [{ index: 0, reason: 'bot' }] });
    const [doc] = await stored([counted.messageId]);
    expect(doc).toMatchObject({ device: 'server', browser: 'server' });
  });

  it('answers 200 to a batch with a server-only event from a write key, keeping its neighbours', async () => {
    const view = track('Product Viewed', { product_id: 'p-1' });
    const order = track('Order Completed', { order_id: 'o-1', total: 10, currency: 'eur' });
    const add = track('Product Added', { product_id: 'p-1' });
    const response = await post('/v1/batch', { batch: [view, order, add] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      accepted: 2,
      ids: [view.messageId, add.messageId],
      rejected: [],
      ignored: [{ index: 1, id: order.messageId, reason: 'server_only' }],
    });
    const single = await post('/v1/track', order);
    expect(single.statusCode).toBe(200);
    expect(single.json()).toMatchObject({ accepted: 0, ignored: [{ reason: 'server_only' }] });
  });

  it('takes every call at its own route and in a batch: screen, group and alias too', async () => {
    const anonymousId = randomUUID();
    const calls = [
      ['page', { name: 'Home', properties: { path: '/', url: 'https://shop.example/' } }],
      ['screen', { name: 'Cart' }],
      ['identify', { userId: 'u-1', traits: { plan: 'gold' } }],
      ['group', { userId: 'u-1', groupId: 'g-1', traits: { name: 'Acme' } }],
      ['alias', { userId: 'u-1', previousId: anonymousId }],
      ['track', { event: 'Cart Viewed' }],
    ] as const;
    for (const [call, body] of calls) {
      const id = messageId();
      const response = await post(`/v1/${call}`, { ...body, anonymousId, messageId: id });
      expect(response.statusCode, call).toBe(200);
      expect(response.json().ids, call).toEqual([id]);
    }
    const batch = calls.map(([type, body]) => ({ type, ...body, anonymousId, messageId: messageId() }));
    const answer = await post('/v1/import', { batch });
    expect(answer.json()).toMatchObject({ accepted: calls.length, rejected: [] });
    const docs = await stored(batch.map((m) => m.messageId));
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect(batch.map((m) => byId.get(m.messageId)!.name)).toEqual([
      'pageview',
      'screenview',
      'identify',
      'group',
      'alias',
      'Cart Viewed',
    ]);
    expect(byId.get(batch[3]!.messageId)!.properties).toEqual({ name: 'Acme', groupId: 'g-1' });
  });

  it('takes Segment’s types: string amounts, numeric ids, a product known by sku, 100-character messageIds', async () => {
    const long = `${'m'.repeat(90)}-${randomUUID().slice(0, 9)}`;
    const message = track(
      'Product Added',
      { sku: 'SKU-9', price: '12.99', quantity: '2' },
      { messageId: long },
    );
    const numeric = track('Product Viewed', { product_id: 507, price: 5 }, { userId: 42 });
    const response = await post('/v1/batch', { batch: [message, numeric] });
    expect(response.json()).toMatchObject({ accepted: 2, rejected: [] });
    const docs = await stored([long, numeric.messageId]);
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect(byId.get(long)!.properties).toMatchObject({
      product_id: 'SKU-9',
      sku: 'SKU-9',
      price: 1299,
      quantity: 2,
    });
    expect(byId.get(numeric.messageId)!.properties).toMatchObject({ product_id: '507', price: 500 });
  });

  it('reads gzip bodies and JSON declared as any content type', async () => {
    const gzipped = track('Cart Viewed');
    const response = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...sdk, 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ batch: [gzipped] })),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ids).toEqual([gzipped.messageId]);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const message = track('Cart Viewed');
      const answer = await post('/v1/track', message, { ...sdk, 'content-type': type });
      expect(answer.statusCode, type).toBe(200);
      expect(answer.json().ids).toEqual([message.messageId]);
    }
    const broken = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...sdk, 'content-encoding': 'gzip' },
      payload: Buffer.from('not gzip at all'),
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('answers 400 to a malformed body, 401 to an unknown key, 413 over 32 KB per message and 500 KB per batch', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: sdk,
      payload: '{"batch": [',
    });
    expect(malformed.statusCode).toBe(400);
    const unknown = `Basic ${Buffer.from('nope:').toString('base64')}`;
    expect(
      (await post('/v1/track', track('Cart Viewed'), { ...sdk, authorization: unknown })).statusCode,
    ).toBe(401);
    const big = track(
      'Cart Viewed',
      { note: 'x'.repeat(1000) },
      { context: { blob: 'y'.repeat(33 * 1024) } },
    );
    expect((await post('/v1/track', big)).statusCode).toBe(413);
    const small = track('Cart Viewed');
    const inBatch = await post('/v1/batch', { batch: [big, small] });
    expect(inBatch.json()).toMatchObject({ ids: [small.messageId], rejected: [{ index: 0 }] });
    const tooMany = Array.from({ length: 20 }, () =>
      track('Cart Viewed', {}, { context: { blob: 'z'.repeat(30_000) } }),
    );
    expect((await post('/v1/batch', { batch: tooMany })).statusCode).toBe(413);
  });

  it('identifies visitors by anonymousId, links them to a user, and never stores context.ip', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const browser = { userAgent: BROWSER_UA, ip: '198.51.100.23' };
    const pages = ids.map((anonymousId) => ({
      type: 'page',
      name: 'Home',
      messageId: messageId(),
      anonymousId,
      context: browser,
    }));
    const signIn = {
      type: 'identify',
      messageId: messageId(),
      anonymousId: ids[0],
      userId: 'shopper-7',
      context: browser,
    };
    const later = { type: 'track', event: 'Cart Viewed', messageId: messageId(), userId: 'shopper-7' };
    const otherDevice = {
      type: 'track',
      event: 'Cart Viewed',
      messageId: messageId(),
      anonymousId: ids[1],
      userId: 'shopper-7',
    };
    const afterLink = { type: 'page', name: 'Home', messageId: messageId(), anonymousId: ids[1] };
    await post('/v1/batch', { batch: [...pages, signIn] });
    await post('/v1/batch', { batch: [later, otherDevice] });
    await post('/v1/page', afterLink);
    const all = [...pages, signIn, later, otherDevice, afterLink].map((m) => m.messageId);
    const docs = await stored(all);
    const visitorOf = new Map(docs.map((d) => [d._id, d.visitorId]));
    const [first, second, third] = pages.map((p) => visitorOf.get(p.messageId));
    expect(new Set([first, second, third]).size).toBe(3);
    // Signed in, on this device and the next: one visitor from then on (the second device's earlier page stays apart).
    expect(visitorOf.get(signIn.messageId)).toBe(first);
    expect(visitorOf.get(later.messageId)).toBe(first);
    expect(visitorOf.get(otherDevice.messageId)).toBe(first);
    expect(visitorOf.get(afterLink.messageId)).toBe(first);
    expect(JSON.stringify(docs)).not.toContain('198.51.100.23');
    expect(JSON.stringify(docs)).not.toContain(ids[0]);
    expect(docs.find((d) => d._id === pages[0]!.messageId)).toMatchObject({
      browser: 'Chrome',
      device: 'desktop',
    });
  });

  it('takes the session from context.sessionId and corrects the clock skew from sentAt', async () => {
    const now = Date.now();
    // The device clock is two hours ahead: it happened 10 s before it was sent.
    const ahead = now + 2 * 3600_000;
    const message = {
      type: 'track',
      event: 'Cart Viewed',
      messageId: messageId(),
      anonymousId: randomUUID(),
      timestamp: new Date(ahead - 10_000).toISOString(),
      context: { sessionId: 1_733_000_000_000 },
    };
    await post('/v1/batch', { batch: [message], sentAt: new Date(ahead).toISOString() });
    const [doc] = await stored([message.messageId]);
    expect(Math.abs(doc!.occurredAt.getTime() - (now - 10_000))).toBeLessThan(5_000);
    expect(doc!.sessionId).toBe(`s:${message.anonymousId}:1733000000000`);
  });

  it('ends a session after 30 minutes without an event when no context.sessionId is sent, across requests', async () => {
    const anonymousId = randomUUID();
    const base = Date.now() - 3 * 3600_000;
    const at = (minutes: number) =>
      track('Cart Viewed', {}, { anonymousId, timestamp: new Date(base + minutes * 60_000).toISOString() });
    // 0 and 10 in one request, 20 in the next (10 min later), 51 after 31 minutes of silence.
    const first = [at(0), at(10)];
    const second = [at(20)];
    const third = [at(51)];
    for (const batch of [first, second, third])
      expect((await post('/v1/batch', { batch })).statusCode).toBe(200);
    const all = [...first, ...second, ...third];
    const docs = await stored(all.map((m) => m.messageId));
    const sessionOf = (m: (typeof all)[number]) => docs.find((d) => d._id === m.messageId)!.sessionId;
    expect(new Set(docs.map((d) => d.visitorId)).size).toBe(1);
    expect(sessionOf(first[1]!)).toBe(sessionOf(first[0]!));
    expect(sessionOf(second[0]!)).toBe(sessionOf(first[0]!));
    expect(sessionOf(third[0]!)).not.toBe(sessionOf(first[0]!));

    // A replay (/v1/import) 5 minutes before the first session joins it; one 2 hours before is a session
    // of its own and leaves the current one as it was.
    const joining = at(-5);
    const older = at(-120);
    expect((await post('/v1/import', { batch: [joining, older] })).statusCode).toBe(200);
    const after = at(60);
    expect((await post('/v1/batch', { batch: [after] })).statusCode).toBe(200);
    const replayed = await stored([joining.messageId, older.messageId, after.messageId]);
    const replayedOf = (m: (typeof all)[number]) => replayed.find((d) => d._id === m.messageId)!.sessionId;
    expect(replayedOf(joining)).toBe(sessionOf(first[0]!));
    expect(new Set([replayedOf(older), sessionOf(first[0]!), sessionOf(third[0]!)]).size).toBe(3);
    expect(replayedOf(after)).toBe(sessionOf(third[0]!));
  });

  it('keeps a named visitor’s session across midnight (UTC)', async () => {
    const anonymousId = randomUUID();
    const midnight = new Date(Date.now() - 86_400_000);
    midnight.setUTCHours(0, 0, 0, 0);
    const messages = [-10, 5, 50].map((minutes) =>
      track(
        'Cart Viewed',
        {},
        { anonymousId, timestamp: new Date(midnight.getTime() + minutes * 60_000).toISOString() },
      ),
    );
    expect((await post('/v1/batch', { batch: messages })).statusCode).toBe(200);
    const docs = await stored(messages.map((m) => m.messageId));
    const sessionOf = (m: (typeof messages)[number]) => docs.find((d) => d._id === m.messageId)!.sessionId;
    expect(sessionOf(messages[1]!)).toBe(sessionOf(messages[0]!));
    expect(sessionOf(messages[2]!)).not.toBe(sessionOf(messages[0]!));
  });
});
