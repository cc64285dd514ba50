import { randomUUID } from 'node:crypto';
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
  'taxIncluded',
  'taxRateBasisPoints',
  'discountCodeId',
  'discountCode',
  'shippingOptionId',
  'shippingOptionName',
  'shippingAddress',
  'cardBrand',
  'cardLast4',
  'paymentProvider',
  'cartId',
  'checkoutId',
] as const;
/**
 * The order, its first step on the timeline and the link from its Idempotency-Key, in one statement (the id
 * comes from the caller, so the three writes need not wait for each other; the foreign keys are checked at
 * the end of the statement).
 */
const insertOrder = prepared((db) => {
  const placedEvent = db.$with('placed_event').as(
    db
      .insert(orderEvents)
      .values({
        orderId: p('id'),
        fromStatus: null,
        toStatus: 'pending',
        actorType: p('actorType'),
        actorId: p('actorId'),
        actorEmail: p('actorEmail'),
        note: p('note'),
        noteVisibility: 'internal',
      })
      .returning({ id: orderEvents.id }),
  );
  const linkedKey = db.$with('linked_key').as(
    db
      .update(checkoutRequests)
      .set({ orderId: sql`${p('id')}` })
      .where(and(eq(checkoutRequests.scope, p('scope')), eq(checkoutRequests.key, p('key'))))
      .returning({ key: checkoutRequests.key }),
  );
  return db
    .with(placedEvent, linkedKey)
    .insert(orders)
    .values({
      ...(Object.fromEntries(ORDER_VALUES.map((name) => [name, p(name)])) as Record<
        (typeof ORDER_VALUES)[number],
        never
      >),
      id: p('id'),
      number: sql`'SS-' || nextval('order_number_seq')`,
      status: 'pending',
      reservedUntil: sql`now() + ${p('minutes')} * interval '1 minute'`,
    })
    .returning()
    .prepare('orders_insert_pending');
});
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
      .returning()
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
      noteVisibility: p('noteVisibility'),
    })
    .returning({ id: orderEvents.id })
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

    /**
     * A pending order numbered from the sequence, its stock held for `reservationMinutes`, with the step
     * that placed it on its timeline and its Idempotency-Key (`scope`, `key`) pointing at it.
     */
    insertPending: async (
      tx: Transaction,
      values: NewOrder,
      reservationMinutes: number,
      placed: {
        actor: { type: 'customer' | 'staff' | 'system'; id: string | null; email: string | null };
        note: string;
        scope: string;
        key: string;
      },
    ) =>
      (
        await insertOrder(tx).execute({
          ...Object.fromEntries(ORDER_VALUES.map((name) => [name, values[name] ?? null])),
          id: randomUUID(),
          minutes: reservationMinutes,
          actorType: placed.actor.type,
          actorId: placed.actor.id,
          actorEmail: placed.actor.email,
          note: placed.note,
          scope: placed.scope,
          key: placed.key,
        })
      )[0]!,

    /** Answers the lines as stored, in their order. */
    insertLines: async (tx: Transaction, orderId: string, lines: NewOrderLine[]): Promise<OrderLineRow[]> => {
      let statement = insertLinesOf.get(lines.length);
      if (!statement) {
        statement = linesInsert(lines.length);
        insertLinesOf.set(lines.length, statement);
      }
      const values: Record<string, unknown> = { orderId };
      lines.forEach((line, i) => {
        for (const name of LINE_VALUES) values[`${name}${i}`] = line[name] ?? null;
      });
      const rows = await statement(tx).execute(values);
      return rows.sort((a, b) => a.position - b.position);
    },

    /** Adds a step to the order's timeline; answers the step's id. */
    recordEvent: async (
      tx: Transaction,
      values: Omit<typeof orderEvents.$inferInsert, 'id' | 'createdAt'>,
    ) => {
      const [event] = await insertEvent(tx).execute({
        orderId: values.orderId,
        fromStatus: values.fromStatus ?? null,
        toStatus: values.toStatus,
        actorType: values.actorType,
        actorId: values.actorId ?? null,
        actorEmail: values.actorEmail ?? null,
        note: values.note ?? null,
        noteVisibility: values.noteVisibility ?? 'internal',
      });
      return event!.id;
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

    lockById: async (tx: Transaction, id: string) =>
      (await tx.select().from(orders).where(eq(orders.id, id)).for('update'))[0],

    lockByNumber: async (tx: Transaction, number: string) =>
      (await tx.select().from(orders).where(eq(orders.number, number)).for('update'))[0],

    /**
     * Pending → paid, unless the order is no longer pending (its reservation expired meanwhile); `from`
     * `cancelled` pays an order whose payment arrived after it expired (its stock was reserved again).
     */
    markPaid: async (
      tx: Transaction,
      id: string,
      paymentReference: string,
      from: 'pending' | 'cancelled' = 'pending',
    ) =>
      from === 'pending'
        ? (await paid(tx).execute({ id, reference: paymentReference }))[0]
        : (
            await tx
              .update(orders)
              .set({
                status: 'paid',
                paidAt: sql`now()`,
                paymentReference,
                reservedUntil: null,
                updatedAt: sql`now()`,
              })
              .where(and(eq(orders.id, id), eq(orders.status, from)))
              .returning()
          )[0],

    /** Locks the order a provider's payment (PaymentIntent) belongs to. */
    lockByPaymentReference: async (tx: Transaction, reference: string) =>
      (
        await tx.select().from(orders).where(eq(orders.paymentReference, reference)).limit(1).for('update')
      )[0],

    /** The card the provider charged, as it reports it (brand and last four digits). */
    setCard: async (tx: Transaction, id: string, card: { brand: string; last4: string }) => {
      await tx.update(orders).set({ cardBrand: card.brand, cardLast4: card.last4 }).where(eq(orders.id, id));
    },

    /** Records the provider's payment of a pending order (once: a webhook may have set it already). */
    setPaymentReference: async (id: string, reference: string) => {
      await db
        .update(orders)
        .set({ paymentReference: reference })
        .where(and(eq(orders.id, id), isNull(orders.paymentReference)));
    },

    /** Pending orders of a provider placed before `before`, oldest first: their webhook may never come. */
    pendingOfProvider: async (provider: string, before: Date, limit: number) =>
      db
        .select({ id: orders.id, paymentReference: orders.paymentReference })
        .from(orders)
        .where(
          and(
            eq(orders.status, 'pending'),
            eq(orders.paymentProvider, provider),
            isNotNull(orders.paymentReference),
            lte(orders.createdAt, before),
          ),
        )
        .orderBy(asc(orders.createdAt))
        .limit(limit),

    /** Whether the caller's checkout scope (account or guest cart) placed this order. */
    placedBy: async (scope: string, orderId: string) =>
      (
        await db
          .select({ orderId: checkoutRequests.orderId })
          .from(checkoutRequests)
          .where(and(eq(checkoutRequests.scope, scope), eq(checkoutRequests.orderId, orderId)))
          .limit(1)
      ).length > 0,

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
          refunded: orders.refunded,
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

    /**
     * Orders paid since `start` and not given back, their revenue in `currency`, what was captured since then in
     * `currency` (whatever happened to those orders later), and orders awaiting fulfilment.
     */
    figuresSince: async (start: Date, currency: string) =>
      (
        await db
          .select({
            captured: sql<number>`coalesce(sum(${orders.total}) filter (where ${orders.paidAt} >= ${start} and ${orders.currency} = ${currency}), 0)::float8`,
            orders: sql<number>`count(*) filter (where ${orders.paidAt} >= ${start} and ${counted})::int`,
            revenue: sql<number>`coalesce(sum(${orders.total}) filter (where ${orders.paidAt} >= ${start} and ${counted} and ${orders.currency} = ${currency}), 0)::float8`,
            awaiting: sql<number>`count(*) filter (where ${orders.status} = 'paid')::int`,
          })
          .from(orders)
      )[0]!,

    // Money after payment (issue 17): what the refunds and returns modules change, under the order's lock.

    /** Counts `amount` as refunded; false when that would be more than the order's total. */
    addRefunded: async (tx: Transaction, id: string, amount: number) =>
      (
        await tx
          .update(orders)
          .set({ refunded: sql`${orders.refunded} + ${amount}`, updatedAt: sql`now()` })
          .where(and(eq(orders.id, id), sql`${orders.refunded} + ${amount} <= ${orders.total}`))
          .returning({ id: orders.id })
      ).length > 0,

    /** Adds refunded units to a line of the order (negative: a failed refund gives them back); false past its quantity. */
    addRefundedUnits: async (tx: Transaction, orderId: string, lineId: string, quantity: number) =>
      (
        await tx
          .update(orderLines)
          .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${quantity}` })
          .where(
            and(
              eq(orderLines.id, lineId),
              eq(orderLines.orderId, orderId),
              sql`${orderLines.refundedQuantity} + ${quantity} between 0 and ${orderLines.quantity}`,
            ),
          )
          .returning({ id: orderLines.id })
      ).length > 0,

    /** Adds units put back on the shelf; answers the line's variant, or null when past its quantity. */
    addRestockedUnits: async (tx: Transaction, orderId: string, lineId: string, quantity: number) =>
      (
        await tx
          .update(orderLines)
          .set({ restockedQuantity: sql`${orderLines.restockedQuantity} + ${quantity}` })
          .where(
            and(
              eq(orderLines.id, lineId),
              eq(orderLines.orderId, orderId),
              sql`${orderLines.restockedQuantity} + ${quantity} <= ${orderLines.quantity}`,
            ),
          )
          .returning({ variantId: orderLines.variantId })
      )[0] ?? null,

    /** When the order was delivered (its timeline's step), if it was. */
    deliveredAt: async (orderId: string) => {
      const [row] = await db
        .select({ at: sql<string | Date | null>`max(${orderEvents.createdAt})` })
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.toStatus, 'delivered')));
      return row?.at ? new Date(row.at) : null;
    },

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

    /**
     * Takes over a claim that never placed an order and is older than `staleSeconds` (its request died
     * between claiming the key and writing the order, e.g. a process killed with -9); false when another
     * request got it first or it is not stale.
     */
    takeOverStaleCheckoutKey: async (scope: string, key: string, requestHash: string, staleSeconds: number) =>
      (
        await db
          .update(checkoutRequests)
          .set({ createdAt: sql`now()` })
          .where(
            and(
              eq(checkoutRequests.scope, scope),
              eq(checkoutRequests.key, key),
              eq(checkoutRequests.requestHash, requestHash),
              isNull(checkoutRequests.orderId),
              lt(checkoutRequests.createdAt, sql`now() - make_interval(secs => ${staleSeconds})`),
            ),
          )
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

// Staff read-side queries: customers' order totals and the sales report. An order counts once it was
// paid and stays counted through fulfilment and delivery; cancelled and refunded orders are not money spent.
const PAID = sql`o.paid_at is not null and o.status not in ('cancelled', 'refunded')`;

export interface OrderTotalsRow extends Record<string, unknown> {
  owner: string;
  currency: string | null;
  orders: number;
  spent: string | null;
  first_at: Date | null;
  last_at: Date | null;
}

/** Paid orders per owner and currency: owners are account ids, or lower-cased emails of guest orders. */
export async function paidOrderTotals(
  db: Database,
  owners: { accounts: string[] } | { guestEmails: string[] },
): Promise<OrderTotalsRow[]> {
  const [owner, where] =
    'accounts' in owners
      ? [sql`o.user_id::text`, sql`o.user_id in ${owners.accounts}`]
      : [sql`lower(o.email)`, sql`o.user_id is null and lower(o.email) in ${owners.guestEmails}`];
  const result = await db.execute<OrderTotalsRow>(sql`
    select ${owner} as owner, o.currency, count(*)::int as orders, sum(o.total)::bigint as spent,
      min(o.created_at) as first_at, max(o.created_at) as last_at
    from orders o
    where ${PAID} and ${where}
    group by 1, o.currency`);
  return result.rows;
}

/**
 * Buyers without an account (orders with no user), one per email ignoring case, who paid at least once;
 * the most recent buyers first. `name` is the name on their latest order's shipping address.
 */
export async function guestBuyerRows(
  db: Database,
  options: { q?: string; limit: number; after?: { lastOrderAt: string; email: string } },
) {
  const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const result = await db.execute<
    { email: string; name: string | null; since: Date; last_at: Date } & Record<string, unknown>
  >(sql`
    select * from (
      select lower(o.email) as email,
        (array_agg(o.shipping_address ->> 'fullName' order by o.created_at desc))[1] as name,
        min(o.created_at) as since,
        max(o.created_at) filter (where ${PAID}) as last_at
      from orders o
      where o.user_id is null ${pattern ? sql`and o.email ilike ${pattern}` : sql``}
      group by lower(o.email)
    ) g
    where g.last_at is not null
      ${options.after ? sql`and (g.last_at, g.email) < (${options.after.lastOrderAt}::timestamptz, ${options.after.email})` : sql``}
    order by g.last_at desc, g.email desc
    limit ${options.limit}`);
  return result.rows;
}

/** Today's date in a time zone, by the database's clock (22023 if PostgreSQL doesn't know the zone). */
export async function todayIn(db: Database, timeZone: string): Promise<string> {
  const result = await db.execute<{ today: string } & Record<string, unknown>>(
    sql`select (now() at time zone ${timeZone})::date::text as today`,
  );
  return result.rows[0]!.today;
}

/** The first instant of a calendar day in a time zone: local midnight, as a timestamptz. */
const localMidnight = (day: string, timeZone: string) =>
  sql`(${day}::date::timestamp at time zone ${timeZone})`;

/** The currency most of the orders paid since that day are in. */
export async function mainSalesCurrency(db: Database, sinceDay: string, timeZone: string) {
  const result = await db.execute<{ currency: string } & Record<string, unknown>>(sql`
    select o.currency from orders o where ${PAID} and o.paid_at >= ${localMidnight(sinceDay, timeZone)}
    group by o.currency order by count(*) desc, o.currency limit 1`);
  return result.rows[0]?.currency ?? null;
}

/** Orders and revenue (of one currency) per day paid, since a day, in a time zone. */
export async function salesPerDay(db: Database, sinceDay: string, timeZone: string, currency: string | null) {
  const result = await db.execute<
    { day: string; orders: number; revenue: string } & Record<string, unknown>
  >(sql`
    select (o.paid_at at time zone ${timeZone})::date::text as day, count(*)::int as orders,
      coalesce(sum(o.total) filter (where o.currency = ${currency}), 0)::bigint as revenue
    from orders o
    where ${PAID} and o.paid_at >= ${localMidnight(sinceDay, timeZone)}
    group by 1`);
  return result.rows;
}

/** The products that sold most (by revenue of one currency, then units) since a day, in a time zone. */
export async function topSellingProducts(
  db: Database,
  options: { sinceDay: string; timeZone: string; currency: string | null; limit: number },
) {
  const result = await db.execute<
    { product_id: string | null; title: string; units: number; revenue: string } & Record<string, unknown>
  >(sql`
    select l.product_id, (array_agg(l.product_title order by o.created_at desc))[1] as title,
      sum(l.quantity)::int as units,
      coalesce(sum(l.line_total) filter (where o.currency = ${options.currency}), 0)::bigint as revenue
    from order_lines l join orders o on o.id = l.order_id
    where ${PAID} and o.paid_at >= ${localMidnight(options.sinceDay, options.timeZone)}
    group by l.product_id, case when l.product_id is null then l.product_title end
    order by revenue desc, units desc, title
    limit ${options.limit}`);
  return result.rows;
}

// Guest orders (issue 16): joining an account once its email is proven, and the signed order link.

/**
 * Gives an account the guest orders placed with its email, once the owner has proved the email is theirs
 * (issue 16). Runs in the caller's transaction; answers how many orders joined the account.
 */
export async function attachGuestOrders(tx: Transaction, userId: string, email: string) {
  const rows = await tx
    .update(orders)
    .set({ userId })
    .where(and(isNull(orders.userId), eq(orders.email, email.toLowerCase())))
    .returning({ id: orders.id });
  return rows.length;
}

/** The order of that number placed with that email (as the customer typed it at checkout), if any. */
export async function findOrderByNumberAndEmail(db: Database, number: string, email: string) {
  const rows = await db
    .select({ id: orders.id, number: orders.number, email: orders.email, userId: orders.userId })
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), eq(orders.email, email.trim().toLowerCase())))
    .limit(1);
  return rows[0] ?? null;
}

export async function findOrderEmail(db: Database, id: string) {
  const rows = await db.select({ email: orders.email }).from(orders).where(eq(orders.id, id)).limit(1);
  return rows[0]?.email ?? null;
}
