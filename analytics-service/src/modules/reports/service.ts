import type {
  BreakdownDimension,
  BreakdownReport,
  EntryPagesReport,
  Granularity,
  Kpis,
  OverviewReport,
  ProductsReport,
  ReportFilter,
  TimeseriesReport,
} from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import type { Granule } from '../aggregates/documents';
import type { FilteredReports } from '../segments/filtered-reports';
import type { ShopSettingsSource } from '../shop/settings';
import { localDaysOf, piecesOf, sumPieces, visitorPiecesOf } from './local-range';
import { type ReportsRepository, TOTAL_COUNTERS, type Totals } from './repository';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const MAX_POINTS = 5000;

/** The ledger: what paid orders took, less what refunds and cancellations gave back. */
const netOf = (totals: Pick<Totals, 'revenue' | 'refunded' | 'cancelled'>) =>
  totals.revenue - totals.refunded - totals.cancelled;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
/**
 * A share: 0..1 even when the part is counted apart from the whole (orders come from the server, sessions
 * from browsers, so a range can hold more orders than counted sessions; more adds than views).
 */
const share = (part: number, whole: number) => Math.min(1, ratio(part, whole));

export interface Range {
  site: string;
  from: Date;
  to: Date;
  /** With filters, a report is read from sessions and events (the `segments` module), not buckets. */
  filters?: ReportFilter[];
}

export const filtered = (range: Range): range is Range & { filters: ReportFilter[] } =>
  !!range.filters?.length;

