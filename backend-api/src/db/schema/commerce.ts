import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { products, variants } from './catalog';

/** Carts, checkout, orders, inventory, discounts, shipping and the outbox (issue 6). */

export const orderStatus = pgEnum('order_status', [
  'pending',
  'paid',
  'fulfilled',
  'delivered',
  'cancelled',
  'refunded',
]);
export const actorType = pgEnum('actor_type', ['customer', 'staff', 'system']);
export const noteVisibility = pgEnum('note_visibility', ['internal', 'customer']);
export const discountKind = pgEnum('discount_kind', ['percentage', 'fixed']);
export const stockAdjustmentReason = pgEnum('stock_adjustment_reason', ['received', 'damaged', 'correction']);

export const orderNumberSequence = pgSequence('order_number_seq', { startWith: 100001 });

export const shippingOptions = pgTable(
  'shipping_options',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    carrier: text().notNull(),
    price: integer().notNull(),
    currency: text().notNull().default('EUR'),
    /** Free shipping from this discounted subtotal on; null = never free. */
    freeOver: integer(),
    /** ISO country codes served; empty = everywhere. */
    countries: text().array().notNull().default(sql`'{}'::text[]`),
    minDays: integer().notNull().default(2),
    maxDays: integer().notNull().default(5),
    position: integer().notNull().default(0),
    active: boolean().notNull().default(true),
  },
  (t) => [check('shipping_options_price_nonnegative', sql`${t.price} >= 0`)],
);

export const discountCodes = pgTable(
  'discount_codes',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Upper case. */
    code: text().notNull(),
    kind: discountKind().notNull(),
    /** Percent for percentage codes; minor units for fixed ones. */
    value: integer().notNull(),
    currency: text().notNull().default('EUR'),
    minimumSubtotal: integer().notNull().default(0),
    usageLimit: integer(),
    timesUsed: integer().notNull().default(0),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('discount_codes_code_unique').on(t.code),
    check('discount_codes_value_positive', sql`${t.value} > 0`),
    check(
      'discount_codes_usage_within_limit',
      sql`${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit}`,
    ),
    check('discount_codes_times_used_nonnegative', sql`${t.timesUsed} >= 0`),
  ],
);

export const carts = pgTable(
  'carts',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** SHA-256 of the guest cart token; null for a customer's cart. */
    tokenHash: text(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    discountCodeId: uuid().references(() => discountCodes.id, { onDelete: 'set null' }),
    shippingCountry: text(),
    shippingOptionId: text().references(() => shippingOptions.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('carts_token_unique').on(t.tokenHash),
    uniqueIndex('carts_user_unique').on(t.userId),
    check('carts_owner', sql`(${t.tokenHash} is null) <> (${t.userId} is null)`),
  ],
);

export const cartItems = pgTable(
  'cart_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    cartId: uuid()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_items_cart_variant_unique').on(t.cartId, t.variantId),
    check('cart_items_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    email: text().notNull(),
    status: orderStatus().notNull().default('pending'),
    currency: text().notNull(),
    subtotal: integer().notNull(),
    discount: integer().notNull().default(0),
    shipping: integer().notNull().default(0),
    tax: integer().notNull().default(0),
    total: integer().notNull(),
    /** Whether the prices were sold with the tax inside them (the shop setting then); orders before it: on top. */
    taxIncluded: boolean().notNull().default(false),
    /** The destination's tax rate applied, in basis points (1900 = 19 %). */
    taxRateBasisPoints: integer().notNull().default(0),
    discountCodeId: uuid().references(() => discountCodes.id, { onDelete: 'set null' }),
    discountCode: text(),
    shippingOptionId: text().notNull(),
    shippingOptionName: text().notNull(),
    shippingAddress: jsonb().$type<Record<string, string | null>>().notNull(),
    carrier: text(),
    trackingNumber: text(),
    cardBrand: text().notNull(),
    cardLast4: text().notNull(),
    paymentReference: text(),
    /** `test` (card details through this API) or `stripe` (a PaymentIntent; webhooks decide). */
    paymentProvider: text().notNull().default('test'),
    /** The cart it was placed from, emptied when the payment is captured (maybe by a webhook, later). */
    cartId: uuid(),
    /**
     * The storefront's analytics `checkout_id` (its Checkout Started event's): sent on the order's analytics
     * events, so analytics counts the order in the browser session that checked out. Null for API orders.
     */
    checkoutId: text(),
    /** Refunded so far (minor units), refunds in flight included; never more than the total (issue 17). */
    refunded: integer().notNull().default(0),
    /** A pending order whose payment has not completed by then is cancelled and its stock released. */
    reservedUntil: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_unique').on(t.number),
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_created_idx').on(t.createdAt),
    index('orders_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
    index('orders_pending_expiry_idx').on(t.reservedUntil).where(sql`${t.status} = 'pending'`),
    index('orders_payment_reference_idx').on(t.paymentReference),
    check('orders_refunded_within_total', sql`${t.refunded} >= 0 and ${t.refunded} <= ${t.total}`),
    check(
      'orders_amounts_nonnegative',
      sql`${t.subtotal} >= 0 and ${t.discount} >= 0 and ${t.shipping} >= 0 and ${t.tax} >= 0 and ${t.total} >= 0`,
    ),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: uuid().references(() => variants.id, { onDelete: 'set null' }),
    productId: uuid().references(() => products.id, { onDelete: 'set null' }),
    sku: text().notNull(),
    productTitle: text().notNull(),
    variantTitle: text().notNull(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    unitPrice: integer().notNull(),
    quantity: integer().notNull(),
    lineTotal: integer().notNull(),
    position: integer().notNull().default(0),
    /** Units refunded so far (refunds in flight included) and units put back on the shelf (issue 17). */
    refundedQuantity: integer().notNull().default(0),
    restockedQuantity: integer().notNull().default(0),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check(
      'order_lines_refunded_within_quantity',
      sql`${t.refundedQuantity} >= 0 and ${t.refundedQuantity} <= ${t.quantity}`,
    ),
    check(
      'order_lines_restocked_within_quantity',
      sql`${t.restockedQuantity} >= 0 and ${t.restockedQuantity} <= ${t.quantity}`,
    ),
  ],
);

/** The timeline: every status change with who made it and when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: orderStatus(),
    toStatus: orderStatus().notNull(),
    actorType: actorType().notNull(),
    actorId: uuid(),
    actorEmail: text(),
    note: text(),
    /** Staff notes are internal unless staff chose to tell the customer (issue 16). */
    noteVisibility: noteVisibility().notNull().default('internal'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.createdAt)],
);

/** One row per checkout Idempotency-Key, scoped to the cart or account that sent it. */
export const checkoutRequests = pgTable(
  'checkout_requests',
  {
    scope: text().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'cascade' }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const stockAdjustments = pgTable(
  'stock_adjustments',
  {
    id: uuid().primaryKey().defaultRandom(),
    variantId: uuid()
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    delta: integer().notNull(),
    reason: stockAdjustmentReason().notNull(),
    note: text(),
    stockAfter: integer().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorEmail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stock_adjustments_variant_idx').on(t.variantId, t.createdAt)],
);

/** Order events waiting to reach the analytics service; written in the transaction that changes the order. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Sent as the analytics event id: the same on every redelivery, so the service counts it once. */
    eventId: text().notNull(),
    orderId: uuid(),
    topic: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbox_event_id_unique').on(t.eventId),
    index('outbox_undelivered_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
  ],
);
