'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { trackCartViewed } from '@/features/analytics/commerce-events';
import { buttonClass } from '@/features/forms/field';
import { CartLines, CartSummary } from './cart-lines';
import { useCartState } from './cart-store';

export function CartView() {
  const state = useCartState();
  const viewed = useRef(false);
  useEffect(() => {
    if (state.status === 'ready' && !viewed.current) {
      viewed.current = true;
      trackCartViewed(state.cart);
    }
  }, [state]);

  if (state.status === 'loading') {
    return (
      <p role="status" className="mt-6 min-h-40 text-slate-700">
        Loading your cart…
      </p>
    );
  }
  if (state.status === 'error') {
    return <p className="mt-6 text-red-800">Your cart could not be loaded. Please reload the page.</p>;
  }
  const { cart } = state;
  if (cart.lines.length === 0) {
    return (
      <div className="mt-6 rounded-lg border border-dashed border-slate-400 p-8 text-center">
        <p className="font-medium">Your cart is empty.</p>
        <Link href="/search" className="mt-3 inline-block text-blue-800 underline underline-offset-2">
          Browse the shop
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-6 grid gap-8 lg:grid-cols-[1fr_22rem]">
      <CartLines cart={cart} />
      <section aria-labelledby="cart-summary" className="h-fit space-y-4 rounded-lg bg-slate-50 p-6">
        <h2 id="cart-summary" className="font-semibold">
          Summary
        </h2>
        <CartSummary cart={cart} />
        <Link href="/checkout" className={`${buttonClass} w-full`}>
          Check out
        </Link>
      </section>
    </div>
  );
}
