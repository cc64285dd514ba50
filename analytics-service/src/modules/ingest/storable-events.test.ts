import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makePageview,
  makeProductViewed,
  removeIsolated,
  WRITE_KEY,
} from '../../../test/support/environment';
import { buildApp } from '../../app';
import { utmOf } from './enrich';

const config = isolatedConfig({ ANALYTICS_RATE_LIMIT: '5000' });
const app = await buildApp(config, { role: 'ingest' });
const browser = { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA };

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await removeIsolated(config);
});

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, headers: browser, payload: payload as object });

/** JSON.stringify itself overflows the stack on such depths: the body is sent as written text. */
const postNested = (url: string, body: (properties: unknown) => unknown, levels: number) => {
  const marker = '"__nested__"';
  const text = JSON.stringify(body('__nested__')).replace(
    marker,
    `${'{"inner":'.repeat(levels - 1)}{"leaf":1}${'}'.repeat(levels - 1)}`,
  );
  return app.inject({
    method: 'POST',
    url,
    headers: { ...browser, 'content-type': 'application/json' },
    payload: text,
  });
};

const segmentTrack = (properties: unknown) => ({ type: 'track', event: 'Custom', properties });

/** Each ingest route with a body holding one event of the given properties. */
const routes: Array<[string, (properties: unknown) => unknown]> = [
  ['/api/events', (properties) => ({ type: 'track', event: 'Custom', properties })],
  ['/api/events batch', (properties) => ({ batch: [{ type: 'track', event: 'Custom', properties }] })],
  ['/v1/track', (properties) => ({ event: 'Custom', properties })],
  ['/v1/page', (properties) => ({ name: 'Home', properties })],
  ['/v1/identify', (properties) => ({ userId: 'user-1', traits: properties })],
  ['/v1/batch', (properties) => ({ batch: [segmentTrack(properties)] })],
  ['/collect', (properties) => ({ batch: [segmentTrack(properties)] })],
];
const urlOf = (route: string) => route.split(' ')[0]!;

describe('ingest refuses what storage would refuse', () => {
  it.each(routes)('answers 400, not 500, to properties nested 5,000 deep at %s', async (route, body) => {
    const response = await postNested(urlOf(route), body, 5000);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(response.json().errors)).toMatch(/deeper than 8 levels/);
  });

  it.each(routes)(
    'refuses properties 150 deep (storable in FerretDB, not in MongoDB) at %s',
    async (route, body) => {
      expect((await postNested(urlOf(route), body, 150)).statusCode).toBe(400);
    },
  );

  it.each(['/api/events', '/v1/batch', '/collect'])(
    'at %s, refuses only the events with a dotted key, a $ key or NUL, and takes their neighbours',
    async (url) => {
      const asSegment = url !== '/api/events';
      const good = [makePageview(), makeProductViewed('prod-a')];
      const bad = [
        makeProductViewed('prod-b', { properties: { product_id: 'prod-b', 'a.b': 1 } }),
        makeProductViewed('prod-c', { properties: { product_id: 'prod-c', $set: { x: 1 } } }),
        makeProductViewed('prod-d', { properties: { product_id: 'prod-d', note: 'nul\u0000' } }),
        makePageview({ page: { path: '/x', title: 'nul\u0000' } }),
      ];
      const events = [good[0]!, ...bad, good[1]!].map((event) =>
        asSegment
          ? {
              type: event.type,
              event: event.event,
              messageId: event.id,
              properties: event.properties,
              context: { page: event.page },
            }
          : event,
      );
      const response = await post(url, { batch: events });
      // Segment's routes answer 200 as Segment does; ours 202.
      expect(response.statusCode).toBe(url.startsWith('/v1/') ? 200 : 202);
      const result = response.json();
      expect(result.ids).toEqual(good.map((event) => event.id));
      expect(
        result.rejected.map((r: { index: number; errors: { field: string }[] }) => [
          r.index,
          r.errors[0]!.field,
        ]),
      ).toEqual([
        [1, 'batch.1.properties.a.b'],
        [2, 'batch.2.properties.$set'],
        [3, 'batch.3.properties.note'],
        [4, 'batch.4.page.title'],
      ]);
    },
  );

  it.each(['/api/events', '/v1/batch', '/collect'])('names the 500-event limit at %s', async (url) => {
    const response = await post(url, { batch: Array.from({ length: 501 }, () => ({ type: 'page' })) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'body.batch', message: 'must hold at most 500 events' },
    ]);
  });

  it('says in the OpenAPI document of every ingest route what is refused and that keys are not rewritten', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const url of ['/api/events', '/v1/track', '/v1/page', '/v1/identify', '/v1/batch', '/collect']) {
      const description = String(document.paths[url].post.description);
      expect(description).toMatch(/at most 8 levels deep/);
      expect(description).toMatch(/a key containing `\.` or starting with `\$` is refused \(not rewritten\)/);
    }
  });

  it('drops a UTM value that decodes to a NUL character', () => {
    expect(utmOf('https://shop.example/?utm_source=news%00letter&utm_medium=email', undefined)).toEqual({
      medium: 'email',
    });
  });
});
