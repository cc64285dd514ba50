'use client';

import type { ProductDetail } from '@shopstream/contracts';
import { useState } from 'react';
import { trackEvent } from '@/features/analytics/tracker';
import { openCartDrawer } from '@/features/cart/cart-drawer-state';
import { addToCart as addToServerCart } from '@/features/cart/cart-store';
import { ApiProblem } from '@/lib/client-api';
import { availabilityMatrix, choose, findVariant, optionLabel, type Selection } from '../variants';
import { Price } from './price';

const STATE_NOTE = { available: '', sold_out: 'sold out', unavailable: 'not available' } as const;

/** Variant choice, price, stock and "Add to cart" of a product page. */
export function ProductPurchase({
  product,
  initialVariantId,
}: {
  product: ProductDetail;
  initialVariantId: string | undefined;
}) {
  const initial = product.variants.find((variant) => variant.id === initialVariantId) ?? product.variants[0];
  const [selection, setSelection] = useState<Selection>(initial ? { ...initial.options } : {});
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const variant = findVariant(product.variants, selection);
  const matrix = availabilityMatrix(product.variants, selection);
  const hasChoice = matrix.some((axis) => axis.values.length > 1);

  function pick(name: string, value: string) {
    const next = choose(product.variants, selection, name, value);
    setSelection(next);
    setAdded(null);
    const chosen = findVariant(product.variants, next);
    // The URL names the variant, so a shared link opens on it; no server round trip is needed.
    if (chosen) window.history.replaceState(null, '', `?variant=${chosen.id}`);
  }

  async function addToCart() {
    if (!variant?.inStock || adding) return;
    setAdding(true);
    setError(null);
    try {
      const cart = await addToServerCart(variant.id, 1);
      trackEvent('Product Added', {
        cart_id: cart.id,
        product_id: product.id,
        sku: variant.sku,
        name: product.title,
        variant: variant.title,
        price: variant.price,
        currency: variant.currency,
        quantity: 1,
        url: `/product/${product.slug}`,
        ...(product.category ? { category: product.category.name } : {}),
      });
      setAdded(`${product.title}${hasChoice ? ` (${variant.title})` : ''} was added to your cart.`);
      openCartDrawer();
    } catch (caught) {
      setError(
        caught instanceof ApiProblem && caught.status < 500
          ? caught.message
          : 'It could not be added to your cart. Please try again.',
      );
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="space-y-6">
      <div className="min-h-8" data-testid="product-price">
        {variant ? (
          <Price
            amount={variant.price}
            currency={variant.currency}
            compareAt={variant.compareAtPrice}
            size="lg"
          />
        ) : (
          <p className="text-2xl font-semibold text-slate-600">Choose options</p>
        )}
      </div>

      {hasChoice &&
        matrix.map((axis) => (
          <fieldset key={axis.name}>
            <legend className="text-sm font-semibold">
              {optionLabel(axis.name)}:{' '}
              <span className="font-normal">{selection[axis.name] ?? 'choose'}</span>
            </legend>
            <div className="mt-2 flex flex-wrap gap-2">
              {axis.values.map((entry) => {
                const id = `option-${axis.name}-${entry.value}`.replace(/[^A-Za-z0-9_-]/g, '-');
                const note = STATE_NOTE[entry.state];
                return (
                  <div key={entry.value}>
                    <input
                      type="radio"
                      id={id}
                      name={axis.name}
                      value={entry.value}
                      checked={entry.selected}
                      onChange={() => pick(axis.name, entry.value)}
                      className="peer sr-only"
                    />
                    <label
                      htmlFor={id}
                      className={`flex min-h-11 min-w-11 cursor-pointer items-center justify-center rounded-md border px-3 text-sm peer-checked:border-blue-800 peer-checked:bg-blue-800 peer-checked:text-white peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-700 ${
                        entry.state === 'available'
                          ? 'border-slate-400 hover:border-slate-900'
                          : 'border-dashed border-slate-400 text-slate-600 line-through'
                      }`}
                    >
                      {entry.value}
                      {note && <span className="sr-only"> ({note})</span>}
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}

      <p className="min-h-6 text-sm font-medium" data-testid="stock-status">
        {!variant ? (
          <span className="text-slate-700">This combination is not available.</span>
        ) : variant.inStock ? (
          <span className="text-green-800">In stock{hasChoice ? ` · SKU ${variant.sku}` : ''}</span>
        ) : (
          <span className="text-red-800">Sold out{hasChoice ? ' in this combination' : ''}</span>
        )}
      </p>

      <button
        type="button"
        onClick={addToCart}
        disabled={!variant?.inStock}
        aria-busy={adding}
        className="h-12 w-full rounded-md bg-blue-800 px-6 font-semibold text-white hover:bg-blue-900 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700 sm:w-auto"
      >
        {variant && !variant.inStock ? 'Sold out' : 'Add to cart'}
      </button>
      <p role="status" className="min-h-5 text-sm text-green-800">
        {added}
      </p>
      <p role="alert" className="min-h-0 text-sm text-red-800">
        {error}
      </p>
    </div>
  );
}
