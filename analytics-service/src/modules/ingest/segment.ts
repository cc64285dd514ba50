import { createHash } from 'node:crypto';
import { LanguageTag, ScreenSize, type SegmentMessage } from '@shopstream/contracts';

const MONEY_FIELDS = new Set([
  'price',
  'total',
  'revenue',
  'subtotal',
  'tax',
  'shipping',
  'discount',
  'value',
]);
/** Ids sent as numbers are kept as text (`sku` too: a product known only by its sku takes it as id). */
const ID_FIELDS = new Set(['product_id', 'order_id', 'checkout_id', 'cart_id', 'sku']);
const EVENT_ID = /^[A-Za-z0-9_.:-]{8,100}$/;
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;
/** The fields of our events' `page`, from the message's `context.page` over a page call's properties. */
const PAGE_FIELDS = ['url', 'path', 'referrer', 'title', 'search'] as const;

/** What a server SDK says about the browser it speaks for (`context.userAgent`, `context.ip`). */
export interface MessageClient {
  userAgent?: string;
  ip?: string;
}

/** Identifiers that link visitors: `previousId` of an alias is an earlier anonymous or user id. */
export interface MessageIdentity {
  previousId?: string;
}

export interface ConvertedMessage {
  event: Record<string, unknown>;
  client: MessageClient;
  identity: MessageIdentity;
}

/** Segment sends decimal amounts in major units; our spec wants integer minor units. */
const toMinor = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : value;

/** Segment's spec and SDKs send these as numbers or numeric strings ("12.99"). */
const numberOf = (value: unknown) =>
  typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value) : value;

/**
 * Numeric strings become numbers, numeric ids strings, amounts minor units, and a product known only by its
 * sku gets it as id. In place, in one pass over the keys: `properties` is the parsed body's own object,
 * read by nothing else (one object less per event).
 */
function normalise(properties: Record<string, unknown>, minorUnits: boolean): Record<string, unknown> {
  for (const field of Object.keys(properties)) {
    const value = properties[field];
    if (MONEY_FIELDS.has(field)) {
      const amount = numberOf(value);
      properties[field] = minorUnits ? amount : toMinor(amount);
    } else if (field === 'quantity') properties[field] = numberOf(value);
    else if (ID_FIELDS.has(field)) {
      if (typeof value === 'number') properties[field] = String(value);
    } else if (field === 'currency') {
      if (typeof value === 'string') properties[field] = value.toUpperCase();
    } else if (field === 'products' && Array.isArray(value)) {
      for (const line of value)
        if (line && typeof line === 'object' && !Array.isArray(line))
          normalise(line as Record<string, unknown>, minorUnits);
    }
  }
  if (properties.product_id === undefined && typeof properties.sku === 'string' && properties.sku)
    properties.product_id = properties.sku;
  return properties;
}

/** Parses a time, remembering the last text: a batch repeats its `sentAt` (and often its timestamps). */
function timeReader() {
  let lastText: string | undefined;
  let lastTime: number | undefined;
  return (text: string | undefined) => {
    if (!text) return undefined;
    if (text !== lastText) {
      const time = Date.parse(text);
      lastText = text;
      lastTime = Number.isNaN(time) ? undefined : time;
    }
    return lastTime;
  };
}
const sentTime = timeReader();
const happenedTime = timeReader();

/**
 * How far `sentAt` may be from our arrival time before the sender's clock is taken as wrong. Within it the
 * gap is transit time (network, queues, a busy event loop), not skew: it differs from one request to the
 * next, so "correcting" by it would shift each batch of a sender by its own delay and could put a
 * shopper's later event (Product Added, in a faster batch) before an earlier one (Product Viewed).
 */
export const CLOCK_SKEW_TOLERANCE_MS = 10_000;

/**
 * Segment's clock-skew correction: `timestamp = receivedAt - (sentAt - originalTimestamp)`, so a device
 * whose clock is off still places its events right. Without `sentAt`, or when `sentAt` is within
 * CLOCK_SKEW_TOLERANCE_MS of the arrival (the clock is right), the claimed time is kept as it is, so the
 * events of one sender keep the order they happened in across its concurrent batches.
 */
function correctedTimestamp(message: SegmentMessage, sentAt: string | undefined, receivedAt: Date) {
  const original = message.originalTimestamp ?? message.timestamp;
  const sent = sentTime(message.sentAt ?? sentAt);
  const happened = happenedTime(original);
  if (sent === undefined || happened === undefined) return original;
  if (Math.abs(receivedAt.getTime() - sent) <= CLOCK_SKEW_TOLERANCE_MS) return original;
  const corrected = receivedAt.getTime() - (sent - happened);
  // Events of a batch often share their times: the text is written once for a run of them.
  if (corrected !== lastCorrected) {
    lastCorrected = corrected;
    lastCorrectedText = new Date(corrected).toISOString();
  }
  return lastCorrectedText;
}
let lastCorrected = Number.NaN;
let lastCorrectedText = '';

