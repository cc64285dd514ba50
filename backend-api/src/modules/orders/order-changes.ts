import type { OrderStatus } from '@shopstream/contracts';
import type { Transaction } from '../../db/transaction';
import type { OrderTopic } from '../outbox/events';
import type { Actor, OrderContext } from './context';
import type { OrderLineRow, OrderRow } from './repository';

/** What the order operations share inside their transaction: the timeline, the outbox, the reservation. */

export const recordChange = (
  { repository }: OrderContext,
  tx: Transaction,
  change: {
    orderId: string;
    from: OrderStatus | null;
    to: OrderStatus;
    actor: Actor;
    note?: string | null;
    /** Who may read the note: staff only (the default), or the customer too. */
    noteVisibility?: 'internal' | 'customer';
  },
) =>
  repository.recordEvent(tx, {
    orderId: change.orderId,
    fromStatus: change.from,
    toStatus: change.to,
    actorType: change.actor.type,
    actorId: change.actor.id,
    actorEmail: change.actor.email,
    note: change.note ?? null,
    noteVisibility: change.noteVisibility ?? 'internal',
  });

/** Writes the order's analytics events in its transaction (the outbox delivers them once it commits). */
export async function publish(
  ctx: OrderContext,
  tx: Transaction,
  row: OrderRow,
  topics: OrderTopic[],
  lines?: OrderLineRow[],
  /** When it happened, as stored in the row (`paid_at`); now when absent. */
  at?: Date,
) {
  const order = { ...row, lines: lines ?? (await ctx.repository.linesOf(tx, row.id)) };
  await ctx.outbox.enqueueOrderEvents(tx, topics, order, at);
}

/** Units per variant of an order's lines (lines whose variant was deleted since are left out). */
export function quantitiesOfLines(lines: Pick<OrderLineRow, 'variantId' | 'quantity'>[]) {
  const sum = new Map<string, number>();
  for (const { variantId, quantity } of lines)
    if (variantId) sum.set(variantId, (sum.get(variantId) ?? 0) + quantity);
  return [...sum].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** Gives a pending order's reservation, and its discount redemption, back. */
export async function releaseReservation(ctx: OrderContext, tx: Transaction, row: OrderRow) {
  await ctx.inventory.release(tx, await ctx.repository.quantitiesOf(tx, row.id));
  if (row.discountCodeId) await ctx.discounts.release(tx, row.discountCodeId);
}