/** Reports read buckets: a range is covered by the coarsest buckets that fit it exactly (local-range.ts). */
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    /** The shop's currency and time zone, from backend-api's settings: read on each report, never kept. */
    private readonly shopSettings: ShopSettingsSource,
    private readonly filteredReports: FilteredReports,
  ) {}

  private checkRange({ from, to }: Range) {
    if (!(from < to)) throw ValidationFailed([{ field: 'querystring.to', message: 'must be after from' }]);
  }

  /** The overview's visitors: daily (hourly under a day) unique visitors, added up over the range. */
  async visitors(range: Range): Promise<number> {
    if (filtered(range))
      return this.filteredReports.visitors(range.site, range.from, range.to, range.filters);
    const { site, from, to } = range;
    // Minute buckets carry no unique visitors: a part hour counts them from the hour it touches.
    const pieces = visitorPiecesOf(from, to);
    const lookup = await this.repository.bucketsOfPieces(site, 'total', pieces);
    return sumPieces(lookup, pieces, ['visitors']).get('')?.visitors ?? 0;
  }

  async kpis(range: Range): Promise<Kpis> {
    if (filtered(range)) return this.filteredReports.kpis(range.site, range.from, range.to, range.filters);
    const { site, from, to } = range;
    // The buckets of the local range (a part hour's minutes, not every minute of the range), read once.
    const exact = piecesOf(from, to);
    const visitorPieces = visitorPiecesOf(from, to);
    const lookup = await this.repository.bucketsOfPieces(site, 'total', [...exact, ...visitorPieces]);
    const totals =
      sumPieces(lookup, exact, TOTAL_COUNTERS).get('') ??
      (Object.fromEntries(TOTAL_COUNTERS.map((c) => [c, 0])) as Totals);
    const visitors = sumPieces(lookup, visitorPieces, ['visitors']).get('')?.visitors ?? 0;
    const sessions = await this.repository.sessions(site, from, to);
    const bounces = sessions.filter((s) => s.first.getTime() === s.last.getTime()).length;
    const duration = sessions.reduce((sum, s) => sum + (s.last.getTime() - s.first.getTime()), 0);
    const orders = totals.orders;
    return {
      visitors,
      sessions: sessions.length,
      events: totals.events,
      pageviews: totals.pageviews,
      screens: totals.screens,
      bounceRate: ratio(bounces, sessions.length),
      avgSessionDurationSeconds: Math.round(ratio(duration, sessions.length) / 100) / 10,
      orders,
      netRevenue: netOf(totals),
      grossRevenue: totals.revenue,
      conversionRate: share(orders, sessions.length),
      averageOrderValue: orders ? Math.round(totals.revenue / orders) : 0,
      refunds: totals.refunds,
      refunded: totals.refunded,
      cancellations: totals.cancellations,
      cancelled: totals.cancelled,
    };
  }

  async overview(range: Range): Promise<OverviewReport> {
    this.checkRange(range);
    const length = range.to.getTime() - range.from.getTime();
    const previous = { ...range, from: new Date(range.from.getTime() - length), to: range.from };
    const current = await this.kpis(range);
    const before = await this.kpis(previous);
    const first = await this.repository.firstDay(range.site);
    return {
      site: range.site,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      currency: (await this.shopSettings()).currency,
      dataSince: first ? first.toISOString() : null,
      current,
      previous: before,
    };
  }

  /** In `requestedTz`, or the shop's time zone when none is asked for. */
  async timeseries(
    range: Range,
    granularity: Granularity,
    requestedTz: string | undefined,
  ): Promise<TimeseriesReport> {
    this.checkRange(range);
    const tz = requestedTz ?? (await this.shopSettings()).timeZone;
    const step = granularity === 'minute' ? 60_000 : granularity === 'hour' ? HOUR : DAY;
    if ((range.to.getTime() - range.from.getTime()) / step > MAX_POINTS) {
      throw ValidationFailed([
        { field: 'querystring.granularity', message: `more than ${MAX_POINTS} points` },
      ]);
    }
    const label = new Intl.DateTimeFormat('sv-SE', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const dayOf = (t: Date) => label.format(t).slice(0, 10);
    const zero = {
      pageviews: 0,
      visitors: 0,
      events: 0,
      orders: 0,
      netRevenue: 0,
      grossRevenue: 0,
      refunded: 0,
      cancelled: 0,
    };
    type Point = TimeseriesReport['points'][number];
    const series = (g: Granule, from: Date, to: Date) =>
      filtered(range)
        ? this.filteredReports.series(range.site, g, from, to, range.filters)
        : this.repository.series(range.site, g, from, to);
    const add = (
      point: Point,
      totals: Pick<
        Totals,
        'pageviews' | 'visitors' | 'events' | 'orders' | 'revenue' | 'refunded' | 'cancelled'
      >,
    ) => {
      point.pageviews += totals.pageviews;
      point.visitors += totals.visitors;
      point.events += totals.events;
      point.orders += totals.orders;
      point.netRevenue += netOf(totals);
      point.grossRevenue += totals.revenue;
      point.refunded += totals.refunded;
      point.cancelled += totals.cancelled;
    };

    if (granularity === 'day' && !filtered(range)) {
      // Each shop day from the buckets of its own range (local-range.ts): exact at any offset, DST included.
      const days = localDaysOf(range.from, range.to, tz);
      const exact = days.map((day) => piecesOf(day.from, day.to));
      const visitors = days.map((day) => visitorPiecesOf(day.from, day.to));
      const lookup = await this.repository.bucketsOfPieces(range.site, 'total', [
        ...exact.flat(),
        ...visitors.flat(),
      ]);
      const points = days.map((day, i) => {
        const point: Point = { t: day.from.toISOString(), label: day.day, ...zero };
        const totals = sumPieces(lookup, exact[i]!, TOTAL_COUNTERS).get('');
        if (totals) add(point, { ...totals, visitors: 0 });
        point.visitors = sumPieces(lookup, visitors[i]!, ['visitors']).get('')?.visitors ?? 0;
        return point;
      });
      return { granularity, tz, points };
    }

    if (granularity === 'day' && tz !== 'UTC') {
      // Under filters, local days are built from hour buckets: the time zone is applied only here, at the edge.
      const from = new Date(Math.floor(range.from.getTime() / HOUR) * HOUR);
      const hours = await series('h', from, range.to);
      const byHour = new Map(hours.map((h) => [h.t.getTime(), h]));
      const points: Point[] = [];
      for (let t = from.getTime(); t < range.to.getTime(); t += HOUR) {
        const day = dayOf(new Date(t));
        let point = points.at(-1);
        if (!point || point.label !== day) {
          point = { t: new Date(t).toISOString(), label: day, ...zero };
          points.push(point);
        }
        const bucket = byHour.get(t);
        if (bucket) add(point, bucket);
      }
      return { granularity, tz, points };
    }

    const g: Granule = granularity === 'minute' ? 'm' : granularity === 'hour' ? 'h' : 'd';
    const from = new Date(Math.floor(range.from.getTime() / step) * step);
    const buckets = await series(g, from, range.to);
    const byTime = new Map(buckets.map((b) => [b.t.getTime(), b]));
    const points: Point[] = [];
    for (let t = from.getTime(); t < range.to.getTime(); t += step) {
      const at = new Date(t);
      const point = {
        t: at.toISOString(),
        label: granularity === 'day' ? dayOf(at) : label.format(at),
        ...zero,
      };
      const bucket = byTime.get(t);
      if (bucket) add(point, bucket);
      points.push(point);
    }
    return { granularity, tz, points };
  }

  async breakdown(range: Range, dimension: BreakdownDimension, limit: number): Promise<BreakdownReport> {
    this.checkRange(range);
    if (filtered(range)) {
      const { site, from, to, filters } = range;
      return {
        dimension,
        rows: await this.filteredReports.breakdown(site, from, to, dimension, filters, limit),
      };
    }
    return {
      dimension,
      rows: await this.repository.breakdown(range.site, dimension, this.widened(range), limit),
    };
  }

  async entryPages(range: Range, limit: number): Promise<EntryPagesReport> {
    this.checkRange(range);
    if (filtered(range)) {
      const { site, from, to, filters } = range;
      return { rows: await this.filteredReports.entryPages(site, from, to, filters, limit) };
    }
    return { rows: await this.repository.entryPages(range.site, range.from, range.to, limit) };
  }

  async products(range: Range, limit: number): Promise<ProductsReport> {
    this.checkRange(range);
    if (filtered(range)) {
      const { site, from, to, filters } = range;
      return { rows: await this.filteredReports.products(site, from, to, filters, limit) };
    }
    return { rows: await this.repository.products(range.site, this.widened(range), limit) };
  }

  /**
   * Breakdowns live in hour and day buckets only (minute buckets are the site totals'): a range is widened
   * to the whole UTC hours it touches, so a day of a half-hour zone counts from the hour its midnight is in.
   */
  private widened({ from, to }: Range) {
    return piecesOf(from, to, 'h');
  }
}
