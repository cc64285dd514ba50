import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { RabbitConnection } from '../../rabbit';
import { UNMIRRORED_SHOP_SETTINGS } from '../shop/settings';
import { LiveHub, newestOrders } from './hub';
import type { AcceptedNotice } from './reporter';

const order = (orderId: string, at: string) => ({ orderId, total: 100, currency: 'EUR', at });

/** A hub without RabbitMQ or MongoDB: notices are handed to `take`, today's figures stay 0. */
function offlineHub() {
  const unreachable = () => {
    throw new Error('no MongoDB in this test');
  };
  return new LiveHub(
    {} as RabbitConnection,
    { liveExchange: 'unused' } as never,
    unreachable,
    { warn() {}, debug() {} } as unknown as FastifyBaseLogger,
    async () => ({ waiting: 0, deadLettered: 0 }),
    1000,
    async () => UNMIRRORED_SHOP_SETTINGS,
  );
}

const notice = (site: Partial<AcceptedNotice['sites'][number]>): AcceptedNotice => ({
  kind: 'accepted',
  at: new Date().toISOString(),
  sites: [{ site: 'shop', events: 0, visitors: [], pages: [], orders: [], lastEventIds: [], ...site }],
});

describe("Live's latest orders", () => {
  it('lists the newest first by the time they were paid, whatever order the notices came in', () => {
    const kept = [order('b', '2026-12-01T10:02:00Z'), order('a', '2026-12-01T10:00:00Z')];
    const arrived = [order('late', '2026-12-01T09:59:00Z'), order('c', '2026-12-01T10:03:00Z')];
    expect(newestOrders(kept, arrived).map((o) => o.orderId)).toEqual(['c', 'b', 'a', 'late']);
  });

  it('keeps the 10 newest, each order once', () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      order(`o${i}`, new Date(Date.UTC(2026, 11, 1, 10, i)).toISOString()),
    );
    const listed = newestOrders(many.slice(0, 8), [...many.slice(5), many[7]!]);
    expect(listed.map((o) => o.orderId)).toEqual([
      'o14',
      'o13',
      'o12',
      'o11',
      'o10',
      'o9',
      'o8',
      'o7',
      'o6',
      'o5',
    ]);
  });

  it('sends them newest first on /ws after notices from two instances arrive out of order', async () => {
    const hub = offlineHub();
    hub.take(
      notice({ orders: [order('second', '2026-12-01T10:05:00Z'), order('third', '2026-12-01T10:09:00Z')] }),
    );
    hub.take(notice({ orders: [order('first', '2026-12-01T10:01:00Z')] }));
    const message = await hub.message('shop', 'snapshot');
    expect(message.latestOrders.map((o) => o.orderId)).toEqual(['third', 'second', 'first']);
  });
});

describe("Live's pages being viewed now", () => {
  it('lists the top 20 pages and counts the rest as other pages with their visitors', async () => {
    const hub = offlineHub();
    const pages: Array<[string, string]> = [];
    // 25 pages: /p0 has 25 visitors, /p1 24, … /p24 1.
    for (let page = 0; page < 25; page++) {
      for (let visitor = 0; visitor < 25 - page; visitor++) pages.push([`/p${page}`, `v${page}-${visitor}`]);
    }
    hub.take(notice({ pages }));
    const message = await hub.message('shop', 'snapshot');
    expect(message.activePages).toHaveLength(20);
    expect(message.activePages[0]).toEqual({ path: '/p0', visitors: 25 });
    expect(message.activePages[19]).toEqual({ path: '/p19', visitors: 6 });
    expect(message.otherPages).toBe(5);
    expect(message.otherPagesVisitors).toBe(5 + 4 + 3 + 2 + 1);
  });

  it('says there are no other pages when every page is listed', async () => {
    const hub = offlineHub();
    hub.take(notice({ pages: [['/only', 'v1']] }));
    const message = await hub.message('shop', 'snapshot');
    expect(message).toMatchObject({
      activePages: [{ path: '/only', visitors: 1 }],
      otherPages: 0,
      otherPagesVisitors: 0,
    });
  });
});
