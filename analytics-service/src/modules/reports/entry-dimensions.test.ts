import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makePageview,
  removeIsolated,
  SITE,
  staffToken,
  storedAndAggregated,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig();
const app = await buildApp(config, { role: 'all' });
const mongo = new MongoClient(config.MONGODB_URI);
const HOUR = 3600_000;
const hour = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const from = new Date(hour);
const to = new Date(hour + 2 * HOUR);
let token = '';

/** A tracker batch as the browser tracker sends it to /collect, from an address behind the proxy. */
const collect = (ip: string, userAgent: string, batch: unknown[]) =>
  app.inject({
    method: 'POST',
    url: '/collect',
    headers: { 'content-type': 'text/plain', 'user-agent': userAgent, 'x-forwarded-for': ip },
    payload: JSON.stringify({ writeKey: WRITE_KEY, batch }),
  });

const trackerCall = (
  at: number,
  url: string,
  context: Record<string, unknown>,
  type: 'page' | 'track' = 'page',
) => ({
  type,
  ...(type === 'track' ? { event: 'Product Viewed' } : {}),
  messageId: `m-${at}-${Math.random().toString(36).slice(2)}`,
  timestamp: new Date(at).toISOString(),
  properties: type === 'track' ? { product_id: 'p1' } : {},
  context: { page: { url, path: new URL(url).pathname, referrer: '', title: 't' }, ...context },
});

