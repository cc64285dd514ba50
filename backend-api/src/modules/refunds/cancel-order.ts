import { AppError, ErrorCode, NotFound } from '@shopstream/server-kit';
import { canTransition } from '../orders/state-machine';
import { cancelledEvent, refundEvent } from '../outbox/events';
import type { RefundResult } from '../payments/provider';
import { type Actor, moneyText, type RefundContext } from './context';
import { askProvider } from './refund-order';

export interface CancelInput {
  note?: string | null;
  noteVisibility?: 'internal' | 'customer';
}

/**
 * Cancels a paid order before it ships: what remains of the payment is refunded through the provider (a refund of
 * kind `cancellation`), the units not yet back on the shelf return, and `Order Cancelled` is written with what
 * leaves revenue (captured minus earlier refunds). That refund emits no `Order Refunded`: each cent is counted
 * once. The same three steps as a refund; the order is cancelled only once the provider has agreed.
 */
export async function cancelOrder(ctx: RefundContext, number: string, input: CancelInput, actor: Actor) {
  const held = await ctx.withTransaction(async (tx) => {
    const locked = await ctx.orders.lock(tx, { number });
    if (!locked) throw NotFound(`No order ${number}`);
    const { row } = locked;
    if (!canTransition(row.status, 'cancelled') || row.status === 'pending')
      throw new AppError(
        ErrorCode.Conflict,
        `An order that is ${row.status} cannot be cancelled here; a pending order is cancelled without a refund`,
        { extra: { from: row.status, to: 'cancelled' } },
      );
    const remaining = (row.paidAt ? row.total : 0) - row.refunded;
    if (remaining <= 0 || !row.paymentReference) return { orderId: row.id, refund: null, reference: null };
    await ctx.orders.holdRefund(tx, row, remaining, []);
    const refund = await ctx.repository.insert(
      tx,
      {
        orderId: row.id,
        kind: 'cancellation',
        amount: remaining,
        currency: row.currency,
        reason: input.note || 'Order cancelled',
        returnId: null,
        actorId: actor.id,
        actorEmail: actor.email,
      },
      [],
    );
    return { orderId: row.id, refund, reference: row.paymentReference };
  });
  if (!held.refund) return finishCancellation(ctx, held.orderId, null, null, input, actor);
  const result = await askProvider(ctx, held.refund, held.reference!);
  if (!result)
    throw new AppError(
      ErrorCode.ServiceUnavailable,
      'The payment provider did not answer; the cancellation is asked again shortly',
    );
  return finishCancellation(ctx, held.orderId, held.refund.id, result, input, actor);
}

/** Records the provider's answer to a cancellation's refund and, when it agreed, cancels the order. */
export async function finishCancellation(
  ctx: RefundContext,
  orderId: string,
  refundId: string | null,
  result: RefundResult | null,
  input: CancelInput,
  actor: Actor,
) {
  await ctx.withTransaction(async (tx) => {
    const locked = await ctx.orders.lock(tx, { id: orderId });
    if (!locked) return;
    const { row, lines } = locked;
    const refund =
      refundId && result
        ? await ctx.repository.complete(
            tx,
            refundId,
            result.outcome === 'failed'
              ? { status: 'failed', message: result.message }
              : { status: result.outcome, reference: result.reference },
          )
        : null;
    if (refundId && !refund) return; // already recorded by another process
    if (refund?.status === 'failed') {
      await ctx.orders.undoRefund(tx, row, refund.amount, []);
      await ctx.orders.note(
        tx,
        row,
        actor,
        `Cancellation stopped: the payment provider refused the refund of ${moneyText(refund.amount, refund.currency)}: ${refund.failureMessage}`,
        'internal',
      );
      return;
    }
    const left = lines.map((line) => ({ ...line, quantity: line.quantity - line.refundedQuantity }));
    if (!canTransition(row.status, 'cancelled')) {
      // Fulfilled while the provider answered: the money is back, so it is recorded as a refund of the rest.
      if (!refund) return;
      await ctx.orders.note(
        tx,
        row,
        actor,
        `Refunded ${moneyText(refund.amount, refund.currency)}: ${refund.reason}`,
        'customer',
      );
      const current = canTransition(row.status, 'refunded')
        ? await ctx.orders.move(tx, row, 'refunded', actor, 'Everything captured has been refunded')
        : row;
      await ctx.outbox.enqueueEvent(
        tx,
        row.id,
        'refunded',
        refundEvent(
          current,
          { id: refund.id, amount: refund.amount, reason: refund.reason, lines: [] },
          refund.completedAt ?? new Date(),
        ),
      );
      return;
    }
    await ctx.orders.restock(
      tx,
      row,
      lines.map((line) => ({ lineId: line.id, quantity: line.quantity - line.restockedQuantity })),
    );
    const amount = refund?.amount ?? 0;
    const cancelled = await ctx.orders.move(
      tx,
      row,
      'cancelled',
      actor,
      [input.note, amount ? `Refunded ${moneyText(amount, row.currency)}` : null]
        .filter(Boolean)
        .join(' · ') || null,
      input.noteVisibility ?? 'internal',
    );
    await ctx.outbox.enqueueEvent(
      tx,
      row.id,
      'cancelled',
      // At its refund's completed_at, the instant the admin home counts the money leaving.
      cancelledEvent(cancelled, amount, left, refund?.completedAt ?? new Date()),
    );
    const forMail = { ...ctx.orders.forMail(cancelled), total: amount };
    if (input.note && input.noteVisibility === 'customer')
      await ctx.mail?.orderNote(tx, forMail, input.note, `cancel:${row.id}`);
    await ctx.mail?.orderChanged(tx, 'cancelled', forMail);
  });
}

/**
 * Asks the provider again about refunds left `requested` (the process died, or the provider did not answer),
 * with the same idempotency key, and records the answer. Run by every instance's sweeper; `complete` only
 * changes a refund still requested, so two sweepers record it once.
 */
export async function settleRequestedRefunds(
  ctx: RefundContext,
  finishRefund: (refundId: string, result: RefundResult) => Promise<unknown>,
  olderThanSeconds = 60,
) {
  const stuck = await ctx.repository.stuckRequested(olderThanSeconds, 20);
  for (const refund of stuck) {
    const order = await ctx.orders.findById(refund.orderId);
    if (!order?.paymentReference) continue;
    const result = await askProvider(ctx, refund, order.paymentReference);
    if (!result) continue;
    const actor: Actor = { type: 'system', id: null, email: null };
    if (refund.kind === 'cancellation')
      await finishCancellation(ctx, refund.orderId, refund.id, result, { note: refund.reason }, actor);
    else await finishRefund(refund.id, result);
  }
  return stuck.length;
}
