import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orders } from '../../db/schema';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Gives an account the guest orders placed with its email, once the owner has proved the email is theirs
 * (issue 16). Runs in the caller's transaction; answers how many orders joined the account.
 */
export async function attachGuestOrders(tx: Transaction, userId: string, email: string) {
  const rows = await tx
    .update(orders)
    .set({ userId })
    .where(and(isNull(orders.userId), eq(orders.email, email.toLowerCase())))
    .returning({ id: orders.id });
  return rows.length;
}

/** The order of that number placed with that email (as the customer typed it at checkout), if any. */
export async function findOrderByNumberAndEmail(db: Database, number: string, email: string) {
  const rows = await db
    .select({ id: orders.id, number: orders.number, email: orders.email, userId: orders.userId })
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), eq(orders.email, email.trim().toLowerCase())))
    .limit(1);
  return rows[0] ?? null;
}

export async function findOrderEmail(db: Database, id: string) {
  const rows = await db.select({ email: orders.email }).from(orders).where(eq(orders.id, id)).limit(1);
  return rows[0]?.email ?? null;
}
