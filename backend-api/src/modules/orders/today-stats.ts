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
 * Net revenue today is money in minus money out on the shop's day: captured by orders paid today, minus refunds
 * and cancellations the provider accepted today (of any day's orders), the same ledger analytics keeps.
 * Today's paid orders and revenue ("today" is the shop's day: since midnight in its time zone), orders
 * awaiting fulfilment, and variants low on stock.
 */
export async function todayStats(
  ctx: Pick<OrderContext, 'repository' | 'inventory' | 'money'>,
  { currency, timeZone }: { currency: string; timeZone: string },
  now = new Date(),
): Promise<TodayStats> {
  const { date, start } = shopDay(timeZone, now);
  const [figures, lowStock, refunded] = await Promise.all([
    ctx.repository.figuresSince(start, currency),
    ctx.inventory.lowStockCount(),
    ctx.money?.refundedSince(start, currency) ?? 0,
  ]);
  const captured = Number(figures.captured);
  return {
    date,
    ordersToday: figures.orders,
    revenueOfOrdersPaidToday: Number(figures.revenue),
    capturedToday: captured,
    refundedToday: refunded,
    netRevenueToday: captured - refunded,
    currency,
    awaitingFulfilment: figures.awaiting,
    lowStockVariants: lowStock,
  };
}
