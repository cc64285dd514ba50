import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Mail waiting to be sent (issue 16), written in the transaction of the change that causes it and sent by
 * the mail relay. The row's id is the message's Message-ID, so a message sent again after a lost answer is
 * recognisably the same message.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Which template renders it (`order-confirmation`, `password-reset`…). */
    template: text().notNull(),
    /** The template's data, rendered when the message is sent. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    recipient: text().notNull(),
    /** One message per cause (`order-confirmation:<orderId>`): enqueueing it again changes nothing. */
    dedupeKey: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** Also the lease of the relay that claimed it: no other relay takes the row before this time. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    /** Set when the server refused the message for good (5xx); it is not retried. */
    failedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_unique').on(t.dedupeKey),
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
  ],
);
