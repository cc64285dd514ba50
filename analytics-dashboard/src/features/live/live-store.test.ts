import type { LiveMessage } from '@shopstream/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyLiveMessage,
  createLiveStore,
  describePipeline,
  EMPTY_LIVE_STATE,
  EPS_WINDOW_SECONDS,
  newestFirst,
  pagesNowTable,
} from './live-store';

const t0 = Date.UTC(2026, 10, 25, 10, 0, 0) / 1000;
const at = (second: number) => new Date((t0 + second) * 1000).toISOString();

function makeMessage(second: number, overrides: Partial<LiveMessage> = {}): LiveMessage {
  return {
    type: 'update',
    at: at(second),
    site: 'demo-shop',
    visitorsLast5Minutes: 12,
    eventsPerSecond: 4.5,
    activePages: [{ path: '/', visitors: 8 }],
    latestOrders: [{ orderId: 'o-1', total: 4999, currency: 'EUR', at: at(0) }],
    otherPages: 0,
    otherPagesVisitors: 0,
    netRevenueToday: 15000,
    grossRevenueToday: 17000,
    ordersToday: 3,
    todayStartedAt: '2026-11-24T23:00:00.000Z',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    lastEventIds: [],
    lag: { queueDepth: 0, oldestUnprocessedAgeSeconds: 0, drainRatePerSecond: 40, deadLettered: 0 },
    ...overrides,
  };
}

describe('applyLiveMessage', () => {
  it('shows the figures of a snapshot and starts the events-per-second series', () => {
    const state = applyLiveMessage(EMPTY_LIVE_STATE, makeMessage(1, { type: 'snapshot' }));
    expect(state.visitorsNow).toBe(12);
    expect({ net: state.netRevenueToday, gross: state.grossRevenueToday }).toEqual({
      net: 15000,
      gross: 17000,
    });
    // "Today" is the shop's day, in the zone and currency the feed says it counted in.
    expect({ timeZone: state.timeZone, currency: state.currency }).toEqual({
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
    });
    expect(state.eps).toEqual({ t: [t0 + 1], rate: [4.5] });
  });

  it('appends each second, replaces a repeated second and ignores a late message', () => {
    let state = applyLiveMessage(EMPTY_LIVE_STATE, makeMessage(1, { type: 'snapshot' }));
    state = applyLiveMessage(state, makeMessage(2, { eventsPerSecond: 7 }));
    state = applyLiveMessage(state, makeMessage(2, { eventsPerSecond: 9 }));
    expect(state.eps).toEqual({ t: [t0 + 1, t0 + 2], rate: [4.5, 9] });
    const before = state.eps;
    state = applyLiveMessage(state, makeMessage(0, { eventsPerSecond: 100, visitorsLast5Minutes: 13 }));
    expect(state.eps).toBe(before);
    expect(state.visitorsNow).toBe(13);
  });

  it('keeps only the last five minutes of events per second, across a reconnection', () => {
    let state = EMPTY_LIVE_STATE;
    for (let second = 0; second < 400; second += 1) state = applyLiveMessage(state, makeMessage(second));
    expect(state.eps.t).toHaveLength(EPS_WINDOW_SECONDS);
    state = applyLiveMessage(state, makeMessage(1000, { type: 'snapshot' }));
    expect(state.eps.t).toEqual([t0 + 1000]);
  });

  it('keeps unchanged slices identical, so their panels do not re-render', () => {
    const state = applyLiveMessage(EMPTY_LIVE_STATE, makeMessage(1));
    const next = applyLiveMessage(state, makeMessage(2, { activePages: [{ path: '/', visitors: 8 }] }));
    expect(next.pagesNow).toBe(state.pagesNow);
    expect(next.lag).toBe(state.lag);
    expect(next.latestOrders).toBe(state.latestOrders);
    const withOrder = applyLiveMessage(next, makeMessage(3, { latestOrders: [] }));
    expect(withOrder.latestOrders).toEqual([]);
  });
});

it('tells its subscribers about every message', () => {
  const store = createLiveStore();
  let calls = 0;
  const unsubscribe = store.subscribe(() => {
    calls += 1;
  });
  store.apply(makeMessage(1));
  unsubscribe();
  store.apply(makeMessage(2));
  expect(calls).toBe(1);
});

describe('describePipeline', () => {
  const lag = (queueDepth: number, oldestUnprocessedAgeSeconds: number, drainRatePerSecond = 50) => ({
    queueDepth,
    oldestUnprocessedAgeSeconds,
    drainRatePerSecond,
    deadLettered: 0,
  });

  it('says in words how far behind processing is', () => {
    expect(describePipeline(null).verdict).toBe('unknown');
    expect(describePipeline(lag(0, 0)).verdict).toBe('healthy');
    expect(describePipeline(lag(300, 42))).toEqual({
      verdict: 'behind',
      summary: 'Slightly behind: the figures lag by about 42 seconds.',
    });
    expect(describePipeline(lag(9000, 600)).summary).toBe('Far behind: the figures lag by about 10 minutes.');
  });

  it('calls it stalled when events wait and nothing is stored', () => {
    expect(describePipeline(lag(500, 45, 0)).verdict).toBe('stalled');
    expect(describePipeline(lag(500, 3, 0)).verdict).toBe('healthy');
  });
});

describe('latest orders', () => {
  it('are shown newest first by the time they were paid', () => {
    const orders = [
      { orderId: 'b', total: 1, currency: 'EUR', at: at(20) },
      { orderId: 'c', total: 1, currency: 'EUR', at: at(30) },
      { orderId: 'a', total: 1, currency: 'EUR', at: at(10) },
    ];
    expect(newestFirst(orders).map((o) => o.orderId)).toEqual(['c', 'b', 'a']);
    const state = applyLiveMessage(EMPTY_LIVE_STATE, makeMessage(1, { latestOrders: orders }));
    expect(state.latestOrders.map((o) => o.orderId)).toEqual(['c', 'b', 'a']);
  });
});

describe('pages being viewed now', () => {
  const pages = Array.from({ length: 14 }, (_, i) => ({ path: `/p${i}`, visitors: 20 - i }));

  it('shows ten pages and one line for the others, those beyond the feed’s list included', () => {
    const { rows, others } = pagesNowTable(pages, { pages: 6, visitors: 6 });
    expect(rows.map((r) => r.path)).toEqual(pages.slice(0, 10).map((p) => p.path));
    // /p10../p13 have 10, 9, 8 and 7 visitors; the feed counted 6 single-visitor pages beyond its list.
    expect(others).toEqual({ pages: 4 + 6, visitors: 10 + 9 + 8 + 7 + 6 });
  });

  it('has no other line when every page is shown', () => {
    expect(pagesNowTable(pages.slice(0, 3), { pages: 0, visitors: 0 }).others).toEqual({
      pages: 0,
      visitors: 0,
    });
  });

  it('keeps the counts the feed sends beyond its list', () => {
    const state = applyLiveMessage(
      EMPTY_LIVE_STATE,
      makeMessage(1, { otherPages: 3, otherPagesVisitors: 4 }),
    );
    expect(state.otherPages).toEqual({ pages: 3, visitors: 4 });
  });
});
