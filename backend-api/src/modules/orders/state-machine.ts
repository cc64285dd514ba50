import { ORDER_TRANSITIONS, type OrderStatus } from '@shopstream/contracts';
import { Conflict } from '@shopstream/server-kit';

export const canTransition = (from: OrderStatus, to: OrderStatus) => ORDER_TRANSITIONS[from].includes(to);

/** Refuses a move the transition table does not allow, naming what is allowed instead. */
export function assertTransition(from: OrderStatus, to: OrderStatus) {
  if (canTransition(from, to)) return;
  const allowed = ORDER_TRANSITIONS[from];
  throw Conflict(
    `An order that is ${from} cannot become ${to}; ${allowed.length ? `it can become ${allowed.join(' or ')}` : 'it is final'}`,
    { from, to, allowed },
  );
}
