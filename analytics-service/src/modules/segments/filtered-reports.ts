import {
  type AnalyticsDimension,
  type BreakdownDimension,
  EcommerceEvent,
  type Kpis,
  type ReportFilter,
} from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import { bucketStart } from '../aggregates/buckets';
import type { Granule } from '../aggregates/documents';
import { splitFilters } from './filter-query';
import type { FilteredEvent, FilteredRepository, FilteredSession } from './filtered-repository';

const DAY = 86_400_000;

/** The sessions a set of filters selects and, with event-scoped filters, the events they select. */
export interface Selection {
  /** By the session's own id (the events' `sessionId`). */
  sessions: Map<string, FilteredSession>;
  /** The events meeting the event-scoped filters, in selected sessions; absent without such filters. */
  matched?: FilteredEvent[];
}

/** Counters a report sums: pageviews and events from the matched events when there are any. */
interface Sums {
  events: number;
  pageviews: number;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const share = (part: number, whole: number) => Math.min(1, ratio(part, whole));
const num = (value: number | undefined) => Number(value ?? 0);

const SESSION_KEY: Partial<Record<AnalyticsDimension, (s: FilteredSession) => string | undefined>> = {
  referrer: (s) => s.entry?.referrer,
  utm_source: (s) => s.entry?.utm_source,
  utm_medium: (s) => s.entry?.utm_medium,
  utm_campaign: (s) => s.entry?.utm_campaign,
  utm_term: (s) => s.entry?.utm_term,
  utm_content: (s) => s.entry?.utm_content,
  device: (s) => s.entry?.device,
  browser: (s) => s.entry?.browser,
  os: (s) => s.entry?.os,
  entry_page: (s) => s.entry?.path,
  exit_page: (s) => s.exit?.path,
};

/**
 * Reports under filters, read from per-session documents and raw events instead of buckets (buckets
 * cannot answer arbitrary combinations). Semantics as Plausible's: session-scoped filters select
 * sessions, all of whose events count; event-scoped filters select events, and the sessions having one.
 */
export class FilteredReports {
  constructor(private readonly repository: FilteredRepository) {}

