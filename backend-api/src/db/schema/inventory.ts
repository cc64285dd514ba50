import { sql } from 'drizzle-orm';
import { check, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { variants } from './catalog';

/**
 * Stock of each variant, owned by the inventory module (catalog owns the variant itself, as in Medusa v2's
 * product and inventory modules). The stock_adjustments ledger (commerce.ts) belongs to inventory too.
 */
export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    variantId: uuid()
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    stockOnHand: integer().notNull().default(0),
    /** Held by unpaid orders (issue 6); available = stock_on_hand - stock_reserved. */
    stockReserved: integer().notNull().default(0),
    /** Staff are alerted when available stock falls to this level (issue 6). */
    lowStockThreshold: integer().notNull().default(5),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('inventory_levels_stock_nonnegative', sql`${t.stockOnHand} >= 0 and ${t.stockReserved} >= 0`),
    check('inventory_levels_reserved_within_stock', sql`${t.stockReserved} <= ${t.stockOnHand}`),
    check('inventory_levels_low_stock_threshold_nonnegative', sql`${t.lowStockThreshold} >= 0`),
  ],
);