/** A messageId our event ids cannot hold (too short, other characters) is replaced by a stable hash of it. */
const eventIdOf = (messageId: string) =>
  EVENT_ID.test(messageId)
    ? messageId
    : `m-${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;

/** `context.screen`'s width and height (analytics.js also sends `density`, which is not kept). */
function pixelsOf(screen: unknown) {
  if (typeof screen !== 'object' || screen === null) return undefined;
  const { width, height } = screen as { width?: unknown; height?: unknown };
  return height === undefined ? { width } : { width, height };
}

const idText = (id: string | number | null | undefined) =>
  id === undefined || id === null || id === '' ? undefined : String(id);

const NO_CLIENT: MessageClient = Object.freeze({});
const NO_IDENTITY: MessageIdentity = Object.freeze({});

/**
 * A Segment Tracking API message (or a tracker message, which has the same shape) in our event spec,
 * with the browser facts and identifiers that are used for enrichment but never stored.
 * Unknown or malformed parts are passed on so that validation names them. `context` is the batch's
 * shared context under the message's own (Segment's `batch[].context` over the body's `context`).
 * The message is the parsed body's, ours alone: its properties are normalised in place.
 */
export function fromSegment(
  message: SegmentMessage,
  options: { minorUnits: boolean; receivedAt: Date; sentAt?: string; context?: SegmentMessage['context'] },
): ConvertedMessage {
  const context = (options.context ? { ...options.context, ...message.context } : message.context) ?? {};
  const type = message.type ?? 'track';
  const raw =
    type === 'identify' || type === 'group'
      ? message.traits
      : type === 'alias'
        ? undefined
        : (message.properties ?? message.traits);
  const properties = raw ? normalise(raw as Record<string, unknown>, options.minorUnits) : {};
  const groupId = idText(message.groupId);
  if (type === 'group' && groupId !== undefined) properties.groupId = groupId;
  const converted: Record<string, unknown> = { type, properties };
  if (message.messageId !== undefined) converted.id = eventIdOf(message.messageId);
  if (message.event !== undefined) converted.event = message.event;
  const timestamp = correctedTimestamp(message, options.sentAt, options.receivedAt);
  if (timestamp !== undefined) converted.timestamp = timestamp;
  const userId = idText(message.userId);
  const anonymousId = idText(message.anonymousId);
  if (userId !== undefined) converted.userId = userId;
  if (anonymousId !== undefined) converted.anonymousId = anonymousId;
  if (typeof context.sessionId === 'string' && context.sessionId) converted.sessionId = context.sessionId;
  // A numeric session id is a start time in ms: two visitors may share one, so it is scoped to the sender.
  if (typeof context.sessionId === 'number')
    converted.sessionId = `${anonymousId ?? userId ?? ''}:${context.sessionId}`.slice(-64);
  const page = pageOf(type, context, properties, message.name);
  if (page) converted.page = page;
  // analytics.js's `context.screen` and `context.locale`: enrichment only, so a malformed one is dropped
  // rather than refusing the event.
  if (context.screen !== undefined) {
    const screen = ScreenSize.safeParse(pixelsOf(context.screen));
    if (screen.success) converted.screen = screen.data;
  }
  if (typeof context.locale === 'string' && LanguageTag.safeParse(context.locale).success)
    converted.locale = context.locale;
  let client = NO_CLIENT;
  if (context.userAgent || context.ip) {
    client = {};
    if (context.userAgent) client.userAgent = context.userAgent;
    if (context.ip) client.ip = context.ip;
  }
  const previousId = idText(message.previousId);
  return { event: converted, client, identity: previousId === undefined ? NO_IDENTITY : { previousId } };
}

/** Our event's `page`: the message's `context.page` over a page call's properties (a screen's name). */
function pageOf(
  type: string,
  context: NonNullable<SegmentMessage['context']>,
  properties: Record<string, unknown>,
  name: string | null | undefined,
): Record<string, unknown> | undefined {
  const contextPage = type === 'screen' ? undefined : (context.page as Record<string, unknown> | undefined);
  // A track call's page is its context's, as it is (the usual event: no object is built for it).
  if (type !== 'page' && type !== 'screen') {
    if (contextPage === undefined) return undefined;
    let fields = 0;
    let others = false;
    for (const field in contextPage) {
      if (contextPage[field] === undefined) continue;
      if ((PAGE_FIELDS as readonly string[]).includes(field)) fields++;
      else others = true;
    }
    if (!others) return fields ? contextPage : undefined;
  }
  const fromProperties: Record<string, unknown> =
    type === 'page'
      ? {
          url: properties.url,
          path: properties.path,
          referrer: properties.referrer,
          title: properties.title ?? name,
          search: properties.search,
        }
      : type === 'screen'
        ? { title: name ?? properties.name }
        : {};
  const page: Record<string, unknown> = {};
  let fields = 0;
  for (const field of PAGE_FIELDS) {
    const value = contextPage?.[field] !== undefined ? contextPage[field] : fromProperties[field];
    if (value === undefined) continue;
    page[field] = value;
    fields++;
  }
  return fields ? page : undefined;
}
