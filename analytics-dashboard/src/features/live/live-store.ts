import type { LagStats, LiveMessage } from '@shopstream/contracts';

/** How much events-per-second history the chart keeps. The server sends only the current rate, so the
 * history is what this page has seen (with a gap while disconnected). */
export const EPS_WINDOW_SECONDS = 300;

type Order = LiveMessage['latestOrders'][number];
type ActivePage = LiveMessage['activePages'][number];

export interface LiveState {
  at: string | null;
  visitorsNow: number;
  pagesNow: ActivePage[];
  /** Pages viewed now beyond pagesNow (the feed lists the top 20), and their visitors. */
  otherPages: { pages: number; visitors: number };
  ordersToday: number;
  /** The shop's last midnight, as an ISO instant; null before the first message. */
  todayStartedAt: string | null;
  netRevenueToday: number;
  grossRevenueToday: number;
  /** The shop's zone and currency the feed counted today in; null before the first message. */
  timeZone: string | null;
  currency: string | null;
  lag: LagStats | null;
  /** Seconds since epoch and rates, oldest first: the layout uPlot reads without copying. */
  eps: { t: number[]; rate: number[] };
  latestOrders: Order[];
}

export const EMPTY_LIVE_STATE: LiveState = {
  at: null,
  visitorsNow: 0,
  pagesNow: [],
  otherPages: { pages: 0, visitors: 0 },
  ordersToday: 0,
  todayStartedAt: null,
  netRevenueToday: 0,
  grossRevenueToday: 0,
  timeZone: null,
  currency: null,
  lag: null,
  eps: { t: [], rate: [] },
  latestOrders: [],
};

function appendEps(eps: LiveState['eps'], t: number, rate: number): LiveState['eps'] {
  const last = eps.t[eps.t.length - 1];
  // A message older than the newest point (delivered late) changes nothing in the chart.
  if (last !== undefined && t < last) return eps;
  let times = last === t ? eps.t : [...eps.t, t];
  let rates = last === t ? [...eps.rate.slice(0, -1), rate] : [...eps.rate, rate];
  const first = times.findIndex((value) => value > t - EPS_WINDOW_SECONDS);
  if (first > 0) {
    times = times.slice(first);
    rates = rates.slice(first);
  }
  return { t: times, rate: rates };
}

const samePages = (a: ActivePage[], b: ActivePage[]) =>
  a.length === b.length && a.every((page, i) => page.path === b[i]?.path && page.visitors === b[i]?.visitors);

const sameOrders = (a: Order[], b: Order[]) =>
  a.length === b.length &&
  a.every((order, i) => order.orderId === b[i]?.orderId && order.total === b[i]?.total);

const sameLag = (a: LagStats | null, b: LagStats) =>
  a !== null &&
  a.queueDepth === b.queueDepth &&
  a.oldestUnprocessedAgeSeconds === b.oldestUnprocessedAgeSeconds &&
  a.drainRatePerSecond === b.drainRatePerSecond &&
  a.deadLettered === b.deadLettered;

/**
 * Applies one message of the feed. A snapshot and an update carry the same figures; the snapshot after a
 * reconnection simply replaces whatever was shown. Pure, and keeps unchanged slices identical so the
 * panels showing them do not re-render.
 */
export function applyLiveMessage(state: LiveState, message: LiveMessage): LiveState {
  const second = Math.floor(Date.parse(message.at) / 1000);
  return {
    at: message.at,
    visitorsNow: message.visitorsLast5Minutes,
    pagesNow: samePages(state.pagesNow, message.activePages) ? state.pagesNow : message.activePages,
    otherPages:
      state.otherPages.pages === message.otherPages &&
      state.otherPages.visitors === message.otherPagesVisitors
        ? state.otherPages
        : { pages: message.otherPages, visitors: message.otherPagesVisitors },
    ordersToday: message.ordersToday,
    todayStartedAt: message.todayStartedAt || null,
    netRevenueToday: message.netRevenueToday,
    grossRevenueToday: message.grossRevenueToday,
    timeZone: message.timeZone,
    currency: message.currency,
    lag: sameLag(state.lag, message.lag) ? state.lag : message.lag,
    eps: Number.isFinite(second) ? appendEps(state.eps, second, message.eventsPerSecond) : state.eps,
    latestOrders: sameOrders(state.latestOrders, newestFirst(message.latestOrders))
      ? state.latestOrders
      : newestFirst(message.latestOrders),
  };
}

/** Orders newest first by the time they were paid (the feed sends them so; a server before it did not). */
export function newestFirst(orders: readonly Order[]): Order[] {
  return [...orders].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * The pages shown in the "Pages being viewed now" table, and one line for all the others: those the table
 * leaves out plus those the feed counted beyond its list, so a page with a single visitor is never lost.
 */
export function pagesNowTable(
  pages: readonly ActivePage[],
  beyondFeed: { pages: number; visitors: number },
  shown = 10,
): { rows: ActivePage[]; others: { pages: number; visitors: number } } {
  const rest = pages.slice(shown);
  return {
    rows: pages.slice(0, shown),
    others: {
      pages: rest.length + beyondFeed.pages,
      visitors: rest.reduce((sum, page) => sum + page.visitors, 0) + beyondFeed.visitors,
    },
  };
}

export type PipelineVerdict = 'unknown' | 'healthy' | 'behind' | 'far-behind' | 'stalled';

/** The pipeline's health in plain words, from the queue depth, the oldest waiting event and the drain rate. */
export function describePipeline(lag: LagStats | null): { verdict: PipelineVerdict; summary: string } {
  if (!lag) return { verdict: 'unknown', summary: 'No news from the pipeline yet.' };
  const age = lag.oldestUnprocessedAgeSeconds;
  if (lag.queueDepth > 0 && lag.drainRatePerSecond === 0 && age >= 30) {
    return {
      verdict: 'stalled',
      summary: 'Processing has stopped: events are waiting and none were stored in the last 10 seconds.',
    };
  }
  if (age < 5) return { verdict: 'healthy', summary: 'Up to date: events are processed within seconds.' };
  if (age < 120) {
    return {
      verdict: 'behind',
      summary: `Slightly behind: the figures lag by about ${Math.round(age)} seconds.`,
    };
  }
  const minutes = Math.round(age / 60);
  return {
    verdict: 'far-behind',
    summary: `Far behind: the figures lag by about ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  };
}

/** A tiny external store: panels subscribe to the slice they show, so an update re-renders only what changed. */
export function createLiveStore(initial: LiveState = EMPTY_LIVE_STATE) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    apply(message: LiveMessage) {
      state = applyLiveMessage(state, message);
      for (const listener of listeners) listener();
    },
  };
}
export type LiveStore = ReturnType<typeof createLiveStore>;
