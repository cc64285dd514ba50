import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { refundLines, refunds } from '../../db/schema';
import type { Transaction } from '../../db/transaction';

export type RefundRow = typeof refunds.$inferSelect;
export type RefundLineRow = typeof refundLines.$inferSelect;

/** The refunds and refund_lines tables; only this file writes them. */
export function createRefundRepository(db: Database) {
  return {
    insert: async (
      tx: Transaction,
      values: Pick<
        typeof refunds.$inferInsert,
        'orderId' | 'kind' | 'amount' | 'currency' | 'reason' | 'returnId' | 'actorId' | 'actorEmail'
      >,
      lines: { orderLineId: string; quantity: number; restock: boolean }[],
    ) => {
      const [row] = await tx.insert(refunds).values(values).returning();
      if (lines.length > 0)
        await tx.insert(refundLines).values(lines.map((line) => ({ ...line, refundId: row!.id })));
      return row!;
    },

    find: async (tx: Transaction, id: string) =>
      (await tx.select().from(refunds).where(eq(refunds.id, id)).limit(1))[0],

    /** Refunds whose provider answer was never recorded (the process died, or the provider did not answer). */
    stuckRequested: (olderThanSeconds: number, limit: number) =>
      db
        .select()
        .from(refunds)
        .where(
          and(
            eq(refunds.status, 'requested'),
            lt(refunds.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
          ),
        )
        .orderBy(asc(refunds.createdAt))
        .limit(limit),

    /** Whether a return already has a refund that counts (requested, pending or succeeded). */
    countsForReturn: async (tx: Transaction, returnId: string) =>
      (
        await tx
          .select({ id: refunds.id })
          .from(refunds)
          .where(
            and(
              eq(refunds.returnId, returnId),
              inArray(refunds.status, ['requested', 'pending', 'succeeded']),
            ),
          )
          .limit(1)
      ).length > 0,

    linesOf: (tx: Transaction, refundId: string) =>
      tx.select().from(refundLines).where(eq(refundLines.refundId, refundId)),

    /** The provider answered: succeeded or pending (it counts), or failed (it no longer does). */
    complete: async (
      tx: Transaction,
      id: string,
      result: { status: 'succeeded' | 'pending'; reference: string } | { status: 'failed'; message: string },
    ) =>
      (
        await tx
          .update(refunds)
          .set(
            result.status === 'failed'
              ? { status: 'failed', failureMessage: result.message.slice(0, 500), completedAt: sql`now()` }
              : { status: result.status, providerReference: result.reference, completedAt: sql`now()` },
          )
          .where(and(eq(refunds.id, id), eq(refunds.status, 'requested')))
          .returning()
      )[0],

    /**
     * Refunded since `start` in `currency`: refunds and cancellations the provider accepted, by the time it did
     * (the admin home's "refunded today").
     */
    refundedSince: async (start: Date, currency: string) => {
      const [row] = await db
        .select({ sum: sql<string>`coalesce(sum(${refunds.amount}), 0)::bigint` })
        .from(refunds)
        .where(
          and(
            inArray(refunds.status, ['succeeded', 'pending']),
            gte(refunds.completedAt, start),
            eq(refunds.currency, currency),
          ),
        );
      return Number(row?.sum ?? 0);
    },
  };
}
export type RefundRepository = ReturnType<typeof createRefundRepository>;
