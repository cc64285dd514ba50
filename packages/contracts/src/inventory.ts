import { z } from 'zod';

/**
 * Inventory contracts (issue 6). Staff routes:
 *   GET  /admin/inventory                               InventoryListQuery → InventoryList
 *   POST /admin/variants/:variantId/stock-adjustments   StockAdjustmentRequest → 201 StockAdjustment
 *        409 out_of_stock when the delta would take stock on hand below zero or below what is reserved
 *   GET  /admin/variants/:variantId/stock-adjustments   → StockAdjustmentList
 *   PATCH /admin/variants/:id  { lowStockThreshold }    (the catalog's variant route; see VariantPatch)
 */

export const InventoryItem = z.object({
  variantId: z.uuid(),
  productId: z.uuid(),
  productTitle: z.string(),
  productSlug: z.string(),
  sku: z.string(),
  variantTitle: z.string(),
  options: z.record(z.string(), z.string()),
  stockOnHand: z.number().int(),
  stockReserved: z.number().int().describe('Held by unpaid orders'),
  available: z.number().int().describe('stockOnHand - stockReserved'),
  lowStockThreshold: z.number().int(),
  lowStock: z.boolean().describe('available <= lowStockThreshold'),
  active: z.boolean(),
});
export type InventoryItem = z.infer<typeof InventoryItem>;

export const InventoryListQuery = z.strictObject({
  lowStock: z.enum(['true', 'false']).optional().describe('true: only variants at or below their threshold'),
  q: z.string().trim().max(200).optional().describe('Part of the SKU or product title'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type InventoryListQuery = z.infer<typeof InventoryListQuery>;

export const InventoryList = z.object({ items: z.array(InventoryItem), nextCursor: z.string().nullable() });
export type InventoryList = z.infer<typeof InventoryList>;

export const StockAdjustmentReason = z.enum(['received', 'damaged', 'correction']);
export type StockAdjustmentReason = z.infer<typeof StockAdjustmentReason>;

export const StockAdjustmentRequest = z
  .strictObject({
    delta: z.number().int().min(-1_000_000).max(1_000_000).describe('Units added (+) or removed (-)'),
    reason: StockAdjustmentReason,
    note: z.string().trim().max(500).optional(),
  })
  .refine((body) => body.delta !== 0, { message: 'delta must not be 0', path: ['delta'] });
export type StockAdjustmentRequest = z.infer<typeof StockAdjustmentRequest>;

export const StockAdjustment = z.object({
  id: z.uuid(),
  variantId: z.uuid(),
  delta: z.number().int(),
  reason: StockAdjustmentReason,
  note: z.string().nullable(),
  stockAfter: z.number().int().describe('Stock on hand after this adjustment'),
  actor: z.object({ id: z.uuid().nullable(), email: z.string().nullable() }),
  createdAt: z.iso.datetime(),
});
export type StockAdjustment = z.infer<typeof StockAdjustment>;

export const StockAdjustmentList = z.object({ items: z.array(StockAdjustment) });
export type StockAdjustmentList = z.infer<typeof StockAdjustmentList>;

export const VariantIdParams = z.strictObject({ variantId: z.uuid() });
