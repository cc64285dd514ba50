'use client';

import dynamic from 'next/dynamic';
import { usePathname } from 'next/navigation';
import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import { onCartDrawerOpen } from './cart-drawer-state';

// The lines, totals and their forms load with the first opening: every page has the drawer, few open it.
const CartDrawerContent = dynamic(() => import('./cart-drawer-content'), {
  loading: () => (
    <div className="flex-1 px-5">
      <p className="py-6 text-slate-700">Loading your cart…</p>
    </div>
  ),
});

const TABBABLE = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled])';

/** The cart as a side panel: a modal dialog, so focus stays inside and Escape closes it. */
export function CartDrawer() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
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
          <CartDrawerContent />
        </div>
      )}
    </dialog>
  );
}
