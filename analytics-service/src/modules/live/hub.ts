import {
  formatFilter,
  type Kpis,
  type LagStats,
  type LiveMessage,
  type ReportFilter,
} from '@shopstream/contracts';
import type { Channel } from 'amqplib';
import type { FastifyBaseLogger } from 'fastify';
import { type DbSource, dbOf } from '../../mongo';
import type { RabbitConnection } from '../../rabbit';
import { bucketStart } from '../aggregates/buckets';
import type { BucketDoc } from '../aggregates/documents';
import { bucketDocId, slotsOf } from '../aggregates/layout';
import type { StoredBatchNotice } from '../pipeline/consumer';
import type { TopologyNames } from '../pipeline/topology';
import { type GoalTest, needsGoals } from '../segments/filter-query';
import { type ShopSettingsSource, startOfDayIn } from '../shop/settings';
import { LiveSessions } from './filtered-live';
import type { AcceptedNotice } from './reporter';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WINDOW_MS = 5 * MINUTE;
const RATE_WINDOW_S = 10;
const MAX_ACTIVE_PAGES = 20;
const MAX_LATEST_ORDERS = 10;
const FILTERED_TODAY_MS = 10_000;
/** How long a site's goals are kept for Live's goal filters before they are read again. */
const GOALS_MS = 30_000;

type LatestOrder = LiveMessage['latestOrders'][number];

/**
 * The newest orders first by the time they were paid, each once: notices from several ingest instances, and
 * the outbox relay delivering orders late after an outage, arrive in no particular order.
 */
export function newestOrders(kept: readonly LatestOrder[], arrived: readonly LatestOrder[]): LatestOrder[] {
  const byId = new Map<string, LatestOrder>();
  for (const order of [...kept, ...arrived]) byId.set(order.orderId, order);
  return [...byId.values()]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.orderId.localeCompare(a.orderId))
    .slice(0, MAX_LATEST_ORDERS);
}
/** A client further behind than this is dropped, not buffered without bound. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

interface SiteState {
  visitors: Map<string, number>;
  pages: Map<string, Map<string, number>>;
  eventsPerSecond: Map<number, number>;
  latestOrders: LiveMessage['latestOrders'];
  lastEventIds: string[];
  live: LiveSessions;
  today: {
    startedAt: string;
    timeZone: string;
    currency: string;
    netRevenue: number;
    grossRevenue: number;
    orders: number;
  };
}

export interface LiveClient {
  site: string;
  /** The feed's filters (`/ws?f=…`); none: everything. */
  filters?: ReportFilter[];
  send: (message: string) => void;
  bufferedAmount: () => number;
  drop: () => void;
}

/**
 * The live state of every instance, fed by the workers' notices on a fanout exchange (so every instance
 * sees every stored event), pushed to WebSocket clients on a timer, and the source of the lag figures.
 */
export class LiveHub {
  private readonly sites = new Map<string, SiteState>();
  private readonly drained = new Map<number, number>();
  private readonly oldestByWorker = new Map<string, { oldest: string | undefined; at: number }>();
  readonly clients = new Set<LiveClient>();
  private channel: Channel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private queueDepth = -1;
  private deadLettered = -1;
  /** When the events queue was last seen empty: no waiting event can be older than that. */
  private emptyAt = Date.now();

  constructor(
    private readonly rabbit: RabbitConnection,
    private readonly names: TopologyNames,
    private readonly source: DbSource,
    private readonly log: FastifyBaseLogger,
    private readonly readQueueDepths: () => Promise<{ waiting: number; deadLettered: number }>,
    private readonly intervalMs: number,
    private readonly shopSettings: ShopSettingsSource,
    /** Today's figures under filters, from the filtered reports (sessions' orders and revenue). */
    private readonly filteredKpis?: (
      site: string,
      from: Date,
      to: Date,
      filters: ReportFilter[],
    ) => Promise<Kpis>,
    /** The site's goals, for goal filters (read at most every GOALS_MS per site). */
    private readonly goalsOf: (site: string) => Promise<GoalTest[]> = async () => [],
  ) {}

