'use client';

import type { Cart } from '@shopstream/contracts/carts';
import Image from 'next/image';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { trackProductRemoved } from '@/features/analytics/commerce-events';
import { ApiProblem } from '@/lib/client-api';
import { optimizable } from '@/lib/image';
import { countryName, formatMoney, formatTaxRate, taxLabel } from '@/lib/money';
import { applyDiscount, removeDiscount, removeItem, setItemQuantity } from './cart-store';

const MAX_QUANTITY = 10;

/** The cart's lines with quantity and remove controls; used by the drawer and the cart page. */
export function CartLines({ cart, compact = false }: { cart: Cart; compact?: boolean }) {
  const [error, setError] = useState<string | null>(null);

  async function run(change: () => Promise<unknown>) {
    setError(null);
    try {
      await change();
    } catch (caught) {
      setError(caught instanceof ApiProblem ? caught.message : 'The cart could not be changed.');
    }
  }

  return (
    <div>
      <div role="alert" className="min-h-0">
        {error && <p className="mb-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900">{error}</p>}
      </div>
      <ul className="divide-y divide-slate-200 border-y border-slate-200">
        {cart.lines.map((item) => (
          <li key={item.id} className="flex gap-3 py-4">
            <div
              className={`relative shrink-0 overflow-hidden rounded-md bg-slate-100 ${compact ? 'size-16' : 'size-20 sm:size-24'}`}
            >
              {item.image && (
                <Image
                  src={item.image.url}
                  alt=""
                  fill
                  sizes="96px"
                  unoptimized={!optimizable(item.image.url)}
                  className="object-cover"
                />
              )}
            </div>
            <div className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
              <Link
                href={`/product/${item.productSlug}?variant=${item.variantId}`}
                className="font-medium hover:underline"
              >
                {item.productTitle}
              </Link>
              {item.variantTitle && <p className="text-slate-700">{item.variantTitle}</p>}
              <p className="text-slate-700">{formatMoney(item.unitPrice, item.currency)} each</p>
              {item.availability !== 'in_stock' && (
                <p className="font-medium text-red-800">
                  {item.availability === 'insufficient_stock'
                    ? `Only ${item.available} left: lower the quantity to check out.`
                    : item.availability === 'out_of_stock'
                      ? 'Sold out: remove it to check out.'
                      : 'No longer sold: remove it to check out.'}
                </p>
              )}
              <div className="mt-1 flex flex-wrap items-center gap-3">
                <label className="flex items-center gap-2">
                  <span>Quantity</span>
                  <select
                    value={item.quantity}
                    onChange={(event) => run(() => setItemQuantity(item.id, Number(event.target.value)))}
                    className="h-9 rounded-md border border-slate-500 bg-white px-2"
                  >
                    {Array.from({ length: Math.max(MAX_QUANTITY, item.quantity) }, (_, i) => i + 1).map(
                      (quantity) => (
                        <option key={quantity} value={quantity}>
                          {quantity}
                        </option>
                      ),
                    )}
                  </select>
                </label>
                <button
                  type="button"
                  onClick={() =>
                    run(async () => {
                      await removeItem(item.id);
                      trackProductRemoved(item, cart);
                    })
                  }
                  className="min-h-9 text-blue-800 underline underline-offset-2"
                >
                  Remove<span className="sr-only"> {item.productTitle}</span>
                </button>
              </div>
            </div>
            <p className="text-sm font-semibold tabular-nums">{formatMoney(item.lineTotal, item.currency)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Totals as the API computed them, with the discount code form. */
export function CartSummary({ cart, showDiscount = true }: { cart: Cart; showDiscount?: boolean }) {
  const { totals } = cart;
  const { country } = cart.shipping;
  const money = (amount: number) => formatMoney(amount, totals.currency);
  return (
    <div className="space-y-3 text-sm">
      {showDiscount && <DiscountForm cart={cart} />}
      <dl className="space-y-2" data-testid="cart-totals">
        <div className="flex justify-between">
          <dt>Subtotal</dt>
          <dd className="tabular-nums">{money(totals.subtotal)}</dd>
        </div>
        {totals.discount > 0 && (
          <div className="flex justify-between text-green-800">
            <dt>Discount{cart.discount ? ` (${cart.discount.code})` : ''}</dt>
            <dd className="tabular-nums">−{money(totals.discount)}</dd>
          </div>
        )}
        <div className="flex justify-between">
          <dt>Shipping</dt>
          <dd className="tabular-nums">{cart.shipping.option ? money(totals.shipping) : 'At checkout'}</dd>
        </div>
        {!totals.taxIncluded && (!country || totals.tax > 0) && (
          <div className="flex justify-between" data-testid="cart-tax">
            <dt>{country ? taxLabel(totals) : 'Tax'}</dt>
            <dd className="tabular-nums">{country ? money(totals.tax) : 'At checkout'}</dd>
          </div>
        )}
        <div className="flex justify-between border-t border-slate-300 pt-2 text-base font-semibold">
          <dt>Total</dt>
          <dd className="tabular-nums" data-testid="cart-total">
            {money(totals.total)}
          </dd>
        </div>
        {totals.taxIncluded && (
          <div className="flex justify-between text-slate-700" data-testid="cart-tax">
            <dt>{country ? taxLabel(totals) : 'Incl. VAT'}</dt>
            <dd className="tabular-nums">{country ? money(totals.tax) : 'by destination'}</dd>
          </div>
        )}
      </dl>
      {totals.taxIncluded && country && (
        <p className="text-xs text-slate-600" data-testid="tax-explainer">
          Prices include VAT at the rate of {countryName(country)} ({formatTaxRate(totals.taxRateBasisPoints)}
          ). The price shown is the price you pay, to whichever country it ships.
        </p>
      )}
    </div>
  );
}

function DiscountForm({ cart }: { cart: Cart }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const code = String(new FormData(form).get('code') ?? '').trim();
    if (!code) return;
    setBusy(true);
    setError(null);
    try {
      await applyDiscount(code);
      form.reset();
    } catch (caught) {
      setError(
        caught instanceof ApiProblem && caught.status < 500
          ? caught.message
          : 'The code could not be applied. Please try again.',
      );
    } finally {
      setBusy(false);
    }
  }

  if (cart.discount) {
    return (
      <p className="flex items-center justify-between gap-2 rounded-md bg-green-50 px-3 py-2 text-green-900">
        <span>
          Code <strong>{cart.discount.code}</strong>{' '}
          {cart.discount.valid
            ? 'applied'
            : `not applicable: ${cart.discount.reason ?? 'conditions not met'}`}
        </span>
        <button
          type="button"
          onClick={() => void removeDiscount().catch(() => setError('The code could not be removed.'))}
          className="text-blue-800 underline underline-offset-2"
        >
          Remove<span className="sr-only"> discount code</span>
        </button>
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor="discount-code" className="block font-medium">
        Discount code
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="discount-code"
          name="code"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'discount-code-error' : undefined}
          className="h-10 min-w-0 flex-1 rounded-md border border-slate-500 bg-white px-3 uppercase"
        />
        <button
          type="submit"
          disabled={busy}
          className="h-10 rounded-md border border-slate-500 bg-white px-4 font-medium hover:bg-slate-100"
        >
          Apply
        </button>
      </div>
      <p id="discount-code-error" role="alert" className="min-h-5 pt-1 text-red-800">
        {error}
      </p>
    </form>
  );
}
