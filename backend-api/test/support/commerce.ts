import { randomUUID } from 'node:crypto';
import type { CheckoutRequest, Order } from '@shopstream/contracts';
import type { TestApp } from './test-app';

export const CARDS = {
  ok: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  retry: '4000 0000 0000 0119',
};

/** The `cart_token` cookie a response set, as `name=value`. */
export function cartCookieOf(setCookie: string | string[] | undefined) {
  const cookie = [setCookie ?? []].flat().find((c) => c.startsWith('cart_token='));
  return cookie ? cookie.split(';')[0]! : null;
}

/** Who calls the cart: a guest cookie, a signed-in customer's headers, or both. */
export interface Shopper {
  cookie?: string | null;
  auth?: { authorization: string };
}

export const shopperHeaders = (shopper: Shopper): Record<string, string> => ({
  ...(shopper.cookie ? { cookie: shopper.cookie } : {}),
  ...(shopper.auth ?? {}),
});

/** Adds a variant to the shopper's cart (creating a guest cart when there is none); returns the shopper. */
export async function addToCart(ctx: TestApp, variantId: string, quantity = 1, shopper: Shopper = {}) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/cart/items',
    headers: shopperHeaders(shopper),
    payload: { variantId, quantity },
  });
  if (response.statusCode !== 201) throw new Error(`add to cart failed: ${response.body}`);
  return { ...shopper, cookie: cartCookieOf(response.headers['set-cookie']) ?? shopper.cookie ?? null };
}

export function makeCheckoutBody(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    email: 'shopper@example.com',
    shippingAddress: {
      fullName: 'Ada Shopper',
      line1: 'Hauptstraße 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    shippingOptionId: 'standard',
    payment: { cardNumber: CARDS.ok, expMonth: 12, expYear: 2099, cvc: '123' },
    ...overrides,
  };
}

export const withCard = (cardNumber: string, body = makeCheckoutBody()): CheckoutRequest => ({
  ...body,
  payment: { expMonth: 12, expYear: 2099, cvc: '123', ...body.payment, cardNumber },
});

export function checkout(ctx: TestApp, shopper: Shopper, body: CheckoutRequest, key: string = randomUUID()) {
  return ctx.app.inject({
    method: 'POST',
    url: '/checkout',
    headers: { ...shopperHeaders(shopper), 'idempotency-key': key },
    payload: body,
  });
}

/** A paid order of one unit of the variant, through the API. */
export async function makePaidOrder(ctx: TestApp, variantId: string, shopper: Shopper = {}): Promise<Order> {
  const withCart = await addToCart(ctx, variantId, 1, shopper);
  const response = await checkout(ctx, withCart, makeCheckoutBody());
  if (response.statusCode !== 201) throw new Error(`checkout failed: ${response.body}`);
  return response.json();
}

export async function stockOf(ctx: TestApp, variantId: string) {
  const { rows } = await ctx.sql.query<{ onHand: number; reserved: number }>(
    'select stock_on_hand as "onHand", stock_reserved as reserved from inventory_levels where variant_id = $1',
    [variantId],
  );
  return rows[0]!;
}
