import type {
  InventoryList,
  InventoryListQuery,
  StockAdjustment,
  StockAdjustmentList,
  StockAdjustmentRequest,
} from '@shopstream/contracts';
import { AppError, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import { z } from 'zod';
import { afterCommit, type Transaction, type WithTransaction } from '../../db/transaction';
import type { AdjustmentRow, InventoryRepository, NewLevel, Quantity } from './repository';

/** Whether units given back made a sold-out variant available again (none was available before them). */
const cameBack = (rows: Array<{ available: number; quantity: number }>) =>
  rows.some((row) => Number(row.available) > 0 && Number(row.available) - Number(row.quantity) <= 0);

const Cursor = z.object({ sku: z.string().max(64) });

const toAdjustment = (row: AdjustmentRow): StockAdjustment => ({
  id: row.id,
  variantId: row.variantId,
  delta: row.delta,
  reason: row.reason,
  note: row.note,
  stockAfter: row.stockAfter,
  actor: { id: row.actorId, email: row.actorEmail },
  createdAt: row.createdAt.toISOString(),
});

/**
 * One entry per variant, sorted by id (the byte order of lowercase UUIDs, as PostgreSQL sorts them): the
 * statements lock rows in this order, so two transactions never lock the same variants in opposite order.
 */
const byVariant = (quantities: Quantity[]) => {
  const sum = new Map<string, number>();
  for (const { variantId, quantity } of quantities) sum.set(variantId, (sum.get(variantId) ?? 0) + quantity);
  return [...sum]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([variantId, quantity]) => ({ variantId, quantity }));
};

/**
 * Stock: levels and adjustments for staff, and the reservation calls checkout and orders make in their own
 * transaction (reserve when an order is placed, commit when it is paid, release when it is given up).
 */
