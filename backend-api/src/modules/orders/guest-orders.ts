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
