import { z } from 'zod';
import { CountryCode, CurrencyCode, Totals } from './money';

/**
 * Cart and shipping contracts (issue 6).
 *
 * Routes (all public; a bearer token, when sent, binds the cart to the account):
 *   GET    /cart                     → Cart
 *   POST   /cart/items               AddCartItemRequest → Cart (201)
 *   PATCH  /cart/items/:itemId       UpdateCartItemRequest → Cart
 *   DELETE /cart/items/:itemId       → Cart
 *   POST   /cart/discount            ApplyDiscountRequest → Cart
 *   DELETE /cart/discount            → Cart
 *   PUT    /cart/shipping            SetCartShippingRequest → Cart
 *   POST   /cart/merge               {} (bearer token + guest cart cookie required) → Cart
 *   GET    /shipping-options?country=DE → ShippingOptionList
 *
 * A guest cart is identified by an opaque token in the httpOnly SameSite=Lax cookie `cart_token`
 * (server-side callers may send it as the `x-cart-token` header instead). The API sets the cookie when it
 * creates a guest cart. When a request carries both an access token and a guest cart token, the guest
 * cart merges into the customer's cart (quantities of the same variant add up) and the cookie is cleared.
 */

export const CART_COOKIE = 'cart_token';
export const CART_TOKEN_HEADER = 'x-cart-token';

export const CartLine = z.object({
  id: z.uuid().describe('The cart item id, for PATCH/DELETE /cart/items/:itemId'),
  variantId: z.uuid(),
  productId: z.uuid(),
  productSlug: z.string(),
  productTitle: z.string(),
  variantTitle: z.string(),
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  image: z.object({ url: z.string(), alt: z.string() }).nullable(),
  quantity: z.number().int(),
  unitPrice: z.number().int().describe('Current price, minor units'),
  lineTotal: z.number().int(),
  currency: CurrencyCode,
  available: z.number().int().describe('Units that can be bought now (stock on hand minus reserved)'),
  availability: z
    .enum(['in_stock', 'insufficient_stock', 'out_of_stock', 'unavailable'])
    .describe('Re-checked on every read; unavailable = product or variant no longer sold'),
});
export type CartLine = z.infer<typeof CartLine>;

export const ShippingOption = z.object({
  id: z.string(),
  name: z.string(),
  carrier: z.string(),
  price: z.number().int().describe('Minor units'),
  currency: CurrencyCode,
  freeOver: z
    .number()
    .int()
    .nullable()
    .describe('Shipping is free when the discounted subtotal reaches this'),
  minDays: z.number().int(),
  maxDays: z.number().int(),
});
export type ShippingOption = z.infer<typeof ShippingOption>;

export const ShippingOptionList = z.object({
  country: CountryCode,
  taxRateBasisPoints: z.number().int().describe('Tax rate of the country: 1900 = 19%'),
  items: z.array(ShippingOption),
});
export type ShippingOptionList = z.infer<typeof ShippingOptionList>;

export const ShippingOptionsQuery = z.strictObject({ country: CountryCode });

export const AppliedDiscount = z.object({
  code: z.string(),
  kind: z.enum(['percentage', 'fixed']),
  value: z.number().int(),
  amount: z.number().int().describe('What it takes off this cart now, minor units'),
  valid: z.boolean().describe('False when the cart no longer meets its conditions (then amount is 0)'),
  reason: z.string().nullable(),
});

export const Cart = z.object({
  id: z.uuid(),
  owner: z.enum(['guest', 'customer']),
  lines: z.array(CartLine),
  itemCount: z.number().int(),
  discount: AppliedDiscount.nullable(),
  shipping: z.object({
    country: CountryCode.nullable(),
    option: ShippingOption.nullable(),
    taxRateBasisPoints: z.number().int(),
  }),
  totals: Totals,
  /** True when every line can be bought in the quantity asked. */
  checkoutReady: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type Cart = z.infer<typeof Cart>;

export const MAX_LINE_QUANTITY = 99;

export const AddCartItemRequest = z.strictObject({
  variantId: z.uuid(),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).default(1),
});
export type AddCartItemRequest = z.infer<typeof AddCartItemRequest>;

export const UpdateCartItemRequest = z.strictObject({
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY).describe('0 removes the line'),
});
export type UpdateCartItemRequest = z.infer<typeof UpdateCartItemRequest>;

export const CartItemParams = z.strictObject({ itemId: z.uuid() });

export const ApplyDiscountRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _'),
});
export type ApplyDiscountRequest = z.infer<typeof ApplyDiscountRequest>;

export const SetCartShippingRequest = z.strictObject({
  country: CountryCode,
  shippingOptionId: z.string().min(1).max(40).optional().describe('Defaults to the cheapest option'),
});
export type SetCartShippingRequest = z.infer<typeof SetCartShippingRequest>;

export const CartToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a cart token');

/** The guest cart comes from the `cart_token` cookie, or from `cartToken` for server-side callers. */
export const MergeCartRequest = z.strictObject({ cartToken: CartToken.optional() }).optional();
