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
  subtotal: Amount.describe('Sum of the line totals'),
  discount: Amount.describe('Subtracted from the subtotal (>= 0)'),
  shipping: Amount,
  tax: Amount.describe('Tax on (subtotal - discount + shipping) at the destination country rate'),
  total: Amount.describe('subtotal - discount + shipping + tax'),
  currency: CurrencyCode,
});
export type Totals = z.infer<typeof Totals>;
