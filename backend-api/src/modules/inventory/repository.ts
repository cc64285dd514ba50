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
/**
 * The units of one call, one row per variant, joined to `variants` in one statement whatever their number
 * (`variantIds` and `quantities` run in parallel, sorted by id). The plan walks the array and looks each
 * variant up by primary key, so the rows are locked in id order, as every stock statement locks them: two
 * transactions never wait on each other's rows in opposite order. (Locking them first in a `for update`
 * subquery deadlocks instead: the update then needs the tuple lock that a waiting transaction holds.)
 */
const units = sql`unnest(${p('variantIds')}::uuid[], ${p('quantities')}::int[]) as w(variant_id, quantity)`;
const lockedId = sql`${variants.id} = w.variant_id`;
const reserveUnits = prepared((db) =>
  db
    .update(variants)
    .set({ stockReserved: sql`${variants.stockReserved} + w.quantity` })
    .from(units)
    .where(and(lockedId, eq(variants.active, true), sql`${available} >= w.quantity`))
    .returning({ id: variants.id })
    .prepare('inventory_reserve'),
);
const releaseUnits = prepared((db) =>
  db
    .update(variants)
    .set({ stockReserved: sql`${variants.stockReserved} - w.quantity` })
    .from(units)
    .where(lockedId)
    .prepare('inventory_release'),
);
const commitUnits = prepared((db) =>
  db
    .update(variants)
    .set({
      stockOnHand: sql`${variants.stockOnHand} - w.quantity`,
      stockReserved: sql`${variants.stockReserved} - w.quantity`,
    })
    .from(units)
    .where(lockedId)
    .prepare('inventory_commit'),
);
const restockUnits = prepared((db) =>
  db
    .update(variants)
    .set({ stockOnHand: sql`${variants.stockOnHand} + w.quantity` })
    .from(units)
    .where(lockedId)
    .prepare('inventory_restock'),
);

/** The statements' parameters: one array of ids, one of units. */
const columnsOf = (quantities: Quantity[]) => ({
  variantIds: quantities.map((q) => q.variantId),
  quantities: quantities.map((q) => q.quantity),
});

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

    /**
     * Holds units of active variants where that many are available, in one statement; answers the ids it
     * held. Fewer than asked means a shortfall: the caller rolls its transaction back (the rest are held in it).
     */
    reserve: async (tx: Executor, quantities: Quantity[]) =>
      (await reserveUnits(tx).execute(columnsOf(quantities))).map((row) => row.id),

    availableOf: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({ available: sql<number>`greatest(${available}, 0)` })
          .from(variants)
          .where(eq(variants.id, variantId))
      )[0]?.available ?? 0,

    release: async (tx: Executor, quantities: Quantity[]) => {
      await releaseUnits(tx).execute(columnsOf(quantities));
    },

    /** Reserved units leave the shelf: sold. */
    commit: async (tx: Executor, quantities: Quantity[]) => {
      await commitUnits(tx).execute(columnsOf(quantities));
    },

    /** Sold units come back to the shelf (a paid order was cancelled). */
    restock: async (tx: Executor, quantities: Quantity[]) => {
      await restockUnits(tx).execute(columnsOf(quantities));
    },
  };
}
export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
