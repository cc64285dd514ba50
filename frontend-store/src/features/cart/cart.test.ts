import { describe, expect, it } from 'vitest';
import { addLine, type CartLine, cartTotals, MAX_QUANTITY, parseCart, setQuantity } from './cart';

const makeLine = (overrides: Partial<CartLine> = {}): Omit<CartLine, 'quantity'> => ({
  variantId: 'v1',
  sku: 'MUG-1',
  productSlug: 'classic-mug',
  title: 'Classic Mug',
  variantTitle: 'white',
  price: 1299,
  currency: 'EUR',
  imageUrl: null,
  ...overrides,
});

describe('cart', () => {
  it('adds a variant once and counts further adds as quantity', () => {
    const once = addLine([], makeLine());
    const twice = addLine(once, makeLine(), 2);
    expect(twice).toHaveLength(1);
    expect(twice[0]?.quantity).toBe(3);
  });

  it('caps the quantity and removes a line set to zero', () => {
    const lines = addLine([], makeLine(), 50);
    expect(lines[0]?.quantity).toBe(MAX_QUANTITY);
    expect(setQuantity(lines, 'v1', 0)).toEqual([]);
  });

  it('adds up items and subtotals per currency in minor units', () => {
    const lines = addLine(addLine([], makeLine(), 2), makeLine({ variantId: 'v2', price: 501 }));
    expect(cartTotals(lines)).toEqual({ items: 3, subtotals: [{ currency: 'EUR', amount: 3099 }] });
  });

  it('ignores stored data that is not a cart', () => {
    expect(parseCart(null)).toEqual([]);
    expect(parseCart('{oops')).toEqual([]);
    expect(parseCart(JSON.stringify([{ variantId: 'v1' }, { ...makeLine(), quantity: 2 }]))).toEqual([
      { ...makeLine(), quantity: 2 },
    ]);
  });
});
