import { and, asc, desc, eq, gte, ilike, isNotNull, isNull, lt, lte, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { checkoutRequests, orderEvents, orderLines, orders } from '../../db/schema';
import { type Executor, prepared, type Transaction } from '../../db/transaction';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
export type NewOrder = Omit<typeof orders.$inferInsert, 'id' | 'number' | 'status' | 'reservedUntil'>;
export type NewOrderLine = Omit<typeof orderLines.$inferInsert, 'id' | 'orderId'>;

export interface OrderFilter {
  userId?: string;
  status?: OrderRow['status'];
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** ILIKE patterns the email matches, all of them. */
  emailLike?: string[];
  number?: string;
  minTotal?: number;
  maxTotal?: number;
  /** Keyset: orders placed before this one. */
  before?: { createdAt: Date; id: string };
  limit: number;
}

const counted = notInArray(orders.status, ['cancelled', 'refunded']);
const p = sql.placeholder;

// The checkout's statements, built once per connection (see `prepared`).
const byId = prepared((db) =>
  db
    .select()
    .from(orders)
    .where(eq(orders.id, p('id')))
    .limit(1)
    .prepare('orders_by_id'),
);
const linesById = prepared((db) =>
  db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, p('orderId')))
    .orderBy(asc(orderLines.position), asc(orderLines.id))
    .prepare('order_lines_of'),
);
const eventsById = prepared((db) =>
  db
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, p('orderId')))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .prepare('order_events_of'),
);
const quantities = prepared((db) =>
  db
    .select({
      variantId: sql<string>`${orderLines.variantId}`,
      quantity: sql<number>`sum(${orderLines.quantity})::int`,
    })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, p('orderId')), isNotNull(orderLines.variantId)))
    .groupBy(orderLines.variantId)
    .orderBy(asc(orderLines.variantId))
    .prepare('order_quantities_of'),
);
const ORDER_VALUES = [
  'userId',
  'email',
  'currency',
  'subtotal',
  'discount',
  'shipping',
  'tax',
  'total',
  'discountCodeId',
  'discountCode',
  'shippingOptionId',
  'shippingOptionName',
  'shippingAddress',
  'cardBrand',
  'cardLast4',
] as const;
const insertOrder = prepared((db) =>
  db
    .insert(orders)
    .values({
      ...(Object.fromEntries(ORDER_VALUES.map((name) => [name, p(name)])) as Record<
        (typeof ORDER_VALUES)[number],
        never
      >),
      number: sql`'SS-' || nextval('order_number_seq')`,
      status: 'pending',
      reservedUntil: sql`now() + ${p('minutes')} * interval '1 minute'`,
    })
    .returning()
    .prepare('orders_insert_pending'),
);
const LINE_VALUES = [
  'variantId',
  'productId',
  'sku',
  'productTitle',
  'variantTitle',
  'options',
  'unitPrice',
  'quantity',
  'lineTotal',
  'position',
] as const;
/** One statement per number of lines (an order has a handful; each count is prepared once). */
const insertLinesOf = new Map<number, ReturnType<typeof linesInsert>>();
const linesInsert = (count: number) =>
  prepared((db) =>
    db
      .insert(orderLines)
      .values(
        Array.from({ length: count }, (_, i) => ({
          orderId: p('orderId'),
          ...(Object.fromEntries(LINE_VALUES.map((name) => [name, p(`${name}${i}`)])) as Record<
            (typeof LINE_VALUES)[number],
            never
          >),
        })),
      )
      .prepare(`order_lines_insert_${count}`),
  );
