'use client';

import Image from 'next/image';
import Link from 'next/link';
import { optimizable } from '@/lib/image';
import { formatMoney } from '@/lib/money';
import { cartTotals, MAX_QUANTITY, setQuantity } from './cart';
import { updateCart, useCart } from './cart-store';

export function CartView() {
  const lines = useCart();
  const { items, subtotals } = cartTotals(lines);

  if (lines.length === 0) {
    return (
      <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center">
        <p className="font-medium">Your cart is empty.</p>
        <Link href="/search" className="mt-3 inline-block text-blue-800 underline underline-offset-2">
          Browse the shop
        </Link>
      </div>
    );
  }

  return (
    <div className="mt-6 grid gap-8 lg:grid-cols-[1fr_20rem]">
      <ul className="divide-y divide-slate-200 border-y border-slate-200">
        {lines.map((line) => (
          <li key={line.variantId} className="flex gap-4 py-4">
            <div className="relative size-20 shrink-0 overflow-hidden rounded-md bg-slate-100 sm:size-24">
              {line.imageUrl && (
                <Image
                  src={line.imageUrl}
                  alt=""
                  fill
                  sizes="96px"
                  unoptimized={!optimizable(line.imageUrl)}
                  className="object-cover"
                />
              )}
            </div>
            <div className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
              <Link
                href={`/product/${line.productSlug}?variant=${line.variantId}`}
                className="font-medium hover:underline"
              >
                {line.title}
              </Link>
              {line.variantTitle && <p className="text-slate-600">{line.variantTitle}</p>}
              <p>{formatMoney(line.price, line.currency)}</p>
              <div className="mt-1 flex items-center gap-3">
                <label className="flex items-center gap-2">
                  <span>Quantity</span>
                  <select
                    value={line.quantity}
                    onChange={(event) =>
                      updateCart((current) =>
                        setQuantity(current, line.variantId, Number(event.target.value)),
                      )
                    }
                    className="rounded-md border border-slate-400 bg-white px-2 py-1"
                  >
                    {Array.from({ length: MAX_QUANTITY }, (_, index) => index + 1).map((quantity) => (
                      <option key={quantity} value={quantity}>
                        {quantity}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  onClick={() => updateCart((current) => setQuantity(current, line.variantId, 0))}
                  className="text-blue-800 underline underline-offset-2"
                >
                  Remove<span className="sr-only"> {line.title}</span>
                </button>
              </div>
            </div>
            <p className="text-sm font-semibold">{formatMoney(line.price * line.quantity, line.currency)}</p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="cart-summary" className="h-fit rounded-lg bg-slate-50 p-6">
        <h2 id="cart-summary" className="font-semibold">
          Summary
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          {items} item{items === 1 ? '' : 's'}
        </p>
        {subtotals.map((subtotal) => (
          <p key={subtotal.currency} className="mt-2 flex justify-between font-semibold">
            <span>Subtotal</span>
            <span>{formatMoney(subtotal.amount, subtotal.currency)}</span>
          </p>
        ))}
        <p className="mt-4 text-sm text-slate-700">
          Your cart is kept in this browser. Checkout is not open yet; prices are confirmed at checkout.
        </p>
      </section>
    </div>
  );
}
