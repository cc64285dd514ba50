import type { Return, ReturnRequestInput } from '@shopstream/contracts';
import { AppError, ErrorCode, NotFound, ValidationFailed } from '@shopstream/server-kit';
import type { ReturnContext } from './context';
import { toReturn } from './return-view';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A customer asks to return some units of a delivered order of theirs, with a reason, within the shop's return
 * window (days since delivery). Units already refunded or asked back by another open return cannot be asked again.
 * Under the order's lock, so two requests at once cannot both take the same units.
 */
export async function requestReturn(
  ctx: ReturnContext,
  userId: string,
  number: string,
  input: ReturnRequestInput,
  now = new Date(),
): Promise<Return> {
  const mine = await ctx.orders.findByNumber(number, userId);
  if (!mine) throw NotFound(`No order ${number}`);
  const [deliveredAt, windowDays, email] = await Promise.all([
    ctx.orders.deliveredAt(mine.id),
    ctx.returnWindowDays(),
    ctx.emailOf(userId),
  ]);
  return ctx.withTransaction(async (tx) => {
    const locked = await ctx.orders.lock(tx, { id: mine.id });
    if (!locked) throw NotFound(`No order ${number}`);
    const { row, lines } = locked;
    if (row.status !== 'delivered' || !deliveredAt)
      throw new AppError(ErrorCode.ReturnNotAllowed, 'Only a delivered order can be returned');
    const closes = new Date(deliveredAt.getTime() + windowDays * DAY_MS);
    if (now > closes)
      throw new AppError(
        ErrorCode.ReturnNotAllowed,
        `The return window of ${windowDays} days after delivery closed on ${closes.toISOString().slice(0, 10)}`,
      );
    const open = await ctx.repository.openUnits(tx, row.id);
    const byId = new Map(lines.map((line) => [line.id, line]));
    const asked = new Map<string, number>();
    input.lines.forEach((line, i) => {
      const sold = byId.get(line.lineId);
      if (!sold)
        throw ValidationFailed([{ field: `body.lines.${i}.lineId`, message: 'is not a line of this order' }]);
      asked.set(line.lineId, (asked.get(line.lineId) ?? 0) + line.quantity);
    });
    for (const [lineId, quantity] of asked) {
      const sold = byId.get(lineId)!;
      const left = sold.quantity - sold.refundedQuantity - (open.get(lineId) ?? 0);
      if (quantity > left)
        throw new AppError(
          ErrorCode.ReturnNotAllowed,
          `${sold.productTitle}: ${left} unit${left === 1 ? '' : 's'} can still be returned`,
        );
    }
    const created = await ctx.repository.insert(
      tx,
      { orderId: row.id, reason: input.reason },
      [...asked].map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
    );
    const returnLines = [...asked].map(([orderLineId, quantity]) => ({
      id: '',
      returnId: created.id,
      orderLineId,
      quantity,
    }));
    const summary = returnLines.map(
      (line) => `${line.quantity} × ${byId.get(line.orderLineId)!.productTitle}`,
    );
    await ctx.orders.note(
      tx,
      row,
      { type: 'customer', id: userId, email },
      `Return requested: ${summary.join(', ')}. ${input.reason}`,
      'customer',
    );
    await ctx.mail?.returnChanged(tx, ctx.orders.forMail(row), {
      returnId: created.id,
      status: 'requested',
      lines: mailLines(returnLines, byId),
      note: null,
      amount: null,
    });
    return toReturn(created, row, lines, returnLines);
  });
}

export const mailLines = (
  lines: { orderLineId: string; quantity: number }[],
  byId: Map<string, { productTitle: string; variantTitle: string }>,
) =>
  lines.map((line) => ({
    title: byId.get(line.orderLineId)?.productTitle ?? '',
    variant: byId.get(line.orderLineId)?.variantTitle ?? null,
    quantity: line.quantity,
  }));
