import type { Order, OrderTransitionRequest } from '@shopstream/contracts';
import { Conflict, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type { OrderTopic } from '../outbox/events';
import type { Actor, OrderContext } from './context';
import { orderById } from './get-order';
import { publish, recordChange, releaseReservation } from './order-changes';
import { addressOf } from './order-view';
import { assertTransition } from './state-machine';

/**
 * Staff move an order along the state machine: fulfil (with tracking), deliver, cancel or refund. Cancelling a
 * pending order gives its reservation back here; cancelling a paid one and refunding go through the refunds
 * module (`ctx.money`), which asks the payment provider first.
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
  // Money leaves through the refunds module: a full refund, or the cancellation of a paid order.
  if (request.to === 'refunded' || request.to === 'cancelled') {
    const current = await ctx.repository.findByNumber(number);
    if (!current) throw NotFound(`No order ${number}`);
    if (request.to === 'refunded' || current.status !== 'pending') {
      assertTransition(current.status, request.to);
      if (!ctx.money) throw new Error('the refunds module was not handed to the orders service');
      if (request.to === 'refunded') await ctx.money.refundRest(number, request.note, staffId);
      else
        await ctx.money.cancel(
          number,
          { note: request.note, noteVisibility: request.noteVisibility },
          staffId,
        );
      return (await orderById(ctx, current.id))!;
    }
  }
  const actor: Actor = { type: 'staff', id: staffId, email: await ctx.emailOf(staffId) };
  const id = await ctx.withTransaction(async (tx) => {
    const row = await ctx.repository.lockByNumber(tx, number);
    if (!row) throw NotFound(`No order ${number}`);
    assertTransition(row.status, request.to);
    if (request.to === 'cancelled') {
      if (row.status !== 'pending') throw Conflict(`Order ${number} was paid meanwhile; cancel it again`);
      await releaseReservation(ctx, tx, row);
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
  return (await orderById(ctx, id))!;
}
