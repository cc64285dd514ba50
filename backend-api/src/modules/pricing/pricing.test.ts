import { describe, expect, it } from 'vitest';
import { type DiscountRule, discountAmount, discountProblem, majorUnits } from './discount-rules';
import { taxOn, taxRateFor } from './tax';
import { computeTotals, priceCart } from './totals';

const rule = (over: Partial<DiscountRule> = {}): DiscountRule => ({
  code: 'WELCOME10',
  kind: 'percentage',
  value: 10,
  currency: 'EUR',
  minimumSubtotal: 0,
  usageLimit: null,
  timesUsed: 0,
  startsAt: null,
  endsAt: null,
  active: true,
  ...over,
});

describe('tax', () => {
  it('takes the destination rate, else the default, and none without a destination', () => {
    const tax = { rates: { DE: 1900, FR: 2000 }, defaultRate: 500 };
    expect(taxRateFor(tax, 'DE')).toBe(1900);
    expect(taxRateFor(tax, 'US')).toBe(500);
    expect(taxRateFor(tax, null)).toBe(0);
  });

  it('rounds to the nearest minor unit, a half up', () => {
    expect(taxOn(1000, 1900)).toBe(190);
    expect(taxOn(1, 1900)).toBe(0); // 0.19
    expect(taxOn(3, 1900)).toBe(1); // 0.57
    expect(taxOn(50, 1000)).toBe(5);
    expect(taxOn(25, 2000)).toBe(5);
    expect(taxOn(5, 1000)).toBe(1); // 0.5 rounds up
    expect(taxOn(15, 1000)).toBe(2); // 1.5 rounds up
    expect(taxOn(999, 0)).toBe(0);
  });
});

describe('discount rules', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('says why a code does not apply', () => {
    expect(discountProblem(rule({ active: false }), 5000, 'EUR', now)).toMatch(/no longer active/);
    expect(discountProblem(rule({ startsAt: new Date('2026-06-02T00:00:00Z') }), 5000, 'EUR', now)).toMatch(
      /not valid yet/,
    );
    expect(discountProblem(rule({ endsAt: now }), 5000, 'EUR', now)).toMatch(/expired/);
    expect(discountProblem(rule({ usageLimit: 3, timesUsed: 3 }), 5000, 'EUR', now)).toMatch(/used up/);
    expect(discountProblem(rule(), 5000, 'USD', now)).toBe('This code applies to EUR carts only');
    expect(discountProblem(rule({ usageLimit: 3, timesUsed: 2 }), 5000, 'EUR', now)).toBeNull();
  });

  it("names the minimum subtotal in the currency's own minor units", () => {
    expect(discountProblem(rule({ minimumSubtotal: 2500 }), 2499, 'EUR', now)).toBe(
      'This code needs a subtotal of at least 25.00 EUR',
    );
    expect(discountProblem(rule({ minimumSubtotal: 2500 }), 2500, 'EUR', now)).toBeNull();
    expect(majorUnits(2500, 'JPY')).toBe('2500 JPY');
    expect(majorUnits(2500, 'KWD')).toBe('2.500 KWD');
  });

  it('rounds a percentage down and never takes off more than the subtotal', () => {
    expect(discountAmount(rule({ value: 10 }), 1999)).toBe(199);
    expect(discountAmount(rule({ value: 100 }), 1999)).toBe(1999);
    expect(discountAmount(rule({ kind: 'fixed', value: 500 }), 1999)).toBe(500);
    expect(discountAmount(rule({ kind: 'fixed', value: 5000 }), 1999)).toBe(1999);
  });
});

describe('totals', () => {
  it('taxes the discounted subtotal plus shipping', () => {
    expect(
      computeTotals({
        subtotal: 10_000,
        discount: 1000,
        currency: 'EUR',
        shipping: { price: 495, freeOver: null },
        taxRateBasisPoints: 1900,
        hasItems: true,
      }),
    ).toEqual({ subtotal: 10_000, discount: 1000, shipping: 495, tax: 1804, total: 11_299, currency: 'EUR' });
  });

  it('ships free from the threshold on, measured after the discount, and an empty cart ships nothing', () => {
    const base = { currency: 'EUR', taxRateBasisPoints: 0, hasItems: true };
    const shipping = { price: 495, freeOver: 5000 };
    expect(computeTotals({ ...base, subtotal: 5000, discount: 0, shipping }).shipping).toBe(0);
    expect(computeTotals({ ...base, subtotal: 5000, discount: 1, shipping }).shipping).toBe(495);
    expect(computeTotals({ ...base, subtotal: 0, discount: 0, shipping, hasItems: false }).total).toBe(0);
    expect(computeTotals({ ...base, subtotal: 100, discount: 0, shipping: null }).total).toBe(100);
  });

  it('prices a cart: a code that applies takes off, one that does not takes nothing and says why', () => {
    const lines = [{ lineTotal: 1500 }, { lineTotal: 1500 }];
    const shipping = { price: 500, freeOver: null };
    const applied = priceCart({ lines, currency: 'EUR', rule: rule(), shipping, taxRateBasisPoints: 1000 });
    expect(applied.discount).toEqual({ amount: 300, problem: null });
    expect(applied.totals).toEqual({
      subtotal: 3000,
      discount: 300,
      shipping: 500,
      tax: 320,
      total: 3520,
      currency: 'EUR',
    });
    const refused = priceCart({
      lines,
      currency: 'EUR',
      rule: rule({ minimumSubtotal: 5000 }),
      shipping,
      taxRateBasisPoints: 1000,
    });
    expect(refused.discount).toEqual({ amount: 0, problem: expect.stringMatching(/at least 50.00 EUR/) });
    expect(refused.totals.total).toBe(3850);
    expect(
      priceCart({ lines, currency: 'EUR', rule: null, shipping, taxRateBasisPoints: 0 }).discount,
    ).toBeNull();
  });

  it('prices a zero-decimal currency in whole units', () => {
    const { totals } = priceCart({
      lines: [{ lineTotal: 1999 }],
      currency: 'JPY',
      rule: rule({ currency: 'JPY', value: 15 }),
      shipping: { price: 500, freeOver: null },
      taxRateBasisPoints: 1000,
    });
    expect(totals).toEqual({
      subtotal: 1999,
      discount: 299,
      shipping: 500,
      tax: 220,
      total: 2420,
      currency: 'JPY',
    });
  });
});
