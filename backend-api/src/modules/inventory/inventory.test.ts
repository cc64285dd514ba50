import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  checkout,
  makeCheckoutBody,
  makePaidOrder,
  stockOf,
} from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

let ctx: TestApp;
let staff: TestUser;

beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const adjust = (variantId: string, payload: object) =>
  ctx.app.inject({
    method: 'POST',
    url: `/admin/variants/${variantId}/stock-adjustments`,
    headers: staff.auth,
    payload,
  });

/** What an anonymous shopper's listing says of the product, and whether it came from the catalog cache. */
async function listedInStock(title: string) {
  const response = await ctx.app.inject({ url: `/catalog/products?q=${encodeURIComponent(title)}` });
  return { cache: response.headers['x-cache'], inStock: response.json().items[0]?.inStock };
}

describe('inventory', () => {
  it('shows a restocked product in stock on the next anonymous catalog read (the cached listing is refreshed)', async () => {
    const product = await makeProduct(ctx, staff, { title: `Restock Lamp ${Date.now()}`, stock: 0 });
    const inStock = () => listedInStock(product.title);
    expect(await inStock()).toMatchObject({ inStock: false });
    expect(await inStock()).toEqual({ cache: 'hit', inStock: false });
    expect((await adjust(product.variants[0]!.id, { delta: 5, reason: 'received' })).statusCode).toBe(201);
    expect(await inStock()).toEqual({ cache: 'miss', inStock: true });
  });

  it('shows a variant sold out on the next catalog read after its last unit sells, and in stock once a refund restocks it', async () => {
    const product = await makeProduct(ctx, staff, { title: `Last Vase ${Date.now()}`, stock: 2 });
    const variantId = product.variants[0]!.id;
    const inStock = () => listedInStock(product.title);
    expect(await inStock()).toMatchObject({ inStock: true });
    expect(await inStock()).toEqual({ cache: 'hit', inStock: true });
    // A sale that leaves stock changes nothing the listing shows: the cached answer stays.
    await makePaidOrder(ctx, variantId);
    expect(await inStock()).toEqual({ cache: 'hit', inStock: true });
    // The last unit: the next read is sold out, not the cached "in stock" of up to CATALOG_CACHE_TTL_SECONDS.
    const last = await makePaidOrder(ctx, variantId);
    expect(await inStock()).toEqual({ cache: 'miss', inStock: false });
    expect(await inStock()).toEqual({ cache: 'hit', inStock: false });
    const refund = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${last.number}/refunds`,
      headers: staff.auth,
      payload: { lines: [{ lineId: last.lines[0]!.id, quantity: 1, restock: true }], reason: 'Changed mind' },
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(await inStock()).toEqual({ cache: 'miss', inStock: true });
  });

  it('records adjustments with reason and actor, and refuses to go below zero', async () => {
    const product = await makeProduct(ctx, staff, { stock: 2 });
    const variantId = product.variants[0]!.id;
    const received = await adjust(variantId, { delta: 10, reason: 'received', note: 'Pallet 7' });
    expect(received.statusCode).toBe(201);
    expect(received.json()).toMatchObject({
      delta: 10,
      stockAfter: 12,
      actor: { id: staff.id, email: staff.email },
    });
    expect((await adjust(variantId, { delta: -3, reason: 'damaged' })).json().stockAfter).toBe(9);
    const tooMuch = await adjust(variantId, { delta: -10, reason: 'correction' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().detail).toMatch(/below zero/);
    expect((await adjust(variantId, { delta: 0, reason: 'correction' })).statusCode).toBe(400);
    const history = await ctx.app.inject({
      url: `/admin/variants/${variantId}/stock-adjustments`,
      headers: staff.auth,
    });
    expect(history.json().items.map((a: { delta: number }) => a.delta)).toEqual([-3, 10]);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 9, reserved: 0 });
  });

  it('lists stock with thresholds and filters low stock', async () => {
    const product = await makeProduct(ctx, staff, { stock: 4 });
    const variantId = product.variants[0]!.id;
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/variants/${variantId}`,
      headers: staff.auth,
      payload: { lowStockThreshold: 4 },
    });
    expect(patched.json().lowStockThreshold).toBe(4);
    const low = await ctx.app.inject({
      url: `/admin/inventory?lowStock=true&q=${product.variants[0]!.sku}`,
      headers: staff.auth,
    });
    expect(low.json().items).toEqual([
      expect.objectContaining({
        variantId,
        stockOnHand: 4,
        available: 4,
        lowStockThreshold: 4,
        lowStock: true,
      }),
    ]);
    await adjust(variantId, { delta: 5, reason: 'received' });
    const none = await ctx.app.inject({
      url: `/admin/inventory?lowStock=true&q=${product.variants[0]!.sku}`,
      headers: staff.auth,
    });
    expect(none.json().items).toEqual([]);
  });

  it('keeps what paid orders took out of stock when staff adjust afterwards', async () => {
    const product = await makeProduct(ctx, staff, { stock: 3 });
    const variantId = product.variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 2);
    expect((await checkout(ctx, shopper, makeCheckoutBody())).statusCode).toBe(201);
    expect((await adjust(variantId, { delta: -2, reason: 'damaged' })).statusCode).toBe(409);
    expect((await adjust(variantId, { delta: -1, reason: 'damaged' })).json().stockAfter).toBe(0);
  });

  it("keeps the product editor's stock in inventory's levels, never below what unpaid orders hold", async () => {
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const added = await ctx.app.inject({
      method: 'POST',
      url: `/admin/products/${product.id}/variants`,
      headers: staff.auth,
      payload: { sku: `EDIT-${Date.now()}`, options: { size: 'L' }, price: 1500, stockOnHand: 6 },
    });
    expect(added.statusCode).toBe(201);
    const variantId: string = added.json().id;
    expect(added.json()).toMatchObject({ stockOnHand: 6, stockReserved: 0, lowStockThreshold: 5 });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 6, reserved: 0 });
    const shopper = await addToCart(ctx, variantId, 4);
    // Held, not paid: the order waits for its payment.
    await ctx.sql.query('update inventory_levels set stock_reserved = 4 where variant_id = $1', [variantId]);
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: `/admin/variants/${variantId}`, headers: staff.auth, payload });
    const below = await patch({ stockOnHand: 3, price: 999 });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'out_of_stock', stockReserved: 4 });
    const unchanged = await patch({});
    expect(unchanged.json()).toMatchObject({ price: 1500, stockOnHand: 6, stockReserved: 4 });
    const edited = await patch({ stockOnHand: 4, lowStockThreshold: 1, price: 1400 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      price: 1400,
      stockOnHand: 4,
      stockReserved: 4,
      lowStockThreshold: 1,
    });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 4 });
    const cart = await ctx.app.inject({ url: '/cart', headers: { cookie: shopper.cookie ?? '' } });
    expect(cart.json().lines[0]).toMatchObject({ available: 0 });
  });
});
