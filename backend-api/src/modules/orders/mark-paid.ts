import type { OrderContext } from './context';
import { SYSTEM } from './context';
import { publish, quantitiesOfLines, recordChange, releaseReservation } from './order-changes';
import { addressOf } from './order-view';

/**
 * The payment was captured: the pending order becomes paid, its reserved stock is taken off the shelf, its
 * events go to the outbox and the cart it came from goes, all in one transaction. Answers the paid order and its
 * lines, or null when the order is no longer pending (its reservation expired while the processor answered).
 */
export function markPaid(ctx: OrderContext, placed: { orderId: string; cartId: string }, reference: string) {
  return ctx.withTransaction(async (tx) => {
    const row = await ctx.repository.markPaid(tx, placed.orderId, reference);
    if (!row) return null;
    const lines = await ctx.repository.linesOf(tx, row.id);
    await ctx.inventory.commit(tx, quantitiesOfLines(lines));
    await recordChange(ctx, tx, {
      orderId: row.id,
      from: 'pending',
      to: 'paid',
      actor: SYSTEM,
      note: 'Payment captured',
    });
    await publish(ctx, tx, row, ['placed', 'paid'], lines);
    await ctx.mail?.orderChanged(tx, 'placed', { ...row, shippingAddress: addressOf(row), lines });
    await ctx.carts.remove(tx, placed.cartId);
    await ctx.repository.completeCheckoutKey(tx, row.id);
    return { row, lines };
  });
}

/** Payment failed: stock and discount go back and the pending order disappears (the cart never changed). */
export function abandonOrder(ctx: OrderContext, orderId: string) {
  return ctx.withTransaction(async (tx) => {
    const row = await ctx.repository.lockPending(tx, orderId);
    if (!row) return;
    await releaseReservation(ctx, tx, row);
    // Cascades to the lines, the timeline and the idempotency record, which frees the key for another try.
    await ctx.repository.delete(tx, orderId);
  });
}
