import type {
  InventoryList,
  InventoryListQuery,
  StockAdjustment,
  StockAdjustmentList,
  StockAdjustmentRequest,
} from '@shopstream/contracts';
import { AppError, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type pg from 'pg';
import { z } from 'zod';

const Cursor = z.object({ sku: z.string().max(64) });

interface AdjustmentRow {
  id: string;
  variantId: string;
  delta: number;
  reason: StockAdjustment['reason'];
  note: string | null;
  stockAfter: number;
  actorId: string | null;
  actorEmail: string | null;
  createdAt: Date;
}
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
const ADJUSTMENT_COLUMNS = `id, variant_id as "variantId", delta, reason, note, stock_after as "stockAfter",
  actor_id as "actorId", actor_email as "actorEmail", created_at as "createdAt"`;

/** Stock levels for staff, and adjustments recorded with who made them and why. */
export function createInventoryService(pool: pg.Pool) {
  return {
    async list(query: InventoryListQuery): Promise<InventoryList> {
      const params: unknown[] = [];
      const where: string[] = [];
      if (query.lowStock === 'true')
        where.push('v.stock_on_hand - v.stock_reserved <= v.low_stock_threshold');
      if (query.lowStock === 'false')
        where.push('v.stock_on_hand - v.stock_reserved > v.low_stock_threshold');
      if (query.q) {
        params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
        where.push(`(v.sku ilike $${params.length} or p.title ilike $${params.length})`);
      }
      if (query.cursor) {
        let cursor: z.infer<typeof Cursor>;
        try {
          cursor = Cursor.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')));
        } catch {
          throw ValidationFailed([{ field: 'querystring.cursor', message: 'is not a cursor of this list' }]);
        }
        params.push(cursor.sku);
        where.push(`v.sku > $${params.length}`);
      }
      params.push(query.limit + 1);
      const { rows } = await pool.query(
        `select v.id as "variantId", p.id as "productId", p.title as "productTitle", p.slug as "productSlug", v.sku,
           v.title as "variantTitle", v.options, v.stock_on_hand as "stockOnHand", v.stock_reserved as "stockReserved",
           v.stock_on_hand - v.stock_reserved as available, v.low_stock_threshold as "lowStockThreshold",
           v.stock_on_hand - v.stock_reserved <= v.low_stock_threshold as "lowStock", v.active
         from variants v join products p on p.id = v.product_id
         ${where.length ? `where ${where.join(' and ')}` : ''}
         order by v.sku limit $${params.length}`,
        params,
      );
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
      actor: { id: string; email: string | null },
    ): Promise<StockAdjustment> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query<{ stockOnHand: number; stockReserved: number }>(
          `select stock_on_hand as "stockOnHand", stock_reserved as "stockReserved" from variants where id = $1 for update`,
          [variantId],
        );
        const variant = rows[0];
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
        await client.query('update variants set stock_on_hand = $2, updated_at = now() where id = $1', [
          variantId,
          after,
        ]);
        const inserted = await client.query<AdjustmentRow>(
          `insert into stock_adjustments (variant_id, delta, reason, note, stock_after, actor_id, actor_email)
           values ($1, $2, $3, $4, $5, $6, $7) returning ${ADJUSTMENT_COLUMNS}`,
          [variantId, request.delta, request.reason, request.note ?? null, after, actor.id, actor.email],
        );
        await client.query('commit');
        return toAdjustment(inserted.rows[0]!);
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async adjustments(variantId: string): Promise<StockAdjustmentList> {
      const exists = await pool.query('select 1 from variants where id = $1', [variantId]);
      if (!exists.rowCount) throw NotFound('No such variant');
      const { rows } = await pool.query<AdjustmentRow>(
        `select ${ADJUSTMENT_COLUMNS} from stock_adjustments where variant_id = $1 order by created_at desc, id desc limit 200`,
        [variantId],
      );
      return { items: rows.map(toAdjustment) };
    },
  };
}
export type InventoryService = ReturnType<typeof createInventoryService>;
