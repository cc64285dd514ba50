import { eq } from 'drizzle-orm';
import { paymentEvents } from '../../db/schema';
import type { Transaction } from '../../db/transaction';

/** The payment provider events taken, by their id: the payments module's table. */
export function createPaymentEventRepository() {
  return {
    /** Records an event in the caller's transaction; false when it was taken before (a replay or a duplicate). */
    record: async (tx: Transaction, event: { id: string; provider: string; type: string }) =>
      (
        await tx
          .insert(paymentEvents)
          .values(event)
          .onConflictDoNothing({ target: paymentEvents.id })
          .returning({ id: paymentEvents.id })
      ).length > 0,

    linkOrder: async (tx: Transaction, id: string, orderId: string) => {
      await tx.update(paymentEvents).set({ orderId }).where(eq(paymentEvents.id, id));
    },
  };
}
export type PaymentEventRepository = ReturnType<typeof createPaymentEventRepository>;