const insertEvent = prepared((db) =>
  db
    .insert(orderEvents)
    .values({
      orderId: p('orderId'),
      fromStatus: p('fromStatus'),
      toStatus: p('toStatus'),
      actorType: p('actorType'),
      actorId: p('actorId'),
      actorEmail: p('actorEmail'),
      note: p('note'),
    })
    .prepare('order_events_insert'),
);
const paid = prepared((db) =>
  db
    .update(orders)
    .set({
      status: 'paid',
      paidAt: sql`now()`,
      paymentReference: sql`${p('reference')}`,
      reservedUntil: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(orders.id, p('id')), eq(orders.status, 'pending')))
    .returning()
    .prepare('orders_mark_paid'),
);
const lockPendingOrder = prepared((db) =>
  db
    .select()
    .from(orders)
    .where(and(eq(orders.id, p('id')), eq(orders.status, 'pending')))
    .for('update')
    .prepare('orders_lock_pending'),
);
const deleteOrder = prepared((db) =>
  db
    .delete(orders)
    .where(eq(orders.id, p('id')))
    .prepare('orders_delete'),
);
const claimKey = prepared((db) =>
  db
    .insert(checkoutRequests)
    .values({ scope: p('scope'), key: p('key'), requestHash: p('requestHash') })
    .onConflictDoNothing()
    .returning({ key: checkoutRequests.key })
    .prepare('checkout_requests_claim'),
);
const linkKey = prepared((db) =>
  db
    .update(checkoutRequests)
    .set({ orderId: sql`${p('orderId')}` })
    .where(and(eq(checkoutRequests.scope, p('scope')), eq(checkoutRequests.key, p('key'))))
    .prepare('checkout_requests_link'),
);
const completeKey = prepared((db) =>
  db
    .update(checkoutRequests)
    .set({ completedAt: sql`now()` })
    .where(eq(checkoutRequests.orderId, p('orderId')))
    .prepare('checkout_requests_complete'),
);
const releaseKey = prepared((db) =>
  db
    .delete(checkoutRequests)
    .where(
      and(
        eq(checkoutRequests.scope, p('scope')),
        eq(checkoutRequests.key, p('key')),
        isNull(checkoutRequests.orderId),
      ),
    )
    .prepare('checkout_requests_release'),
);

