import { z } from 'zod';
import { isStorableText, Text, UNSTORABLE_TEXT_MESSAGE } from './text';

/**
 * The analytics event spec, shared by the tracker, backend-api, the analytics service and the dashboard.
 * E-commerce events carry the Segment e-commerce spec names and property names; money is always integer
 * minor units plus an ISO 4217 currency (the Segment endpoints convert Segment's decimal amounts).
 */

export const MAX_EVENTS_PER_BATCH = 500;
export const BATCH_LIMIT_MESSAGE = `must hold at most ${MAX_EVENTS_PER_BATCH} events`;

/*
 * What an event's free-form `properties` may hold, so that every accepted event is storable in MongoDB 7
 * and FerretDB 1.24 alike (MongoDB refuses documents nested deeper than 100 levels and, like FerretDB,
 * keys starting with `$`; FerretDB also refuses keys with a `.`). Such keys are refused, not rewritten:
 * a rewritten key would silently stop matching what the sender's own reports filter on.
 */
/** Objects and arrays nested in `properties`, counting `properties` itself as level 1. */
export const MAX_PROPERTIES_DEPTH = 8;
export const MAX_PROPERTY_KEYS = 100;
export const MAX_PROPERTY_KEY_CHARS = 64;
export const MAX_PROPERTY_ITEMS = 200;
export const MAX_PROPERTY_TEXT_CHARS = 1024;
/** Largest serialised `properties` object of one event, in characters. */
export const MAX_PROPERTIES_CHARS = 8192;

export const PROPERTIES_LIMITS_TEXT =
  `\`properties\` nest objects and arrays at most ${MAX_PROPERTIES_DEPTH} levels deep, with at most ` +
  `${MAX_PROPERTY_KEYS} keys per object, ${MAX_PROPERTY_ITEMS} items per array and ${MAX_PROPERTY_TEXT_CHARS} ` +
  `characters per string, and serialise to at most ${MAX_PROPERTIES_CHARS} characters. Keys are at most ` +
  `${MAX_PROPERTY_KEY_CHARS} characters; a key containing \`.\` or starting with \`$\` is refused (not ` +
  'rewritten), as is a NUL character or an unpaired surrogate in any key or string: such an event is refused ' +
  'with its field named, and in a batch only that event is.';

export interface UnstorableProperty {
  /** Object keys and array indexes from `properties`. */
  path: (string | number)[];
  message: string;
}

function keyProblem(key: string): string | undefined {
  if (!isStorableText(key)) return `key ${UNSTORABLE_TEXT_MESSAGE}`;
  if (key.length > MAX_PROPERTY_KEY_CHARS) return `key must be at most ${MAX_PROPERTY_KEY_CHARS} characters`;
  if (key.includes('.')) return 'key must not contain "."';
  if (key.startsWith('$')) return 'key must not start with "$"';
  return undefined;
}

/** JSON.stringify writes a finite number in at most 25 characters ("-0.0000012345678901234567"). */
const MAX_NUMBER_CHARS = 32;

/**
 * An upper bound of the serialised size of `properties` (each UTF-16 unit of a string at most 6
 * characters, `\uXXXX`), or undefined as soon as anything breaks a limit other than the size. It
 * keeps no paths and serialises nothing: the ingest hot path takes a storable event without allocating.
 */
function storableSizeBound(properties: unknown): number | undefined {
  const values: unknown[] = [properties];
  const depths: number[] = [0];
  let size = 0;
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (value.length > MAX_PROPERTY_TEXT_CHARS || !isStorableText(value)) return undefined;
      size += 6 * value.length + 2;
      continue;
    }
    if (value === null || typeof value === 'boolean') {
      size += 5;
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return undefined;
      size += MAX_NUMBER_CHARS;
      continue;
    }
    if (typeof value !== 'object' || depth >= MAX_PROPERTIES_DEPTH) return undefined;
    if (Array.isArray(value)) {
      if (value.length > MAX_PROPERTY_ITEMS) return undefined;
      size += 2 + value.length;
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_PROPERTY_KEYS) return undefined;
    size += 2 + keys.length;
    for (const key of keys) {
      if (keyProblem(key)) return undefined;
      size += 6 * key.length + 3;
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return size;
}

