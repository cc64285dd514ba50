import { and, asc, inArray, isNull, lte, sql } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { type Executor, prepared, type Transaction } from '../../db/transaction';

const p = sql.placeholder;
const insertEvent = prepared((db) =>
  db
    .insert(outbox)
    .values({ eventId: p('eventId'), orderId: p('orderId'), topic: p('topic'), payload: p('payload') })
    .onConflictDoNothing({ target: outbox.eventId })
    .prepare('outbox_enqueue'),
);

/** Several events in one statement, prepared once per number of rows (an order change writes one or two). */
const insertEventsOf = new Map<number, ReturnType<typeof eventsInsert>>();
const eventsInsert = (count: number) =>
  prepared((db) =>
    db
      .insert(outbox)
      .values(
        Array.from({ length: count }, (_, i) => ({
          eventId: p(`eventId${i}`),
          orderId: p(`orderId${i}`),
          topic: p(`topic${i}`),
          payload: p(`payload${i}`),
        })),
      )
      .onConflictDoNothing({ target: outbox.eventId })
      .prepare(`outbox_enqueue_${count}`),
  );

type OutboxRow = { eventId: string; orderId: string | null; topic: string; payload: Record<string, unknown> };

/** The outbox table; only this file writes it. */
export function createOutboxRepository() {
  return {
    /** Once per event id: a second write of the same event is a no-op. */
    enqueue: async (tx: Executor, row: OutboxRow) => {
      await insertEvent(tx).execute(row);
    },

    /** `enqueue` of several rows in one round trip. */
    enqueueAll: async (tx: Executor, rows: OutboxRow[]) => {
      if (rows.length === 0) return;
      let statement = insertEventsOf.get(rows.length);
      if (!statement) {
        statement = eventsInsert(rows.length);
        insertEventsOf.set(rows.length, statement);
      }
      const values: Record<string, unknown> = {};
      rows.forEach((row, i) => {
        values[`eventId${i}`] = row.eventId;
        values[`orderId${i}`] = row.orderId;
        values[`topic${i}`] = row.topic;
        values[`payload${i}`] = row.payload;
      });
      await statement(tx).execute(values);
    },

    /** Due rows, locked for the caller's transaction; rows another relay holds are skipped. */
    claimDue: (tx: Transaction, limit: number) =>
      tx
        .select({ id: outbox.id, payload: outbox.payload, attempts: outbox.attempts })
        .from(outbox)
        .where(and(isNull(outbox.deliveredAt), lte(outbox.nextAttemptAt, sql`now()`)))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true }),

    markDelivered: async (tx: Transaction, ids: number[]) => {
      await tx
        .update(outbox)
        .set({ deliveredAt: sql`now()`, attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, ids));
    },

    /** Another attempt later: 250 ms doubling per attempt, at most `maxBackoffMs`. */
    markFailed: async (tx: Transaction, ids: number[], error: string, maxBackoffMs: number) => {
      await tx
        .update(outbox)
        .set({
          attempts: sql`${outbox.attempts} + 1`,
          lastError: error.slice(0, 500),
          nextAttemptAt: sql`now() + least(${maxBackoffMs}::int, 250 * power(2, least(${outbox.attempts}, 16))::int) * interval '1 millisecond'`,
        })
        .where(inArray(outbox.id, ids));
    },
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
