import {
  BreakdownDimension,
  BreakdownReport,
  EntryPagesReport,
  filtersOf,
  OverviewReport,
  ProblemDetails,
  ProductRow,
  ProductsReport,
  ReportQuery,
  TimeseriesPoint,
  TimeseriesReport,
} from '@shopstream/contracts';
import { spreadsheetSafeCast } from '@shopstream/server-kit';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerOf, type StaffAccessCheck } from '../auth/staff';
import type { ReportsService } from './service';

const widenedNote =
  'Without filters, counted from hour and day buckets: a range whose ends are not on whole UTC hours (a day of a half-hour ' +
  'zone such as Asia/Kolkata) counts the whole UTC hours it touches, up to 59 minutes more at each end. ';
const errors = { 400: ProblemDetails, 401: ProblemDetails, 403: ProblemDetails, 503: ProblemDetails };
const csvNote =
  'With `format=csv`, the same rows as text/csv. With filters (`f=dimension:operator:value`, repeatable), ' +
  'the report counts only what the filters select: session-scoped dimensions select sessions, event-scoped ' +
  'ones (page, product, event) select events and the sessions having one (ARCHITECTURE, "Filters and segments").';

/**
 * The report as JSON, or its rows sent as CSV (then nothing is returned: the reply is already sent). Paths,
 * referrers and product names come from visitors, so text cells are written spreadsheet-safe.
 */
function answer<T>(
  reply: FastifyReply,
  format: 'json' | 'csv',
  name: string,
  body: T,
  rows: object[],
  columns: string[],
): T | undefined {
  if (format === 'json') return body;
  void reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(stringify(rows as Record<string, unknown>[], { header: true, columns, cast: spreadsheetSafeCast }));
  return undefined;
}

/** Staff-only reports over any date range, read from the aggregate buckets; each has a CSV export. */
export const reportRoutes: FastifyPluginAsyncZod<{
  reports: ReportsService;
  staff: StaffAccessCheck;
}> = async (app, { reports, staff }) => {
  app.addHook('onRequest', async (request) => {
    await staff.admit(bearerOf(request));
  });
  const range = (q: ReportQuery) => ({
    site: q.site,
    from: new Date(q.from),
    to: new Date(q.to),
    filters: filtersOf(q.f),
  });
  const security = [{ bearerAuth: [] }];

  app.get(
    '/api/reports/overview',
    {
      schema: {
        tags: ['reports'],
        summary: 'KPIs of the range and of the period just before it',
        description:
          'Revenue is a ledger: `netRevenue` = `grossRevenue` (orders paid) − `refunded` (refunds made) − `cancelled` (paid orders cancelled), each counted when it happened. `dataSince` is null for a site without any event yet. ' +
          csvNote,
        security,
        querystring: ReportQuery,
        response: { 200: OverviewReport, ...errors },
      },
    },
    async (request, reply) => {
      const report = await reports.overview(range(request.query));
      const rows = Object.keys(report.current).map((kpi) => ({
        kpi,
        current: report.current[kpi as keyof typeof report.current],
        previous: report.previous[kpi as keyof typeof report.previous],
      }));
      return answer(reply, request.query.format, 'overview', report, rows, ['kpi', 'current', 'previous']);
    },
  );

  app.get(
    '/api/reports/timeseries',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Pageviews, visitors, events, orders, net and gross revenue, refunds and cancellations per minute, hour or day, in a time zone',
        description:
          "A daily point is the time zone's day cut to the range, exact at any offset (part hours from minute " +
          'buckets): its figures are those of the overview of that day, and they add up to the range. Visitors ' +
          'are counted once per UTC day over whole UTC days, else once per UTC hour the day touches, as in the overview. ' +
          csvNote,
        security,
        querystring: ReportQuery,
        response: { 200: TimeseriesReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await reports.timeseries(range(q), q.granularity, q.tz);
      return answer(reply, q.format, 'timeseries', report, report.points, Object.keys(TimeseriesPoint.shape));
    },
  );

  app.get(
    '/api/reports/breakdown/:dimension',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Top pages, referrers, UTM sources and campaigns, countries, devices, browsers, OS or custom event names',
        description: widenedNote + csvNote,
        security,
        params: z.strictObject({ dimension: BreakdownDimension }),
        querystring: ReportQuery,
        response: { 200: BreakdownReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await reports.breakdown(range(q), request.params.dimension, q.limit);
      return answer(reply, q.format, request.params.dimension, report, report.rows, [
        'key',
        'pageviews',
        'events',
      ]);
    },
  );

  app.get(
    '/api/reports/entry-pages',
    {
      schema: {
        tags: ['reports'],
        summary: 'Entry pages: where the sessions that began in the range landed first',
        description: csvNote,
        security,
        querystring: ReportQuery,
        response: { 200: EntryPagesReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await reports.entryPages(range(q), q.limit);
      return answer(reply, q.format, 'entry-pages', report, report.rows, ['path', 'sessions']);
    },
  );

  app.get(
    '/api/reports/products',
    {
      schema: {
        tags: ['reports'],
        summary: 'Top products: views, adds to cart, units purchased, gross revenue',
        description: widenedNote + csvNote,
        security,
        querystring: ReportQuery,
        response: { 200: ProductsReport, ...errors },
      },
    },
    async (request, reply) => {
      const report = await reports.products(range(request.query), request.query.limit);
      return answer(
        reply,
        request.query.format,
        'products',
        report,
        report.rows,
        Object.keys(ProductRow.shape),
      );
    },
  );
};
