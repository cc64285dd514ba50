import type { SalesDay, SalesReport, SalesReportQuery } from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import type { Database } from '../../db/client';
import { mainSalesCurrency, salesPerDay, todayIn, topSellingProducts } from './repository';

/** "2026-12-01" minus n days, as a calendar date (no time zone involved). */
function daysBefore(date: string, n: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - n);
  return day.toISOString().slice(0, 10);
}

/**
 * Revenue and orders per day of the last `days` days (in the time zone asked for, by the day each order was
 * paid) beside the `days` days before them, and the products that sold most in the last `days` days.
 * Revenue is of one currency: the one asked for, or else the one most of the period's orders are in.
 */
export async function salesSummary(db: Database, query: SalesReportQuery): Promise<SalesReport> {
  const { days, timeZone } = query;
  try {
    const today = await todayIn(db, timeZone);
    const firstDay = daysBefore(today, 2 * days - 1);
    const currentFrom = daysBefore(today, days - 1);
    const currency = query.currency ?? (await mainSalesCurrency(db, firstDay, timeZone));
    const perDay = await salesPerDay(db, firstDay, timeZone, currency);
    const byDay = new Map(perDay.map((row) => [row.day, row]));
    const series = (from: number): SalesDay[] =>
      Array.from({ length: days }, (_, index) => {
        const date = daysBefore(today, from - index);
        const row = byDay.get(date);
        return { date, orders: row?.orders ?? 0, revenue: Number(row?.revenue ?? 0) };
      });
    const top = await topSellingProducts(db, {
      sinceDay: currentFrom,
      timeZone,
      currency,
      limit: query.topProducts,
    });
    return {
      currency,
      timeZone,
      current: series(days - 1),
      previous: series(2 * days - 1),
      topProducts: top.map((row) => ({
        productId: row.product_id,
        title: row.title,
        units: row.units,
        revenue: Number(row.revenue),
      })),
    };
  } catch (error) {
    // A zone Intl knows but PostgreSQL does not (22023: invalid_parameter_value).
    const code =
      (error as { cause?: { code?: string }; code?: string }).cause?.code ??
      (error as { code?: string }).code;
    if (code === '22023') {
      throw ValidationFailed([
        { field: 'querystring.timeZone', message: 'is not a time zone the database knows' },
      ]);
    }
    throw error;
  }
}
