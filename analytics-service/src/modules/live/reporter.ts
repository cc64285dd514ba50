import type { EnrichedEvent } from '@shopstream/contracts';

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
  }>;
}

/** Bounds of one notice, so a spike cannot make the fanout messages grow without limit. */
const MAX_VISITORS = 2000;
const MAX_PAGES = 2000;
const MAX_IDS = 50;
const MAX_ORDERS = 10;

interface Window {
  events: number;
  visitors: Set<string>;
  pages: Map<string, [string, string]>;
  orders: AcceptedNotice['sites'][number]['orders'];
  lastEventIds: string[];
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
        window = { events: 0, visitors: new Set(), pages: new Map(), orders: [], lastEventIds: [] };
        this.windows.set(event.site, window);
      }
      window.events++;
      window.lastEventIds.push(event.id);
      if (window.lastEventIds.length > MAX_IDS * 2) window.lastEventIds.splice(0, MAX_IDS);
      if (!event.trusted) {
        if (window.visitors.size < MAX_VISITORS) window.visitors.add(event.visitorId);
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
    }));
    this.windows = new Map();
    this.broadcast({ kind: 'accepted', at: new Date().toISOString(), sites });
  }

  stop() {
    clearInterval(this.timer);
    this.flush();
  }
}
