import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { returnLines, returns } from '../../db/schema';
import type { Executor, Transaction } from '../../db/transaction';

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;

/** The returns and return_lines tables; only this file writes them. */
export function createReturnRepository(db: Database) {
  return {
    db: db as Executor,

    insert: async (
      tx: Transaction,
      values: { orderId: string; reason: string },
      lines: { orderLineId: string; quantity: number }[],
    ) => {
      const [row] = await tx.insert(returns).values(values).returning();
      await tx.insert(returnLines).values(lines.map((line) => ({ ...line, returnId: row!.id })));
      return row!;
    },

    lock: async (tx: Transaction, id: string) =>
      (await tx.select().from(returns).where(eq(returns.id, id)).for('update'))[0],

    find: async (id: string) => (await db.select().from(returns).where(eq(returns.id, id)).limit(1))[0],

    update: async (
      tx: Transaction,
      id: string,
      change: Partial<Pick<ReturnRow, 'status' | 'staffNote' | 'restocked' | 'refundId'>>,
    ) =>
      (
        await tx
          .update(returns)
          .set({ ...change, updatedAt: sql`now()` })
          .where(eq(returns.id, id))
          .returning()
      )[0]!,

    linesOf: (executor: Executor, returnIds: string[]) =>
      returnIds.length === 0
        ? Promise.resolve([] as ReturnLineRow[])
        : executor.select().from(returnLines).where(inArray(returnLines.returnId, returnIds)),

    /** Units of each line already asked back by returns still open (requested, approved, received). */
    openUnits: async (tx: Transaction, orderId: string) => {
      const rows = await tx
        .select({ lineId: returnLines.orderLineId, quantity: sql<number>`sum(${returnLines.quantity})::int` })
        .from(returnLines)
        .innerJoin(returns, eq(returns.id, returnLines.returnId))
        .where(
          and(eq(returns.orderId, orderId), inArray(returns.status, ['requested', 'approved', 'received'])),
        )
        .groupBy(returnLines.orderLineId);
      return new Map(rows.map((row) => [row.lineId, row.quantity]));
    },

    ofOrder: (orderId: string) =>
      db.select().from(returns).where(eq(returns.orderId, orderId)).orderBy(desc(returns.createdAt)),

    list: (filter: { status?: ReturnRow['status']; limit: number }) =>
      db
        .select()
        .from(returns)
        .where(filter.status ? eq(returns.status, filter.status) : undefined)
        .orderBy(desc(returns.createdAt), desc(returns.id))
        .limit(filter.limit),
  };
}
export type ReturnRepository = ReturnType<typeof createReturnRepository>;
