import { describe, expect, it } from 'vitest';
import { type DiscountRule, discountAmount, discountProblem, majorUnits } from './discount-rules';
import { taxIn, taxOn, taxRateFor } from './tax';
import { allocateDiscount, computeTotals, priceCart } from './totals';

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

  it('finds the tax a gross price contains, to the nearest minor unit, a half up', () => {
    expect(taxIn(6199, 1900)).toBe(990); // 989.74
    expect(taxIn(6199, 2000)).toBe(1033); // 1033.17
    expect(taxIn(119, 1900)).toBe(19); // exactly 19
    expect(taxIn(3, 2000)).toBe(1); // 0.5 rounds up
    expect(taxIn(9, 2000)).toBe(2); // 1.5 rounds up
    expect(taxIn(2, 2000)).toBe(0); // 0.33
    expect(taxIn(999, 0)).toBe(0);
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

const DE = { rateBasisPoints: 1900, included: true };
const FR = { rateBasisPoints: 2000, included: true };
const DE_ON_TOP = { rateBasisPoints: 1900, included: false };

describe('discount allocation', () => {
  it('splits a discount across lines in proportion, in whole units that add up to it', () => {
    // 1000 × 1000/6001 = 166.64, × 2000/6001 = 333.28, × 3001/6001 = 500.08: the unit left goes to the first.
    expect(allocateDiscount(1000, [1000, 2000, 3001])).toEqual([167, 333, 500]);
    expect(allocateDiscount(2, [1, 1, 1])).toEqual([1, 1, 0]); // a tie goes to the earlier line
    expect(allocateDiscount(0, [500, 500])).toEqual([0, 0]);
    expect(allocateDiscount(1000, [400, 600])).toEqual([400, 600]); // all of it
  });

  it('always adds up to the discount', () => {
    for (let seed = 1; seed < 200; seed += 1) {
      const lines = [seed * 7, (seed * 13) % 997, 1 + ((seed * 31) % 4999)];
      const subtotal = lines.reduce((a, b) => a + b, 0);
      const discount = (seed * 17) % (subtotal + 1);
      const shares = allocateDiscount(discount, lines);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(discount);
      for (const [i, share] of shares.entries()) expect(share).toBeLessThanOrEqual(lines[i]!);
    }
  });
});

describe('totals', () => {
  it('adds tax on top, per line after its share of the discount and on shipping', () => {
    const { totals, lines, shippingTax } = computeTotals({
      lineTotals: [10_000],
      discount: 1000,
      currency: 'EUR',
      shipping: { price: 495, freeOver: null },
      tax: DE_ON_TOP,
    });
    expect(totals).toEqual({
      subtotal: 10_000,
      discount: 1000,
      shipping: 495,
      tax: 1804, // 9000 × 19 % = 1710, 495 × 19 % = 94.05 → 94
      total: 11_299,
      currency: 'EUR',
      taxIncluded: false,
      taxRateBasisPoints: 1900,
    });
    expect(lines).toEqual([{ discount: 1000, tax: 1710 }]);
    expect(shippingTax).toBe(94);
  });

  it('€61.99 − 10 %: the price shown is the price paid when prices include tax, €66.40 when tax is added', () => {
    const priced = (tax: typeof DE) =>
      priceCart({ lines: [{ lineTotal: 6199 }], currency: 'EUR', rule: rule(), shipping: null, tax }).totals;
    // 10 % of the gross €61.99 = 619.9 → 619 off; 5580 contains 5580 × 19/119 = 890.92 → 891.
    expect(priced(DE)).toMatchObject({
      subtotal: 6199,
      discount: 619,
      tax: 891,
      total: 5580,
      taxIncluded: true,
    });
    // The same gross price to FR: the total stays, the tax inside is 20/120 of it.
    expect(priced(FR)).toMatchObject({ discount: 619, tax: 930, total: 5580, taxRateBasisPoints: 2000 });
    expect(priced(DE_ON_TOP)).toMatchObject({ tax: 1060, total: 6640, taxIncluded: false });
  });

  it('3 × €0.99 at 19 %: one line of 2.97 contains 0.47 (rounded once per line, not per unit)', () => {
    const inside = computeTotals({
      lineTotals: [297],
      discount: 0,
      currency: 'EUR',
      shipping: null,
      tax: DE,
    });
    expect(inside.totals).toMatchObject({ tax: 47, total: 297 }); // 47.42
    // Three lines of 0.99 each round on their own: 15.81 → 16 each.
    const three = computeTotals({
      lineTotals: [99, 99, 99],
      discount: 0,
      currency: 'EUR',
      shipping: null,
      tax: DE,
    });
    expect(three.totals).toMatchObject({ tax: 48, total: 297 });
    const onTop = computeTotals({
      lineTotals: [297],
      discount: 0,
      currency: 'EUR',
      shipping: null,
      tax: DE_ON_TOP,
    });
    expect(onTop.totals).toMatchObject({ tax: 56, total: 353 }); // 56.43
  });

  it('taxes each line after its share of a discount that splits across lines, and shipping as a line', () => {
    const { totals, lines, shippingTax } = computeTotals({
      lineTotals: [1000, 2000, 3001],
      discount: 1000,
      currency: 'EUR',
      shipping: { price: 495, freeOver: null },
      tax: DE,
    });
    // After [167, 333, 500] off: 833 contains 133 exactly, 1667 → 266.16, 2501 → 399.32; 495 → 79.03.
    expect(lines).toEqual([
      { discount: 167, tax: 133 },
      { discount: 333, tax: 266 },
      { discount: 500, tax: 399 },
    ]);
    expect(shippingTax).toBe(79);
    expect(totals).toMatchObject({ subtotal: 6001, discount: 1000, shipping: 495, tax: 877, total: 5496 });
    expect(totals.tax).toBe(lines.reduce((sum, line) => sum + line.tax, shippingTax));
  });

  it('ships free from the threshold on, measured after the discount, and an empty cart ships nothing', () => {
    const base = { currency: 'EUR', tax: DE };
    const shipping = { price: 495, freeOver: 5000 };
    expect(computeTotals({ ...base, lineTotals: [5000], discount: 0, shipping }).totals.shipping).toBe(0);
    expect(computeTotals({ ...base, lineTotals: [5000], discount: 1, shipping }).totals.shipping).toBe(495);
    const empty = computeTotals({ ...base, lineTotals: [], discount: 0, shipping });
    expect(empty.totals).toMatchObject({ total: 0, tax: 0, shipping: 0 });
    expect(computeTotals({ ...base, lineTotals: [100], discount: 0, shipping: null }).totals.total).toBe(100);
  });

  it('prices a cart: a code that applies takes off, one that does not takes nothing and says why', () => {
    const lines = [{ lineTotal: 1500 }, { lineTotal: 1500 }];
    const shipping = { price: 500, freeOver: null };
    const tax = { rateBasisPoints: 1000, included: false };
    const applied = priceCart({ lines, currency: 'EUR', rule: rule(), shipping, tax });
    expect(applied.discount).toEqual({ amount: 300, problem: null });
    expect(applied.totals).toEqual({
      subtotal: 3000,
      discount: 300,
      shipping: 500,
      tax: 320,
      total: 3520,
      currency: 'EUR',
      taxIncluded: false,
      taxRateBasisPoints: 1000,
    });
    const refused = priceCart({
      lines,
      currency: 'EUR',
      rule: rule({ minimumSubtotal: 5000 }),
      shipping,
      tax,
    });
    expect(refused.discount).toEqual({ amount: 0, problem: expect.stringMatching(/at least 50.00 EUR/) });
    expect(refused.totals.total).toBe(3850);
    expect(priceCart({ lines, currency: 'EUR', rule: null, shipping, tax }).discount).toBeNull();
  });

  it('prices a zero-decimal currency in whole units, tax added or contained', () => {
    const priced = (included: boolean) =>
      priceCart({
        lines: [{ lineTotal: 1999 }],
        currency: 'JPY',
        rule: rule({ currency: 'JPY', value: 15 }),
        shipping: { price: 500, freeOver: null },
        tax: { rateBasisPoints: 1000, included },
      }).totals;
    // 15 % of 1999 = 299.85 → 299 off.
    expect(priced(false)).toMatchObject({
      subtotal: 1999,
      discount: 299,
      shipping: 500,
      tax: 220,
      total: 2420,
    });
    // 1700 contains 154.55 → 155, 500 contains 45.45 → 45.
    expect(priced(true)).toMatchObject({ discount: 299, tax: 200, total: 2200 });
  });

  it('prices a three-decimal currency in its thousandths', () => {
    const priced = (included: boolean) =>
      computeTotals({
        lineTotals: [12_345, 2_000],
        discount: 0,
        currency: 'KWD',
        shipping: { price: 1_500, freeOver: null },
        tax: { rateBasisPoints: 500, included },
      }).totals;
    // On top: 617.25 → 617, 100, 75. Inside: 587.86 → 588, 95.24 → 95, 71.43 → 71.
    expect(priced(false)).toMatchObject({ tax: 792, total: 16_637 });
    expect(priced(true)).toMatchObject({ tax: 754, total: 15_845 });
  });
});
