import type { CustomerOrderSummary } from '@shopstream/contracts';
import type { Database } from '../../db/client';
import { guestBuyerRows, type OrderTotalsRow, paidOrderTotals } from './repository';

/**
 * What customers' orders add up to: a read over the orders table, for the staff customer pages. An order
 * counts once it was paid and stays counted through fulfilment and delivery; cancelled and refunded
 * orders are not money spent. Totals are per currency, never added across currencies.
 */
const empty = (): CustomerOrderSummary => ({
  orderCount: 0,
  spent: [],
  firstOrderAt: null,
  lastOrderAt: null,
});

function summarise(rows: OrderTotalsRow[]): Map<string, CustomerOrderSummary> {
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

/** The order summary of each account, by id; an account without paid orders gets zeros. */
export async function accountOrderSummaries(db: Database, userIds: string[]) {
  const found =
    userIds.length === 0
      ? new Map<string, CustomerOrderSummary>()
      : summarise(await paidOrderTotals(db, { accounts: userIds }));
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
  const rows = await guestBuyerRows(db, options);
  const emails = rows.map((row) => row.email);
  const totals =
    emails.length === 0
      ? new Map<string, CustomerOrderSummary>()
      : summarise(await paidOrderTotals(db, { guestEmails: emails }));
  return rows.map((row) => ({
    email: row.email,
    name: row.name ?? '',
    since: new Date(row.since).toISOString(),
    orders: totals.get(row.email) ?? empty(),
  }));
}
