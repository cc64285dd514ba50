import type { Order } from '@shopstream/contracts';
import { NotFound } from '@shopstream/server-kit';
import type { OrderContext } from './context';
import { toOrder } from './order-view';
import type { OrderRow } from './repository';

/** An order with its lines and timeline. */
export async function assembleOrder(
  { repository }: Pick<OrderContext, 'repository'>,
  row: OrderRow,
): Promise<Order> {
  const [lines, events] = await Promise.all([
    repository.linesOf(repository.db, row.id),
    repository.eventsOf(row.id),
  ]);
  return toOrder(row, lines, events);
}

export async function orderById(ctx: Pick<OrderContext, 'repository'>, id: string) {
  const row = await ctx.repository.findById(ctx.repository.db, id);
  return row ? assembleOrder(ctx, row) : null;
}

/** By number: a customer's own order (`userId`), or any order for staff. */
export async function getOrder(ctx: Pick<OrderContext, 'repository'>, number: string, userId?: string) {
  const row = await ctx.repository.findByNumber(number, userId);
  if (!row) throw NotFound(`No order ${number}`);
  return assembleOrder(ctx, row);
}
