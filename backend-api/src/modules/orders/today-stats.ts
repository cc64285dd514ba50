import { TZDate } from '@date-fns/tz';
import type { TodayStats } from '@shopstream/contracts';
import type { OrderContext } from './context';

/** The shop's day at `now`: its date and the instant of its midnight in the shop's time zone, DST included. */
export function shopDay(timeZone: string, now: Date): { date: string; start: Date } {
  const local = new TZDate(now.getTime(), timeZone);
  const start = new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone).getTime(),
  );
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  return { date, start };
}

/**
 * Today's paid orders and revenue ("today" is the shop's day: since midnight in its time zone), orders
 * awaiting fulfilment, and variants low on stock.
 */
export async function todayStats(
  ctx: Pick<OrderContext, 'repository' | 'inventory'>,
  { currency, timeZone }: { currency: string; timeZone: string },
  now = new Date(),
): Promise<TodayStats> {
  const { date, start } = shopDay(timeZone, now);
  const [figures, lowStock] = await Promise.all([
    ctx.repository.figuresSince(start, currency),
    ctx.inventory.lowStockCount(),
  ]);
  return {
    date,
    ordersToday: figures.orders,
    revenueOfOrdersPaidToday: Number(figures.revenue),
    currency,
    awaitingFulfilment: figures.awaiting,
    lowStockVariants: lowStock,
  };
}
