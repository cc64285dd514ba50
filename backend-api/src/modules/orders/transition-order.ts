import type { Order, OrderTransitionRequest } from '@shopstream/contracts';
import { NotFound, ValidationFailed } from '@shopstream/server-kit';
import type { OrderTopic } from '../outbox/events';
import type { Actor, OrderContext } from './context';
import { orderById } from './get-order';
import { publish, recordChange, releaseReservation } from './order-changes';
import { addressOf } from './order-view';
import { assertTransition } from './state-machine';

/**
 * Staff move an order along the state machine: fulfil (with tracking), deliver, cancel (stock returns) or
 * refund (the payment is refunded after the change commits).
 */
export async function transitionOrder(
  ctx: OrderContext,
  number: string,
  request: OrderTransitionRequest,
  staffId: string,
): Promise<Order> {
  if (request.to === 'fulfilled' && !request.trackingNumber) {
    throw ValidationFailed([{ field: 'body.trackingNumber', message: 'is required to fulfil an order' }]);
  }
  const actor: Actor = { type: 'staff', id: staffId, email: await ctx.emailOf(staffId) };
  let wasPaid = false;
  const id = await ctx.withTransaction(async (tx) => {
    const row = await ctx.repository.lockByNumber(tx, number);
    if (!row) throw NotFound(`No order ${number}`);
    assertTransition(row.status, request.to);
    // A pending order holds a provider payment (Stripe) that captured nothing yet: there is nothing to refund.
    wasPaid = row.status !== 'pending';
    if (request.to === 'cancelled') {
      if (row.status === 'pending') await releaseReservation(ctx, tx, row);
      else await ctx.inventory.restock(tx, await ctx.repository.quantitiesOf(tx, row.id));
    }
    const updated = await ctx.repository.setStatus(tx, row.id, request.to, {
      carrier: request.to === 'fulfilled' ? (request.carrier ?? 'DHL') : null,
      trackingNumber: request.trackingNumber ?? null,
    });
    const forMail = { ...updated, shippingAddress: addressOf(updated) };
    const eventId = await recordChange(ctx, tx, {
      orderId: row.id,
      from: row.status,
      to: request.to,
      actor,
      note: request.note,
      noteVisibility: request.noteVisibility,
    });
    if (request.note && request.noteVisibility === 'customer')
      await ctx.mail?.orderNote(tx, forMail, request.note, eventId);
    // A pending order was never reported as placed, so its cancellation is not reported either.
    if (row.status !== 'pending' && request.to !== 'delivered')
      await publish(ctx, tx, updated, [request.to as OrderTopic]);
    if (row.status !== 'pending') await ctx.mail?.orderChanged(tx, request.to, forMail);
    return row.id;
  });
  const order = (await orderById(ctx, id))!;
  if ((request.to === 'refunded' || request.to === 'cancelled') && wasPaid && order.payment.reference) {
    await ctx.payments.refund(order.payment.reference, order.totals.total);
  }
  return order;
}