  /** Each site's goals as goal filters test them, read at most every GOALS_MS. */
  private readonly goals = new Map<string, { at: number; tests: Promise<GoalTest[]> }>();

  private goalTests(site: string, now: number): Promise<GoalTest[]> {
    const known = this.goals.get(site);
    if (known && now - known.at < GOALS_MS) return known.tests;
    const tests = this.goalsOf(site).catch((error) => {
      this.log.warn({ err: error }, 'goals unreadable: goal filters select nothing on Live');
      return [];
    });
    this.goals.set(site, { at: now, tests });
    return tests;
  }

  /** Filtered "today" figures per site and filters, read at most every FILTERED_TODAY_MS. */
  private readonly filteredToday = new Map<string, { at: number; figures: Promise<Kpis | undefined> }>();

  start() {
    void this.subscribeLoop();
    this.timer = setInterval(() => void this.pushUpdates(), this.intervalMs);
  }

  private async subscribeLoop() {
    let delay = 250;
    while (!this.stopped) {
      try {
        const connection = await this.rabbit.ensure();
        const channel = await connection.createChannel();
        channel.on('error', () => {});
        await channel.assertExchange(this.names.liveExchange, 'fanout', { durable: true });
        const { queue } = await channel.assertQueue('', {
          exclusive: true,
          autoDelete: true,
          durable: false,
        });
        await channel.bindQueue(queue, this.names.liveExchange, '');
        const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
        await channel.consume(
          queue,
          (message) => {
            if (!message) return;
            try {
              this.take(JSON.parse(message.content.toString('utf8')) as StoredBatchNotice | AcceptedNotice);
            } catch (error) {
              this.log.warn({ err: error }, 'unreadable live notice');
            }
          },
          { noAck: true },
        );
        this.channel = channel;
        delay = 250;
        await closed;
        this.channel = undefined;
      } catch (error) {
        if (this.stopped) return;
        this.log.debug({ err: error }, 'live feed cannot reach RabbitMQ, retrying');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  private state(site: string): SiteState {
    let state = this.sites.get(site);
    if (!state) {
      state = {
        visitors: new Map(),
        pages: new Map(),
        eventsPerSecond: new Map(),
        latestOrders: [],
        lastEventIds: [],
        live: new LiveSessions(),
        today: { startedAt: '', timeZone: '', currency: '', netRevenue: 0, grossRevenue: 0, orders: 0 },
      };
      this.sites.set(site, state);
    }
    return state;
  }

  /** Folds one notice into the live state: accepted events (from ingest) or stored batches (from workers). */
  take(notice: StoredBatchNotice | AcceptedNotice) {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (notice.kind === 'stored') {
      if (notice.stored) this.drained.set(second, (this.drained.get(second) ?? 0) + notice.stored);
      this.oldestByWorker.set(notice.worker, { oldest: notice.oldestReceivedAt, at: now });
      return;
    }
    if (notice.kind !== 'accepted') return;
    for (const site of notice.sites) {
      const state = this.state(site.site);
      state.eventsPerSecond.set(second, (state.eventsPerSecond.get(second) ?? 0) + site.events);
      for (const visitor of site.visitors) state.visitors.set(visitor, now);
      for (const [path, visitor] of site.pages) {
        let visitors = state.pages.get(path);
        if (!visitors) {
          visitors = new Map();
          state.pages.set(path, visitors);
        }
        visitors.set(visitor, now);
      }
      if (site.touches) state.live.take(site.touches, now);
      state.latestOrders = newestOrders(state.latestOrders, site.orders);
      state.lastEventIds.unshift(...[...site.lastEventIds].reverse());
      state.lastEventIds.length = Math.min(state.lastEventIds.length, 50);
    }
  }

  lag(): LagStats {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    let drained = 0;
    for (const [at, count] of this.drained) {
      if (at < second - RATE_WINDOW_S) this.drained.delete(at);
      else if (at < second) drained += count;
    }
    let oldest = Number.POSITIVE_INFINITY;
    for (const [worker, report] of this.oldestByWorker) {
      if (now - report.at > 30_000) this.oldestByWorker.delete(worker);
      else if (report.oldest) oldest = Math.min(oldest, Date.parse(report.oldest));
    }
    // Queued but held by no reporting worker (none running, or all stuck): the queue's age bounds it.
    if (this.queueDepth > 0 && !Number.isFinite(oldest)) oldest = this.emptyAt;
    return {
      queueDepth: this.queueDepth,
      oldestUnprocessedAgeSeconds: Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0,
      drainRatePerSecond: drained / RATE_WINDOW_S,
      deadLettered: this.deadLettered,
    };
  }

  async refreshQueueDepth() {
    try {
      const depths = await this.readQueueDepths();
      this.queueDepth = depths.waiting;
      this.deadLettered = depths.deadLettered;
      if (this.queueDepth === 0) this.emptyAt = Date.now();
    } catch {
      this.queueDepth = -1;
      this.deadLettered = -1;
    }
    return this.queueDepth;
  }

  async message(site: string, type: LiveMessage['type'], filters: ReportFilter[] = []): Promise<LiveMessage> {
    if (filters.length) return this.filteredMessage(site, type, filters);
    const state = this.state(site);
    const now = Date.now();
    const second = Math.floor(now / 1000);
    for (const [visitor, seen] of state.visitors) if (now - seen > WINDOW_MS) state.visitors.delete(visitor);
    const activePages: LiveMessage['activePages'] = [];
    for (const [path, visitors] of state.pages) {
      for (const [visitor, seen] of visitors) if (now - seen > WINDOW_MS) visitors.delete(visitor);
      if (!visitors.size) state.pages.delete(path);
      else activePages.push({ path, visitors: visitors.size });
    }
    activePages.sort((a, b) => b.visitors - a.visitors || a.path.localeCompare(b.path));
    const listed = activePages.slice(0, MAX_ACTIVE_PAGES);
    const others = activePages.slice(MAX_ACTIVE_PAGES);
    // The window includes the current second, so a rise shows at the next tick rather than a second later.
    let recent = 0;
    for (const [at, count] of state.eventsPerSecond) {
      if (at <= second - RATE_WINDOW_S) state.eventsPerSecond.delete(at);
      else recent += count;
    }
    await this.refreshToday(site, state);
    return {
      type,
      at: new Date(now).toISOString(),
      site,
      visitorsLast5Minutes: state.visitors.size,
      eventsPerSecond: recent / RATE_WINDOW_S,
      activePages: listed,
      otherPages: others.length,
      otherPagesVisitors: others.reduce((sum, page) => sum + page.visitors, 0),
      latestOrders: state.latestOrders,
      netRevenueToday: state.today.netRevenue,
      grossRevenueToday: state.today.grossRevenue,
      ordersToday: state.today.orders,
      todayStartedAt: state.today.startedAt,
      timeZone: state.today.timeZone,
      currency: state.today.currency,
      lastEventIds: state.lastEventIds,
      lag: this.lag(),
    };
  }

  /**
   * The feed under filters, from the sessions this instance saw in the accepted notices: visitors, pages,
   * events per second and the event list of the selected sessions (see LiveSessions); today's orders and
   * revenue from the filtered reports (the selected sessions' orders, read at most every 10 s). The latest
   * orders and the lag are everyone's, and the message says so.
   */
  private async filteredMessage(
    site: string,
    type: LiveMessage['type'],
    filters: ReportFilter[],
  ): Promise<LiveMessage> {
    const state = this.state(site);
    const now = Date.now();
    const goals = needsGoals(filters) ? await this.goalTests(site, now) : [];
    const selected = state.live.select(filters, now, WINDOW_MS, goals);
    const activePages = [...selected.pages]
      .map(([path, visitors]) => ({ path, visitors: visitors.size }))
      .sort((a, b) => b.visitors - a.visitors || a.path.localeCompare(b.path));
    const others = activePages.slice(MAX_ACTIVE_PAGES);
    const recent = selected.events.filter((e) => now - e.at < RATE_WINDOW_S * 1000).length;
    await this.refreshToday(site, state);
    const today = await this.todayUnder(site, state, filters, now);
    return {
      type,
      at: new Date(now).toISOString(),
      site,
      visitorsLast5Minutes: selected.visitors,
      eventsPerSecond: recent / RATE_WINDOW_S,
      activePages: activePages.slice(0, MAX_ACTIVE_PAGES),
      otherPages: others.length,
      otherPagesVisitors: others.reduce((sum, page) => sum + page.visitors, 0),
      latestOrders: state.latestOrders,
      netRevenueToday: today?.netRevenue ?? 0,
      grossRevenueToday: today?.grossRevenue ?? 0,
      ordersToday: today?.orders ?? 0,
      todayStartedAt: state.today.startedAt,
      timeZone: state.today.timeZone,
      currency: state.today.currency,
      lastEventIds: selected.events.slice(0, 50).map((e) => e.id),
      lag: this.lag(),
      filters: filters.map(formatFilter),
      unfiltered: ['latestOrders', 'lag'],
    };
  }

  private todayUnder(site: string, state: SiteState, filters: ReportFilter[], now: number) {
    if (!this.filteredKpis || !state.today.startedAt) return Promise.resolve(undefined);
    const key = `${site}|${state.today.startedAt}|${filters.map(formatFilter).join('&')}`;
    const cached = this.filteredToday.get(key);
    if (cached && now - cached.at < FILTERED_TODAY_MS) return cached.figures;
    const figures = this.filteredKpis(site, new Date(state.today.startedAt), new Date(now), filters).catch(
      () => undefined,
    );
    if (this.filteredToday.size > 100) this.filteredToday.clear();
    this.filteredToday.set(key, { at: now, figures });
    return figures;
  }

  /**
   * Orders and revenue since the shop's midnight (its time zone, from the settings): the hour buckets since
   * then, and minute buckets for a part hour where the zone's midnight is not on a UTC hour (UTC+5:30).
   */
  private async refreshToday(site: string, state: SiteState) {
    try {
      const { timeZone, currency } = await this.shopSettings();
      const now = new Date();
      const start = startOfDayIn(timeZone, now);
      const firstHour = bucketStart(new Date(start.getTime() + HOUR - 1), 'h');
      // The part hour's minutes are in that hour's minutes document, whole hours in their day documents.
      const ids = new Set<string>();
      if (firstHour.getTime() > start.getTime()) ids.add(bucketDocId(site, 'm', start, 'total', ''));
      for (let t = firstHour.getTime(); t <= now.getTime(); t += HOUR) {
        ids.add(bucketDocId(site, 'h', new Date(t), 'total', ''));
      }
      const docs = await dbOf(this.source)
        .collection<BucketDoc>('buckets')
        .find({ _id: { $in: [...ids] } }, { projection: { applied: 0 } })
        .toArray();
      const buckets = docs.flatMap((doc) =>
        [...slotsOf(doc, 'm'), ...slotsOf(doc, 'h')]
          .filter((slot) =>
            doc.g === 'hm'
              ? slot.t >= start && slot.t < firstHour && slot.t <= now
              : slot.t >= firstHour && slot.t <= now,
          )
          .map((slot) => slot.counters),
      );
      const sum = (counter: string) =>
        buckets.reduce((total, counters) => total + Number(counters[counter] ?? 0), 0);
      state.today = {
        startedAt: start.toISOString(),
        timeZone,
        currency,
        netRevenue: sum('revenue') - sum('refunded') - sum('cancelled'),
        grossRevenue: sum('revenue'),
        orders: sum('orders'),
      };
    } catch {
      // MongoDB away: keep the last figures, the lag shows the problem.
    }
  }

  /** Sends every client the current state of its site; a client too far behind is dropped instead. */
  async pushUpdates() {
    await this.refreshQueueDepth();
    if (!this.clients.size) return;
    const bySite = new Map<string, string>();
    for (const client of this.clients) {
      if (client.bufferedAmount() > MAX_BUFFERED_BYTES) {
        this.clients.delete(client);
        client.drop();
        continue;
      }
      const filters = client.filters ?? [];
      const key = `${client.site}|${filters.map(formatFilter).join('&')}`;
      let payload = bySite.get(key);
      if (!payload) {
        payload = JSON.stringify(await this.message(client.site, 'update', filters));
        bySite.set(key, payload);
      }
      client.send(payload);
    }
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.channel?.close().catch(() => {});
  }
}
