'use client';

import { Order } from '@shopstream/contracts/orders';

const KEY = 'shopstream.placed-order';

/**
 * Keeps the order just placed for its confirmation page, in this tab only: a guest has no account to
 * read it back from, and the page must survive a reload.
 */
export function rememberPlacedOrder(order: Order) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(order));
  } catch {}
}

export function placedOrder(number: string): Order | null {
  try {
    const parsed = Order.safeParse(JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null'));
    return parsed.success && parsed.data.number === number ? parsed.data : null;
  } catch {
    return null;
  }
}
