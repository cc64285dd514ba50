import { z } from 'zod';
import { FilterParam } from './analytics-filters';
import { TimeZone } from './settings/shop-settings';

/** Contracts of the analytics reports API (/api/reports/*) and the live feed (/ws). */

export const Granularity = z.enum(['minute', 'hour', 'day']);
export type Granularity = z.infer<typeof Granularity>;

export const ReportQuery = z.strictObject({
  site: z.string().min(1).max(64).default('demo-shop'),
  from: z.iso.datetime({ offset: true }).describe('Start of the range, inclusive'),
  to: z.iso.datetime({ offset: true }).describe('End of the range, exclusive'),
  tz: TimeZone.optional().describe(
    "IANA time zone of day labels and daily points; the shop's time zone (its settings) when absent",
  ),
  granularity: Granularity.default('day'),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  format: z.enum(['json', 'csv']).default('json'),
  f: FilterParam,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const Kpis = z.object({
  visitors: z.number().int().describe('Sum of daily unique visitors (hourly for ranges shorter than a day)'),
  sessions: z.number().int(),
  pageviews: z.number().int().describe('Web pages viewed (`page` calls)'),
  screens: z.number().int().optional().describe('App screens viewed (`screen` calls), apart from pageviews'),
  bounceRate: z.number().describe('Sessions of a single page or screen view, over sessions: 0..1'),
  avgSessionDurationSeconds: z.number(),
  orders: z.number().int(),
  revenue: z.number().int().describe('Minor units'),
  conversionRate: z
    .number()
    .describe(
      'Orders over sessions, capped at 1: orders are counted from the server, sessions from browsers, so a range can hold more orders than counted sessions',
    ),
  averageOrderValue: z.number().int().describe('Minor units'),
  refunds: z.number().int().optional().describe('Orders refunded in the range'),
  refunded: z.number().int().optional().describe('Amount refunded in the range, minor units'),
});
export type Kpis = z.infer<typeof Kpis>;

export const OverviewReport = z.object({
  site: z.string(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  current: Kpis,
  previous: Kpis.describe('The same length of time just before `from`'),
});
export type OverviewReport = z.infer<typeof OverviewReport>;

export const TimeseriesPoint = z.object({
  t: z.string().describe('Start of the bucket, ISO 8601 in UTC'),
  label: z.string().describe('Start of the bucket in the asked time zone'),
  pageviews: z.number().int(),
  visitors: z.number().int(),
  events: z.number().int(),
  orders: z.number().int(),
  revenue: z.number().int(),
});
export const TimeseriesReport = z.object({
  granularity: Granularity,
  tz: z.string(),
  points: z.array(TimeseriesPoint),
});
export type TimeseriesReport = z.infer<typeof TimeseriesReport>;

export const BreakdownDimension = z.enum([
  'page',
  'referrer',
  'utm_source',
  'utm_campaign',
  'device',
  'browser',
  'os',
]);
export type BreakdownDimension = z.infer<typeof BreakdownDimension>;

export const BreakdownReport = z.object({
  dimension: BreakdownDimension,
  rows: z.array(z.object({ key: z.string(), pageviews: z.number().int(), events: z.number().int() })),
});
export type BreakdownReport = z.infer<typeof BreakdownReport>;

export const EntryPagesReport = z.object({
  rows: z.array(
    z.object({
      path: z.string().describe('The first page of the session'),
      sessions: z.number().int().describe('Sessions that began on this page'),
    }),
  ),
});
export type EntryPagesReport = z.infer<typeof EntryPagesReport>;

export const ProductRow = z.object({
  productId: z.string(),
  name: z.string(),
  views: z.number().int(),
  adds: z.number().int(),
  purchases: z.number().int().describe('Units sold'),
  revenue: z.number().int().describe('Minor units'),
});
export const ProductsReport = z.object({ rows: z.array(ProductRow) });
export type ProductsReport = z.infer<typeof ProductsReport>;

export const FunnelReport = z.object({
  steps: z.array(
    z.object({
      name: z.string(),
      count: z.number().int(),
      conversionFromPrevious: z
        .number()
        .describe('This step over the previous one, capped at 1 (0..1); 1 for the first step'),
      conversionFromStart: z.number().describe('This step over the first one, capped at 1 (0..1)'),
    }),
  ),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

export const LagStats = z.object({
  queueDepth: z.number().int().describe('Messages ready in the events queue (-1 when unknown)'),
  oldestUnprocessedAgeSeconds: z.number(),
  drainRatePerSecond: z.number().describe('Events written to MongoDB per second, last 10 s'),
  deadLettered: z
    .number()
    .int()
    .describe(
      'Messages in the dead-letter queue: events the store refused, unreadable messages (-1 when unknown)',
    ),
});
export type LagStats = z.infer<typeof LagStats>;

/** Each /ws message: a `snapshot` on connect, then an `update` at least every second. */
export const LiveMessage = z.object({
  type: z.enum(['snapshot', 'update']),
  at: z.string(),
  site: z.string(),
  visitorsLast5Minutes: z.number().int(),
  eventsPerSecond: z.number(),
  activePages: z.array(z.object({ path: z.string(), visitors: z.number().int() })),
  latestOrders: z.array(
    z.object({ orderId: z.string(), total: z.number().int(), currency: z.string(), at: z.string() }),
  ),
  revenueToday: z.number().int().describe("Since midnight in the shop's time zone (todayStartedAt)"),
  ordersToday: z.number().int(),
  todayStartedAt: z.string().describe("The shop's last midnight, as an ISO instant"),
  timeZone: z.string().describe("The shop's time zone, from its settings"),
  currency: z.string().describe("The shop's currency, from its settings"),
  lastEventIds: z.array(z.string()).describe('Ids of the newest stored events, newest first (at most 50)'),
  lag: LagStats,
});
export type LiveMessage = z.infer<typeof LiveMessage>;
