import { ProblemDetails, Segment, SegmentInput, SegmentList } from '@shopstream/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerOf, type StaffAccessCheck } from '../auth/staff';
import type { SegmentsService } from './service';

const errors = { 400: ProblemDetails, 401: ProblemDetails, 403: ProblemDetails, 503: ProblemDetails };
const SiteQuery = z.strictObject({ site: z.string().min(1).max(64).default('demo-shop') });
const SegmentParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Staff-only CRUD of saved segments: named filter sets, applied by the dashboard as `f` parameters. */
export const segmentRoutes: FastifyPluginAsyncZod<{
  segments: SegmentsService;
  staff: StaffAccessCheck;
}> = async (app, { segments, staff }) => {
  app.addHook('onRequest', async (request) => {
    await staff.admit(bearerOf(request));
  });
  const security = [{ bearerAuth: [] }];
  const tags = ['segments'];

  app.get(
    '/api/segments',
    {
      schema: {
        tags,
        summary: "The site's saved segments, by name",
        security,
        querystring: SiteQuery,
        response: { 200: SegmentList, ...errors },
      },
    },
    async (request) => ({ segments: await segments.list(request.query.site) }),
  );

  app.post(
    '/api/segments',
    {
      schema: {
        tags,
        summary:
          'Saves a segment: a name and its filters (`dimension:operator:value`, as the reports take them)',
        security,
        body: SegmentInput,
        response: { 201: Segment, 409: ProblemDetails, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await segments.create(request.body)),
  );

  app.put(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: "Replaces a segment's name and filters",
        security,
        params: SegmentParams,
        body: SegmentInput,
        response: { 200: Segment, 404: ProblemDetails, 409: ProblemDetails, ...errors },
      },
    },
    async (request) => segments.replace(request.params.id, request.body),
  );

  app.delete(
    '/api/segments/:id',
    {
      schema: {
        tags,
        summary: 'Deletes a segment',
        security,
        params: SegmentParams,
        querystring: SiteQuery,
        response: { 204: z.null(), 404: ProblemDetails, ...errors },
      },
    },
    async (request, reply) => {
      await segments.remove(request.query.site, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