/**
 * The first thing in `properties` that breaks the limits above, or null. Iterative and stopping at the
 * depth limit, so a value nested thousands of levels deep is refused without exhausting the stack.
 * A first pass without paths answers for the usual event; only one it cannot clear is walked again
 * with paths (and serialised, when only its size is in doubt).
 */
export function findUnstorableProperty(properties: unknown): UnstorableProperty | null {
  const bound = storableSizeBound(properties);
  if (bound !== undefined && bound <= MAX_PROPERTIES_CHARS) return null;
  interface Step {
    value: unknown;
    path: (string | number)[];
  }
  const stack: Step[] = [{ value: properties, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return { path, message: UNSTORABLE_TEXT_MESSAGE };
      if (value.length > MAX_PROPERTY_TEXT_CHARS)
        return { path, message: `must be at most ${MAX_PROPERTY_TEXT_CHARS} characters` };
      continue;
    }
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { path, message: 'must be a finite number' };
      continue;
    }
    if (typeof value !== 'object') return { path, message: 'must be a JSON value' };
    if (path.length >= MAX_PROPERTIES_DEPTH)
      return { path, message: `must not nest objects or arrays deeper than ${MAX_PROPERTIES_DEPTH} levels` };
    if (Array.isArray(value)) {
      if (value.length > MAX_PROPERTY_ITEMS)
        return { path, message: `must have at most ${MAX_PROPERTY_ITEMS} items` };
      for (let index = value.length - 1; index >= 0; index -= 1)
        stack.push({ value: value[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_PROPERTY_KEYS)
      return { path, message: `must have at most ${MAX_PROPERTY_KEYS} keys` };
    for (const key of keys) {
      const problem = keyProblem(key);
      if (problem) return { path: [...path, key], message: problem };
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  if (JSON.stringify(properties).length > MAX_PROPERTIES_CHARS)
    return { path: [], message: `must serialise to at most ${MAX_PROPERTIES_CHARS} characters` };
  return null;
}

export const EcommerceEvent = {
  ProductsSearched: 'Products Searched',
  ProductListViewed: 'Product List Viewed',
  ProductClicked: 'Product Clicked',
  ProductViewed: 'Product Viewed',
  ProductAdded: 'Product Added',
  ProductRemoved: 'Product Removed',
  CartViewed: 'Cart Viewed',
  CheckoutStarted: 'Checkout Started',
  CheckoutStepCompleted: 'Checkout Step Completed',
  PaymentInfoEntered: 'Payment Info Entered',
  OrderCompleted: 'Order Completed',
  OrderRefunded: 'Order Refunded',
  OrderCancelled: 'Order Cancelled',
} as const;
export type EcommerceEvent = (typeof EcommerceEvent)[keyof typeof EcommerceEvent];

/** Orders and revenue are accepted only with the server key (from backend-api), never from browsers. */
export const SERVER_ONLY_EVENTS: readonly string[] = [
  EcommerceEvent.OrderCompleted,
  EcommerceEvent.OrderRefunded,
  EcommerceEvent.OrderCancelled,
];

/** Up to 100 characters: Segment's messageId limit. */
export const EventId = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be 8-100 letters, digits, _ . : or -');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const MinorUnits = z
  .number()
  .int('must be an integer amount of minor units')
  .min(0, 'must not be negative')
  .max(10_000_000_000);
const ShortText = (max: number) => Text().max(max);

export const ProductProperties = z.object({
  product_id: Text().min(1).max(64),
  sku: ShortText(64).optional(),
  name: ShortText(200).optional(),
  category: ShortText(100).optional(),
  price: MinorUnits.optional(),
  quantity: z.number().int().min(1).max(10_000).default(1),
  currency: Currency.optional(),
});
export type ProductProperties = z.infer<typeof ProductProperties>;

export const OrderProperties = z.object({
  order_id: Text().min(1).max(64),
  total: MinorUnits.describe('What the customer paid, in minor units'),
  revenue: MinorUnits.optional(),
  currency: Currency,
  products: z.array(ProductProperties).max(200).default([]),
});
export type OrderProperties = z.infer<typeof OrderProperties>;

export const RefundProperties = z.object({
  order_id: Text().min(1).max(64),
  total: MinorUnits.optional(),
  currency: Currency.optional(),
});

export const EventProperties = z
  .record(z.string(), z.unknown())
  .superRefine((properties, ctx) => {
    const found = findUnstorableProperty(properties);
    if (found) ctx.addIssue({ code: 'custom', path: found.path, message: found.message });
  })
  .describe(PROPERTIES_LIMITS_TEXT);

export const PageContext = z.object({
  url: Text().max(2048).optional(),
  path: Text().max(1024).optional(),
  referrer: Text().max(2048).optional(),
  title: Text().max(300).optional(),
  search: Text().max(2048).optional(),
});
export type PageContext = z.infer<typeof PageContext>;

/** The browser's screen (CSS pixels): only its class by width is kept (`screenClassOf`). */
export const ScreenSize = z.strictObject({
  width: z.number().int().min(0).max(100_000),
  height: z.number().int().min(0).max(100_000).optional(),
});
export type ScreenSize = z.infer<typeof ScreenSize>;

/** A BCP 47 language tag as browsers give it (`en-US`, `de`, `zh-Hant-TW`); only its language is kept. */
export const LanguageTag = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en-US');

/**
 * Screen classes by width, as Plausible has them: mobile below 576 px, tablet below 992, laptop below
 * 1440, desktop from 1440.
 */
export const SCREEN_CLASSES = ['mobile', 'tablet', 'laptop', 'desktop'] as const;
export type ScreenClass = (typeof SCREEN_CLASSES)[number];
export function screenClassOf(width: number): ScreenClass {
  if (width < 576) return 'mobile';
  if (width < 992) return 'tablet';
  if (width < 1440) return 'laptop';
  return 'desktop';
}

/** The language subtag of a tag, lower case (`en-US` → `en`): what the language dimension holds. */
export const languageOf = (locale: string) => locale.split(/[-_]/)[0]!.toLowerCase();

/** `screen` is a mobile app's pageview, reported apart; `group` and `alias` are stored and counted as events. */
export const EventType = z.enum(['page', 'screen', 'track', 'identify', 'group', 'alias']);
export type EventType = z.infer<typeof EventType>;

/** The properties schema each e-commerce event name requires (EventInput checks them). */
export const EVENT_PROPERTIES: Readonly<Record<string, z.ZodType>> = {
  [EcommerceEvent.ProductViewed]: ProductProperties,
  [EcommerceEvent.ProductClicked]: ProductProperties,
  [EcommerceEvent.ProductAdded]: ProductProperties,
  [EcommerceEvent.ProductRemoved]: ProductProperties,
  [EcommerceEvent.OrderCompleted]: OrderProperties,
  [EcommerceEvent.OrderRefunded]: RefundProperties,
  [EcommerceEvent.OrderCancelled]: RefundProperties,
};

/** One event as clients send it to POST /api/events (and, converted, to /collect and /v1/*). */
export const EventInput = z
  .strictObject({
    id: EventId.optional().describe('Client-chosen unique id; assigned by the service when absent'),
    type: EventType,
    event: Text().min(1).max(100).optional().describe('Required for track: e.g. Product Viewed'),
    timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened (ISO 8601)'),
    sessionId: Text().min(1).max(64).optional(),
    userId: Text().min(1).max(64).optional(),
    anonymousId: Text().min(1).max(64).optional(),
    page: PageContext.optional(),
    screen: ScreenSize.optional().describe("The browser's screen in CSS pixels; only its class is kept"),
    locale: LanguageTag.optional().describe(
      "The browser's language (navigator.language); only the language is kept",
    ),
    properties: EventProperties.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.type === 'track' && !input.event) {
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'is required for a track event' });
    }
    // Own names only: an event called `constructor` is not a schema.
    const schema =
      input.event && Object.hasOwn(EVENT_PROPERTIES, input.event) ? EVENT_PROPERTIES[input.event] : undefined;
    if (!schema) return;
    const parsed = schema.safeParse(input.properties ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['properties', ...issue.path], message: issue.message });
      }
    }
  });
