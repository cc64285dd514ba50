import type { Totals } from '@shopstream/contracts';
import { type DiscountRule, discountAmount, discountProblem } from './discount-rules';
import { taxIn, taxOn } from './tax';

/** The money of a cart and an order, in integer minor units. Pure: the cart and checkout share it. */

export interface ShippingRule {
  price: number;
  freeOver: number | null;
}

/** How the destination is taxed: its rate, and whether the shop's prices already contain it. */
export interface TaxMode {
  rateBasisPoints: number;
  /** Prices (lines and shipping) are gross: the tax is the part they contain, the total is what they add to. */
  included: boolean;
}

/**
 * Splits an order-level discount across the lines in proportion to their totals, in whole minor units that add
 * up to the discount exactly: each line gets the floor of its share, and the units left over go to the lines
 * with the largest remainders (the earlier line on a tie), so the same cart always splits the same way.
 */
export function allocateDiscount(discount: number, lineTotals: readonly number[]): number[] {
  const subtotal = lineTotals.reduce((sum, line) => sum + line, 0);
  if (discount <= 0 || subtotal <= 0) return lineTotals.map(() => 0);
  const shares = lineTotals.map((line) => Math.floor((discount * line) / subtotal));
  let left = discount - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = lineTotals
    .map((line, index) => ({ index, remainder: (discount * line) % subtotal }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export interface PricedTotals {
  totals: Totals;
  /** Per line, in the order given: its share of the discount and the tax on (or in) what is left of it. */
  lines: { discount: number; tax: number }[];
  shippingTax: number;
}

/**
 * The rounding rule: tax is computed per line, on the line's total after its share of the discount, and on
 * shipping as one more line, each rounded to the nearest whole minor unit (a half up; see tax.ts); the order's
 * tax is the sum of those. With prices that include tax, the tax is the part each line contains and the total
 * is the sum of the lines after discount plus shipping, so the shown prices are what is paid; otherwise the
 * tax is added on top. Minor units are the currency's own (JPY has none, KWD three), so the rule is the same.
 */
export function computeTotals(input: {
  lineTotals: readonly number[];
  discount: number;
  currency: string;
  shipping: ShippingRule | null;
  tax: TaxMode;
}): PricedTotals {
  const { discount, currency } = input;
  const subtotal = input.lineTotals.reduce((sum, line) => sum + line, 0);
  const hasItems = input.lineTotals.length > 0;
  const afterDiscount = subtotal - discount;
  const shipping =
    !hasItems || !input.shipping
      ? 0
      : input.shipping.freeOver !== null && afterDiscount >= input.shipping.freeOver
        ? 0
        : input.shipping.price;
  const { rateBasisPoints, included } = input.tax;
  const taxOf = (amount: number) =>
    included ? taxIn(amount, rateBasisPoints) : taxOn(amount, rateBasisPoints);
  const shares = allocateDiscount(discount, input.lineTotals);
  const lines = input.lineTotals.map((line, index) => ({
    discount: shares[index]!,
    tax: taxOf(line - shares[index]!),
  }));
  const shippingTax = taxOf(shipping);
  const tax = lines.reduce((sum, line) => sum + line.tax, shippingTax);
  return {
    totals: {
      subtotal,
      discount,
      shipping,
      tax,
      total: afterDiscount + shipping + (included ? 0 : tax),
      currency,
      taxIncluded: included,
      taxRateBasisPoints: rateBasisPoints,
    },
    lines,
    shippingTax,
  };
}

/**
 * Prices lines in one currency: the subtotal, the code (what it takes off, or why it does not apply),
 * shipping and tax. A code that does not apply takes nothing off. With prices that include tax, a code's
 * percentage and minimum apply to the gross prices the shopper sees.
 */
export function priceCart(input: {
  lines: { lineTotal: number }[];
  currency: string;
  rule: DiscountRule | null;
  shipping: ShippingRule | null;
  tax: TaxMode;
  now?: Date;
}) {
  const subtotal = input.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const problem = input.rule ? discountProblem(input.rule, subtotal, input.currency, input.now) : null;
  const discount = input.rule && !problem ? discountAmount(input.rule, subtotal) : 0;
  const priced = computeTotals({
    lineTotals: input.lines.map((line) => line.lineTotal),
    discount,
    currency: input.currency,
    shipping: input.shipping,
    tax: input.tax,
  });
  return { discount: input.rule ? { amount: discount, problem } : null, totals: priced.totals, priced };
}
