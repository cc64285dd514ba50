import type { LiveMessage } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  isolatedConfig,
  makeOrderCompleted,
  makePageview,
  removeIsolated,
  SERVER_KEY,
  SITE,
  staffToken,
  WRITE_KEY,
  waitFor,
} from '../../../test/support/environment';
import { buildApp } from '../../app';

const config = isolatedConfig();
// Workers too: today's figures under filters are read from the stored sessions.
const app = await buildApp(config, { role: 'all', liveIntervalMs: 100 });

beforeAll(async () => {
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await removeIsolated(config);
});

async function connect(token: string, filters: string[]) {
  const messages: LiveMessage[] = [];
  const search = new URLSearchParams({ site: SITE, token });
  for (const f of filters) search.append('f', f);
  const socket = await app.injectWS(
    `/ws?${search}`,
    {},
    { onInit: (ws) => ws.on('message', (data: Buffer) => messages.push(JSON.parse(String(data)))) },
  );
  return { socket, messages };
}

const browser = (ip: string, payload: object) =>
  app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { 'x-write-key': WRITE_KEY, 'user-agent': BROWSER_UA, 'x-forwarded-for': ip },
    payload,
  });
const server = (payload: object) =>
  app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${SERVER_KEY}`, 'x-analytics-site': SITE },
    payload,
  });

describe('the live feed under filters', () => {
  it('refuses a malformed filter with problem details before any upgrade', async () => {
    const token = await staffToken(config);
    const response = await app.inject({
      method: 'GET',
      url: `/ws?site=${SITE}&token=${token}&f=${encodeURIComponent('planet:is:mars')}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors[0].field).toBe('querystring.f');
  });

  it('counts only the selected sessions: visitors, pages, events, the event list and today’s orders', async () => {
    const token = await staffToken(config);
    const gb = await connect(token, ['country:is:GB', 'screen:is:mobile']);
    const everyone = await connect(token, []);
    try {
      const gbPage = makePageview({
        sessionId: 'live-gb',
        page: { url: 'https://shop.example/from-gb', path: '/from-gb' },
        screen: { width: 390, height: 844 },
      });
      const gbDesktop = makePageview({
        sessionId: 'live-gb-desk',
        page: { url: 'https://shop.example/gb-desk', path: '/gb-desk' },
        screen: { width: 1920, height: 1080 },
      });
      const iePage = makePageview({
        sessionId: 'live-ie',
        page: { url: 'https://shop.example/from-ie', path: '/from-ie' },
        screen: { width: 390, height: 844 },
      });
      expect((await browser('81.2.69.142', gbPage)).statusCode).toBe(202);
      expect((await browser('81.2.69.143', gbDesktop)).statusCode).toBe(202);
      expect((await browser('2a00:1450:4001::1', iePage)).statusCode).toBe(202);
      // Two orders today, one in the GB phone's session: the filtered "today" has only that one.
      const inSession = makeOrderCompleted([{ productId: 'p', price: 1500, quantity: 1 }], {
        sessionId: 'live-gb',
      });
      const elsewhere = makeOrderCompleted([{ productId: 'p', price: 9900, quantity: 1 }], {
        sessionId: 'live-ie',
      });
      expect((await server(inSession)).statusCode).toBe(202);
      expect((await server(elsewhere)).statusCode).toBe(202);

      const filtered = await waitFor(
        async () => gb.messages.at(-1),
        (m) => m !== undefined && m.visitorsLast5Minutes > 0 && m.ordersToday > 0,
        60_000,
      );
      expect(filtered).toMatchObject({
        visitorsLast5Minutes: 1,
        activePages: [{ path: '/from-gb', visitors: 1 }],
        lastEventIds: [gbPage.id],
        ordersToday: 1,
        grossRevenueToday: 1500,
        filters: ['country:is:GB', 'screen:is:mobile'],
        unfiltered: ['latestOrders', 'lag'],
      });
      expect(filtered!.eventsPerSecond).toBeCloseTo(0.1, 5);
      const all = await waitFor(
        async () => everyone.messages.at(-1),
        (m) => m !== undefined && m.visitorsLast5Minutes >= 3 && m.ordersToday >= 2,
        60_000,
      );
      expect(all!.visitorsLast5Minutes).toBe(3);
      expect(all!.filters).toBeUndefined();
      expect(all!.grossRevenueToday).toBe(11_400);
    } finally {
      gb.socket.terminate();
      everyone.socket.terminate();
    }
  }, 90_000);

  it('selects by an event-scoped filter the sessions having such an event, and their matching events only', async () => {
    const token = await staffToken(config);
    const viewers = await connect(token, ['page:is:/only-here']);
    try {
      const here = makePageview({
        sessionId: 'live-page',
        page: { url: 'https://shop.example/only-here', path: '/only-here' },
      });
      const there = makePageview({
        sessionId: 'live-page',
        page: { url: 'https://shop.example/elsewhere', path: '/elsewhere' },
      });
      expect((await browser('81.2.69.150', { batch: [here, there] })).statusCode).toBe(202);
      const seen = await waitFor(
        async () => viewers.messages.at(-1),
        (m) => m !== undefined && m.visitorsLast5Minutes > 0,
        30_000,
      );
      expect(seen!.activePages).toEqual([{ path: '/only-here', visitors: 1 }]);
      expect(seen!.lastEventIds).toEqual([here.id]);
    } finally {
      viewers.socket.terminate();
    }
  });

  it('selects by a goal filter the events that complete the goal, read from the site goals', async () => {
    const token = await staffToken(config);
    const created = await app.inject({
      method: 'POST',
      url: '/api/goals',
      headers: { authorization: `Bearer ${token}` },
      payload: { site: SITE, name: 'Read the guide', match: { type: 'page', path: '/guides/*' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const readers = await connect(token, ['goal:is:Read the guide']);
    try {
      const guide = makePageview({
        sessionId: 'live-goal',
        page: { url: 'https://shop.example/guides/sizing', path: '/guides/sizing' },
      });
      const home = makePageview({
        sessionId: 'live-goal',
        page: { url: 'https://shop.example/', path: '/' },
      });
      const other = makePageview({
        sessionId: 'live-no-goal',
        page: { url: 'https://shop.example/cart', path: '/cart' },
      });
      expect((await browser('81.2.69.160', { batch: [home, guide] })).statusCode).toBe(202);
      expect((await browser('81.2.69.161', { batch: [other] })).statusCode).toBe(202);
      const seen = await waitFor(
        async () => readers.messages.at(-1),
        (m) => m?.lastEventIds.includes(guide.id!) === true,
        30_000,
      );
      expect(seen!.activePages).toEqual([{ path: '/guides/sizing', visitors: 1 }]);
      expect(seen!.lastEventIds).toEqual([guide.id]);
    } finally {
      readers.socket.terminate();
    }
  });
});
