import type { RefundRequest } from '@shopstream/contracts';
import { type CancelInput, cancelOrder, settleRequestedRefunds } from './cancel-order';
import type { Actor, RefundContext } from './context';
import { finishRefund, type RefundInput, refundOrder } from './refund-order';

/** Refunds (issue 17): partial and full refunds, cancellation of paid orders, the sweeper. One operation per file. */
export function createRefundService(ctx: RefundContext) {
  const staff = async (staffId: string): Promise<Actor> => ({
    type: 'staff',
    id: staffId,
    email: await ctx.emailOf(staffId),
  });
  const system: Actor = { type: 'system', id: null, email: null };
  return {
    /** A staff refund by amount or lines. */
    refund: async (number: string, request: RefundRequest, staffId: string) =>
      refundOrder(
        ctx,
        { number },
        {
          lines: (request.lines ?? []).map((line) => ({ ...line, restock: line.restock ?? false })),
          amount: request.amount,
          reason: request.reason,
        },
        await staff(staffId),
      ),

    /** A refund made for a return (by the returns module). */
    refundForReturn: (orderId: string, input: RefundInput, actor: Actor) =>
      refundOrder(ctx, { id: orderId }, input, actor),

    /** Everything that remains of the payment (the `refunded` transition). */
    refundRest: async (number: string, note: string | undefined, staffId: string) => {
      const actor = await staff(staffId);
      const order = await ctx.orders.findByNumber(number);
      const remaining = order?.paidAt ? order.total - order.refunded : 0;
      return refundOrder(
        ctx,
        { number },
        { lines: [], amount: remaining > 0 ? remaining : undefined, reason: note || 'Refunded in full' },
        actor,
      );
    },

    cancel: async (number: string, input: CancelInput, staffId: string) =>
      cancelOrder(ctx, number, input, await staff(staffId)),

    refundedSince: (start: Date, currency: string) => ctx.repository.refundedSince(start, currency),

    settleRequested: (olderThanSeconds?: number) =>
      settleRequestedRefunds(
        ctx,
        (refundId, result) => finishRefund(ctx, refundId, result, system),
        olderThanSeconds,
      ),
  };
}
export type RefundService = ReturnType<typeof createRefundService>;
