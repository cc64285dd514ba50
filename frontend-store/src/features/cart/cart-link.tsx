'use client';

import { openCartDrawer } from './cart-drawer-state';
import { useCartItemCount } from './cart-store';

/** The header's cart button: opens the drawer; its name says how many items are in the cart. */
export function CartLink() {
  const items = useCartItemCount();
  return (
    <button
      type="button"
      onClick={openCartDrawer}
      // Contains the visible "Cart 2", as speech-input users say it.
      aria-label={`Cart ${items} ${items === 1 ? 'item' : 'items'}`}
      aria-haspopup="dialog"
      className="inline-flex h-10 items-center gap-2 rounded-md border border-slate-400 px-3 text-sm font-medium hover:bg-slate-100"
    >
      Cart{' '}
      <span className="inline-flex min-w-6 justify-center rounded-full bg-blue-800 px-1.5 text-xs leading-5 text-white tabular-nums">
        {items}
      </span>
    </button>
  );
}