export type EventInput = z.infer<typeof EventInput>;

export const RejectedEvent = z.object({
  index: z.number().int().describe('Position in the batch'),
  id: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const IgnoreReason = z.enum(['server_only', 'bot', 'do_not_track', 'referrer_blocked']);
export type IgnoreReason = z.infer<typeof IgnoreReason>;

export const IgnoredEvent = z.object({
  index: z.number().int().describe('Position in the batch'),
  id: z.string().optional(),
  reason: IgnoreReason.describe(
    'server_only: an order or refund event, counted only with the server key; bot: a crawler user agent; ' +
      'do_not_track: DNT or Global Privacy Control; referrer_blocked: a referrer on the site blocklist',
  ),
});
export type IgnoredEvent = z.infer<typeof IgnoredEvent>;

export const IngestResponse = z.object({
  accepted: z.number().int().describe('Events confirmed by the queue'),
  ids: z.array(z.string()).describe('Ids of the accepted events, in order'),
  filtered: z
    .number()
    .int()
    .describe('Events dropped on purpose: bots, Do Not Track, Global Privacy Control'),
  rejected: z.array(RejectedEvent),
  ignored: z
    .array(IgnoredEvent)
    .optional()
    .describe('Well-formed events not counted by rule, with the reason (the Segment routes list them)'),
});
export type IngestResponse = z.infer<typeof IngestResponse>;

/** An event after validation and enrichment: what travels on the queue and is stored raw. */
export const EnrichedEvent = z.object({
  id: EventId,
  site: z.string(),
  type: EventType,
  name: z.string().describe("'pageview' for a page event, else the event name"),
  occurredAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  visitorId: z.string(),
  sessionId: z.string(),
  userId: z.string().optional(),
  trusted: z.boolean().describe('Sent with the server key'),
  path: z.string().optional(),
  title: z.string().optional(),
  referrerHost: z.string().optional(),
  hostname: z.string().max(253).optional().describe("The page URL's host, lower case"),
  screen: z
    .enum(SCREEN_CLASSES)
    .optional()
    .describe('The screen class by width (mobile, tablet, laptop, desktop)'),
  language: z.string().max(8).optional().describe("The browser's language subtag, lower case (en, de)"),
  region: z
    .string()
    .max(100)
    .optional()
    .describe('`<country>-<region name>` (GB-England), from the client address at ingest (DB-IP City Lite)'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('ISO 3166-1 alpha-2, from the client address at ingest (the address is not kept)'),
  utm: z
    .object({
      source: z.string().optional(),
      medium: z.string().optional(),
      campaign: z.string().optional(),
      term: z.string().optional(),
      content: z.string().optional(),
    })
    .default({}),
  device: z.string(),
  browser: z.string(),
  os: z.string(),
  properties: z.record(z.string(), z.unknown()).default({}),
});
export type EnrichedEvent = z.infer<typeof EnrichedEvent>;

/** One message on the events queue: the events of one accepted request. */
export const EventsMessage = z.object({ events: z.array(EnrichedEvent).min(1).max(MAX_EVENTS_PER_BATCH) });
export type EventsMessage = z.infer<typeof EventsMessage>;
