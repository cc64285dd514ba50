'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { trackCartViewed } from '@/features/analytics/commerce-events';
import { buttonClass, secondaryButtonClass } from '@/features/forms/field';
import { onCartDrawerOpen } from './cart-drawer-state';
import { CartLines, CartSummary } from './cart-lines';
import { useCartState } from './cart-store';

/** The cart as a side panel: a modal dialog, so focus stays inside and Escape closes it. */
export function CartDrawer() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const state = useCartState();
  const pathname = usePathname();

  useEffect(
    () =>
      onCartDrawerOpen(() => {
        dialog.current?.showModal();
        setOpen(true);
      }),
    [],
  );
  // Following a link inside the drawer closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => {
    dialog.current?.close();
  }, [pathname]);

  const cart = state.status === 'ready' ? state.cart : null;
  const viewedFor = useRef(false);
  useEffect(() => {
    if (!open) {
      viewedFor.current = false;
      return;
    }
    if (cart && !viewedFor.current) {
      viewedFor.current = true;
      trackCartViewed(cart);
    }
  }, [open, cart]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; keyboards have Escape
    <dialog
      ref={dialog}
      aria-labelledby="cart-drawer-title"
      onClose={() => setOpen(false)}
      onClick={(event) => {
        if (event.target === dialog.current) dialog.current?.close();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full max-w-md bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
    >
      {open && (
        <div className="flex h-full flex-col">
          <div className="flex items-center justify-between border-b border-slate-200 px-5 py-4">
            <h2 id="cart-drawer-title" className="text-lg font-semibold">
              Your cart
            </h2>
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="inline-flex size-10 items-center justify-center rounded-md text-2xl hover:bg-slate-100"
              aria-label="Close cart"
            >
              ×
            </button>
          </div>
          <div className="flex-1 overflow-y-auto px-5">
            {state.status === 'loading' && <p className="py-6 text-slate-700">Loading your cart…</p>}
            {state.status === 'error' && (
              <p className="py-6 text-red-800">Your cart could not be loaded. Please try again.</p>
            )}
            {cart && cart.lines.length === 0 && <p className="py-6 text-slate-700">Your cart is empty.</p>}
            {cart && cart.lines.length > 0 && <CartLines cart={cart} compact />}
          </div>
          {cart && cart.lines.length > 0 && (
            <div className="space-y-3 border-t border-slate-200 px-5 py-4">
              <CartSummary cart={cart} showDiscount={false} />
              <div className="grid grid-cols-2 gap-3">
                <Link href="/cart" className={secondaryButtonClass}>
                  View cart
                </Link>
                <Link href="/checkout" className={buttonClass}>
                  Check out
                </Link>
              </div>
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
