import {
  ConfigItemParams,
  CustomEventsReport,
  EventPropertiesQuery,
  EventPropertiesReport,
  Funnel,
  FunnelInput,
  FunnelList,
  FunnelQuery,
  FunnelReport,
  filtersOf,
  Goal,
  GoalInput,
  GoalList,
  GoalsReport,
  ProblemDetails,
  ReportQuery,
  SiteQuery,
} from '@shopstream/contracts';
import { spreadsheetSafeCast } from '@shopstream/server-kit';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerOf, type StaffAccessCheck } from '../auth/staff';
import type { ConversionsService } from './service';

const errors = {
  400: ProblemDetails,
  401: ProblemDetails,
  403: ProblemDetails,
  404: ProblemDetails,
  409: ProblemDetails,
  503: ProblemDetails,
};
const csvNote = 'With `format=csv`, the same rows as text/csv.';

function csv(reply: FastifyReply, name: string, rows: object[], columns: string[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(stringify(rows as Record<string, unknown>[], { header: true, columns, cast: spreadsheetSafeCast }));
}

const matchText = (match: { type: 'page'; path: string } | { type: 'event'; event: string }) =>
  match.type === 'page' ? `page ${match.path}` : `event ${match.event}`;

/** Staff define goals and funnels per site; reports count them, and custom events, by visitor. */
export const conversionRoutes: FastifyPluginAsyncZod<{
  conversions: ConversionsService;
  staff: StaffAccessCheck;
}> = async (app, { conversions, staff }) => {
  app.addHook('onRequest', async (request) => {
    await staff.admit(bearerOf(request));
  });
  const range = (q: { site: string; from: string; to: string; f?: string | string[] | undefined }) => ({
    site: q.site,
    from: new Date(q.from),
    to: new Date(q.to),
    filters: filtersOf(q.f),
  });
  const security = [{ bearerAuth: [] }];

  app.get(
    '/api/goals',
    {
      schema: {
        tags: ['goals'],
        summary: "The site's goals, oldest first",
        security,
        querystring: SiteQuery,
        response: { 200: GoalList, ...errors },
      },
    },
    async (request) => ({ goals: await conversions.listGoals(request.query.site) }),
  );

  app.post(
    '/api/goals',
    {
      schema: {
        tags: ['goals'],
        summary: 'Adds a goal: a pageview path pattern or a custom event name',
        description: 'At most 50 goals per site (409 past it).',
        security,
        body: GoalInput,
        response: { 201: Goal, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await conversions.createGoal(request.body)),
  );

  app.delete(
    '/api/goals/:id',
    {
      schema: {
        tags: ['goals'],
        summary: 'Removes a goal (its events stay)',
        security,
        params: ConfigItemParams,
        querystring: SiteQuery,
        response: { 204: z.null().describe('Removed'), ...errors },
      },
    },
    async (request, reply) => {
      await conversions.deleteGoal(request.query.site, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/funnels',
    {
      schema: {
        tags: ['funnels'],
        summary: "The site's funnels: the purchase funnel first, then those staff defined",
        security,
        querystring: SiteQuery,
        response: { 200: FunnelList, ...errors },
      },
    },
    async (request) => ({ funnels: await conversions.listFunnels(request.query.site) }),
  );

  app.post(
    '/api/funnels',
    {
      schema: {
        tags: ['funnels'],
        summary: 'Adds a funnel of 2 to 8 steps, each a page path pattern or a custom event name',
        description: 'At most 20 funnels per site besides the purchase funnel (409 past it).',
        security,
        body: FunnelInput,
        response: { 201: Funnel, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await conversions.createFunnel(request.body)),
  );

  app.delete(
    '/api/funnels/:id',
    {
      schema: {
        tags: ['funnels'],
        summary: 'Removes a funnel (409 for the purchase funnel)',
        security,
        params: ConfigItemParams,
        querystring: SiteQuery,
        response: { 204: z.null().describe('Removed'), ...errors },
      },
    },
    async (request, reply) => {
      await conversions.deleteFunnel(request.query.site, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/reports/funnel',
    {
      schema: {
        tags: ['reports'],
        summary: 'A funnel by visitor, in order: who reached each step after all the steps before it',
        description: `A visitor counts at step N only if they reached steps 1..N-1 before it, within the range (by when the events happened). Reads at most 200,000 events (\`complete: false\` past it). ${csvNote}`,
        security,
        querystring: FunnelQuery,
        response: { 200: FunnelReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await conversions.funnel(range(q), q.funnel);
      if (q.format === 'json') return report;
      return csv(
        reply,
        'funnel',
        report.steps.map((step) => ({ ...step, match: matchText(step.match) })),
        ['name', 'match', 'count', 'conversionFromPrevious', 'conversionFromStart', 'dropOff'],
      );
    },
  );

  app.get(
    '/api/reports/goals',
    {
      schema: {
        tags: ['reports'],
        summary: "Each goal's completions, conversions (distinct visitors) and conversion rate",
        description: `Conversion rate: the goal's visitors over the range's visitors (as on the overview), 0..1. ${csvNote}`,
        security,
        querystring: ReportQuery,
        response: { 200: GoalsReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await conversions.goals(range(q));
      if (q.format === 'json') return report;
      return csv(
        reply,
        'goals',
        report.rows.map((row) => ({ ...row, match: matchText(row.match) })),
        ['name', 'match', 'events', 'visitors', 'conversionRate'],
      );
    },
  );

  app.get(
    '/api/reports/events',
    {
      schema: {
        tags: ['reports'],
        summary: 'Custom (`track`) events: count, distinct visitors and conversion rate, top `limit` names',
        description: csvNote,
        security,
        querystring: ReportQuery,
        response: { 200: CustomEventsReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await conversions.customEvents(range(q), q.limit);
      if (q.format === 'json') return report;
      return csv(reply, 'events', report.rows, ['name', 'events', 'visitors', 'conversionRate']);
    },
  );

  app.get(
    '/api/reports/events/properties',
    {
      schema: {
        tags: ['reports'],
        summary: "One custom event's properties: the top 20 keys and each key's top 10 values",
        description: `First-level text, number and boolean values (cut to 100 characters). ${csvNote}`,
        security,
        querystring: EventPropertiesQuery,
        response: { 200: EventPropertiesReport, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const report = await conversions.eventProperties(range(q), q.name);
      if (q.format === 'json') return report;
      return csv(
        reply,
        'event-properties',
        report.properties.flatMap((p) => p.values.map((v) => ({ key: p.key, ...v }))),
        ['key', 'value', 'events', 'visitors'],
      );
    },
  );
};
