import { z } from 'zod';
import { CountryCode, CurrencyCode, Totals } from './money';

/**
 * Checkout and order contracts (issue 6).
 *
 * Routes:
 *   POST /checkout                               CheckoutRequest, header Idempotency-Key (required) → 201 CheckoutResponse
 *        402 payment_declined (stock and cart unchanged), 409 out_of_stock (`variantId` in the problem),
 *        409 conflict when the key was used with another body, 503 payment processing unavailable.
 *        Same key + same body → the same order (200 on a replay, header `idempotent-replayed: true`).
 *        A key whose checkout failed (declined, out of stock) is released and may be used again.
 *        With Stripe configured: no card in the body; the order is answered `pending` with a `clientSecret`.
 *   GET  /checkout/orders/:id                    → Order, to the cart or account that placed it (polled
 *        by the confirmation page until a webhook has paid or cancelled the order).
 *   POST /webhooks/stripe                        Stripe's signed events (raw body, Stripe-Signature) → 200
 *   GET  /me/orders                              MyOrderListQuery → OrderList        (signed in)
 *   GET  /me/orders/:number                      → Order                              (signed in)
 *   GET  /admin/orders                           AdminOrderListQuery → OrderList      (staff)
 *   GET  /admin/orders/:number                   → Order                              (staff)
 *   POST /admin/orders/:number/transitions       OrderTransitionRequest → Order       (staff)
 *        409 invalid_transition-like conflict with `from`, `to` and `allowed` in the problem.
 *   GET  /admin/stats/today                      → TodayStats                         (staff)
 *   GET  /admin/users/:id/orders                 → OrderList                          (staff)
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export const OrderStatus = z.enum(['pending', 'paid', 'fulfilled', 'delivered', 'cancelled', 'refunded']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The order state machine: from → the states it may move to. Anything else is refused with 409. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded'],
  fulfilled: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** Transitions staff may ask for (`paid` only comes from the payment provider). */
export const StaffTransition = z.enum(['fulfilled', 'delivered', 'cancelled', 'refunded']);
export type StaffTransition = z.infer<typeof StaffTransition>;

const Name = z.string().trim().min(1).max(100);

export const ShippingAddressInput = z.strictObject({
  fullName: Name,
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullish(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).nullish(),
  postalCode: z.string().trim().min(1).max(20),
  country: CountryCode,
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'must be a phone number')
    .nullish(),
});
export type ShippingAddressInput = z.infer<typeof ShippingAddressInput>;

export const ShippingAddress = z.object({
  fullName: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().nullable(),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const PaymentCardInput = z.strictObject({
  cardNumber: z
    .string()
    .max(30)
    .regex(/^[0-9 ]{12,23}$/, 'must be a card number')
    .describe(
      'Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 0119 fails once with a retryable processing error',
    ),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^[0-9]{3,4}$/, 'must be 3 or 4 digits'),
});
export type PaymentCardInput = z.infer<typeof PaymentCardInput>;

export const CheckoutRequest = z.strictObject({
  email: z.email('must be an email address').max(254),
  shippingAddress: ShippingAddressInput,
  shippingOptionId: z.string().min(1).max(40),
  payment: PaymentCardInput.optional().describe(
    'The card, with the test provider (required then). Left out when the shop takes payments with Stripe: the shopper enters the card in Stripe’s Payment Element',
  ),
  checkoutId: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
    .optional()
    .describe(
      'The `checkout_id` of the storefront’s Checkout Started event: kept on the order and sent on its analytics events, so analytics counts the order in the browser session that checked out (Segment’s e-commerce spec)',
    ),
});
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const CheckoutHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, _ . : or -')
    .describe('Required: a unique key per checkout attempt (a UUID)'),
});

