import type { SalesDay, SalesReport, SalesReportQuery } from '@shopstream/contracts';
import { ValidationFailed } from '@shopstream/server-kit';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** Counted like the admin's "today": paid, and not cancelled or refunded since. */
const SOLD = sql`o.paid_at is not null and o.status not in ('cancelled', 'refunded')`;

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
    const today = (
      await db.execute<{ today: string } & Record<string, unknown>>(
        sql`select (now() at time zone ${timeZone})::date::text as today`,
      )
    ).rows[0]!.today;
    const firstDay = daysBefore(today, 2 * days - 1);
    const currentFrom = daysBefore(today, days - 1);
    // The first instant of the period in that time zone: local midnight, as a timestamptz.
    const since = sql`(${firstDay}::date::timestamp at time zone ${timeZone})`;
    const currentSince = sql`(${currentFrom}::date::timestamp at time zone ${timeZone})`;
    const currency =
      query.currency ??
      (
        await db.execute<{ currency: string } & Record<string, unknown>>(sql`
          select o.currency from orders o where ${SOLD} and o.paid_at >= ${since}
          group by o.currency order by count(*) desc, o.currency limit 1`)
      ).rows[0]?.currency ??
      null;
    const perDay = await db.execute<
      { day: string; orders: number; revenue: string } & Record<string, unknown>
    >(sql`
      select (o.paid_at at time zone ${timeZone})::date::text as day, count(*)::int as orders,
        coalesce(sum(o.total) filter (where o.currency = ${currency}), 0)::bigint as revenue
      from orders o
      where ${SOLD} and o.paid_at >= ${since}
      group by 1`);
    const byDay = new Map(perDay.rows.map((row) => [row.day, row]));
    const series = (from: number): SalesDay[] =>
      Array.from({ length: days }, (_, index) => {
        const date = daysBefore(today, from - index);
        const row = byDay.get(date);
        return { date, orders: row?.orders ?? 0, revenue: Number(row?.revenue ?? 0) };
      });
    const top = await db.execute<
      { product_id: string | null; title: string; units: number; revenue: string } & Record<string, unknown>
    >(sql`
      select l.product_id, (array_agg(l.product_title order by o.created_at desc))[1] as title,
        sum(l.quantity)::int as units,
        coalesce(sum(l.line_total) filter (where o.currency = ${currency}), 0)::bigint as revenue
      from order_lines l join orders o on o.id = l.order_id
      where ${SOLD} and o.paid_at >= ${currentSince}
      group by l.product_id, case when l.product_id is null then l.product_title end
      order by revenue desc, units desc, title
      limit ${query.topProducts}`);
    return {
      currency,
      timeZone,
      current: series(days - 1),
      previous: series(2 * days - 1),
      topProducts: top.rows.map((row) => ({
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
