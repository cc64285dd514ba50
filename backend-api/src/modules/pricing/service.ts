import { type TaxRates, taxRateFor } from './tax';

export { type DiscountRule, discountAmount, discountProblem } from './discount-rules';
export { computeTotals, priceCart, type ShippingRule } from './totals';

/** The shop's pricing: the tax rates of the configuration and the pure rules carts and checkout price with. */
export function createPricing(tax: TaxRates) {
  return {
    taxRate: (country: string | null) => taxRateFor(tax, country),
  };
}
export type Pricing = ReturnType<typeof createPricing>;