  async select(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<Selection> {
    const { session, event } = splitFilters(filters);
    const docs = await this.repository.sessions(site, from, to, session);
    const byId = new Map(docs.map((doc) => [doc._id.slice(site.length + 1), doc]));
    if (!event.length) return { sessions: byId };
    const matched = (await this.repository.events(site, from, to, event)).filter((e) =>
      byId.has(e.sessionId),
    );
    const having = new Map<string, FilteredSession>();
    for (const e of matched) having.set(e.sessionId, byId.get(e.sessionId)!);
    return { sessions: having, matched };
  }

  /** Pageviews and events per session: its counters, or its matched events. */
  private sumsBySession(selection: Selection): Map<string, Sums> {
    const sums = new Map<string, Sums>();
    if (selection.matched) {
      for (const e of selection.matched) {
        const row = sums.get(e.sessionId) ?? { events: 0, pageviews: 0 };
        row.events++;
        if (e.type === 'page') row.pageviews++;
        sums.set(e.sessionId, row);
      }
      return sums;
    }
    for (const [id, s] of selection.sessions)
      sums.set(id, { events: num(s.n?.events), pageviews: num(s.n?.pageviews) });
    return sums;
  }

  async kpis(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<Kpis> {
    const selection = await this.select(site, from, to, filters);
    const sessions = [...selection.sessions.values()];
    const sums = [...this.sumsBySession(selection).values()];
    const visitors = new Set(sessions.map((s) => `${s.visitorId}|${Math.floor(s.first.getTime() / DAY)}`));
    const bounces = sessions.filter((s) => s.first.getTime() === s.last.getTime()).length;
    const duration = sessions.reduce((sum, s) => sum + (s.last.getTime() - s.first.getTime()), 0);
    const orders = sessions.reduce((sum, s) => sum + num(s.n?.orders), 0);
    const revenue = sessions.reduce((sum, s) => sum + num(s.n?.revenue), 0);
    return {
      visitors: visitors.size,
      sessions: sessions.length,
      pageviews: sums.reduce((sum, s) => sum + s.pageviews, 0),
      bounceRate: ratio(bounces, sessions.length),
      avgSessionDurationSeconds: Math.round(ratio(duration, sessions.length) / 100) / 10,
      events: sums.reduce((sum, s) => sum + s.events, 0),
      orders,
      // Refunds and cancellations come from the server and belong to no browser session: under filters
      // revenue is the selected sessions' gross (ARCHITECTURE, "Filters and segments").
      netRevenue: revenue,
      grossRevenue: revenue,
      conversionRate: share(orders, sessions.length),
      averageOrderValue: orders ? Math.round(revenue / orders) : 0,
      refunds: 0,
      refunded: 0,
      cancellations: 0,
      cancelled: 0,
    };
  }

  /** Rows by a dimension: session dimensions group the selected sessions, `page` their pageviews. */
  async breakdown(
    site: string,
    from: Date,
    to: Date,
    dimension: BreakdownDimension,
    filters: ReportFilter[],
    limit: number,
  ) {
    const selection = await this.select(site, from, to, filters);
    const rows = new Map<string, Sums>();
    const add = (key: string, pageviews: number, events: number) => {
      const row = rows.get(key) ?? { pageviews: 0, events: 0 };
      row.pageviews += pageviews;
      row.events += events;
      rows.set(key, row);
    };
    if (dimension === 'country' || dimension === 'event') {
      throw ValidationFailed([
        { field: 'querystring.f', message: `the ${dimension} breakdown cannot be filtered yet` },
      ]);
    }
    const keyOf = SESSION_KEY[dimension];
    if (keyOf) {
      const sums = this.sumsBySession(selection);
      for (const [id, s] of selection.sessions) {
        const key = keyOf(s);
        // Like the unfiltered breakdowns, a session without a UTM tag is in no UTM row.
        if (key === undefined || key === '(none)') continue;
        const sum = sums.get(id)!;
        add(key, sum.pageviews, sum.events);
      }
    } else {
      const pageviews = selection.matched
        ? selection.matched.filter((e) => e.type === 'page')
        : await this.repository.eventsOfSessions(site, new Set(selection.sessions.keys()), from, to, {
            type: 'page',
          });
      for (const e of pageviews) add(e.path ?? '/', 1, 1);
    }
    return [...rows]
      .map(([key, row]) => ({ key, ...row }))
      .sort((a, b) => b.pageviews - a.pageviews || b.events - a.events || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  async entryPages(site: string, from: Date, to: Date, filters: ReportFilter[], limit: number) {
    const selection = await this.select(site, from, to, filters);
    const counts = new Map<string, number>();
    for (const s of selection.sessions.values()) {
      if (s.entry?.path !== undefined) counts.set(s.entry.path, (counts.get(s.entry.path) ?? 0) + 1);
    }
    return [...counts]
      .map(([path, sessions]) => ({ path, sessions }))
      .sort((a, b) => b.sessions - a.sessions || a.path.localeCompare(b.path))
      .slice(0, limit);
  }

  /** Points by bucket: a session's figures at its first pageview, matched events at their own time. */
  async series(site: string, g: Granule, from: Date, to: Date, filters: ReportFilter[]) {
    const selection = await this.select(site, from, to, filters);
    const points = new Map<
      number,
      { t: Date; pageviews: number; events: number; orders: number; revenue: number; visitors: Set<string> }
    >();
    const pointAt = (at: Date) => {
      const t = bucketStart(at, g);
      let point = points.get(t.getTime());
      if (!point) {
        point = { t, pageviews: 0, events: 0, orders: 0, revenue: 0, visitors: new Set() };
        points.set(t.getTime(), point);
      }
      return point;
    };
    for (const s of selection.sessions.values()) {
      const point = pointAt(s.first);
      point.orders += num(s.n?.orders);
      point.revenue += num(s.n?.revenue);
      point.visitors.add(`${s.visitorId}|${Math.floor(s.first.getTime() / DAY)}`);
      if (!selection.matched) {
        point.pageviews += num(s.n?.pageviews);
        point.events += num(s.n?.events);
      }
    }
    for (const e of selection.matched ?? []) {
      const point = pointAt(e.occurredAt);
      point.events++;
      if (e.type === 'page') point.pageviews++;
    }
    return [...points.values()]
      .sort((a, b) => a.t.getTime() - b.t.getTime())
      .map(({ visitors, ...point }) => ({ ...point, visitors: visitors.size, refunded: 0, cancelled: 0 }));
  }

  /** The purchase funnel's counters, summed over the selected sessions. */
  async funnelCounts(site: string, from: Date, to: Date, filters: ReportFilter[]) {
    const selection = await this.select(site, from, to, filters);
    const counts = { productViews: 0, productAdds: 0, checkouts: 0, orders: 0 };
    for (const s of selection.sessions.values()) {
      counts.productViews += num(s.n?.productViews);
      counts.productAdds += num(s.n?.productAdds);
      counts.checkouts += num(s.n?.checkouts);
      counts.orders += num(s.n?.orders);
    }
    return counts;
  }

  /** Product views, adds and purchases of the selected sessions. */
  async products(site: string, from: Date, to: Date, filters: ReportFilter[], limit: number) {
    const selection = await this.select(site, from, to, filters);
    const events = await this.repository.eventsOfSessions(
      site,
      new Set(selection.sessions.keys()),
      from,
      to,
      {
        name: {
          $in: [EcommerceEvent.ProductViewed, EcommerceEvent.ProductAdded, EcommerceEvent.OrderCompleted],
        },
      },
    );
    const rows = new Map<
      string,
      { name: string; views: number; adds: number; purchases: number; revenue: number }
    >();
    const rowOf = (id: string, name: unknown) => {
      let row = rows.get(id);
      if (!row) {
        row = { name: id, views: 0, adds: 0, purchases: 0, revenue: 0 };
        rows.set(id, row);
      }
      if (typeof name === 'string') row.name = name;
      return row;
    };
    for (const e of events) {
      const p = e.properties ?? {};
      if (e.name === EcommerceEvent.OrderCompleted) {
        const lines = Array.isArray(p.products) ? (p.products as Array<Record<string, unknown>>) : [];
        for (const line of lines) {
          if (typeof line.product_id !== 'string') continue;
          const row = rowOf(line.product_id, line.name);
          const quantity = Number(line.quantity ?? 1);
          row.purchases += quantity;
          row.revenue += Number(line.price ?? 0) * quantity;
        }
      } else if (typeof p.product_id === 'string') {
        const row = rowOf(p.product_id, p.name);
        if (e.name === EcommerceEvent.ProductViewed) row.views++;
        else row.adds++;
      }
    }
    return [...rows]
      .map(([productId, { revenue, ...row }]) => ({ productId, ...row, grossRevenue: revenue }))
      .sort(
        (a, b) =>
          b.grossRevenue - a.grossRevenue ||
          b.purchases - a.purchases ||
          b.views - a.views ||
          a.productId.localeCompare(b.productId),
      )
      .slice(0, limit);
  }
}
