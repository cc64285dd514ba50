/** Whether a discount code applies to a cart and what it takes off, in integer minor units. Pure. */

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

/** An amount in minor units as the currency writes it (JPY has no decimals, KWD three), e.g. "25.00 EUR". */
export function majorUnits(amount: number, currency: string) {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`;
}

/** Why a code does not apply now, or null when it does. */
export function discountProblem(rule: DiscountRule, subtotal: number, currency: string, now = new Date()) {
  if (!rule.active) return 'This code is no longer active';
  if (rule.startsAt && now < rule.startsAt) return 'This code is not valid yet';
  if (rule.endsAt && now >= rule.endsAt) return 'This code has expired';
  if (rule.usageLimit !== null && rule.timesUsed >= rule.usageLimit) return 'This code has been used up';
  if (rule.currency !== currency) return `This code applies to ${rule.currency} carts only`;
  if (subtotal < rule.minimumSubtotal)
    return `This code needs a subtotal of at least ${majorUnits(rule.minimumSubtotal, rule.currency)}`;
  return null;
}

/** What a code takes off a subtotal: a percentage rounds down, and no code takes off more than the subtotal. */
export function discountAmount(rule: Pick<DiscountRule, 'kind' | 'value'>, subtotal: number) {
  const amount = rule.kind === 'percentage' ? Math.floor((subtotal * rule.value) / 100) : rule.value;
  return Math.min(amount, subtotal);
}
