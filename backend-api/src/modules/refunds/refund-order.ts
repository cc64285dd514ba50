import { AppError, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import { canTransition } from '../orders/state-machine';
import { refundEvent } from '../outbox/events';
import type { RefundResult } from '../payments/provider';
import { type Actor, moneyText, type RefundContext } from './context';
import { valueOfUnits } from './refund-amounts';
import type { RefundRow } from './repository';

export interface RefundInput {
  lines: { lineId: string; quantity: number; restock: boolean }[];
  /** Minor units; without it, the lines' value as paid. */
  amount?: number;
  reason: string;
  returnId?: string;
}

/**
 * A staff refund of part of a captured order, by amount or by lines (restocking optional per line). Three steps:
 * (1) under the order's lock, the amount and units are counted against what remains (the CHECKs refuse more) and
 * the refund is written as `requested`; (2) the provider is asked, with the refund's id as idempotency key;
 * (3) under the lock again, its answer is recorded: restock, timeline, mail, `Order Refunded` in the outbox and,
 * once everything captured is refunded, the status `refunded`. A failed answer gives the amount back. A process
 * that dies between (1) and (3) leaves the refund `requested`, still counted, and the sweeper asks again with the
 * same key (`settleRequestedRefunds`).
 */
export async function refundOrder(
  ctx: RefundContext,
  target: { number: string } | { id: string },
  input: RefundInput,
  actor: Actor,
): Promise<RefundRow> {
  const { refund, reference } = await ctx.withTransaction(async (tx) => {
    const locked = await ctx.orders.lock(tx, target);
    if (!locked) throw NotFound('number' in target ? `No order ${target.number}` : 'No such order');
    const { row, lines } = locked;
    if (!row.paidAt || !row.paymentReference || row.status === 'cancelled' || row.status === 'refunded')
      throw new AppError(
        ErrorCode.Conflict,
        `Order ${row.number} is ${row.status}${row.paidAt ? '' : ' and was never paid'}: there is nothing to refund`,
      );
    const byId = new Map(lines.map((line) => [line.id, line]));
    const merged = new Map<string, { quantity: number; restock: boolean }>();
    input.lines.forEach((line, i) => {
      if (!byId.has(line.lineId))
        throw ValidationFailed([{ field: `body.lines.${i}.lineId`, message: 'is not a line of this order' }]);
      const earlier = merged.get(line.lineId);
      merged.set(line.lineId, {
        quantity: (earlier?.quantity ?? 0) + line.quantity,
        restock: (earlier?.restock ?? false) || line.restock,
      });
    });
    const units = [...merged].map(([lineId, { quantity }]) => ({ lineId, quantity }));
    const amount =
      input.amount ??
      valueOfUnits(
        row,
        units.map((unit) => ({ unitPrice: byId.get(unit.lineId)!.unitPrice, quantity: unit.quantity })),
      );
    if (amount <= 0)
      throw ValidationFailed([
        { field: 'body.amount', message: 'those lines are worth nothing: give an amount' },
      ]);
    if (input.returnId && (await ctx.repository.countsForReturn(tx, input.returnId)))
      throw new AppError(ErrorCode.Conflict, 'This return has been refunded already');
    await ctx.orders.holdRefund(tx, row, amount, units);
    const refund = await ctx.repository.insert(
      tx,
      {
        orderId: row.id,
        kind: 'refund',
        amount,
        currency: row.currency,
        reason: input.reason,
        returnId: input.returnId ?? null,
        actorId: actor.id,
        actorEmail: actor.email,
      },
      [...merged].map(([orderLineId, line]) => ({ orderLineId, ...line })),
    );
    return { refund, reference: row.paymentReference };
  });
  const result = await askProvider(ctx, refund, reference);
  const finished = result ? await finishRefund(ctx, refund.id, result, actor) : null;
  if (!result)
    throw new AppError(
      ErrorCode.ServiceUnavailable,
      'The payment provider did not answer; the refund stays counted and is asked again shortly',
    );
  if (finished?.status === 'failed')
    throw new AppError(
      ErrorCode.RefundFailed,
      `The payment provider refused the refund: ${finished.failureMessage}`,
    );
  return finished ?? refund;
}

/** Asks the provider; null when it could not be reached (the refund stays `requested`). */
export async function askProvider(ctx: RefundContext, refund: RefundRow, reference: string) {
  try {
    return await ctx.payments.refund({
      reference,
      amount: refund.amount,
      currency: refund.currency,
      idempotencyKey: `refund:${refund.id}`,
      reason: refund.reason,
    });
  } catch (error) {
    ctx.log.error({ err: error, refund: refund.id }, 'the payment provider did not answer a refund');
    return null;
  }
}

/**
 * Records the provider's answer to a requested refund, once (a second call finds it no longer requested).
 * A cancellation's refund is finished by `cancelOrder`, which also cancels the order.
 */
export async function finishRefund(ctx: RefundContext, refundId: string, result: RefundResult, actor: Actor) {
  return ctx.withTransaction(async (tx) => {
    const pending = await ctx.repository.find(tx, refundId);
    if (!pending) return null;
    const locked = await ctx.orders.lock(tx, { id: pending.orderId });
    if (!locked) return null;
    const { row, lines } = locked;
    const refund = await ctx.repository.complete(
      tx,
      refundId,
      result.outcome === 'failed'
        ? { status: 'failed', message: result.message }
        : { status: result.outcome, reference: result.reference },
    );
    if (!refund) return null;
    const refundLines = await ctx.repository.linesOf(tx, refundId);
    const units = refundLines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity }));
    const money = moneyText(refund.amount, refund.currency);
    if (refund.status === 'failed') {
      await ctx.orders.undoRefund(tx, row, refund.amount, refund.kind === 'refund' ? units : []);
      await ctx.orders.note(
        tx,
        row,
        actor,
        `Refund of ${money} refused by the payment provider: ${refund.failureMessage}`,
        'internal',
      );
      return refund;
    }
    await ctx.orders.restock(
      tx,
      row,
      refundLines
        .filter((line) => line.restock)
        .map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })),
    );
    const byId = new Map(lines.map((line) => [line.id, line]));
    const refunded = refundLines.map((line) => ({ ...byId.get(line.orderLineId)!, quantity: line.quantity }));
    const restocked = refundLines
      .filter((line) => line.restock)
      .reduce((sum, line) => sum + line.quantity, 0);
    await ctx.orders.note(
      tx,
      row,
      actor,
      `Refunded ${money}${refund.status === 'pending' ? ' (pending at the provider)' : ''}: ${refund.reason}` +
        (restocked ? ` (${restocked} unit${restocked === 1 ? '' : 's'} restocked)` : ''),
      'customer',
    );
    let current = row;
    if (row.refunded >= row.total && canTransition(row.status, 'refunded'))
      current = await ctx.orders.move(tx, row, 'refunded', actor, 'Everything captured has been refunded');
    await ctx.outbox.enqueueEvent(
      tx,
      row.id,
      'refunded',
      refundEvent(
        current,
        { id: refund.id, amount: refund.amount, reason: refund.reason, lines: refunded },
        // The refund's completed_at, the instant the admin home counts it at: one day for both.
        refund.completedAt ?? new Date(),
      ),
    );
    // A return's refund is mailed as the return's last step, by the returns module.
    if (!refund.returnId)
      await ctx.mail?.refundIssued(tx, ctx.orders.forMail(current), {
        id: refund.id,
        amount: refund.amount,
        reason: refund.reason,
        lines: refunded.map((line) => ({
          title: line.productTitle,
          variant: line.variantTitle,
          quantity: line.quantity,
        })),
      });
    return refund;
  });
}
