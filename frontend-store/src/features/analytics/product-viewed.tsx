'use client';

import { useEffect, useRef } from 'react';
import { getTracker, trackEvent, whenIdle } from './tracker';

export interface ProductViewedProps {
  productId: string;
  sku: string;
  name: string;
  /** Minor units, with `currency` (our convention, not Segment's decimal price). */
  price: number;
  currency: string;
  category: string | null;
}

/**
 * Sends Segment's "Product Viewed" once per product shown, as soon as the page is idle rather than with the
 * next batch (seconds later): a shopper who glances at a product and leaves has still viewed it.
 */
export function ProductViewed({ productId, sku, name, price, currency, category }: ProductViewedProps) {
  // Once per product: choosing another variant is not a new view.
  const sentFor = useRef<string | null>(null);
  useEffect(() => {
    if (sentFor.current === productId) return;
    sentFor.current = productId;
    let sent = false;
    const cancel = whenIdle(() => {
      sent = true;
      trackEvent('Product Viewed', {
        product_id: productId,
        sku,
        name,
        price,
        currency,
        ...(category ? { category } : {}),
      });
      void getTracker()?.flush();
    });
    return () => {
      cancel();
      // Unmounted before it went (StrictMode's second mount, or a quick move on): the next mount sends it.
      if (!sent) sentFor.current = null;
    };
  }, [productId, sku, name, price, currency, category]);
  return null;
}
