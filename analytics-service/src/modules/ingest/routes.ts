import { timingSafeEqual } from 'node:crypto';
import {
  BATCH_LIMIT_MESSAGE,
  checksTextPerItem,
  EventInput,
  IngestResponse,
  MAX_EVENTS_PER_BATCH,
  PROPERTIES_LIMITS_TEXT,
  ProblemDetails,
  SEGMENT_CALLS,
  SEGMENT_MAX_BATCH_BYTES,
  SEGMENT_MAX_MESSAGE_BYTES,
  SERVER_ONLY_EVENTS,
  SegmentBatch,
  type SegmentCall,
  SegmentMessage,
} from '@shopstream/contracts';
import { AppError, ErrorCode, Unauthorized, ValidationFailed } from '@shopstream/server-kit';
import type { FastifyRequest, FastifySerializerCompiler } from 'fastify';
import {
  type FastifyPluginAsyncZod,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import { acceptsSegmentMessage } from './compiled-validation';
import { gunzipped } from './gzip';
import { fromSegment, type MessageClient, type MessageIdentity } from './segment';
import type { EventSource, IngestService } from './service';

/** The size of each /v1 body as received (inflated), read once the body has been validated. */
const bytesOfBody = new WeakMap<FastifyRequest, number>();

function messageSizeProblem(item: unknown): string | undefined {
  try {
    if (Buffer.byteLength(JSON.stringify(item)) <= SEGMENT_MAX_MESSAGE_BYTES) return undefined;
    return `must serialise to at most ${SEGMENT_MAX_MESSAGE_BYTES} bytes`;
  } catch {
    // Only a value nested thousands of levels deep overflows the serialiser's stack.
    return 'must not nest objects or arrays deeper than 8 levels';
  }
}

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

/** What Segment SDKs declare for their JSON bodies (analytics.js: text/plain, as sendBeacon must). */
const SEGMENT_MEDIA_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];

const SEGMENT_ROUTE_TEXT =
  'Write key as HTTP Basic user (Segment SDKs) or `writeKey` in the body; JSON whatever the declared content ' +
  'type, gzip-encoded bodies taken (`Content-Encoding: gzip`). Answers 200 once RabbitMQ has confirmed the ' +
  'accepted events, also when some are ignored by rule: `ignored` lists them with the reason. ' +
  `Server-only events (${SERVER_ONLY_EVENTS.join(', ')}) count only when sent with the server key ` +
  '(backend-api); from a write key they are answered `ignored: server_only`, so a browser cannot forge orders ' +
  'or revenue. Bots are filtered only for browser traffic: a server SDK (`analytics-node/…`, ' +
  '`analytics-python/…`) is counted, unless it passes a crawler as `context.userAgent`. `context.userAgent` and ' +
  '`context.ip` describe the browser (the ip is used for the visitor hash only and never stored); ' +
  '`anonymousId`/`userId` identify the visitor (hashed), `context.sessionId` the session. Amounts are decimal ' +
  'major units (numbers or numeric strings), converted to minor units. Timestamps are corrected for clock skew ' +
  '(`receivedAt - (sentAt - originalTimestamp)`) when `sentAt` is more than 10 s from the arrival time; within ' +
  'that the claimed times are kept (the gap is transit time, not skew). 400 malformed, 401 unknown key, 413 over 32 KB per message or ' +
  '500 KB per batch, 429/503 with `Retry-After`.';

/**
 * An accepted request's answer is the service's own IngestResponse (typed): it is written as it is, without
 * zod reading its ids again (up to 500 a request); every other answer keeps the checked serialiser.
 */
