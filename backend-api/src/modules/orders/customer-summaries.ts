import type { CustomerOrderSummary } from '@shopstream/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/**
 * What customers' orders add up to: a read over the orders table, for the staff customer pages. An order
 * counts once it was paid and stays counted through fulfilment and delivery; cancelled and refunded
 * orders are not money spent. Totals are per currency, never added across currencies.
 */
const PAID = sql`o.paid_at is not null and o.status not in ('cancelled', 'refunded')`;

interface SummaryRow extends Record<string, unknown> {
  owner: string;
  currency: string | null;
  orders: number;
  spent: string | null;
  first_at: Date | null;
  last_at: Date | null;
}

const empty = (): CustomerOrderSummary => ({
  orderCount: 0,
  spent: [],
  firstOrderAt: null,
  lastOrderAt: null,
});

function summarise(rows: SummaryRow[]): Map<string, CustomerOrderSummary> {
  const byOwner = new Map<string, CustomerOrderSummary>();
  for (const row of rows) {
    const summary = byOwner.get(row.owner) ?? empty();
    summary.orderCount += row.orders;
    if (row.currency) summary.spent.push({ currency: row.currency, amount: Number(row.spent ?? 0) });
    const first = row.first_at ? new Date(row.first_at).toISOString() : null;
    const last = row.last_at ? new Date(row.last_at).toISOString() : null;
    if (first && (!summary.firstOrderAt || first < summary.firstOrderAt)) summary.firstOrderAt = first;
    if (last && (!summary.lastOrderAt || last > summary.lastOrderAt)) summary.lastOrderAt = last;
    byOwner.set(row.owner, summary);
  }
  for (const summary of byOwner.values()) summary.spent.sort((a, b) => b.amount - a.amount);
  return byOwner;
}

async function summaries(db: Database, owner: SQL, where: SQL) {
  const result = await db.execute<SummaryRow>(sql`
    select ${owner} as owner, o.currency, count(*)::int as orders, sum(o.total)::bigint as spent,
      min(o.created_at) as first_at, max(o.created_at) as last_at
    from orders o
    where ${PAID} and ${where}
    group by 1, o.currency`);
  return summarise(result.rows);
}

/** The order summary of each account, by id; an account without paid orders gets zeros. */
export async function accountOrderSummaries(db: Database, userIds: string[]) {
  const found =
    userIds.length === 0
      ? new Map<string, CustomerOrderSummary>()
      : await summaries(db, sql`o.user_id::text`, sql`o.user_id in ${userIds}`);
  return new Map(userIds.map((id) => [id, found.get(id) ?? empty()]));
}

export interface GuestBuyer {
  email: string;
  name: string;
  since: string;
  orders: CustomerOrderSummary;
}

/** Keyset position in the guest list: newest last order first, then by email. */
export interface GuestCursor {
  lastOrderAt: string;
  email: string;
}

/**
 * Buyers without an account (orders with no user), one per email ignoring case, who paid at least once;
 * the most recent buyers first. `name` is the name on their latest order's shipping address.
 */
export async function guestBuyers(
  db: Database,
  options: { q?: string; limit: number; after?: GuestCursor },
): Promise<GuestBuyer[]> {
  const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const result = await db.execute<
    { email: string; name: string | null; since: Date; last_at: Date } & Record<string, unknown>
  >(sql`
    select * from (
      select lower(o.email) as email,
        (array_agg(o.shipping_address ->> 'fullName' order by o.created_at desc))[1] as name,
        min(o.created_at) as since,
        max(o.created_at) filter (where ${PAID}) as last_at
      from orders o
      where o.user_id is null ${pattern ? sql`and o.email ilike ${pattern}` : sql``}
      group by lower(o.email)
    ) g
    where g.last_at is not null
      ${options.after ? sql`and (g.last_at, g.email) < (${options.after.lastOrderAt}::timestamptz, ${options.after.email})` : sql``}
    order by g.last_at desc, g.email desc
    limit ${options.limit}`);
  const emails = result.rows.map((row) => row.email);
  const totals =
    emails.length === 0
      ? new Map<string, CustomerOrderSummary>()
      : await summaries(db, sql`lower(o.email)`, sql`o.user_id is null and lower(o.email) in ${emails}`);
  return result.rows.map((row) => ({
    email: row.email,
    name: row.name ?? '',
    since: new Date(row.since).toISOString(),
    orders: totals.get(row.email) ?? empty(),
  }));
}
