import { z } from 'zod';
import { BATCH_LIMIT_MESSAGE, MAX_EVENTS_PER_BATCH } from './events';
import { checksTextPerItem } from './text';

/**
 * The Segment HTTP Tracking API messages the analytics service accepts (/v1/track, /v1/page,
 * /v1/screen, /v1/identify, /v1/group, /v1/alias, /v1/batch, /v1/import) and the browser tracker's
 * /collect body. Segment amounts are decimals in major units (numbers or numeric strings); the service
 * converts them to minor units of our own spec.
 */

/** Segment's own limits: 32 KB per message, 500 KB per batch request. */
export const SEGMENT_MAX_MESSAGE_BYTES = 32 * 1024;
export const SEGMENT_MAX_BATCH_BYTES = 500 * 1024;
export const SEGMENT_MAX_MESSAGE_ID_CHARS = 100;

export const SEGMENT_CALLS = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type SegmentCall = (typeof SEGMENT_CALLS)[number];

const SegmentId = z.union([z.string().max(100), z.number()]);

const SegmentContext = z
  .object({
    page: z
      .object({
        url: z.string().max(2048).optional(),
        path: z.string().max(1024).optional(),
        referrer: z.string().max(2048).optional(),
        title: z.string().max(300).optional(),
        search: z.string().max(2048).optional(),
      })
      .passthrough()
      .optional(),
    userAgent: z.string().max(512).optional(),
    ip: z.string().max(64).optional(),
    // RudderStack and Amplitude send a number (the session's start in ms).
    sessionId: z.union([z.string().max(64), z.number()]).optional(),
  })
  .passthrough();

export const SegmentMessage = z
  .object({
    type: z.enum(SEGMENT_CALLS).optional(),
    messageId: z.string().max(SEGMENT_MAX_MESSAGE_ID_CHARS).optional(),
    event: z.string().max(100).optional(),
    // analytics.js sends `userId: null` (and `name: null`) for what is not known yet.
    name: z.string().max(200).nullish(),
    userId: SegmentId.nullish(),
    anonymousId: SegmentId.nullish(),
    groupId: SegmentId.nullish(),
    previousId: SegmentId.nullish(),
    timestamp: z.string().max(40).optional(),
    originalTimestamp: z.string().max(40).optional(),
    sentAt: z.string().max(40).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    traits: z.record(z.string(), z.unknown()).optional(),
    context: SegmentContext.optional(),
    writeKey: z.string().max(128).optional(),
  })
  .passthrough();
export type SegmentMessage = z.infer<typeof SegmentMessage>;

/**
 * Each message of a batch is checked on its own (text, keys, depth: see EventInput), so one message
 * that cannot be stored is listed in `rejected` without costing its neighbours.
 */
export const SegmentBatch = checksTextPerItem(
  z
    .object({
      batch: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH, BATCH_LIMIT_MESSAGE),
      writeKey: z.string().max(128).optional(),
      sentAt: z.string().max(40).optional(),
      context: SegmentContext.optional(),
    })
    .passthrough(),
);
export type SegmentBatch = z.infer<typeof SegmentBatch>;
