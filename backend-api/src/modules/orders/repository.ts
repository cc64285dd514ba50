import { and, asc, desc, eq, gte, ilike, isNotNull, isNull, lt, lte, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { checkoutRequests, orderEvents, orderLines, orders } from '../../db/schema';
import type { Executor, Transaction } from '../../db/transaction';

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

/** The orders, order_lines, order_events and checkout_requests tables; only this file writes them. */
export function createOrderRepository(db: Database) {
  return {
    /** The database outside any transaction, for calls that need none. */
    db: db as Executor,

    findById: async (tx: Executor, id: string) =>
      (await tx.select().from(orders).where(eq(orders.id, id)).limit(1))[0],

    /** By number; with `userId`, only that customer's. */
    findByNumber: async (number: string, userId?: string) =>
      (
        await db
          .select()
          .from(orders)
          .where(and(eq(orders.number, number), userId ? eq(orders.userId, userId) : undefined))
          .limit(1)
      )[0],

    linesOf: (tx: Executor, orderId: string) =>
      tx
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, orderId))
        .orderBy(asc(orderLines.position), asc(orderLines.id)),

    eventsOf: (orderId: string) =>
      db
        .select()
        .from(orderEvents)
        .where(eq(orderEvents.orderId, orderId))
        .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id)),

    /** Units per variant of an order (the lines of a variant since deleted are left out). */
    quantitiesOf: (tx: Executor, orderId: string) =>
      tx
        .select({
          variantId: sql<string>`${orderLines.variantId}`,
          quantity: sql<number>`sum(${orderLines.quantity})::int`,
        })
        .from(orderLines)
        .where(and(eq(orderLines.orderId, orderId), isNotNull(orderLines.variantId)))
        .groupBy(orderLines.variantId)
        .orderBy(asc(orderLines.variantId)),

    /** A pending order numbered from the sequence, its stock held for `reservationMinutes`. */
    insertPending: async (tx: Transaction, values: NewOrder, reservationMinutes: number) =>
      (
        await tx
          .insert(orders)
          .values({
            ...values,
            number: sql`'SS-' || nextval('order_number_seq')`,
            status: 'pending',
            reservedUntil: sql`now() + ${reservationMinutes} * interval '1 minute'`,
          })
          .returning()
      )[0]!,

    insertLines: async (tx: Transaction, orderId: string, lines: NewOrderLine[]) => {
      await tx.insert(orderLines).values(lines.map((line) => ({ ...line, orderId })));
    },

    recordEvent: async (tx: Transaction, values: typeof orderEvents.$inferInsert) => {
      await tx.insert(orderEvents).values(values);
    },

    /** Locks a pending order; with `skipLocked`, one another transaction holds answers nothing. */
    lockPending: async (tx: Transaction, id: string, skipLocked = false) =>
      (
        await tx
          .select()
          .from(orders)
          .where(and(eq(orders.id, id), eq(orders.status, 'pending')))
          .for('update', skipLocked ? { skipLocked: true } : {})
      )[0],

    lockByNumber: async (tx: Transaction, number: string) =>
      (await tx.select().from(orders).where(eq(orders.number, number)).for('update'))[0],

    /** Pending → paid, unless the order is no longer pending (its reservation expired meanwhile). */
    markPaid: async (tx: Transaction, id: string, paymentReference: string) =>
      (
        await tx
          .update(orders)
          .set({
            status: 'paid',
            paidAt: sql`now()`,
            paymentReference,
            reservedUntil: null,
            updatedAt: sql`now()`,
          })
          .where(and(eq(orders.id, id), eq(orders.status, 'pending')))
          .returning()
      )[0],

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
      await tx.delete(orders).where(eq(orders.id, id));
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
      (
        await db
          .insert(checkoutRequests)
          .values({ scope, key, requestHash })
          .onConflictDoNothing()
          .returning({ key: checkoutRequests.key })
      ).length > 0,

    findCheckoutKey: async (scope: string, key: string) =>
      (
        await db
          .select()
          .from(checkoutRequests)
          .where(and(eq(checkoutRequests.scope, scope), eq(checkoutRequests.key, key)))
          .limit(1)
      )[0],

    linkCheckoutKey: async (tx: Transaction, scope: string, key: string, orderId: string) => {
      await tx
        .update(checkoutRequests)
        .set({ orderId })
        .where(and(eq(checkoutRequests.scope, scope), eq(checkoutRequests.key, key)));
    },

    completeCheckoutKey: async (tx: Transaction, orderId: string) => {
      await tx
        .update(checkoutRequests)
        .set({ completedAt: sql`now()` })
        .where(eq(checkoutRequests.orderId, orderId));
    },

    /** Frees a key whose checkout placed no order, for another try. */
    releaseCheckoutKey: async (scope: string, key: string) => {
      await db
        .delete(checkoutRequests)
        .where(
          and(
            eq(checkoutRequests.scope, scope),
            eq(checkoutRequests.key, key),
            isNull(checkoutRequests.orderId),
          ),
        );
    },
  };
}
export type OrderRepository = ReturnType<typeof createOrderRepository>;
