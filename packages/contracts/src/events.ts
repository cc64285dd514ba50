import { z } from 'zod';

/**
 * The analytics event spec, shared by the tracker, backend-api, the analytics service and the dashboard.
 * E-commerce events carry the Segment e-commerce spec names and property names; money is always integer
 * minor units plus an ISO 4217 currency (the Segment endpoints convert Segment's decimal amounts).
 */

export const MAX_EVENTS_PER_BATCH = 500;
/** Largest serialised `properties` object of one event, in characters. */
export const MAX_PROPERTIES_CHARS = 8192;

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

export const EventId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be 8-64 letters, digits, _ . : or -');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const MinorUnits = z
  .number()
  .int('must be an integer amount of minor units')
  .min(0, 'must not be negative')
  .max(10_000_000_000);
const ShortText = (max: number) => z.string().max(max);

export const ProductProperties = z.object({
  product_id: z.string().min(1).max(64),
  sku: ShortText(64).optional(),
  name: ShortText(200).optional(),
  category: ShortText(100).optional(),
  price: MinorUnits.optional(),
  quantity: z.number().int().min(1).max(10_000).default(1),
  currency: Currency.optional(),
});
export type ProductProperties = z.infer<typeof ProductProperties>;

export const OrderProperties = z.object({
  order_id: z.string().min(1).max(64),
  total: MinorUnits.describe('What the customer paid, in minor units'),
  revenue: MinorUnits.optional(),
  currency: Currency,
  products: z.array(ProductProperties).max(200).default([]),
});
export type OrderProperties = z.infer<typeof OrderProperties>;

export const RefundProperties = z.object({
  order_id: z.string().min(1).max(64),
  total: MinorUnits.optional(),
  currency: Currency.optional(),
});

const JsonPrimitive = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);
type Json = z.infer<typeof JsonPrimitive> | Json[] | { [key: string]: Json };
const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([JsonPrimitive, z.array(JsonValue).max(200), z.record(z.string().max(64), JsonValue)]),
);

export const EventProperties = z
  .record(z.string().max(64), JsonValue)
  .refine((value) => JSON.stringify(value).length <= MAX_PROPERTIES_CHARS, {
    message: `must serialise to at most ${MAX_PROPERTIES_CHARS} characters`,
  });

export const PageContext = z.object({
  url: z.string().max(2048).optional(),
  path: z.string().max(1024).optional(),
  referrer: z.string().max(2048).optional(),
  title: z.string().max(300).optional(),
  search: z.string().max(2048).optional(),
});
export type PageContext = z.infer<typeof PageContext>;

export const EventType = z.enum(['page', 'track', 'identify']);
export type EventType = z.infer<typeof EventType>;

const propertiesOf: Record<string, z.ZodType> = {
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
    event: z.string().min(1).max(100).optional().describe('Required for track: e.g. Product Viewed'),
    timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened (ISO 8601)'),
    sessionId: z.string().min(1).max(64).optional(),
    userId: z.string().min(1).max(64).optional(),
    anonymousId: z.string().min(1).max(64).optional(),
    page: PageContext.optional(),
    properties: EventProperties.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.type === 'track' && !input.event) {
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'is required for a track event' });
    }
    const schema = input.event ? propertiesOf[input.event] : undefined;
    if (!schema) return;
    const parsed = schema.safeParse(input.properties ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['properties', ...issue.path], message: issue.message });
      }
    }
  });
export type EventInput = z.infer<typeof EventInput>;

/** POST /api/events: one event, or `{ batch: [...] }` with up to 500. */
export const EventBatchInput = z.strictObject({
  batch: z.array(EventInput).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const RejectedEvent = z.object({
  index: z.number().int().describe('Position in the batch'),
  id: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export const IngestResponse = z.object({
  accepted: z.number().int().describe('Events confirmed by the queue'),
  ids: z.array(z.string()).describe('Ids of the accepted events, in order'),
  filtered: z
    .number()
    .int()
    .describe('Events dropped on purpose: bots, Do Not Track, Global Privacy Control'),
  rejected: z.array(RejectedEvent),
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
