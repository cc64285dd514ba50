import { z } from 'zod';

/** Shared money and identifier pieces of the commerce contracts (carts, orders, inventory, discounts). */

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE')
  .describe('ISO 3166-1 alpha-2');
/** An amount in integer minor units (cents) of a currency. */
export const Amount = z.number().int().describe('Integer minor units of the currency');

export const Totals = z.object({
  subtotal: Amount.describe('Sum of the line totals (gross when taxIncluded)'),
  discount: Amount.describe('Subtracted from the subtotal (>= 0)'),
  shipping: Amount.describe('Shipping (gross when taxIncluded)'),
  tax: Amount.describe(
    'Tax at the destination country rate, per line after its share of the discount and on shipping, each ' +
      'rounded to the nearest minor unit: added on top, or (taxIncluded) the part the prices contain',
  ),
  total: Amount.describe(
    'What is paid: subtotal - discount + shipping when taxIncluded, else subtotal - discount + shipping + tax',
  ),
  currency: CurrencyCode,
  taxIncluded: z
    .boolean()
    .describe('Whether the prices contain the tax (the shop setting pricesIncludeTax when priced)'),
  taxRateBasisPoints: z.number().int().describe('The destination country rate applied: 1900 = 19%'),
});
export type Totals = z.infer<typeof Totals>;

// Re-exported: the arithmetic lives apart from the schemas so a browser bundle can take it without zod.
export { formatDecimalAmount, minorUnitDigits, parseDecimalAmount } from './minor-units';
