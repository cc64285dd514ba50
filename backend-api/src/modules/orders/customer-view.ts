import type { Order } from '@shopstream/contracts';

/**
 * An order as its customer sees it (issue 16): internal staff notes and system notes are left out of the
 * timeline (the steps stay), and staff are not named.
 */
export function customerView<T extends Order>(order: T): T {
  return {
    ...order,
    timeline: order.timeline.map((entry) => ({
      ...entry,
      note: entry.noteVisibility === 'customer' ? entry.note : null,
      actor: entry.actor.type === 'staff' ? { type: 'staff', id: null, email: null } : entry.actor,
    })),
  };
}
