import type { Totals } from '@shopstream/contracts';

/** The money rules of a cart and an order, in integer minor units. Pure: the cart and checkout share them. */

export interface DiscountRule {
  code: string;
  kind: 'percentage' | 'fixed';
  value: number;
  currency: string;
  minimumSubtotal: number;
  usageLimit: number | null;
  timesUsed: number;
  startsAt: Date | null;
  endsAt: Date | null;
  active: boolean;
}

export interface ShippingRule {
  price: number;
  freeOver: number | null;
}

/** Why a code does not apply now, or null when it does. */
export function discountProblem(rule: DiscountRule, subtotal: number, currency: string, now = new Date()) {
  if (!rule.active) return 'This code is no longer active';
  if (rule.startsAt && now < rule.startsAt) return 'This code is not valid yet';
  if (rule.endsAt && now >= rule.endsAt) return 'This code has expired';
  if (rule.usageLimit !== null && rule.timesUsed >= rule.usageLimit) return 'This code has been used up';
  if (rule.currency !== currency) return `This code applies to ${rule.currency} carts only`;
  if (subtotal < rule.minimumSubtotal)
    return `This code needs a subtotal of at least ${(rule.minimumSubtotal / 100).toFixed(2)} ${rule.currency}`;
  return null;
}

export function discountAmount(rule: DiscountRule, subtotal: number) {
  const amount = rule.kind === 'percentage' ? Math.floor((subtotal * rule.value) / 100) : rule.value;
  return Math.min(amount, subtotal);
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
  const tax = Math.round(((afterDiscount + shipping) * input.taxRateBasisPoints) / 10_000);
  return { subtotal, discount, shipping, tax, total: afterDiscount + shipping + tax, currency };
}
