import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { orderLines, orders } from './commerce';

/** Refunds and returns (issue 17): owned by the refunds and returns modules. */

/** requested: counted against the order, the provider not yet answered; failed ones no longer count. */
export const refundStatus = pgEnum('refund_status', ['requested', 'pending', 'succeeded', 'failed']);
/** A staff refund, or the refund of what remained when a paid order was cancelled. */
export const refundKind = pgEnum('refund_kind', ['refund', 'cancellation']);
export const returnStatus = pgEnum('return_status', [
  'requested',
  'approved',
  'refused',
  'received',
  'refunded',
]);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: refundKind().notNull().default('refund'),
    status: refundStatus().notNull().default('requested'),
    amount: integer().notNull(),
    currency: text().notNull(),
    reason: text().notNull(),
    /** The provider's id of the refund (never shown to customers). */
    providerReference: text(),
    failureMessage: text(),
    returnId: uuid(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    actorEmail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId, t.createdAt),
    index('refunds_completed_idx').on(t.completedAt),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const refundLines = pgTable(
  'refund_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    refundId: uuid()
      .notNull()
      .references(() => refunds.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    restock: boolean().notNull().default(false),
  },
  (t) => [
    index('refund_lines_refund_idx').on(t.refundId),
    check('refund_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const returns = pgTable(
  'returns',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: returnStatus().notNull().default('requested'),
    reason: text().notNull(),
    /** What staff told the customer when approving or refusing. */
    staffNote: text(),
    restocked: boolean(),
    refundId: uuid().references(() => refunds.id, { onDelete: 'set null' }),
    /** What its refund gave back (minor units), once refunded. */
    refundedAmount: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('returns_order_idx').on(t.orderId, t.createdAt),
    index('returns_status_idx').on(t.status, t.createdAt),
  ],
);

export const returnLines = pgTable(
  'return_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    returnId: uuid()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
  },
  (t) => [
    index('return_lines_return_idx').on(t.returnId),
    check('return_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
