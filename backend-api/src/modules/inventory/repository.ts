import { and, asc, desc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { inventoryLevels as levels, products, stockAdjustments, variants } from '../../db/schema';
import { type Executor, prepared } from '../../db/transaction';

export type AdjustmentRow = typeof stockAdjustments.$inferSelect;

/** Units of one variant. */
export interface Quantity {
  variantId: string;
  quantity: number;
}

const available = sql<number>`${levels.stockOnHand} - ${levels.stockReserved}`;
const low = sql`${levels.stockOnHand} - ${levels.stockReserved} <= ${levels.lowStockThreshold}`;
/** Catalog owns whether a variant is sold; inventory only reads it. */
const sellable = sql`exists (select 1 from ${variants} where ${variants.id} = ${levels.variantId} and ${variants.active})`;

const p = sql.placeholder;
/**
 * The units of one call, one row per variant, joined to `inventory_levels` in one statement whatever their number
 * (`variantIds` and `quantities` run in parallel, sorted by id). The plan walks the array and looks each
 * variant up by primary key, so the rows are locked in id order, as every stock statement locks them: two
 * transactions never wait on each other's rows in opposite order. (Locking them first in a `for update`
 * subquery deadlocks instead: the update then needs the tuple lock that a waiting transaction holds.)
 */
const units = sql`unnest(${p('variantIds')}::uuid[], ${p('quantities')}::int[]) as w(variant_id, quantity)`;
const lockedId = sql`${levels.variantId} = w.variant_id`;
const reserveUnits = prepared((db) =>
  db
    .update(levels)
    .set({ stockReserved: sql`${levels.stockReserved} + w.quantity` })
    .from(units)
    .where(and(lockedId, sellable, sql`${available} >= w.quantity`))
    .returning({ id: levels.variantId, available })
    .prepare('inventory_reserve'),
);
const releaseUnits = prepared((db) =>
  db
    .update(levels)
    .set({ stockReserved: sql`${levels.stockReserved} - w.quantity` })
    .from(units)
    .where(lockedId)
    .returning({ available, quantity: sql<number>`w.quantity` })
    .prepare('inventory_release'),
);
const commitUnits = prepared((db) =>
  db
    .update(levels)
    .set({
      stockOnHand: sql`${levels.stockOnHand} - w.quantity`,
      stockReserved: sql`${levels.stockReserved} - w.quantity`,
    })
    .from(units)
    .where(lockedId)
    .prepare('inventory_commit'),
);
const restockUnits = prepared((db) =>
  db
    .update(levels)
    .set({ stockOnHand: sql`${levels.stockOnHand} + w.quantity` })
    .from(units)
    .where(lockedId)
    .returning({ available, quantity: sql<number>`w.quantity` })
    .prepare('inventory_restock'),
);

/** The statements' parameters: one array of ids, one of units. */
const columnsOf = (quantities: Quantity[]) => ({
  variantIds: quantities.map((q) => q.variantId),
  quantities: quantities.map((q) => q.quantity),
});

/** Level of a new variant, or a recount of one that has a level (a CSV import). */
export interface NewLevel {
  variantId: string;
  stockOnHand: number;
  /** Omitted: the table's default for a new level, unchanged for an existing one. */
  lowStockThreshold?: number;
}

/**
 * Stock: the inventory_levels and stock_adjustments tables; only this file writes them. It reads catalog's
 * variants and products (SKU, titles, whether a variant is sold) and never writes them.
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
          stockOnHand: levels.stockOnHand,
          stockReserved: levels.stockReserved,
          available,
          lowStockThreshold: levels.lowStockThreshold,
          lowStock: sql<boolean>`${low}`,
          active: variants.active,
        })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .innerJoin(levels, eq(levels.variantId, variants.id))
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
      (await db.select({ count: sql<number>`count(*)::int` }).from(levels).where(and(sellable, low)))[0]!
        .count,

    lockStock: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({ stockOnHand: levels.stockOnHand, stockReserved: levels.stockReserved })
          .from(levels)
          .where(eq(levels.variantId, variantId))
          .for('update')
      )[0],

    setOnHand: async (tx: Executor, variantId: string, stockOnHand: number) => {
      await tx
        .update(levels)
        .set({ stockOnHand, updatedAt: sql`now()` })
        .where(eq(levels.variantId, variantId));
    },

    /** One statement for the levels of a product's (or an import batch's) variants, in the caller's transaction. */
    /** The variants among `entries` whose units held by unpaid orders are more than the new stock on hand. */
    heldAbove: async (tx: Executor, entries: NewLevel[]) =>
      entries.length === 0
        ? []
        : await tx
            .select({
              sku: variants.sku,
              stockReserved: levels.stockReserved,
              stockOnHand: sql<number>`w.on_hand`,
            })
            .from(
              sql`unnest(${sql.param(entries.map((e) => e.variantId))}::uuid[], ${sql.param(entries.map((e) => e.stockOnHand))}::int[]) as w(variant_id, on_hand)`,
            )
            .innerJoin(levels, sql`${levels.variantId} = w.variant_id`)
            .innerJoin(variants, eq(variants.id, levels.variantId))
            .where(sql`${levels.stockReserved} > w.on_hand`)
            .orderBy(asc(variants.sku))
            .for('update', { of: levels }),

    createLevels: async (tx: Executor, entries: NewLevel[]) => {
      if (entries.length === 0) return;
      await tx
        .insert(levels)
        .values(entries)
        .onConflictDoUpdate({
          target: levels.variantId,
          set: { stockOnHand: sql.raw('excluded.stock_on_hand'), updatedAt: sql`now()` },
        });
    },

    /** Staff's edit of a variant's stock fields (the product editor); answers whether the variant has a level. */
    setLevel: async (
      tx: Executor,
      variantId: string,
      patch: { stockOnHand?: number; lowStockThreshold?: number },
    ) =>
      (
        await tx
          .update(levels)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(eq(levels.variantId, variantId))
          .returning({ id: levels.variantId })
      ).length > 0,

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
     * held, each with what is left available. Fewer than asked means a shortfall: the caller rolls its
     * transaction back (the rest are held in it).
     */
    reserve: (tx: Executor, quantities: Quantity[]) => reserveUnits(tx).execute(columnsOf(quantities)),

    availableOf: async (tx: Executor, variantId: string) =>
      (
        await tx
          .select({ available: sql<number>`greatest(${available}, 0)` })
          .from(levels)
          .where(eq(levels.variantId, variantId))
      )[0]?.available ?? 0,

    /** Gives held units back; answers, per variant, what is available now and how many came back. */
    release: (tx: Executor, quantities: Quantity[]) => releaseUnits(tx).execute(columnsOf(quantities)),

    /** Reserved units leave the shelf: sold. */
    commit: async (tx: Executor, quantities: Quantity[]) => {
      await commitUnits(tx).execute(columnsOf(quantities));
    },

    /** Sold units come back to the shelf (a paid order was cancelled). */
    restock: (tx: Executor, quantities: Quantity[]) => restockUnits(tx).execute(columnsOf(quantities)),
  };
}
export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
