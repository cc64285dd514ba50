import { type TaxRates, taxRateFor } from './tax';
import type { TaxMode } from './totals';

export { type DiscountRule, discountAmount, discountProblem } from './discount-rules';
export { allocateDiscount, computeTotals, priceCart, type ShippingRule, type TaxMode } from './totals';

/**
 * The shop's pricing: the tax rates of the configuration, whether the shop's prices include tax (its settings),
 * and the pure rules carts and checkout price with.
 */
export function createPricing(tax: TaxRates, pricesIncludeTax: () => Promise<boolean>) {
  return {
    taxRate: (country: string | null) => taxRateFor(tax, country),
    /** How a destination is taxed now: its rate, and whether the shown prices contain it. */
    async taxMode(country: string | null): Promise<TaxMode> {
      return { rateBasisPoints: taxRateFor(tax, country), included: await pricesIncludeTax() };
    },
  };
}
export type Pricing = ReturnType<typeof createPricing>;
