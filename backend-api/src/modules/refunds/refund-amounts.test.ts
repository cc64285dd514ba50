import { describe, expect, it } from 'vitest';
import { valueOfUnits } from './refund-amounts';

describe('valueOfUnits', () => {
  it('gives back the unit price when nothing was discounted and no tax was added', () => {
    expect(
      valueOfUnits({ subtotal: 5000, shipping: 490, total: 5490 }, [{ unitPrice: 2500, quantity: 1 }]),
    ).toBe(2500);
  });

  it('gives back the line’s share of a discount and of tax added on top', () => {
    // 2 × 61.99 − 10 % + 19 % tax: 123.98 − 12.40 = 111.58; + 21.20 tax = 132.78 paid for goods.
    const order = { subtotal: 12_398, shipping: 0, total: 13_278 };
    expect(valueOfUnits(order, [{ unitPrice: 6199, quantity: 1 }])).toBe(6639);
    expect(valueOfUnits(order, [{ unitPrice: 6199, quantity: 2 }])).toBe(13_278);
  });

  it('never counts shipping, and answers 0 for an order without goods', () => {
    expect(
      valueOfUnits({ subtotal: 1000, shipping: 500, total: 1500 }, [{ unitPrice: 1000, quantity: 1 }]),
    ).toBe(1000);
    expect(valueOfUnits({ subtotal: 0, shipping: 500, total: 500 }, [{ unitPrice: 0, quantity: 1 }])).toBe(0);
  });
});
