import { type OrderContext, SYSTEM } from './context';
import { recordChange, releaseReservation } from './order-changes';

/**
 * Cancels pending orders whose reservation ran out and returns their stock, one transaction each; an order
 * another process is handling (being paid, or swept) is skipped. Answers how many were cancelled.
 */
export async function expireReservations(ctx: OrderContext, now = new Date()): Promise<number> {
  let expired = 0;
  for (const id of await ctx.repository.expiredPendingIds(now, 500)) {
    expired += await ctx.withTransaction(async (tx) => {
      const row = await ctx.repository.lockPending(tx, id, true);
      if (!row) return 0;
      await releaseReservation(ctx, tx, row);
      await ctx.repository.setStatus(tx, id, 'cancelled');
      await recordChange(ctx, tx, {
        orderId: id,
        from: 'pending',
        to: 'cancelled',
        actor: SYSTEM,
        note: 'Payment not completed in time; stock released',
      });
      // The checkout that placed it is over: a replay of its Idempotency-Key answers the cancelled order.
      await ctx.repository.completeCheckoutKey(tx, id);
      return 1;
    });
  }
  return expired;
}