/** The orders, order_lines, order_events and checkout_requests tables; only this file writes them. */
export function createOrderRepository(db: Database) {
  return {
    /** The database outside any transaction, for calls that need none. */
    db: db as Executor,

    findById: async (tx: Executor, id: string) => (await byId(tx).execute({ id }))[0],

    /** By number; with `userId`, only that customer's. */
    findByNumber: async (number: string, userId?: string) =>
      (
        await db
          .select()
          .from(orders)
          .where(and(eq(orders.number, number), userId ? eq(orders.userId, userId) : undefined))
          .limit(1)
      )[0],

    linesOf: (tx: Executor, orderId: string) => linesById(tx).execute({ orderId }),

    eventsOf: (orderId: string) => eventsById(db).execute({ orderId }),

    /** Units per variant of an order (the lines of a variant since deleted are left out). */
    quantitiesOf: (tx: Executor, orderId: string) => quantities(tx).execute({ orderId }),

    /** A pending order numbered from the sequence, its stock held for `reservationMinutes`. */
    insertPending: async (tx: Transaction, values: NewOrder, reservationMinutes: number) =>
      (
        await insertOrder(tx).execute({
          ...Object.fromEntries(ORDER_VALUES.map((name) => [name, values[name] ?? null])),
          minutes: reservationMinutes,
        })
      )[0]!,

    insertLines: async (tx: Transaction, orderId: string, lines: NewOrderLine[]) => {
      let statement = insertLinesOf.get(lines.length);
      if (!statement) {
        statement = linesInsert(lines.length);
        insertLinesOf.set(lines.length, statement);
      }
      const values: Record<string, unknown> = { orderId };
      lines.forEach((line, i) => {
        for (const name of LINE_VALUES) values[`${name}${i}`] = line[name] ?? null;
      });
      await statement(tx).execute(values);
    },

    recordEvent: async (
      tx: Transaction,
      values: Omit<typeof orderEvents.$inferInsert, 'id' | 'createdAt'>,
    ) => {
      await insertEvent(tx).execute({
        orderId: values.orderId,
        fromStatus: values.fromStatus ?? null,
        toStatus: values.toStatus,
        actorType: values.actorType,
        actorId: values.actorId ?? null,
        actorEmail: values.actorEmail ?? null,
        note: values.note ?? null,
      });
    },

    /** Locks a pending order; with `skipLocked`, one another transaction holds answers nothing. */
    lockPending: async (tx: Transaction, id: string, skipLocked = false) =>
      skipLocked
        ? (
            await tx
              .select()
              .from(orders)
              .where(and(eq(orders.id, id), eq(orders.status, 'pending')))
              .for('update', { skipLocked: true })
          )[0]
        : (await lockPendingOrder(tx).execute({ id }))[0],

    lockByNumber: async (tx: Transaction, number: string) =>
      (await tx.select().from(orders).where(eq(orders.number, number)).for('update'))[0],

    /** Pending → paid, unless the order is no longer pending (its reservation expired meanwhile). */
    markPaid: async (tx: Transaction, id: string, paymentReference: string) =>
      (await paid(tx).execute({ id, reference: paymentReference }))[0],

    setStatus: async (
      tx: Transaction,
      id: string,
      status: OrderRow['status'],
      shipment: { carrier?: string | null; trackingNumber?: string | null } = {},
    ) =>
      (
        await tx
          .update(orders)
          .set({
            status,
            reservedUntil: null,
            updatedAt: sql`now()`,
            ...(shipment.carrier ? { carrier: shipment.carrier } : {}),
            ...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
          })
          .where(eq(orders.id, id))
          .returning()
      )[0]!,

    /** Cascades to the lines, the timeline and the idempotency record. */
    delete: async (tx: Transaction, id: string) => {
      await deleteOrder(tx).execute({ id });
    },

    expiredPendingIds: async (now: Date, limit: number) =>
      (
        await db
          .select({ id: orders.id })
          .from(orders)
          .where(and(eq(orders.status, 'pending'), lte(orders.reservedUntil, now)))
          .orderBy(asc(orders.reservedUntil))
          .limit(limit)
      ).map((row) => row.id),

    list: (filter: OrderFilter) =>
      db
        .select({
          id: orders.id,
          number: orders.number,
          status: orders.status,
          email: orders.email,
          userId: orders.userId,
          total: orders.total,
          currency: orders.currency,
          createdAt: orders.createdAt,
          updatedAt: orders.updatedAt,
          itemCount: sql<number>`(select coalesce(sum(l.quantity), 0)::int from ${orderLines} l where l.order_id = ${orders.id})`,
        })
        .from(orders)
        .where(
          and(
            filter.userId ? eq(orders.userId, filter.userId) : undefined,
            filter.status ? eq(orders.status, filter.status) : undefined,
            filter.from ? gte(orders.createdAt, filter.from) : undefined,
            filter.to ? lt(orders.createdAt, filter.to) : undefined,
            ...(filter.emailLike ?? []).map((pattern) => ilike(orders.email, pattern)),
            filter.number ? eq(orders.number, filter.number) : undefined,
            filter.minTotal === undefined ? undefined : gte(orders.total, filter.minTotal),
            filter.maxTotal === undefined ? undefined : lte(orders.total, filter.maxTotal),
            filter.before
              ? sql`(${orders.createdAt}, ${orders.id}) < (${filter.before.createdAt}, ${filter.before.id})`
              : undefined,
          ),
        )
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(filter.limit),

    /** Orders paid since `start` and not given back, their revenue in `currency`, and orders awaiting fulfilment. */
    figuresSince: async (start: Date, currency: string) =>
      (
        await db
          .select({
            orders: sql<number>`count(*) filter (where ${orders.paidAt} >= ${start} and ${counted})::int`,
            revenue: sql<number>`coalesce(sum(${orders.total}) filter (where ${orders.paidAt} >= ${start} and ${counted} and ${orders.currency} = ${currency}), 0)::float8`,
            awaiting: sql<number>`count(*) filter (where ${orders.status} = 'paid')::int`,
          })
          .from(orders)
      )[0]!,

    usesDiscountCode: async (discountCodeId: string) =>
      (
        await db
          .select({ id: orders.id })
          .from(orders)
          .where(eq(orders.discountCodeId, discountCodeId))
          .limit(1)
      ).length > 0,

    /** Claims an Idempotency-Key for a request; false when the key is already taken. */
    claimCheckoutKey: async (scope: string, key: string, requestHash: string) =>
      (await claimKey(db).execute({ scope, key, requestHash })).length > 0,

    findCheckoutKey: async (scope: string, key: string) =>
      (
        await db
          .select()
          .from(checkoutRequests)
          .where(and(eq(checkoutRequests.scope, scope), eq(checkoutRequests.key, key)))
          .limit(1)
      )[0],

    linkCheckoutKey: async (tx: Transaction, scope: string, key: string, orderId: string) => {
      await linkKey(tx).execute({ scope, key, orderId });
    },

    completeCheckoutKey: async (tx: Transaction, orderId: string) => {
      await completeKey(tx).execute({ orderId });
    },

    /** Frees a key whose checkout placed no order, for another try. */
    releaseCheckoutKey: async (scope: string, key: string) => {
      await releaseKey(db).execute({ scope, key });
    },
  };
}
export type OrderRepository = ReturnType<typeof createOrderRepository>;
