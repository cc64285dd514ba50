import type { Order } from '@shopstream/contracts';

/**
 * An order as its customer sees it (issue 16): internal staff notes and system notes are left out of the
 * timeline (the steps stay), staff are not named, and the processor's payment reference is left out.
 */
export function customerView<T extends Order>(order: T): T {
  return {
    ...order,
    // The processor's reference (charge, PaymentIntent) is for staff and the provider's dashboard.
    payment: { ...order.payment, reference: null },
    timeline: order.timeline.map((entry) => ({
      ...entry,
      note: entry.noteVisibility === 'customer' ? entry.note : null,
      actor: entry.actor.type === 'staff' ? { type: 'staff', id: null, email: null } : entry.actor,
    })),
  };
}
