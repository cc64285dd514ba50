'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { trackCartViewed } from '@/features/analytics/commerce-events';
import { buttonClass, secondaryButtonClass } from '@/features/forms/field';
import { CartLines, CartSummary } from './cart-lines';
import { useCartState } from './cart-store';

/** What the open cart drawer shows; loaded with its first opening, so no page carries it before. */
export default function CartDrawerContent() {
  const state = useCartState();
  const cart = state.status === 'ready' ? state.cart : null;
  // Mounted while the drawer is open: one "Cart Viewed" per opening, once the cart is there.
  const viewed = useRef(false);
  useEffect(() => {
    if (cart && !viewed.current) {
      viewed.current = true;
      trackCartViewed(cart);
    }
  }, [cart]);

  return (
    <>
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
    </>
  );
}
