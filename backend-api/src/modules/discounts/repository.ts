import { and, asc, eq, gt, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { discountCodes } from '../../db/schema';
import { type Executor, prepared } from '../../db/transaction';

export type DiscountRow = typeof discountCodes.$inferSelect;
export type DiscountValues = Omit<
  typeof discountCodes.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'timesUsed'
>;

const byId = prepared((db) =>
  db
    .select()
    .from(discountCodes)
    .where(eq(discountCodes.id, sql.placeholder('id')))
    .limit(1)
    .prepare('discount_codes_by_id'),
);

/** The discount_codes table; only this file writes it. */
export function createDiscountRepository(db: Database) {
  return {
    findById: async (id: string) => (await byId(db).execute({ id }))[0],

    findByCode: async (code: string) =>
      (await db.select().from(discountCodes).where(eq(discountCodes.code, code)).limit(1))[0],

    list: (filter: { codeLike?: string; active?: boolean; afterCode?: string; limit: number }) =>
      db
        .select()
        .from(discountCodes)
        .where(
          and(
            filter.codeLike ? like(discountCodes.code, filter.codeLike) : undefined,
            filter.active === undefined ? undefined : eq(discountCodes.active, filter.active),
            filter.afterCode ? gt(discountCodes.code, filter.afterCode) : undefined,
          ),
        )
        .orderBy(asc(discountCodes.code))
        .limit(filter.limit),

    insert: async (values: DiscountValues) => (await db.insert(discountCodes).values(values).returning())[0]!,

    update: async (id: string, values: Partial<DiscountValues>) =>
      (
        await db
          .update(discountCodes)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(discountCodes.id, id))
          .returning()
      )[0],

    delete: async (id: string) => {
      await db.delete(discountCodes).where(eq(discountCodes.id, id));
    },

    /** One use more, unless the code is inactive or used up; answers whether it was redeemed. */
    redeem: async (tx: Executor, id: string) =>
      (
        await tx
          .update(discountCodes)
          .set({ timesUsed: sql`${discountCodes.timesUsed} + 1` })
          .where(
            and(
              eq(discountCodes.id, id),
              eq(discountCodes.active, true),
              or(isNull(discountCodes.usageLimit), lt(discountCodes.timesUsed, discountCodes.usageLimit)),
            ),
          )
          .returning({ id: discountCodes.id })
      ).length > 0,

    /** Gives a use back (an order that used it was abandoned or expired). */
    release: async (tx: Executor, id: string) => {
      await tx
        .update(discountCodes)
        .set({ timesUsed: sql`greatest(${discountCodes.timesUsed} - 1, 0)` })
        .where(eq(discountCodes.id, id));
    },
  };
}
export type DiscountRepository = ReturnType<typeof createDiscountRepository>;
