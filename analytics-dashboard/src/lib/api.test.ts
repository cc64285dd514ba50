import { describe, expect, it } from 'vitest';
import type { AuthClient } from '../features/auth/auth-client';
import { ApiError, createAnalyticsApi } from './api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A signed-in session whose requests are answered by `answer`. */
function makeAuth(answer: (url: URL) => Response, token: string | null = 'access-1') {
  const urls: URL[] = [];
  const auth = {
    fetchAuthorized: async (url: string) => {
      urls.push(new URL(url));
      return answer(new URL(url));
    },
    getAccessToken: async () => token,
  } as unknown as AuthClient;
  return { auth, urls };
}

const options = { baseUrl: 'http://analytics.test', wsUrl: 'ws://analytics.test/ws', site: 'demo-shop' };
const range = { from: '2026-11-18T23:00:00.000Z', to: '2026-11-25T23:00:00.000Z', tz: 'Europe/Berlin' };

describe('reports', () => {
  it('asks /api/reports/… with the site, the range and the zone, and validates the answer', async () => {
    const { auth, urls } = makeAuth(() =>
      json(200, {
        granularity: 'day',
        tz: 'Europe/Berlin',
        points: [
          {
            t: range.from,
            label: '2026-11-19',
            pageviews: 3,
            visitors: 2,
            events: 9,
            orders: 1,
            netRevenue: 4999,
            grossRevenue: 4999,
            refunded: 0,
            cancelled: 0,
          },
        ],
      }),
    );
    const api = createAnalyticsApi(auth, options);
    const report = await api.timeseries({ ...range, granularity: 'day' });
    expect(report.points[0]?.netRevenue).toBe(4999);
    expect(urls[0]!.pathname).toBe('/api/reports/timeseries');
    expect(Object.fromEntries(urls[0]!.searchParams)).toEqual({
      site: 'demo-shop',
      ...range,
      granularity: 'day',
    });
  });

  it('puts the breakdown dimension in the path, not the query', async () => {
    const { auth, urls } = makeAuth(() => json(200, { dimension: 'referrer', rows: [] }));
    await createAnalyticsApi(auth, options).breakdown({ ...range, dimension: 'referrer', limit: 10 });
    expect(urls[0]!.pathname).toBe('/api/reports/breakdown/referrer');
    expect(urls[0]!.searchParams.has('dimension')).toBe(false);
    expect(urls[0]!.searchParams.get('limit')).toBe('10');
  });

  it('turns a problem document into an error that says what went wrong', async () => {
    const { auth } = makeAuth(() =>
      json(403, {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: 'Reports are for staff only',
      }),
    );
    const error = await createAnalyticsApi(auth, options)
      .funnel(range)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, message: 'Reports are for staff only' });
  });

  it('refuses an answer that does not match the contract', async () => {
    const { auth } = makeAuth(() => json(200, { rows: 'nope' }));
    const error = await createAnalyticsApi(auth, options)
      .products({ ...range, limit: 5 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/does not understand/) });
  });
});

describe('live feed', () => {
  it('connects to /ws with the access token and the site in the query', async () => {
    const { auth } = makeAuth(() => json(200, {}));
    const url = new URL(await createAnalyticsApi(auth, options).live.url());
    expect(url.origin + url.pathname).toBe('ws://analytics.test/ws');
    expect(url.searchParams.get('token')).toBe('access-1');
    expect(url.searchParams.get('site')).toBe('demo-shop');
  });

  it('accepts messages of the contract and drops anything else', () => {
    const { auth } = makeAuth(() => json(200, {}));
    const { live } = createAnalyticsApi(auth, options);
    const message = {
      type: 'update',
      at: '2026-11-25T10:00:00.000Z',
      site: 'demo-shop',
      visitorsLast5Minutes: 3,
      eventsPerSecond: 1.5,
      activePages: [],
      otherPages: 0,
      otherPagesVisitors: 0,
      latestOrders: [],
      netRevenueToday: 0,
      grossRevenueToday: 0,
      ordersToday: 0,
      todayStartedAt: '2026-11-24T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      lastEventIds: [],
      lag: { queueDepth: 0, oldestUnprocessedAgeSeconds: 0, drainRatePerSecond: 0, deadLettered: 0 },
    };
    expect(live.parse(JSON.stringify(message))?.visitorsLast5Minutes).toBe(3);
    expect(live.parse(JSON.stringify({ ...message, type: 'hello' }))).toBeNull();
    expect(live.parse('{')).toBeNull();
  });
});
