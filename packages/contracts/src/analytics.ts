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

const Minor = (text: string) => z.number().int().describe(`${text}, minor units of the shop's currency`);

/**
 * The revenue ledger, one name per figure across the APIs: `grossRevenue` is what paid orders took
 * (`Order Completed`), `refunded` what refunds gave back (`Order Refunded`, one per refund), `cancelled` what
 * cancellations gave back (`Order Cancelled`: captured minus already refunded), and `netRevenue` is
 * gross − refunded − cancelled. Each is counted when it happened, so a refund lowers the net revenue of the
 * day it was made, not of the day the order was paid.
 */
export const Kpis = z.object({
  visitors: z.number().int().describe('Sum of daily unique visitors (hourly for ranges shorter than a day)'),
  sessions: z.number().int(),
  events: z.number().int().describe('Every stored event of the range: 0 means no data, not zero activity'),
  pageviews: z.number().int().describe('Web pages viewed (`page` calls)'),
  screens: z.number().int().optional().describe('App screens viewed (`screen` calls), apart from pageviews'),
  bounceRate: z.number().describe('Sessions of a single page or screen view, over sessions: 0..1'),
  avgSessionDurationSeconds: z.number(),
  orders: z.number().int().describe('Orders paid in the range'),
  netRevenue: Minor('Gross revenue − refunded − cancelled (may be negative: refunds of earlier orders)'),
  grossRevenue: Minor('Totals of the orders paid in the range, before refunds and cancellations'),
  conversionRate: z
    .number()
    .describe(
      'Orders over sessions, capped at 1: orders are counted from the server, sessions from browsers, so a range can hold more orders than counted sessions',
    ),
  averageOrderValue: Minor('Gross revenue over orders'),
  refunds: z.number().int().describe('Refunds made in the range (one order may be refunded in parts)'),
  refunded: Minor('Amount refunded in the range'),
  cancellations: z.number().int().describe('Paid orders cancelled in the range'),
  cancelled: Minor('Amount given back by cancellations in the range'),
});
export type Kpis = z.infer<typeof Kpis>;

export const OverviewReport = z.object({
  site: z.string(),
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  dataSince: z
    .string()
    .nullable()
    .describe('Start (UTC) of the first day with any stored event of the site; null before the first event'),
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
  netRevenue: Minor('Gross revenue − refunded − cancelled'),
  grossRevenue: Minor('Totals of the orders paid'),
  refunded: Minor('Refunded'),
  cancelled: Minor('Given back by cancellations'),
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
  'country',
  'device',
  'browser',
  'os',
  'event',
  'hostname',
  'screen',
  'language',
  'region',
]);
export type BreakdownDimension = z.infer<typeof BreakdownDimension>;

export const BreakdownReport = z.object({
  dimension: BreakdownDimension,
  rows: z.array(
    z.object({
      key: z.string(),
      pageviews: z.number().int(),
      events: z.number().int(),
      conversions: z
        .number()
        .int()
        .optional()
        .describe(
          'Only under a goal filter (`goal:is:…` or `goal:contains:…`) and by a session dimension or country: the unique visitors of the row who completed the goal',
        ),
      conversionRate: z
        .number()
        .min(0)
        .max(1)
        .optional()
        .describe(
          "With `conversions`: their share of the row's unique visitors under the other filters alone (0..1), as Plausible's CR",
        ),
    }),
  ),
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
  grossRevenue: Minor('Line totals of the paid orders, before refunds and cancellations'),
});
export const ProductsReport = z.object({ rows: z.array(ProductRow) });
export type ProductsReport = z.infer<typeof ProductsReport>;

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
  activePages: z
    .array(z.object({ path: z.string(), visitors: z.number().int() }))
    .describe('The pages with the most visitors in the last 5 minutes, at most 20'),
  otherPages: z
    .number()
    .int()
    .describe('Pages viewed in the last 5 minutes beyond those listed in activePages'),
  otherPagesVisitors: z
    .number()
    .int()
    .describe('Visitors of those other pages (a visitor who moved between pages counts on each)'),
  latestOrders: z
    .array(z.object({ orderId: z.string(), total: z.number().int(), currency: z.string(), at: z.string() }))
    .describe('The 10 newest orders, newest first by the time they were paid (`at`)'),
  netRevenueToday: z
    .number()
    .int()
    .describe(
      "Gross revenue − refunded − cancelled since midnight in the shop's time zone (todayStartedAt), minor units",
    ),
  grossRevenueToday: z.number().int().describe('Totals of the orders paid today, minor units'),
  ordersToday: z.number().int().describe('Orders paid today'),
  todayStartedAt: z.string().describe("The shop's last midnight, as an ISO instant"),
  timeZone: z.string().describe("The shop's time zone, from its settings"),
  currency: z.string().describe("The shop's currency, from its settings"),
  lastEventIds: z.array(z.string()).describe('Ids of the newest stored events, newest first (at most 50)'),
  lag: LagStats,
  filters: z
    .array(z.string())
    .optional()
    .describe('The filters this feed honours (`/ws?f=…`, as the reports take them); absent without filters'),
  unfiltered: z
    .array(z.enum(['latestOrders', 'lag']))
    .optional()
    .describe(
      'Under filters, the figures that count everything anyway: the latest orders (orders from the server ' +
        'name no browser session to filter by) and the pipeline lag',
    ),
});
export type LiveMessage = z.infer<typeof LiveMessage>;
