import type { Totals } from '@shopstream/contracts';
import { type DiscountRule, discountAmount, discountProblem } from './discount-rules';
import { taxOn } from './tax';

/** The money of a cart and an order, in integer minor units. Pure: the cart and checkout share it. */

export interface ShippingRule {
  price: number;
  freeOver: number | null;
}

export function computeTotals(input: {
  subtotal: number;
  discount: number;
  currency: string;
  shipping: ShippingRule | null;
  taxRateBasisPoints: number;
  hasItems: boolean;
}): Totals {
  const { subtotal, discount, currency } = input;
  const afterDiscount = subtotal - discount;
  const shipping =
    !input.hasItems || !input.shipping
      ? 0
      : input.shipping.freeOver !== null && afterDiscount >= input.shipping.freeOver
        ? 0
        : input.shipping.price;
  const tax = taxOn(afterDiscount + shipping, input.taxRateBasisPoints);
  return { subtotal, discount, shipping, tax, total: afterDiscount + shipping + tax, currency };
}

/**
 * Prices lines in one currency: the subtotal, the code (what it takes off, or why it does not apply),
 * shipping and tax. A code that does not apply takes nothing off.
 */
export function priceCart(input: {
  lines: { lineTotal: number }[];
  currency: string;
  rule: DiscountRule | null;
  shipping: ShippingRule | null;
  taxRateBasisPoints: number;
  now?: Date;
}) {
  const subtotal = input.lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const problem = input.rule ? discountProblem(input.rule, subtotal, input.currency, input.now) : null;
  const discount = input.rule && !problem ? discountAmount(input.rule, subtotal) : 0;
  return {
    discount: input.rule ? { amount: discount, problem } : null,
    totals: computeTotals({
      subtotal,
      discount,
      currency: input.currency,
      shipping: input.shipping,
      taxRateBasisPoints: input.taxRateBasisPoints,
      hasItems: input.lines.length > 0,
    }),
  };
}
