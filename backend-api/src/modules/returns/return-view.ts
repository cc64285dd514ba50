import type { Return } from '@shopstream/contracts';
import type { OrderLineRow, OrderRow } from '../orders/settlement';
import type { ReturnContext } from './context';
import type { ReturnLineRow, ReturnRow } from './repository';

export function toReturn(
  row: ReturnRow,
  order: OrderRow,
  orderLines: OrderLineRow[],
  lines: ReturnLineRow[],
): Return {
  const byId = new Map(orderLines.map((line) => [line.id, line]));
  return {
    id: row.id,
    orderNumber: order.number,
    email: order.email,
    status: row.status,
    reason: row.reason,
    staffNote: row.staffNote,
    restocked: row.restocked,
    lines: lines
      .filter((line) => line.returnId === row.id)
      .map((line) => {
        const sold = byId.get(line.orderLineId);
        return {
          lineId: line.orderLineId,
          sku: sold?.sku ?? '',
          productTitle: sold?.productTitle ?? '',
          variantTitle: sold?.variantTitle ?? '',
          quantity: line.quantity,
          unitPrice: sold?.unitPrice ?? 0,
        };
      }),
    refundedAmount: row.refundedAmount,
    currency: order.currency,
    requestedAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Returns with their order's lines, as the API answers them (a handful per page: one read per order). */
export async function returnsView(ctx: ReturnContext, rows: ReturnRow[]): Promise<Return[]> {
  const lines = await ctx.repository.linesOf(
    ctx.repository.db,
    rows.map((row) => row.id),
  );
  const orders = new Map<string, { order: OrderRow; lines: OrderLineRow[] }>();
  for (const row of rows) {
    if (orders.has(row.orderId)) continue;
    const order = await ctx.orders.findById(row.orderId);
    if (order) orders.set(row.orderId, { order, lines: await ctx.orders.linesOf(row.orderId) });
  }
  return rows.flatMap((row) => {
    const found = orders.get(row.orderId);
    return found ? [toReturn(row, found.order, found.lines, lines)] : [];
  });
}
