'use client';

import type { Cart, CartLine } from '@shopstream/contracts/carts';
import { trackEvent } from './tracker';

// Segment's e-commerce spec names; money stays in integer minor units with its currency (our
// convention: the analytics service converts).

export const productProperties = (item: CartLine, quantity = item.quantity) => ({
  product_id: item.productId,
  sku: item.sku,
  name: item.productTitle,
  variant: item.variantTitle,
  price: item.unitPrice,
  currency: item.currency,
  quantity,
  url: `/product/${item.productSlug}`,
});

export function trackProductRemoved(item: CartLine, cart: Cart) {
  trackEvent('Product Removed', { cart_id: cart.id, ...productProperties(item) });
}

/**
 * Segment's "Cart Viewed", or nothing for an empty cart: there is nothing in it to view, and a shopper
 * who never added anything has no cart at all (the API answers with a zero id).
 */
export function cartViewedProperties(cart: Cart) {
  if (cart.lines.length === 0) return null;
  return {
    cart_id: cart.id,
    currency: cart.totals.currency,
    value: cart.totals.subtotal,
    products: cart.lines.map((item) => productProperties(item)),
  };
}

export function trackCartViewed(cart: Cart) {
  const properties = cartViewedProperties(cart);
  if (properties) trackEvent('Cart Viewed', properties);
}

export function trackCheckoutStarted(cart: Cart, checkoutId: string) {
  trackEvent('Checkout Started', {
    checkout_id: checkoutId,
    cart_id: cart.id,
    value: cart.totals.total,
    revenue: cart.totals.subtotal,
    shipping: cart.totals.shipping,
    tax: cart.totals.tax,
    discount: cart.totals.discount,
    coupon: cart.discount?.code,
    currency: cart.totals.currency,
    products: cart.lines.map((item) => productProperties(item)),
  });
}

/** Segment's "Checkout Step Viewed" / "Checkout Step Completed", steps numbered from 1. */
export function trackCheckoutStep(
  kind: 'Viewed' | 'Completed',
  checkoutId: string,
  step: number,
  extra: { shipping_method?: string; payment_method?: string } = {},
) {
  trackEvent(`Checkout Step ${kind}`, { checkout_id: checkoutId, step, ...extra });
}
