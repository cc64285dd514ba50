import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, cartCookieOf, shopperHeaders } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

let ctx: TestApp;
let staff: TestUser;

beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const getCart = (headers: Record<string, string>) => ctx.app.inject({ url: '/cart', headers });

describe('guest cart', () => {
  it('starts a guest cart in an httpOnly SameSite=Lax cookie and prices it on the server', async () => {
    const product = await makeProduct(ctx, staff, { price: 2500, stock: 5 });
    const variantId = product.variants[0]!.id;
    const added = await ctx.app.inject({
      method: 'POST',
      url: '/cart/items',
      payload: { variantId, quantity: 2 },
    });
    expect(added.statusCode).toBe(201);
    const setCookie = String([added.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/^cart_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cartCookieOf(added.headers['set-cookie'])!;

    const shipped = await ctx.app.inject({
      method: 'PUT',
      url: '/cart/shipping',
      headers: { cookie },
      payload: { country: 'DE', shippingOptionId: 'express' },
    });
    expect(shipped.statusCode).toBe(200);
    const cart = shipped.json();
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({
      productTitle: product.title,
      options: { size: 'M' },
      unitPrice: 2500,
      lineTotal: 5000,
      quantity: 2,
      availability: 'in_stock',
    });
    // The demo shop's prices include VAT: 5000 + express 1299 = 6299 is paid; 19 % DE VAT inside, per line:
    // 5000 × 19/119 = 798.32 → 798, 1299 × 19/119 = 207.40 → 207.
    expect(cart.totals).toEqual({
      subtotal: 5000,
      discount: 0,
      shipping: 1299,
      tax: 1005,
      total: 6299,
      currency: 'EUR',
      taxIncluded: true,
      taxRateBasisPoints: 1900,
    });
  });

  it('re-checks availability on every read', async () => {
    const product = await makeProduct(ctx, staff, { stock: 3 });
    const variantId = product.variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 2);
    await ctx.sql.query('update inventory_levels set stock_on_hand = 1 where variant_id = $1', [variantId]);
    const cart = (await getCart(shopperHeaders(shopper))).json();
    expect(cart.lines[0]).toMatchObject({ availability: 'insufficient_stock', available: 1 });
    expect(cart.checkoutReady).toBe(false);
  });

  it('changes and removes lines, and refuses a line of another cart', async () => {
    const product = await makeProduct(ctx, staff, { price: 1000 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    const itemId = (await getCart(shopperHeaders(shopper))).json().lines[0].id;
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: `/cart/items/${itemId}`,
      headers: shopperHeaders(shopper),
      payload: { quantity: 4 },
    });
    expect(changed.json().totals.subtotal).toBe(4000);
    const stranger = await addToCart(ctx, product.variants[0]!.id, 1);
    const foreign = await ctx.app.inject({
      method: 'DELETE',
      url: `/cart/items/${itemId}`,
      headers: shopperHeaders(stranger),
    });
    expect(foreign.statusCode).toBe(404);
    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/cart/items/${itemId}`,
      headers: shopperHeaders(shopper),
    });
    expect(removed.json().lines).toEqual([]);
  });

  it('applies percentage and fixed codes with a minimum subtotal, and refuses expired or used-up ones', async () => {
    const product = await makeProduct(ctx, staff, { price: 4000 });
    const create = (payload: object) =>
      ctx.app.inject({ method: 'POST', url: '/admin/discount-codes', headers: staff.auth, payload });
    expect((await create({ code: 'TENOFF', kind: 'percentage', value: 10 })).statusCode).toBe(201);
    expect(
      (await create({ code: 'big-spender', kind: 'fixed', value: 1500, minimumSubtotal: 10_000 })).json()
        .code,
    ).toBe('BIG-SPENDER');
    await create({ code: 'OLDCODE', kind: 'fixed', value: 100, endsAt: '2020-01-01T00:00:00.000Z' });
    await create({ code: 'USEDUP', kind: 'fixed', value: 100, usageLimit: 1 });
    await ctx.sql.query("update discount_codes set times_used = 1 where code = 'USEDUP'");

    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    const apply = (code: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/cart/discount',
        headers: shopperHeaders(shopper),
        payload: { code },
      });
    expect((await apply('tenoff')).json().totals).toMatchObject({ subtotal: 4000, discount: 400 });
    const tooSmall = await apply('BIG-SPENDER');
    expect(tooSmall.statusCode).toBe(409);
    expect(tooSmall.json().code).toBe('discount_not_applicable');
    expect(tooSmall.json().detail).toMatch(/at least 100.00 EUR/);
    expect((await apply('OLDCODE')).json().detail).toMatch(/expired/);
    expect((await apply('USEDUP')).json().detail).toMatch(/used up/);
    expect((await apply('NOSUCHCODE')).statusCode).toBe(400);
    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: '/cart/discount',
      headers: shopperHeaders(shopper),
    });
    expect(removed.json()).toMatchObject({ discount: null, totals: { discount: 0 } });
  });

  it('lists shipping options of a country with its tax rate', async () => {
    const response = await ctx.app.inject({ url: '/shipping-options?country=FR' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      country: 'FR',
      taxRateBasisPoints: 2000,
      items: [
        { id: 'standard', price: 499, currency: 'EUR', freeOver: 5000 },
        { id: 'express', price: 1299 },
      ],
    });
    expect((await ctx.app.inject({ url: '/shipping-options?country=france' })).statusCode).toBe(400);
  });
});

describe('customer cart', () => {
  it('merges the guest cart into the customer cart on the first call with both tokens', async () => {
    const customer = await makeUser(ctx);
    const [a, b] = await Promise.all([makeProduct(ctx, staff), makeProduct(ctx, staff)]);
    await addToCart(ctx, a.variants[0]!.id, 1, { auth: customer.auth });
    const guest = await addToCart(ctx, a.variants[0]!.id, 2);
    await addToCart(ctx, b.variants[0]!.id, 1, guest);

    const merged = await getCart(shopperHeaders({ ...guest, auth: customer.auth }));
    expect(merged.statusCode).toBe(200);
    expect(merged.json().owner).toBe('customer');
    const quantities = Object.fromEntries(
      merged.json().lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity]),
    );
    expect(quantities).toEqual({ [a.variants[0]!.id]: 3, [b.variants[0]!.id]: 1 });
    expect(String([merged.headers['set-cookie']].flat()[0])).toMatch(/^cart_token=;/);
    // The guest cart is gone: the cookie alone now finds nothing.
    expect((await getCart({ cookie: guest.cookie! })).json().lines).toEqual([]);
  });

  it('merges through POST /cart/merge as well', async () => {
    const customer = await makeUser(ctx);
    const product = await makeProduct(ctx, staff);
    const guest = await addToCart(ctx, product.variants[0]!.id, 1);
    const merged = await ctx.app.inject({
      method: 'POST',
      url: '/cart/merge',
      headers: shopperHeaders({ ...guest, auth: customer.auth }),
      payload: {},
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().itemCount).toBe(1);
    expect((await getCart(customer.auth)).json().itemCount).toBe(1);
    expect((await ctx.app.inject({ method: 'POST', url: '/cart/merge', payload: {} })).statusCode).toBe(401);
  });
});

describe('refused cart changes', () => {
  it('leave no cart behind for a guest or a customer who had none', async () => {
    const customer = await makeUser(ctx);
    const carts = async () => Number((await ctx.sql.query('select count(*) as n from carts')).rows[0].n);
    const before = await carts();
    const refused = [
      { method: 'POST', url: '/cart/items', payload: { variantId: '00000000-0000-4000-8000-000000000000' } },
      { method: 'PATCH', url: '/cart/items/00000000-0000-4000-8000-000000000000', payload: { quantity: 2 } },
      { method: 'DELETE', url: '/cart/items/00000000-0000-4000-8000-000000000000' },
      { method: 'POST', url: '/cart/discount', payload: { code: 'NO-SUCH-CODE' } },
      { method: 'PUT', url: '/cart/shipping', payload: { country: 'DE', shippingOptionId: 'teleport' } },
    ] as const;
    for (const headers of [{}, customer.auth]) {
      for (const request of refused) {
        const response = await ctx.app.inject({ ...request, headers });
        expect(response.statusCode, `${request.method} ${request.url}`).toBeGreaterThanOrEqual(400);
        expect(response.headers['set-cookie']).toBeUndefined();
      }
    }
    expect(await carts()).toBe(before);
  });
});
