import type { Return } from '@shopstream/contracts';
import { AppError, ErrorCode, NotFound } from '@shopstream/server-kit';
import type { Transaction } from '../../db/transaction';
import type { OrderLineRow, OrderRow } from '../orders/settlement';
import type { ReturnContext } from './context';
import type { ReturnLineRow, ReturnRow } from './repository';
import { mailLines } from './request-return';
import { toReturn } from './return-view';

type Step = 'approved' | 'refused' | 'received' | 'refunded';

/** Which status each staff step starts from. */
const FROM: Record<Step, ReturnRow['status']> = {
  approved: 'requested',
  refused: 'requested',
  received: 'approved',
  refunded: 'received',
};

const STEP_NOTE: Record<Step, string> = {
  approved: 'Return approved',
  refused: 'Return refused',
  received: 'Return received',
  refunded: 'Return refunded',
};

interface Locked {
  ret: ReturnRow;
  order: OrderRow;
  orderLines: OrderLineRow[];
  lines: ReturnLineRow[];
}

/**
 * One staff step of a return, under the order's lock then the return's: checks it starts from the right status,
 * applies `change`, records it on the timeline (visible to the customer) and mails the customer.
 */
async function step(
  ctx: ReturnContext,
  id: string,
  to: Step,
  staffId: string,
  apply: (tx: Transaction, locked: Locked) => Promise<Partial<ReturnRow>>,
  note?: string | null,
): Promise<Return> {
  const email = await ctx.emailOf(staffId);
  const found = await ctx.repository.find(id);
  if (!found) throw NotFound('No such return');
  return ctx.withTransaction(async (tx) => {
    const order = await ctx.orders.lock(tx, { id: found.orderId });
    const ret = await ctx.repository.lock(tx, id);
    if (!order || !ret) throw NotFound('No such return');
    if (ret.status !== FROM[to])
      throw new AppError(
        ErrorCode.Conflict,
        `A return that is ${ret.status} cannot become ${to}; it must be ${FROM[to]} first`,
        { extra: { from: ret.status, to } },
      );
    const lines = await ctx.repository.linesOf(tx, [id]);
    const change = await apply(tx, { ret, order: order.row, orderLines: order.lines, lines });
    const updated = await ctx.repository.update(tx, id, { ...change, status: to });
    const byId = new Map(order.lines.map((line) => [line.id, line]));
    await ctx.orders.note(
      tx,
      order.row,
      { type: 'staff', id: staffId, email },
      [STEP_NOTE[to], note].filter(Boolean).join(': '),
      'customer',
    );
    await ctx.mail?.returnChanged(tx, ctx.orders.forMail(order.row), {
      returnId: id,
      status: to,
      lines: mailLines(lines, byId),
      note: note ?? null,
      amount: updated.refundedAmount,
    });
    return toReturn(updated, order.row, order.lines, lines);
  });
}

export const approveReturn = (ctx: ReturnContext, id: string, staffId: string, note?: string) =>
  step(ctx, id, 'approved', staffId, async () => ({ staffNote: note ?? null }), note);

export const refuseReturn = (ctx: ReturnContext, id: string, staffId: string, note?: string) =>
  step(ctx, id, 'refused', staffId, async () => ({ staffNote: note ?? null }), note);

/** The parcel arrived: its units go back on the shelf, or not (damaged). */
export const receiveReturn = (ctx: ReturnContext, id: string, staffId: string, restock: boolean) =>
  step(ctx, id, 'received', staffId, async (tx, { order, lines }) => {
    if (restock)
      await ctx.orders.restock(
        tx,
        order,
        lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })),
      );
    return { restocked: restock };
  });

/**
 * Refunds a received return through the refunds module (its lines, at their value as paid, or `amount`; no
 * restock: that was decided on receipt), then marks it refunded. The refund is tied to the return, so a second
 * call cannot refund it twice.
 */
export async function refundReturn(ctx: ReturnContext, id: string, staffId: string, amount?: number) {
  const found = await ctx.repository.find(id);
  if (!found) throw NotFound('No such return');
  if (found.status !== 'received')
    throw new AppError(
      ErrorCode.Conflict,
      `A return that is ${found.status} cannot be refunded; receive it first`,
      {
        extra: { from: found.status, to: 'refunded' },
      },
    );
  const lines = await ctx.repository.linesOf(ctx.repository.db, [id]);
  const refund = await ctx.refunds.refundForReturn(
    found.orderId,
    {
      lines: lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity, restock: false })),
      amount,
      reason: `Return: ${found.reason}`,
      returnId: id,
    },
    { type: 'staff', id: staffId, email: await ctx.emailOf(staffId) },
  );
  return step(ctx, id, 'refunded', staffId, async () => ({
    refundId: refund.id,
    refundedAmount: refund.amount,
  }));
}
