import type { TodayStats } from '@shopstream/contracts';
import type { OrderContext } from './context';

/** Today's (UTC) paid orders and revenue, orders awaiting fulfilment, and variants low on stock. */
export async function todayStats(
  ctx: Pick<OrderContext, 'repository' | 'inventory'>,
  currency: string,
  now = new Date(),
): Promise<TodayStats> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [figures, lowStock] = await Promise.all([
    ctx.repository.figuresSince(start, currency),
    ctx.inventory.lowStockCount(),
  ]);
  return {
    date: start.toISOString().slice(0, 10),
    ordersToday: figures.orders,
    revenueToday: Number(figures.revenue),
    currency,
    awaitingFulfilment: figures.awaiting,
    lowStockVariants: lowStock,
  };
}