const ingestSerializer: FastifySerializerCompiler<z.ZodType> = (route) =>
  route.httpStatus === '200' || route.httpStatus === '202'
    ? (answer: IngestResponse) => JSON.stringify(answer)
    : serializerCompiler(route);

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
  // This plugin's routes are the ingest routes only (its own encapsulated context).
  app.setSerializerCompiler(ingestSerializer);
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

  await app.register(async (segment) => {
    // Segment SDKs send JSON whatever they declare (x-www-form-urlencoded, text/plain for sendBeacon).
    segment.removeAllContentTypeParsers();
    const parseJson = segment.getDefaultJsonParser('error', 'ignore');
    segment.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      if (!request.headers['content-type'])
        return done(ValidationFailed([{ field: 'headers.content-type', message: 'is required' }]), undefined);
      bytesOfBody.set(request, Buffer.byteLength(body as string));
      parseJson(request, body as string, done);
    });
    segment.addHook('preParsing', async (request, _reply, payload) => gunzipped(request, payload));
    const v1 = segment.withTypeProvider<ZodTypeProvider>();

    // analytics.js (analytics-next) posts to the one-letter paths: /v1/t, /v1/p, /v1/s, /v1/i, /v1/g, /v1/a, /v1/b.
    const segmentRoute = (call: SegmentCall, url: string) =>
      v1.post(
        url,
        {
          // Segment's 32 KB per message is checked once the event is converted, so that what breaks the
          // storable limits (a 5,000-deep property) is named as such (400) rather than by its size (413).
          bodyLimit: SEGMENT_MAX_BATCH_BYTES,
          schema: {
            tags: ['segment'],
            summary: `Segment HTTP Tracking API: ${call}${url.length === 5 ? ' (analytics.js path)' : ''}`,
            description: `${SEGMENT_ROUTE_TEXT} ${STORABLE_EVENTS_TEXT}`,
            consumes: SEGMENT_MEDIA_TYPES,
            body: SegmentMessage,
            response: { 200: IngestResponse, ...errorResponses },
          },
        },
        async (request, reply) => {
          const { event, client, identity } = fromSegment(
            { ...request.body, type: call },
            { minorUnits: false, receivedAt: new Date() },
          );
          if (
            (bytesOfBody.get(request) ?? 0) > SEGMENT_MAX_MESSAGE_BYTES &&
            EventInput.safeParse(event).success
          )
            throw new AppError(
              ErrorCode.PayloadTooLarge,
              `A message must be at most ${SEGMENT_MAX_MESSAGE_BYTES} bytes`,
            );
          const result = await ingest.ingest(sourceOf(request, request.body.writeKey), [event], {
            single: true,
            clients: [client],
            identities: [identity],
            serverOnly: 'ignore',
          });
          return reply.status(200).send(result);
        },
      );
    for (const call of SEGMENT_CALLS) {
      segmentRoute(call, `/v1/${call}`);
      segmentRoute(call, `/v1/${call[0]}`);
    }

    for (const url of ['/v1/batch', '/v1/import', '/v1/b'])
      v1.post(
        url,
        {
          bodyLimit: SEGMENT_MAX_BATCH_BYTES,
          schema: {
            tags: ['segment'],
            summary: `Segment HTTP Tracking API: ${url === '/v1/b' ? 'batch (analytics.js path)' : url.slice(4)}`,
            description:
              `Up to ${MAX_EVENTS_PER_BATCH} messages of any call (\`type\`), at most 32 KB each. A message that ` +
              'cannot be accepted is listed in `rejected` and costs none of its neighbours; 400 only when none is. ' +
              `${SEGMENT_ROUTE_TEXT} ${STORABLE_EVENTS_TEXT}`,
            consumes: SEGMENT_MEDIA_TYPES,
            body: SegmentBatch,
            response: { 200: IngestResponse, ...errorResponses },
          },
        },
        async (request, reply) => reply.status(200).send(await batchOf(request, request.body, false)),
      );
  });

  /** `minorUnits`: the tracker sends amounts in minor units already; Segment sends decimal major units. */
  const batchOf = async (request: FastifyRequest, body: SegmentBatch, minorUnits: boolean) => {
    const receivedAt = new Date();
    const clients: Array<MessageClient | undefined> = [];
    const identities: Array<MessageIdentity | undefined> = [];
    const refusals: Array<string | undefined> = [];
    // Segment's limit per message: refused alone, without costing its neighbours. No message of a body
    // received at most that size can be over it, so only larger bodies serialise each message to measure it.
    const bodyBytes = bytesOfBody.get(request);
    const measured = bodyBytes === undefined || bodyBytes > SEGMENT_MAX_MESSAGE_BYTES;
    const events = body.batch.map((item, index) => {
      const refusal = measured ? messageSizeProblem(item) : undefined;
      if (refusal) {
        refusals[index] = refusal;
        return item;
      }
      // A message refused here is passed on as it is, for EventInput to name its fields.
      const message = acceptsSegmentMessage(item) ? item : SegmentMessage.safeParse(item).data;
      if (!message) return item;
      const converted = fromSegment(message, {
        minorUnits,
        receivedAt,
        sentAt: body.sentAt,
        context: body.context,
      });
      clients[index] = converted.client;
      identities[index] = converted.identity;
      return converted.event;
    });
    return ingest.ingest(sourceOf(request, body.writeKey), events, {
      single: false,
      clients,
      identities,
      refusals,
      serverOnly: minorUnits ? 'reject' : 'ignore',
    });
  };

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