export function createInventoryService(
  repository: InventoryRepository,
  withTransaction: WithTransaction,
  deps: {
    emailOf: (userId: string) => Promise<string | null>;
    /**
     * After a committed change that can turn a variant's "in stock" on the storefront: a staff adjustment,
     * a sale of its last available unit, units coming back to a sold-out variant. The cached storefront
     * catalog shows in stock / sold out from it; other sales leave the cache alone.
     */
    afterAvailabilityChanged?: () => Promise<void>;
  },
) {
  const changed = deps.afterAvailabilityChanged;
  /** Refreshes the catalog once `tx` commits when one of the variants sold out or came back. */
  const watch = (tx: Transaction, turned: boolean) => {
    if (turned && changed) afterCommit(tx, changed);
  };
  return {
    /**
     * Holds the units in the caller's transaction with one statement (rows locked in id order, the
     * last thing checkout does before it commits, so the hot rows stay locked for as short as possible).
     * Answers the first variant (by id) short of stock, with what is left of it, or null when everything is
     * held. On a shortfall the caller rolls back: the other variants' units are held in its transaction.
     */
    async reserve(tx: Transaction, quantities: Quantity[]) {
      const entries = byVariant(quantities);
      if (entries.length === 0) return null;
      const rows = await repository.reserve(tx, entries);
      const held = new Set(rows.map((row) => row.id));
      const short = entries.find((entry) => !held.has(entry.variantId));
      if (!short) {
        watch(
          tx,
          rows.some((row) => Number(row.available) <= 0),
        );
        return null;
      }
      return { variantId: short.variantId, available: await repository.availableOf(tx, short.variantId) };
    },

    async release(tx: Transaction, quantities: Quantity[]) {
      const entries = byVariant(quantities);
      if (entries.length > 0) watch(tx, cameBack(await repository.release(tx, entries)));
    },

    async commit(tx: Transaction, quantities: Quantity[]) {
      const entries = byVariant(quantities);
      if (entries.length > 0) await repository.commit(tx, entries);
    },

    async restock(tx: Transaction, quantities: Quantity[]) {
      const entries = byVariant(quantities);
      if (entries.length > 0) watch(tx, cameBack(await repository.restock(tx, entries)));
    },

    /**
     * Catalog creates a variant's level with the variant, in the same transaction (product create, CSV
     * import, whose stock column is a recount). A recount never goes below what unpaid orders hold: refused
     * with the variants' SKUs (the caller's transaction rolls back).
     */
    async createLevels(tx: Transaction, levels: NewLevel[]) {
      const held = await repository.heldAbove(tx, levels);
      if (held.length > 0) {
        const named = held
          .slice(0, 5)
          .map((v) => `${v.sku} (${v.stockReserved} reserved, ${v.stockOnHand} in the file)`)
          .join(', ');
        throw new AppError(
          ErrorCode.OutOfStock,
          `Stock on hand cannot go below the units unpaid orders hold: ${named}${held.length > 5 ? ` and ${held.length - 5} more` : ''}`,
          { extra: { skus: held.map((v) => v.sku) } },
        );
      }
      await repository.createLevels(tx, levels);
    },

    /**
     * Catalog's product editor sets stock on hand and the alert level directly (not an adjustment); on hand
     * never goes below what unpaid orders hold. Answers whether the variant has a level.
     */
    async setLevel(
      tx: Transaction,
      variantId: string,
      patch: { stockOnHand?: number; lowStockThreshold?: number },
    ) {
      if (patch.stockOnHand !== undefined) {
        const level = await repository.lockStock(tx, variantId);
        if (level && patch.stockOnHand < level.stockReserved) {
          throw new AppError(
            ErrorCode.OutOfStock,
            `${level.stockReserved} units are reserved by unpaid orders; stock on hand cannot go below that`,
            { extra: { stockOnHand: level.stockOnHand, stockReserved: level.stockReserved } },
          );
        }
      }
      return repository.setLevel(tx, variantId, patch);
    },

    lowStockCount: repository.lowStockCount,

    async list(query: InventoryListQuery): Promise<InventoryList> {
      let cursor: z.infer<typeof Cursor> | null = null;
      if (query.cursor) {
        try {
          cursor = Cursor.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
        } catch {
          throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this list' }]);
        }
      }
      const rows = await repository.list({
        lowStock: query.lowStock === undefined ? undefined : query.lowStock === 'true',
        search: query.q ? `%${query.q.replace(/[\\%_]/g, '\\$&')}%` : undefined,
        afterSku: cursor?.sku,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor:
          rows.length > query.limit && last
            ? Buffer.from(JSON.stringify({ sku: last.sku })).toString('base64url')
            : null,
      };
    },

    async adjust(
      variantId: string,
      request: StockAdjustmentRequest,
      staffId: string,
    ): Promise<StockAdjustment> {
      const actor = { id: staffId, email: await deps.emailOf(staffId) };
      const adjustment = await withTransaction(async (tx) => {
        const variant = await repository.lockStock(tx, variantId);
        if (!variant) throw NotFound('No such variant');
        const after = variant.stockOnHand + request.delta;
        if (after < variant.stockReserved) {
          throw new AppError(
            ErrorCode.OutOfStock,
            after < 0
              ? `Stock on hand is ${variant.stockOnHand}; it cannot go below zero`
              : `${variant.stockReserved} units are reserved by unpaid orders; stock on hand cannot go below that`,
            { extra: { stockOnHand: variant.stockOnHand, stockReserved: variant.stockReserved } },
          );
        }
        await repository.setOnHand(tx, variantId, after);
        const inserted = await repository.insertAdjustment(tx, {
          variantId,
          delta: request.delta,
          reason: request.reason,
          note: request.note ?? null,
          stockAfter: after,
          actorId: actor.id,
          actorEmail: actor.email,
        });
        return toAdjustment(inserted);
      });
      await changed?.();
      return adjustment;
    },

    async adjustments(variantId: string): Promise<StockAdjustmentList> {
      if (!(await repository.variantExists(variantId))) throw NotFound('No such variant');
      const rows = await repository.adjustments(variantId);
      return { items: rows.map(toAdjustment) };
    },
  };
}
export type InventoryService = ReturnType<typeof createInventoryService>;
