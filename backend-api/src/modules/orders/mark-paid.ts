import type { Transaction } from '../../db/transaction';
import type { OrderContext } from './context';
import { SYSTEM } from './context';
import { publish, quantitiesOfLines, recordChange, releaseReservation } from './order-changes';
import { addressOf } from './order-view';
import type { OrderLineRow } from './repository';

interface Capture {
  orderId: string;
  /** The cart the order came from, emptied now; null when it is not known. */
  cartId: string | null;
  reference: string;
  /** `cancelled`: a payment that arrived after the reservation expired, its stock reserved again. */
  from?: 'pending' | 'cancelled';
  note?: string;
  /** The order's lines when the caller has them (checkout just wrote them): not read again. */
  lines?: OrderLineRow[];
}

/**
 * In the caller's transaction: the order becomes paid, its reserved stock is taken off the shelf, its events
 * go to the outbox, its confirmation to the mail outbox, and the cart it came from goes. Answers the paid order
 * and its lines, or null when the order is no longer in the `from` status.
 */
export async function markPaidIn(ctx: OrderContext, tx: Transaction, capture: Capture) {
  const from = capture.from ?? 'pending';
  const row = await ctx.repository.markPaid(tx, capture.orderId, capture.reference, from);
  if (!row) return null;
  const lines = capture.lines ?? (await ctx.repository.linesOf(tx, row.id));
  // The processor's reference stays in the order's payment (staff); the timeline, which customers see, omits it.
  await recordChange(ctx, tx, {
    orderId: row.id,
    from,
    to: 'paid',
    actor: SYSTEM,
    note: capture.note ?? 'Payment captured',
  });
  // Stamped with paid_at (the transaction's now()), the instant the admin home counts, so both put the payment
  // on the same shop day even in the last moments before midnight.
  await publish(ctx, tx, row, ['placed', 'paid'], lines, row.paidAt ?? undefined);
  await ctx.mail?.orderChanged(tx, 'placed', { ...row, shippingAddress: addressOf(row), lines });
  const cartId = capture.cartId ?? row.cartId;
  if (cartId) await ctx.carts.remove(tx, cartId);
  await ctx.repository.completeCheckoutKey(tx, row.id);
  // Last before COMMIT: the variants' rows (hot ones under a sale) stay locked for one statement and the commit.
  await ctx.inventory.commit(tx, quantitiesOfLines(lines));
  return { row, lines };
}

/** The payment was captured (the test provider answered at once): `markPaidIn` in a transaction of its own. */
export function markPaid(
  ctx: OrderContext,
  placed: { orderId: string; cartId: string; lines?: OrderLineRow[] },
  reference: string,
) {
  return ctx.withTransaction((tx) => markPaidIn(ctx, tx, { ...placed, reference }));
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
