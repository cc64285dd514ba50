import type { EnrichedEvent } from '@shopstream/contracts';
import { entryDimensionsOf } from '../aggregates/session-facts';

/** What an ingest instance tells every instance about the events RabbitMQ confirmed in the last moment. */
export interface AcceptedNotice {
  kind: 'accepted';
  at: string;
  sites: Array<{
    site: string;
    events: number;
    visitors: string[];
    /** [path, visitorId] of pageviews. */
    pages: Array<[string, string]>;
    orders: Array<{ orderId: string; total: number; currency: string; at: string }>;
    lastEventIds: string[];
    /** Browser events with what filters read (their session's dimensions, path, name, product). */
    touches?: LiveTouch[];
  }>;
}

/** One browser event as a filtered live feed reads it. */
export interface LiveTouch {
  id: string;
  visitorId: string;
  sessionId: string;
  type: string;
  name: string;
  path?: string;
  product?: string;
  /** The event's session-scoped dimensions (`(direct)`, `(none)`, `Unknown`, `(unknown)` when absent). */
  dimensions: Record<string, string>;
}

export function touchOf(event: EnrichedEvent): LiveTouch {
  const productId = event.properties.product_id;
  return {
    id: event.id,
    visitorId: event.visitorId,
    sessionId: event.sessionId,
    type: event.type,
    name: event.name,
    ...(event.path !== undefined && { path: event.path }),
    ...(typeof productId === 'string' && { product: productId }),
    dimensions: entryDimensionsOf(event),
  };
}

/** Bounds of one notice, so a spike cannot make the fanout messages grow without limit. */
const MAX_VISITORS = 2000;
const MAX_PAGES = 2000;
const MAX_IDS = 50;
const MAX_ORDERS = 10;
const MAX_TOUCHES = 2000;

interface Window {
  events: number;
  visitors: Set<string>;
  pages: Map<string, [string, string]>;
  orders: AcceptedNotice['sites'][number]['orders'];
  lastEventIds: string[];
  touches: LiveTouch[];
}

/**
 * Folds the events this instance got confirmed into one small notice per interval and broadcasts it:
 * the live feed shows an event as soon as it is safely queued, whatever the backlog towards MongoDB.
 */
export class AcceptedReporter {
  private windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly broadcast: (notice: AcceptedNotice) => void,
    private readonly intervalMs = 100,
  ) {}

  start() {
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  take(events: EnrichedEvent[]) {
    for (const event of events) {
      let window = this.windows.get(event.site);
      if (!window) {
        window = {
          events: 0,
          visitors: new Set(),
          pages: new Map(),
          orders: [],
          lastEventIds: [],
          touches: [],
        };
        this.windows.set(event.site, window);
      }
      window.events++;
      window.lastEventIds.push(event.id);
      if (window.lastEventIds.length > MAX_IDS * 2) window.lastEventIds.splice(0, MAX_IDS);
      if (!event.trusted) {
        if (window.visitors.size < MAX_VISITORS) window.visitors.add(event.visitorId);
        if (window.touches.length < MAX_TOUCHES) window.touches.push(touchOf(event));
        if (event.type === 'page' && event.path && window.pages.size < MAX_PAGES)
          window.pages.set(`${event.path}|${event.visitorId}`, [event.path, event.visitorId]);
      } else if (event.name === 'Order Completed') {
        window.orders.push({
          orderId: String(event.properties.order_id),
          total: Number(event.properties.total ?? 0),
          currency: String(event.properties.currency ?? ''),
          at: event.occurredAt,
        });
        if (window.orders.length > MAX_ORDERS) window.orders.shift();
      }
    }
  }

  flush() {
    if (!this.windows.size) return;
    const sites = [...this.windows].map(([site, w]) => ({
      site,
      events: w.events,
      visitors: [...w.visitors],
      pages: [...w.pages.values()],
      orders: w.orders,
      lastEventIds: w.lastEventIds.slice(-MAX_IDS),
      touches: w.touches,
    }));
    this.windows = new Map();
    this.broadcast({ kind: 'accepted', at: new Date().toISOString(), sites });
  }

  stop() {
    clearInterval(this.timer);
    this.flush();
  }
}
