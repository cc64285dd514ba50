import { type BreakdownDimension, EcommerceEvent, type Kpis, type ReportFilter } from '@shopstream/contracts';
import { bucketStart, UNKNOWN_COUNTRY } from '../aggregates/buckets';
import type { Granule } from '../aggregates/documents';
import type { DigestEvent, DigestSession, SessionDimension } from './digest-format';
import type { DayDigests, DigestReadStats } from './digests';
import { eventMeets, type GoalTest, needsGoals, sessionMeets, splitFilters } from './filter-query';

const DAY = 86_400_000;

/** The sessions a set of filters selects and, when events were read, the events each one counts. */
export interface Selection {
  sessions: DigestSession[];
  /** Whether event-scoped filters picked the events (else every event of a selected session counts). */
  eventFiltered: boolean;
  /** Per selected session, the events it counts: those meeting the event filters, or all; when read. */
  counted?: Map<DigestSession, DigestEvent[]>;
  /** Every session read that began in the range, before any filter. */
  inRange: DigestSession[];
}

/** An event of a selected session, as goals, funnels and custom-event reports count it. */
export interface SelectedEvent extends DigestEvent {
  sessionId: string;
  /** Orders events of one millisecond alike on every read (the session, then the event's place in it). */
  id: string;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const share = (part: number, whole: number) => Math.min(1, ratio(part, whole));
const visitorDay = (s: DigestSession) => `${s.visitorId}|${Math.floor(s.first / DAY)}`;

/** Breakdowns whose rows are the selected sessions by one of their dimensions. */
const SESSION_BREAKDOWNS = new Set<BreakdownDimension>([
  'referrer',
  'utm_source',
  'utm_campaign',
  'device',
  'browser',
  'os',
  'hostname',
  'screen',
  'language',
  'region',
]);

type Row = { pageviews: number; events: number };

/**
 * Reports under filters, read from day digests (and the open days built live, `DayDigests`) instead of
 * buckets, which cannot answer arbitrary combinations; every sum is made here. Semantics as Plausible's:
 * session-scoped filters select sessions, all of whose events count; event-scoped filters select events,
 * and the sessions having one.
 */
export class FilteredReports {
  /** What the reads of this instance cost so far (the bench prints it per query). */
  readonly stats: DigestReadStats & { reads: number } = {
    documents: 0,
    digestedDays: 0,
    liveDays: 0,
    reads: 0,
  };

  constructor(
    private readonly digests: DayDigests,
    /** The site's goals, read when a goal filter asks for them; without it a goal filter selects nothing. */
    private readonly goalsOf: (site: string) => Promise<GoalTest[]> = async () => [],
    /**
     * The start of the site's first day with a stored event (the reports' `dataSince`), or null before any;
     * without it every day of a range is read.
     */
    private readonly firstDayOf?: (site: string) => Promise<Date | null>,
  ) {}

  /**
   * The part of [from, to) that can hold sessions: none before the site's first day, none after tomorrow
   * (ingest keeps no time more than 5 minutes ahead of arrival). A range of ten years then reads the
   * days the site has data in, not 3,650 days one by one.
   */
  private async readable(site: string, from: Date, to: Date): Promise<{ from: Date; to: Date } | null> {
    let start = from.getTime();
    const end = Math.min(to.getTime(), Date.now() + DAY);
    if (this.firstDayOf) {
      const first = await this.firstDayOf(site);
      if (!first) return null;
      start = Math.max(start, first.getTime());
    }
    return start < end ? { from: new Date(start), to: new Date(end) } : null;
  }

  async select(
    site: string,
    from: Date,
    to: Date,
    filters: ReportFilter[],
    withEvents = false,
  ): Promise<Selection> {
    const needEvents = withEvents || splitFilters(filters).event.length > 0;
    const span = await this.readable(site, from, to);
    if (!span) return { ...(await this.pick(site, [], filters, needEvents)), inRange: [] };
    const read = await this.digests.sessions(site, span.from, span.to, needEvents);
    this.stats.reads++;
    this.stats.documents += read.stats.documents;
    this.stats.digestedDays += read.stats.digestedDays;
    this.stats.liveDays += read.stats.liveDays;
    const start = from.getTime();
    const end = to.getTime();
    const inRange = read.sessions.filter((s) => s.first >= start && s.first < end);
    return { ...(await this.pick(site, inRange, filters, needEvents)), inRange };
  }

  /** The sessions (and events) of `inRange` that the filters select: `select` without the read. */
  private async pick(
    site: string,
    inRange: DigestSession[],
    filters: ReportFilter[],
    needEvents: boolean,
  ): Promise<Omit<Selection, 'inRange'>> {
    const { session, event } = splitFilters(filters);
    let sessions = inRange.filter((s) => sessionMeets(s, session));
    if (!needEvents) return { sessions, eventFiltered: false };
    const goals = needsGoals(event) ? await this.goalsOf(site) : [];
    const counted = new Map<DigestSession, DigestEvent[]>();
    for (const s of sessions) {
      counted.set(s, event.length ? s.events!.filter((e) => eventMeets(e, event, goals)) : s.events!);
    }
    if (event.length) sessions = sessions.filter((s) => counted.get(s)!.length > 0);
    return { sessions, eventFiltered: event.length > 0, counted };
  }