export const OrderLine = z.object({
  id: z.uuid(),
  variantId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  sku: z.string(),
  productTitle: z.string().describe('As sold'),
  variantTitle: z.string(),
  options: z.record(z.string(), z.string()),
  unitPrice: z.number().int().describe('As sold, minor units'),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
  refundedQuantity: z.number().int().describe('Units refunded so far'),
  restockedQuantity: z
    .number()
    .int()
    .describe('Units put back on the shelf (refunds, returns, cancellation)'),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const ActorType = z.enum(['customer', 'staff', 'system']);

/** Who reads a staff note: staff only (the default), or the customer too (on their timeline and by mail). */
export const NoteVisibility = z.enum(['internal', 'customer']);
export type NoteVisibility = z.infer<typeof NoteVisibility>;

export const OrderTimelineEntry = z.object({
  id: z.uuid(),
  from: OrderStatus.nullable(),
  to: OrderStatus,
  actor: z.object({
    type: ActorType,
    id: z.uuid().nullable(),
    email: z.string().nullable(),
  }),
  note: z.string().nullable(),
  noteVisibility: NoteVisibility,
  at: z.iso.datetime(),
});
export type OrderTimelineEntry = z.infer<typeof OrderTimelineEntry>;

/**
 * Where the order's money stands: awaiting (not captured yet), captured, partially_refunded, refunded, or
 * voided (cancelled before anything was captured).
 */
export const PaymentStatus = z.enum(['awaiting', 'captured', 'partially_refunded', 'refunded', 'voided']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** The payment as staff and the customer see it; the provider's charge id is never part of it. */
export const OrderPayment = z.object({
  provider: z.string().nullable().describe('test or stripe; null before a charge'),
  status: PaymentStatus,
  brand: z.string(),
  last4: z.string().describe('The last 4 digits of the card, where the provider gives them'),
  captured: z.number().int().describe('Minor units'),
  refunded: z.number().int().describe('Minor units, refunds in flight included'),
  remaining: z.number().int().describe('Captured minus refunded: the most a refund may still give back'),
  currency: CurrencyCode,
});
export type OrderPayment = z.infer<typeof OrderPayment>;

export const Order = z.object({
  id: z.uuid(),
  number: z.string().describe('Readable order number, e.g. SS-100042'),
  status: OrderStatus,
  email: z.string(),
  customerId: z.uuid().nullable(),
  lines: z.array(OrderLine),
  totals: Totals,
  discountCode: z.string().nullable(),
  shippingAddress: ShippingAddress,
  shippingOption: z.object({ id: z.string(), name: z.string() }),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  payment: OrderPayment,
  timeline: z.array(OrderTimelineEntry),
  allowedTransitions: z.array(OrderStatus).describe('What staff may move this order to now'),
  placedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Order = z.infer<typeof Order>;

/** What `POST /checkout` answers: the order (as its customer sees it) and how to complete its payment. */
export const CheckoutResponse = Order.extend({
  clientSecret: z
    .string()
    .nullable()
    .describe(
      'With Stripe: the PaymentIntent’s client secret, for the Payment Element to confirm; the order stays `pending` until Stripe’s webhook says the payment succeeded. Null with the test provider (the order is already paid)',
    ),
});
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

export const CheckoutOrderParams = z.strictObject({ id: z.uuid() });

export const OrderSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  status: OrderStatus,
  email: z.string(),
  customerId: z.uuid().nullable(),
  itemCount: z.number().int(),
  total: z.number().int(),
  refunded: z.number().int().describe('Minor units refunded so far; between 0 and total: partially refunded'),
  currency: CurrencyCode,
  placedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderList = z.object({
  items: z.array(OrderSummary),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type OrderList = z.infer<typeof OrderList>;

export const OrderNumberParams = z.strictObject({
  number: z
    .string()
    .max(20)
    .regex(/^SS-[0-9]{4,10}$/, 'must be an order number such as SS-100042'),
});

export const MyOrderListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type MyOrderListQuery = z.infer<typeof MyOrderListQuery>;

const DateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const AdminOrderListQuery = z.strictObject({
  status: OrderStatus.optional(),
  from: DateBound.optional().describe('Placed at or after (date = start of that UTC day)'),
  to: DateBound.optional().describe('Placed before the end of that UTC day (or before the instant)'),
  email: z.string().max(254).optional().describe("Part of the customer's email"),
  customerId: z.uuid().optional(),
  q: z.string().trim().max(254).optional().describe('Order number or part of the email'),
  minTotal: z.coerce.number().int().min(0).max(100_000_000).optional().describe('Minor units'),
  maxTotal: z.coerce.number().int().min(0).max(100_000_000).optional().describe('Minor units'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
export type AdminOrderListQuery = z.infer<typeof AdminOrderListQuery>;

export const OrderTransitionRequest = z.strictObject({
  to: StaffTransition,
  carrier: z.string().trim().min(1).max(60).optional().describe('With to=fulfilled'),
  trackingNumber: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9 -]+$/, 'must be letters, digits, spaces or dashes')
    .optional()
    .describe('Required with to=fulfilled'),
  note: z.string().trim().max(500).optional(),
  noteVisibility: NoteVisibility.default('internal').describe(
    '`customer` shows the note on the customer’s timeline and mails it to them',
  ),
});
export type OrderTransitionRequest = z.infer<typeof OrderTransitionRequest>;

export const TodayStats = z.object({
  date: z.iso.date().describe("The shop's day, in its time zone"),
  ordersToday: z.number().int().describe('Orders paid today (not cancelled/refunded later)'),
  revenueOfOrdersPaidToday: z
    .number()
    .int()
    .describe(
      "Totals of the orders paid today that are not cancelled or refunded now, minor units. Not analytics' netRevenueToday, which subtracts a refund or cancellation on the day it is made",
    ),
  capturedToday: z
    .number()
    .int()
    .describe('Minor units captured today (orders paid today, whatever happened to them later)'),
  refundedToday: z.number().int().describe('Minor units refunded today (refunds and cancellations)'),
  netRevenueToday: z.number().int().describe('capturedToday − refundedToday'),
  currency: CurrencyCode,
  awaitingFulfilment: z.number().int().describe('Orders in status paid'),
  lowStockVariants: z.number().int(),
});
export type TodayStats = z.infer<typeof TodayStats>;
