import { describe, expect, it } from 'vitest';
import { valueOfUnits } from './refund-amounts';

describe('valueOfUnits', () => {
  it('gives back the unit price when nothing was discounted and no tax was charged', () => {
    const order = { subtotal: 5000, discount: 0, shipping: 490, tax: 0, total: 5490 };
    expect(valueOfUnits(order, [{ unitPrice: 2500, quantity: 1 }])).toBe(2500);
  });

  it('gives back the tax charged on top of a unit, but not the tax on shipping', () => {
    // 2 × 12.50 + 4.99 shipping, 19 % on both: 5.70 tax. One unit paid 12.50 × 1.19 = 14.875.
    const order = { subtotal: 2500, discount: 0, shipping: 499, tax: 570, total: 3569 };
    expect(valueOfUnits(order, [{ unitPrice: 1250, quantity: 1 }])).toBe(1488);
    expect(valueOfUnits(order, [{ unitPrice: 1250, quantity: 2 }])).toBe(2975);
  });

  it('gives back a line’s share of a discount and of the tax on it', () => {
    // 2 × 61.99 − 10 %: 123.98 − 12.40 = 111.58; 19 % tax on top: 21.20; free shipping.
    const order = { subtotal: 12_398, discount: 1240, shipping: 0, tax: 2120, total: 13_278 };
    expect(valueOfUnits(order, [{ unitPrice: 6199, quantity: 1 }])).toBe(6639);
    expect(valueOfUnits(order, [{ unitPrice: 6199, quantity: 2 }])).toBe(13_278);
  });

  it('takes tax contained in the prices as already inside the total', () => {
    // Prices include 19 %: total = 25.00 + 4.99 shipping; the units paid exactly their price.
    const order = { subtotal: 2500, discount: 0, shipping: 499, tax: 479, total: 2999 };
    expect(valueOfUnits(order, [{ unitPrice: 1250, quantity: 1 }])).toBe(1250);
  });

  it('answers 0 for an order without goods', () => {
    expect(
      valueOfUnits({ subtotal: 0, discount: 0, shipping: 500, tax: 0, total: 500 }, [
        { unitPrice: 0, quantity: 1 },
      ]),
    ).toBe(0);
  });
});
