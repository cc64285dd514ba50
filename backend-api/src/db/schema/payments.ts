import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orders } from './commerce';

/**
 * Every payment provider event taken (issue 17), owned by the payments module: its id is the provider's
 * event id, so a replayed or duplicated webhook finds its row and changes nothing.
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    /** The provider's event id (`evt_…`). */
    id: text().primaryKey(),
    provider: text().notNull(),
    type: text().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_events_order_idx').on(t.orderId)],
);
