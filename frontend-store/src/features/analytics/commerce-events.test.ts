import type { Cart, CartLine } from '@shopstream/contracts/carts';
import { describe, expect, it } from 'vitest';
import { cartViewedProperties } from './commerce-events';

const makeLine = (overrides: Partial<CartLine> = {}): CartLine => ({
  id: '7d1f3a52-9c4e-4b8a-8f0e-1a2b3c4d5e6f',
  variantId: '2b6e1c9d-3f4a-4e5b-9c8d-7e6f5a4b3c2d',
  productId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  productSlug: 'classic-mug-mugs-1',
  productTitle: 'Classic Mug',
  variantTitle: 'white',
  sku: 'MUGS-001-1',
  options: { colour: 'white' },
  image: null,
  quantity: 2,
  unitPrice: 1299,
  lineTotal: 2598,
  currency: 'EUR',
  available: 10,
  availability: 'in_stock',
  ...overrides,
});

const makeCart = (lines: CartLine[], id = '5c4b3a29-1807-4f6e-8d5c-4b3a29180706'): Cart => {
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  return {
    id,
    owner: 'guest',
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    discount: null,
    shipping: { country: null, option: null, taxRateBasisPoints: 0 },
    totals: {
      subtotal,
      discount: 0,
      shipping: 0,
      tax: 0,
      total: subtotal,
      currency: 'EUR',
      taxIncluded: true,
      taxRateBasisPoints: 0,
    },
    checkoutReady: lines.length > 0,
    updatedAt: '2026-12-01T10:00:00.000Z',
  };
};

describe('cartViewedProperties', () => {
  it('sends nothing for a shopper without a cart (the API answers with a zero id) or an emptied one', () => {
    expect(cartViewedProperties(makeCart([], '00000000-0000-4000-8000-000000000000'))).toBeNull();
    expect(cartViewedProperties(makeCart([]))).toBeNull();
  });

  it('names the cart, its value and its products when there is something in it', () => {
    expect(cartViewedProperties(makeCart([makeLine()]))).toEqual({
      cart_id: '5c4b3a29-1807-4f6e-8d5c-4b3a29180706',
      currency: 'EUR',
      value: 2598,
      products: [
        {
          product_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          sku: 'MUGS-001-1',
          name: 'Classic Mug',
          variant: 'white',
          price: 1299,
          currency: 'EUR',
          quantity: 2,
          url: '/product/classic-mug-mugs-1',
        },
      ],
    });
  });
});
