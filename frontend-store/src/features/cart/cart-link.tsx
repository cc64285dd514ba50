'use client';

import Link from 'next/link';
import { cartTotals } from './cart';
import { useCart } from './cart-store';

export function CartLink() {
  const { items } = cartTotals(useCart());
  return (
    <Link
      href="/cart"
      aria-label={`Cart, ${items} item${items === 1 ? '' : 's'}`}
      className="inline-flex h-10 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-100"
    >
      Cart
      <span className="inline-flex min-w-6 justify-center rounded-full bg-blue-800 px-1.5 text-xs leading-5 text-white tabular-nums">
        {items}
      </span>
    </Link>
  );
}
