import { timingSafeEqual } from 'node:crypto';
import {
  BATCH_LIMIT_MESSAGE,
  checksTextPerItem,
  IngestResponse,
  MAX_EVENTS_PER_BATCH,
  PROPERTIES_LIMITS_TEXT,
  ProblemDetails,
  SegmentBatch,
  SegmentMessage,
} from '@shopstream/contracts';
import { Unauthorized, ValidationFailed } from '@shopstream/server-kit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import { fromSegment } from './segment';
import type { EventSource, IngestService } from './service';

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * One object rather than a union, so a refused batch is named (`body.batch: must hold at most 500
 * events`) instead of "Invalid input". Its events check their own text, one by one.
 */
const IngestBody = checksTextPerItem(
  z
    .looseObject({
      batch: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH, BATCH_LIMIT_MESSAGE).optional(),
      type: z.string().optional(),
    })
    .superRefine((body, ctx) => {
      if (body.batch === undefined) return;
      for (const key of Object.keys(body))
        if (key !== 'batch')
          ctx.addIssue({ code: 'custom', path: [key], message: 'a batch body holds only `batch`' });
    })
    .describe(
      `One event of the spec (EventInput), or { batch: EventInput[] } with at most ${MAX_EVENTS_PER_BATCH}`,
    ),
);

const STORABLE_EVENTS_TEXT = `Every event accepted is storable as it is. ${PROPERTIES_LIMITS_TEXT}`;

const errorResponses = {
  400: ProblemDetails,
  401: ProblemDetails,
  413: ProblemDetails,
  429: ProblemDetails,
  503: ProblemDetails,
};

/** Ingestion: our own spec at /api/events, the Segment Tracking API at /v1/*, the browser tracker at /collect. */
export const ingestRoutes: FastifyPluginAsyncZod<{ config: Config; ingest: IngestService }> = async (
  app,
  { config, ingest },
) => {
  const siteOfWriteKey = new Map(config.ANALYTICS_SITES.map((s) => [s.writeKey, s.site]));
  const defaultSite = config.ANALYTICS_SITES[0]?.site ?? 'demo-shop';

  /** The server key (Bearer) makes events trusted; a write key (Basic user, header or body) names a site. */
  function sourceOf(request: FastifyRequest, bodyWriteKey?: string): EventSource {
    const authorization = request.headers.authorization ?? '';
    const client = {
      ip: request.ip,
      userAgent: String(request.headers['user-agent'] ?? '').slice(0, 512),
      optedOut: request.headers.dnt === '1' || request.headers['sec-gpc'] === '1',
    };
    if (authorization.startsWith('Bearer ')) {
      if (!sameSecret(authorization.slice(7), config.ANALYTICS_SERVER_KEY))
        throw Unauthorized('Unknown server key');
      const site = String(request.headers['x-analytics-site'] ?? defaultSite);
      if (!config.ANALYTICS_SITES.some((s) => s.site === site)) throw Unauthorized(`Unknown site ${site}`);
      return { site, trusted: true, ...client };
    }
    let writeKey = bodyWriteKey ?? (request.headers['x-write-key'] as string | undefined);
    if (authorization.startsWith('Basic ')) {
      writeKey = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0];
    }
    const site = writeKey ? siteOfWriteKey.get(writeKey) : undefined;
    if (!site) throw Unauthorized('A known write key is required (HTTP Basic user, x-write-key or writeKey)');
    return { site, trusted: false, ...client };
  }

  app.post(
    '/api/events',
    {
      schema: {
        tags: ['ingest'],
        summary: 'Ingest one event or a batch of up to 500 in the ShopStream event spec',
        description:
          'Write key as HTTP Basic user or x-write-key; backend-api sends orders with `Authorization: Bearer <server key>`. ' +
          '202 once RabbitMQ has confirmed the accepted events; invalid events of a batch are listed in `rejected`. ' +
          STORABLE_EVENTS_TEXT,
        body: IngestBody,
        response: { 202: IngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as { batch?: unknown[] };
      const single = !Array.isArray(body.batch);
      const result = await ingest.ingest(sourceOf(request), single ? [body] : (body.batch ?? []), single);
      return reply.status(202).send(result);
    },
  );

  const segmentRoute = (url: string, type: 'track' | 'page' | 'identify') =>
    app.post(
      url,
      {
        schema: {
          tags: ['segment'],
          summary: `Segment HTTP Tracking API: ${type}`,
          description: STORABLE_EVENTS_TEXT,
          body: SegmentMessage,
          response: { 202: IngestResponse, 200: IngestResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const message = { ...request.body, type };
        const event = fromSegment(message, { minorUnits: false });
        const result = await ingest.ingest(sourceOf(request, request.body.writeKey), [event], true);
        return reply.status(202).send(result);
      },
    );
  segmentRoute('/v1/track', 'track');
  segmentRoute('/v1/page', 'page');
  segmentRoute('/v1/identify', 'identify');

  /** `minorUnits`: the tracker sends amounts in minor units already; Segment sends decimal major units. */
  const batchOf = async (request: FastifyRequest, body: SegmentBatch, minorUnits: boolean) => {
    const events = body.batch.map((item) => {
      const parsed = SegmentMessage.safeParse(item);
      return parsed.success
        ? fromSegment(
            { ...parsed.data, context: { ...body.context, ...parsed.data.context } },
            { minorUnits },
          )
        : item;
    });
    return ingest.ingest(sourceOf(request, body.writeKey), events, false);
  };

  app.post(
    '/v1/batch',
    {
      schema: {
        tags: ['segment'],
        summary: 'Segment HTTP Tracking API: batch',
        description: `A message that cannot be accepted is listed in \`rejected\`; the others are. ${STORABLE_EVENTS_TEXT}`,
        body: SegmentBatch,
        response: { 202: IngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(202).send(await batchOf(request, request.body, false)),
  );

  await app.register(async (collect) => {
    // navigator.sendBeacon posts text/plain: the body is JSON all the same.
    collect.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(ValidationFailed([{ field: 'body', message: 'must be JSON' }]), undefined);
      }
    });
    collect.withTypeProvider<ZodTypeProvider>().post(
      '/collect',
      {
        schema: {
          tags: ['ingest'],
          summary: 'The browser tracker: a Segment-shaped batch, also as text/plain (sendBeacon)',
          description:
            'Unlike the Segment endpoints, amounts are integer minor units plus a currency, as in our spec. ' +
            STORABLE_EVENTS_TEXT,
          body: SegmentBatch,
          response: { 202: IngestResponse, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(202).send(await batchOf(request, request.body, true)),
    );
  });
};
