import { and, asc, desc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { products, stockAdjustments, variants } from '../../db/schema';
import { type Executor, prepared } from '../../db/transaction';

export type AdjustmentRow = typeof stockAdjustments.$inferSelect;

/** Units of one variant. */
export interface Quantity {
  variantId: string;
  quantity: number;
}

const available = sql<number>`${variants.stockOnHand} - ${variants.stockReserved}`;
const low = sql`${variants.stockOnHand} - ${variants.stockReserved} <= ${variants.lowStockThreshold}`;

const p = sql.placeholder;
const reserveUnits = prepared((db) =>
  db
    .update(variants)
    .set({ stockReserved: sql`${variants.stockReserved} + ${p('quantity')}` })
    .where(
      and(eq(variants.id, p('variantId')), eq(variants.active, true), sql`${available} >= ${p('quantity')}`),
    )
    .returning({ id: variants.id })
    .prepare('inventory_reserve'),
);
const releaseUnits = prepared((db) =>
  db
    .update(variants)
    .set({ stockReserved: sql`${variants.stockReserved} - ${p('quantity')}` })
    .where(eq(variants.id, p('variantId')))
    .prepare('inventory_release'),
);
const commitUnits = prepared((db) =>
  db
    .update(variants)
    .set({
      stockOnHand: sql`${variants.stockOnHand} - ${p('quantity')}`,
      stockReserved: sql`${variants.stockReserved} - ${p('quantity')}`,
    })
    .where(eq(variants.id, p('variantId')))
    .prepare('inventory_commit'),
);

/**
 * Stock: the stock columns of `variants` (catalog owns the rest of the row) and the stock_adjustments
 * table. Only this file writes them.
 */
export function createInventoryRepository(db: Database) {
  return {
    list: (filter: { lowStock?: boolean; search?: string; afterSku?: string; limit: number }) =>
      db
        .select({
          variantId: variants.id,
          productId: products.id,
          productTitle: products.title,
          productSlug: products.slug,
          sku: variants.sku,
          variantTitle: variants.title,
          options: variants.options,
          stockOnHand: variants.stockOnHand,
          stockReserved: variants.stockReserved,
          available,
          lowStockThreshold: variants.lowStockThreshold,
          lowStock: sql<boolean>`${low}`,
          active: variants.active,
        })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(
          and(
            filter.lowStock === undefined ? undefined : filter.lowStock ? low : sql`not (${low})`,
            filter.search
              ? or(ilike(variants.sku, filter.search), ilike(products.title, filter.search))
              : undefined,
            filter.afterSku ? gt(variants.sku, filter.afterSku) : undefined,
          ),
        )
        .orderBy(asc(variants.sku))
        .limit(filter.limit),

    variantExists: async (variantId: string) =>
      (await db.select({ id: variants.id }).from(variants).where(eq(variants.id, variantId)).limit(1))
        .length > 0,

    lowStockCount: async () =>
      (
        await db
          .select({ count: sql<number>`count(*)::int` })
          .from(variants)
          .where(and(eq(variants.active, true), low))
      )[0]!.count,

    lockStock: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({ stockOnHand: variants.stockOnHand, stockReserved: variants.stockReserved })
          .from(variants)
          .where(eq(variants.id, variantId))
          .for('update')
      )[0],

    setOnHand: async (tx: Executor, variantId: string, stockOnHand: number) => {
      await tx.update(variants).set({ stockOnHand, updatedAt: sql`now()` }).where(eq(variants.id, variantId));
    },

    insertAdjustment: async (tx: Executor, values: typeof stockAdjustments.$inferInsert) =>
      (await tx.insert(stockAdjustments).values(values).returning())[0]!,

    adjustments: (variantId: string) =>
      db
        .select()
        .from(stockAdjustments)
        .where(eq(stockAdjustments.variantId, variantId))
        .orderBy(desc(stockAdjustments.createdAt), desc(stockAdjustments.id))
        .limit(200),

    /** Holds units of an active variant if that many are available; answers whether it did. */
    reserve: async (tx: Executor, { variantId, quantity }: Quantity) =>
      (await reserveUnits(tx).execute({ variantId, quantity })).length > 0,

    availableOf: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({ available: sql<number>`greatest(${available}, 0)` })
          .from(variants)
          .where(eq(variants.id, variantId))
      )[0]?.available ?? 0,

    release: async (tx: Executor, { variantId, quantity }: Quantity) => {
      await releaseUnits(tx).execute({ variantId, quantity });
    },

    /** Reserved units leave the shelf: sold. */
    commit: async (tx: Executor, { variantId, quantity }: Quantity) => {
      await commitUnits(tx).execute({ variantId, quantity });
    },

    /** Sold units come back to the shelf (a paid order was cancelled). */
    restock: async (tx: Executor, { variantId, quantity }: Quantity) => {
      await tx
        .update(variants)
        .set({ stockOnHand: sql`${variants.stockOnHand} + ${quantity}` })
        .where(eq(variants.id, variantId));
    },
  };
}
export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
