'use client';

const OPEN = 'shopstream:open-cart';

/** Opens the cart drawer (after "Add to cart", or from the header). */
export const openCartDrawer = () => window.dispatchEvent(new Event(OPEN));

export function onCartDrawerOpen(listener: () => void) {
  window.addEventListener(OPEN, listener);
  return () => window.removeEventListener(OPEN, listener);
}