const report = async (path: string, filters: string[] = []) => {
  const search = new URLSearchParams({ site: SITE, from: from.toISOString(), to: to.toISOString() });
  for (const f of filters) search.append('f', f);
  const response = await app.inject({
    method: 'GET',
    url: `/api/reports/${path}?${search}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.statusCode, body: response.json() };
};

const keys = (rows: { key: string; pageviews: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.pageviews]));

beforeAll(async () => {
  await app.ready();
  token = await staffToken(config);
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const sent = [
    // A phone in Great Britain, Swiss German, two pages and a product view on shop.example.
    await collect('81.2.69.142', BROWSER_UA, [
      trackerCall(hour + 60_000, 'https://shop.example/a', {
        screen: { width: 390, height: 844 },
        locale: 'de-CH',
      }),
      trackerCall(hour + 120_000, 'https://shop.example/b', {
        screen: { width: 390, height: 844 },
        locale: 'de-CH',
      }),
      trackerCall(
        hour + 130_000,
        'https://shop.example/b',
        { screen: { width: 390 }, locale: 'de-CH' },
        'track',
      ),
    ]),
    // A desktop in Ireland, US English, on www.shop.example.
    await collect('2a00:1450:4001::1', firefox, [
      trackerCall(hour + 180_000, 'https://www.shop.example/', {
        screen: { width: 1920, height: 1080 },
        locale: 'en-US',
      }),
    ]),
    // Segment's own shape, with a malformed screen and language: kept as unknown, the event is taken.
    await collect('81.2.69.142', firefox, [
      trackerCall(hour + 240_000, 'https://shop.example/c', {
        screen: { width: 'wide' },
        locale: 'not a tag!',
      }),
    ]),
  ];
  for (const response of sent) expect(response.statusCode).toBe(202);
  // Our own spec, from a private network: a laptop, French, no country.
  const own = await app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA, 'x-forwarded-for': '192.168.1.20' },
    payload: makePageview({
      timestamp: new Date(hour + 300_000).toISOString(),
      page: { url: 'https://shop.example/d', path: '/d' },
      screen: { width: 1280, height: 800 },
      locale: 'fr',
    }),
  });
  expect(own.statusCode).toBe(202);
  await waitFor(
    () => storedAndAggregated(mongo.db()),
    (n) => n === 6,
    120_000,
  );
}, 180_000);
afterAll(async () => {
  await app.close();
  await mongo.close();
  await removeIsolated(config);
});

describe('hostname, screen size, language, country and region', () => {
  it('refuses a malformed screen or language on /api/events as problem details, naming the field', async () => {
    for (const [field, payload] of [
      ['screen.width', makePageview({ screen: { width: -1 } })],
      ['locale', makePageview({ locale: 'en US; drop' })],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.json().errors)).toContain(field);
    }
  });

  it('keeps only the classes and the language subtag on stored events and sessions, never the pixels', async () => {
    const events = await mongo.db().collection('events').find({}).toArray();
    const phone = events.find((e) => e.path === '/a')!;
    expect(phone).toMatchObject({
      hostname: 'shop.example',
      screen: 'mobile',
      language: 'de',
      country: 'GB',
      region: 'GB-England',
    });
    // The phone's 390 × 844 pixels are nowhere in what is stored (times and ids left out: a stored
    // `receivedAt` of …50.844Z once matched).
    const stored = events.map(({ _id, occurredAt, receivedAt, storedAt, applyId, ...rest }) => rest);
    expect(JSON.stringify(stored)).not.toMatch(/\b(390|844)\b/);
    expect(events.some((e) => 'width' in e || 'height' in e || typeof e.screen === 'object')).toBe(false);
    const sessions = await mongo.db().collection('sessions').find({}).toArray();
    const byEntry = Object.fromEntries(sessions.map((s) => [s.entry_page, s]));
    expect(byEntry['/a']).toMatchObject({
      hostname: 'shop.example',
      screen: 'mobile',
      language: 'de',
      country: 'GB',
    });
    expect(byEntry['/']).toMatchObject({
      hostname: 'www.shop.example',
      screen: 'desktop',
      language: 'en',
      country: 'IE',
    });
    expect(byEntry['/c']).toMatchObject({ screen: 'Unknown', language: 'Unknown' });
    expect(byEntry['/d']).toMatchObject({ screen: 'laptop', language: 'fr', country: '(unknown)' });
  });

  it('breaks pageviews down by hostname, screen class and language', async () => {
    const hostname = await report('breakdown/hostname');
    expect(hostname.status).toBe(200);
    expect(keys(hostname.body.rows)).toEqual({ 'shop.example': 4, 'www.shop.example': 1 });
    expect(keys((await report('breakdown/screen')).body.rows)).toEqual({
      mobile: 2,
      desktop: 1,
      laptop: 1,
      Unknown: 1,
    });
    expect(keys((await report('breakdown/language')).body.rows)).toEqual({ de: 2, en: 1, fr: 1, Unknown: 1 });
    // The region database places this Google address in Hesse, where the country database says IE.
    expect(keys((await report('breakdown/region')).body.rows)).toEqual({
      'GB-England': 3,
      'DE-Hesse': 1,
      '(unknown)': 1,
    });
  });

  it('filters sessions by country, hostname, screen and language, alone and combined', async () => {
    const visitors = async (filters: string[]) => {
      const { status, body } = await report('overview', filters);
      expect(status).toBe(200);
      return [body.current.sessions, body.current.pageviews];
    };
    expect(await visitors(['country:is:GB'])).toEqual([2, 3]);
    expect(await visitors(['country:is:(unknown)'])).toEqual([1, 1]);
    expect(await visitors(['region:is:GB-England'])).toEqual([2, 3]);
    expect(await visitors(['region:is:GB-England', 'screen:is:mobile'])).toEqual([1, 2]);
    expect(await visitors(['hostname:is:www.shop.example'])).toEqual([1, 1]);
    expect(await visitors(['screen:is:mobile', 'language:is:de'])).toEqual([1, 2]);
    expect(await visitors(['screen:is:mobile', 'language:is:en'])).toEqual([0, 0]);
    expect(await visitors(['language:is_not:de', 'hostname:contains:shop'])).toEqual([3, 3]);
  });

  it('breaks the filtered sessions down by the new dimensions too', async () => {
    const { status, body } = await report('breakdown/language', ['country:is:GB']);
    expect(status).toBe(200);
    expect(keys(body.rows)).toEqual({ de: 2, Unknown: 1 });
    const screens = await report('breakdown/screen', ['page:is:/b']);
    expect(screens.body.rows).toEqual([{ key: 'mobile', pageviews: 1, events: 2 }]);
  });
});
