'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import { trackCartViewed } from '@/features/analytics/commerce-events';
import { buttonClass, secondaryButtonClass } from '@/features/forms/field';
import { onCartDrawerOpen } from './cart-drawer-state';
import { CartLines, CartSummary } from './cart-lines';
import { useCartState } from './cart-store';

const TABBABLE = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled])';

/** The cart as a side panel: a modal dialog, so focus stays inside and Escape closes it. */
export function CartDrawer() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const state = useCartState();
  const pathname = usePathname();

  useEffect(() => onCartDrawerOpen(() => setOpen(true)), []);
  // Opened once its content is there, so the dialog focuses its first control rather than itself.
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);
  // Any other navigation (the browser back button) closes it too.
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

  // Tab from the last control goes back to the first (and Shift+Tab the other way), instead of leaving
  // the modal for the page behind it, which is inert: a Tab stop where nothing can be done.
  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab' || !dialog.current) return;
    const controls = [...dialog.current.querySelectorAll<HTMLElement>(TABBABLE)];
    const first = controls[0];
    const last = controls.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function onClick(event: MouseEvent<HTMLDialogElement>) {
    // A click on the backdrop closes it. So does following a link inside it, before the next page
    // opens, so focus goes back to the page and the next page can move it (checkout does).
    if (event.target === dialog.current || (event.target as Element).closest('a[href]')) {
      dialog.current?.close();
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="cart-drawer-title"
      onClose={() => setOpen(false)}
      onKeyDown={keepFocusInside}
      onClick={onClick}
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
