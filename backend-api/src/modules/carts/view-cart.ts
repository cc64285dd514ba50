import type { Cart, CartLine } from '@shopstream/contracts';
import type { DiscountService } from '../discounts/service';
import { type Pricing, priceCart } from '../pricing/service';
import type { ShippingService } from '../shipping/service';
import type { CartRow } from './repository';

/** A cart as the shopper sees it: lines, code, destination and totals, priced now. */
export function createCartView(deps: {
  discounts: DiscountService;
  shipping: ShippingService;
  pricing: Pricing;
  /** The currency of an empty cart: the shop's (its settings). */
  shopCurrency: () => Promise<string>;
}) {
  const { discounts, shipping, pricing } = deps;
  return async function viewCart(cart: CartRow | null, lines: CartLine[]): Promise<Cart> {
    const currency = lines[0]?.currency ?? (await deps.shopCurrency());
    const rule = cart?.discountCodeId ? await discounts.findRule(cart.discountCodeId) : null;
    const country = cart?.shippingCountry ?? null;
    const option = country
      ? cart?.shippingOptionId
        ? await shipping.option(cart.shippingOptionId, country)
        : ((await shipping.optionsFor(country))[0] ?? null)
      : null;
    const tax = await pricing.taxMode(country);
    const taxRateBasisPoints = tax.rateBasisPoints;
    const priced = priceCart({ lines, currency, rule, shipping: option, tax });
    return {
      id: cart?.id ?? '00000000-0000-4000-8000-000000000000',
      owner: cart?.userId ? 'customer' : 'guest',
      lines,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      discount:
        rule && priced.discount
          ? {
              code: rule.code,
              kind: rule.kind,
              value: rule.value,
              amount: priced.discount.amount,
              valid: !priced.discount.problem,
              reason: priced.discount.problem,
            }
          : null,
      shipping: { country, option, taxRateBasisPoints },
      totals: priced.totals,
      checkoutReady: lines.length > 0 && lines.every((line) => line.availability === 'in_stock'),
      updatedAt: (cart?.updatedAt ?? new Date()).toISOString(),
    };
  };
}