  /** Pageviews and events of a selected session: its counters, or its matched events. */
  private sumsOf(selection: Selection, s: DigestSession): Row {
    if (!selection.eventFiltered) return { events: s.n.events, pageviews: s.n.pageviews };
    const events = selection.counted!.get(s)!;
    return { events: events.length, pageviews: events.filter((e) => e.type === 'page').length };
  }

  /** Daily distinct visitors of the selected sessions, added up (as the unfiltered overview counts them). */
  async visitors(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<number> {
    const { sessions } = await this.select(site, from, to, filters);
    return new Set(sessions.map(visitorDay)).size;
  }

  async kpis(site: string, from: Date, to: Date, filters: ReportFilter[]): Promise<Kpis> {
    const selection = await this.select(site, from, to, filters);
    const sessions = selection.sessions;
    let pageviews = 0;
    let events = 0;
    let bounces = 0;
    let duration = 0;
    let orders = 0;
    let revenue = 0;
    for (const s of sessions) {
      const sums = this.sumsOf(selection, s);
      pageviews += sums.pageviews;
      events += sums.events;
      if (s.first === s.last) bounces++;
      duration += s.last - s.first;
      orders += s.n.orders;
      revenue += s.n.revenue;
    }
    return {
      visitors: new Set(sessions.map(visitorDay)).size,
      sessions: sessions.length,
      pageviews,
      bounceRate: ratio(bounces, sessions.length),
      avgSessionDurationSeconds: Math.round(ratio(duration, sessions.length) / 100) / 10,
      events,
      orders,
      // Refunds and cancellations come from the server and belong to no browser session: under filters
      // revenue is the selected sessions' gross (ARCHITECTURE, "Filters and segments").
      netRevenue: revenue,
      grossRevenue: revenue,
      conversionRate: share(orders, sessions.length),
      averageOrderValue: orders ? Math.round(revenue / orders) : 0,
      refunds: 0,
      refunded: 0,
      cancelled: 0,
      cancellations: 0,
    };
  }

  /**
   * Rows by a dimension. Session dimensions group the selected sessions (each with its pageviews and
   * events); `page`, `country` and `event` count the events themselves as the unfiltered breakdowns do:
   * pageviews by path, browser events by their country, custom (`track`) events by name.
   */
  async breakdown(
    site: string,
    from: Date,
    to: Date,
    dimension: BreakdownDimension,
    filters: ReportFilter[],
    limit: number,
  ) {
    const bySession = SESSION_BREAKDOWNS.has(dimension);
    const selection = await this.select(site, from, to, filters, !bySession);
    const rows = new Map<string, Row>();
    const add = (key: string, pageviews: number, events: number) => {
      const row = rows.get(key) ?? { pageviews: 0, events: 0 };
      row.pageviews += pageviews;
      row.events += events;
      rows.set(key, row);
    };
    for (const s of selection.sessions) {
      if (bySession) {
        const key = s.dims[dimension as SessionDimension];
        // Like the unfiltered breakdowns, a session without a UTM tag is in no UTM row.
        if (key === undefined || key === '(none)') continue;
        const sums = this.sumsOf(selection, s);
        add(key, sums.pageviews, sums.events);
        continue;
      }
      for (const e of selection.counted!.get(s)!) {
        if (dimension === 'page') {
          if (e.type === 'page') add(e.path ?? '/', 1, 1);
        } else if (dimension === 'country') {
          if (!e.trusted) add(e.country ?? UNKNOWN_COUNTRY, e.type === 'page' ? 1 : 0, 1);
        } else if (e.type === 'track') add(e.name, 0, 1);
      }
    }
    const top = [...rows]
      .map(([key, row]) => ({ key, ...row }))
      .sort((a, b) => b.pageviews - a.pageviews || b.events - a.events || a.key.localeCompare(b.key))
      .slice(0, limit);
    return this.withConversions(site, dimension, filters, selection, top);
  }

  /**
   * Under a goal filter (`is` or `contains`), the rows of a session dimension or of country carry
   * Plausible's conversion columns: `conversions`, the row's unique visitors (one a day, as the overview's)
   * whose sessions completed the goal, and `conversionRate`, their share of the row's unique visitors
   * under the other filters alone. The goal's sessions are a subset of those, so the rate stays in 0..1.
   * Rows of pages and event names are events, not sessions, and get none.
   */
  private async withConversions<R extends { key: string }>(
    site: string,
    dimension: BreakdownDimension,
    filters: ReportFilter[],
    selection: Selection,
    rows: R[],
  ): Promise<Array<R & { conversions?: number; conversionRate?: number }>> {
    const isGoal = (f: ReportFilter) => f.dimension === 'goal';
    if (!filters.some((f) => isGoal(f) && f.operator !== 'is_not')) return rows;
    if (!SESSION_BREAKDOWNS.has(dimension) && dimension !== 'country') return rows;
    const keyOf = (s: DigestSession) =>
      dimension === 'country' ? (s.dims.country ?? UNKNOWN_COUNTRY) : s.dims[dimension as SessionDimension];
    const visitorsByKey = (sessions: DigestSession[]) => {
      const byKey = new Map<string, Set<string>>();
      for (const s of sessions) {
        const key = keyOf(s);
        if (key === undefined) continue;
        byKey.set(key, (byKey.get(key) ?? new Set<string>()).add(visitorDay(s)));
      }
      return byKey;
    };
    const converted = visitorsByKey(selection.sessions);
    // The same read, selected again without the goal filters (a goal filter is event-scoped, so the
    // events were read).
    const others = filters.filter((f) => !isGoal(f));
    const baseline = await this.pick(site, selection.inRange, others, splitFilters(others).event.length > 0);
    const all = visitorsByKey(baseline.sessions);
    return rows.map((row) => {
      const conversions = converted.get(row.key)?.size ?? 0;
      return { ...row, conversions, conversionRate: share(conversions, all.get(row.key)?.size ?? 0) };
    });
  }

  async entryPages(site: string, from: Date, to: Date, filters: ReportFilter[], limit: number) {
    const selection = await this.select(site, from, to, filters);
    const counts = new Map<string, number>();
    for (const s of selection.sessions) {
      const path = s.dims.entry_page;
      if (path !== undefined) counts.set(path, (counts.get(path) ?? 0) + 1);
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
    const pointAt = (at: number) => {
      const t = bucketStart(new Date(at), g);
      let point = points.get(t.getTime());
      if (!point) {
        point = { t, pageviews: 0, events: 0, orders: 0, revenue: 0, visitors: new Set() };
        points.set(t.getTime(), point);
      }
      return point;
    };
    for (const s of selection.sessions) {
      const point = pointAt(s.first);
      point.orders += s.n.orders;
      point.revenue += s.n.revenue;
      point.visitors.add(visitorDay(s));
      if (selection.eventFiltered) {
        for (const e of selection.counted!.get(s)!) {
          const at = pointAt(e.at);
          at.events++;
          if (e.type === 'page') at.pageviews++;
        }
      } else {
        point.pageviews += s.n.pageviews;
        point.events += s.n.events;
      }
    }
    return [...points.values()]
      .sort((a, b) => a.t.getTime() - b.t.getTime())
      .map(({ visitors, ...point }) => ({ ...point, visitors: visitors.size, refunded: 0, cancelled: 0 }));
  }

  /** Product views, adds and purchases in the selected sessions (all their events). */
  async products(site: string, from: Date, to: Date, filters: ReportFilter[], limit: number) {
    const selection = await this.select(site, from, to, filters, true);
    const rows = new Map<
      string,
      { name: string; views: number; adds: number; purchases: number; revenue: number }
    >();
    const rowOf = (id: string, name: string | undefined) => {
      let row = rows.get(id);
      if (!row) {
        row = { name: id, views: 0, adds: 0, purchases: 0, revenue: 0 };
        rows.set(id, row);
      }
      if (name !== undefined) row.name = name;
      return row;
    };
    for (const s of selection.sessions) {
      for (const e of s.events!) {
        if (e.name === EcommerceEvent.OrderCompleted) {
          if (!e.trusted) continue;
          for (const line of e.lines ?? []) {
            const row = rowOf(line.productId, line.name);
            row.purchases += line.quantity;
            row.revenue += line.price * line.quantity;
          }
        } else if (e.product !== undefined) {
          if (e.name === EcommerceEvent.ProductViewed) rowOf(e.product, e.productName).views++;
          else if (e.name === EcommerceEvent.ProductAdded) rowOf(e.product, e.productName).adds++;
        }
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

  /**
   * Events of the selected sessions for goals, funnels and custom events: every event of each selected
   * session (`counted`: only those meeting the event filters), each with its own visitor id.
   */
  async events(
    site: string,
    from: Date,
    to: Date,
    filters: ReportFilter[],
    counted = false,
  ): Promise<{ events: SelectedEvent[]; visitors: number; sessionIds: Set<string> }> {
    const selection = await this.select(site, from, to, filters, true);
    const events: SelectedEvent[] = [];
    for (const s of selection.sessions) {
      const list = counted ? selection.counted!.get(s)! : s.events!;
      list.forEach((e, i) => {
        events.push({ ...e, sessionId: s.id, id: `${s.id}|${String(i).padStart(6, '0')}` });
      });
    }
    return {
      events,
      visitors: new Set(selection.sessions.map(visitorDay)).size,
      sessionIds: new Set(selection.sessions.map((s) => s.id)),
    };
  }
}
