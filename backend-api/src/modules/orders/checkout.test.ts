import { createHash, randomUUID } from 'node:crypto';
import type { CheckoutRequest } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  CARDS,
  checkout,
  makeCheckoutBody,
  type Shopper,
  shopperHeaders,
  stockOf,
  withCard,
} from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import type { ChargeRequest, ChargeResult, PaymentProvider } from '../payments/provider';
import { createTestPaymentProvider } from '../payments/provider';
import { fingerprint } from './fingerprint';

let ctx: TestApp;
let staff: TestUser;

beforeAll(async () => {
  // 200 checkouts at once queue for 10 pooled connections: on a loaded machine some wait past the 2 s that
  // production answers 503; these tests are about stock and keys, so they wait.
  ctx = await startTestApp({ RESERVATION_TTL_MINUTES: '15', DATABASE_CONNECT_TIMEOUT_MS: '30000' });
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const paidOrders = async (variantId: string) =>
  Number(
    (
      await ctx.sql.query(
        `select count(distinct o.id)::int as n from orders o join order_lines l on l.order_id = o.id
         where l.variant_id = $1 and o.status = 'paid'`,
        [variantId],
      )
    ).rows[0].n,
  );

describe('checkout', () => {
  it('turns the cart into a paid order with a readable number, lines as sold, and empties the cart', async () => {
    const customer = await makeUser(ctx);
    const product = await makeProduct(ctx, staff, { price: 3000, stock: 5 });
    const variantId = product.variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 2, { auth: customer.auth });
    const response = await checkout(ctx, shopper, makeCheckoutBody({ email: customer.email }));
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order.number).toMatch(/^SS-\d{6}$/);
    expect(order.status).toBe('paid');
    expect(order.customerId).toBe(customer.id);
    expect(order.lines).toEqual([
      expect.objectContaining({ productTitle: product.title, unitPrice: 3000, quantity: 2, lineTotal: 6000 }),
    ]);
    // 6000 ≥ 5000: standard shipping is free; the demo shop's prices contain DE VAT: 6000 × 19/119 = 957.98
    expect(order.totals).toEqual({
      subtotal: 6000,
      discount: 0,
      shipping: 0,
      tax: 958,
      total: 6000,
      currency: 'EUR',
      taxIncluded: true,
      taxRateBasisPoints: 1900,
    });
    expect(order.timeline.map((e: { to: string }) => e.to)).toEqual(['pending', 'paid']);
    expect(order.payment).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect((await ctx.app.inject({ url: '/cart', headers: customer.auth })).json().lines).toEqual([]);

    // A later price change does not touch the order as sold.
    await ctx.sql.query('update variants set price = 9999 where id = $1', [variantId]);
    await ctx.sql.query("update products set title = 'Renamed' where id = $1", [product.id]);
    const mine = await ctx.app.inject({ url: `/me/orders/${order.number}`, headers: customer.auth });
    expect(mine.json().lines[0]).toMatchObject({ productTitle: product.title, unitPrice: 3000 });
    const list = await ctx.app.inject({ url: '/me/orders', headers: customer.auth });
    expect(list.json().items.map((o: { number: string }) => o.number)).toEqual([order.number]);
    const stranger = await makeUser(ctx);
    expect(
      (await ctx.app.inject({ url: `/me/orders/${order.number}`, headers: stranger.auth })).statusCode,
    ).toBe(404);
  });

  it('requires an Idempotency-Key, answers the same order for the same key and body, and 409 for another body', async () => {
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    const noKey = await ctx.app.inject({
      method: 'POST',
      url: '/checkout',
      headers: shopperHeaders(shopper),
      payload: makeCheckoutBody(),
    });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().detail).toMatch(/idempotency-key/i);

    const key = randomUUID();
    const first = await checkout(ctx, shopper, makeCheckoutBody(), key);
    expect(first.statusCode).toBe(201);
    const replay = await checkout(ctx, shopper, makeCheckoutBody(), key);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    const other = await checkout(ctx, shopper, makeCheckoutBody({ email: 'someone-else@example.com' }), key);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      code: 'idempotency_key_reused',
      type: 'https://shopstream.dev/problems/idempotency_key_reused',
    });
    expect(await stockOf(ctx, product.variants[0]!.id)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('takes over a key whose request died after claiming it and before writing its order', async () => {
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    const token = shopper.cookie!.slice('cart_token='.length);
    const scope = `guest:${createHash('sha256').update(token).digest('hex')}`;
    const key = randomUUID();
    // What a process killed with -9 between the claim and the order leaves: a claim with no order.
    await ctx.sql.query(
      `insert into checkout_requests (scope, key, request_hash, created_at)
       values ($1, $2, $3, now() - interval '10 minutes')`,
      [scope, key, fingerprint(makeCheckoutBody())],
    );
    const retried = await checkout(ctx, shopper, makeCheckoutBody(), key);
    expect(retried.statusCode, retried.body).toBe(201);
    const replay = await checkout(ctx, shopper, makeCheckoutBody(), key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().id).toBe(retried.json().id);
    expect(await stockOf(ctx, product.variants[0]!.id)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('answers a declined card with 402 and leaves stock and cart unchanged', async () => {
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const variantId = product.variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 2);
    const cartBefore = (await ctx.app.inject({ url: '/cart', headers: shopperHeaders(shopper) })).json();
    const key = randomUUID();
    const declined = await checkout(ctx, shopper, withCard(CARDS.declined), key);
    expect(declined.statusCode).toBe(402);
    expect(declined.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(declined.json()).toMatchObject({ code: 'payment_declined', title: 'Payment declined' });
    expect(declined.json().detail).toMatch(/declined.*Nothing was charged/);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 5, reserved: 0 });
    const cartAfter = (await ctx.app.inject({ url: '/cart', headers: shopperHeaders(shopper) })).json();
    expect(cartAfter.lines).toEqual(cartBefore.lines);
    expect(cartAfter.totals).toEqual(cartBefore.totals);
    expect(
      (
        await ctx.sql.query(
          'select 1 from orders o join order_lines l on l.order_id = o.id where l.variant_id = $1',
          [variantId],
        )
      ).rowCount,
    ).toBe(0);
    // The same cart then pays with a good card.
    const paid = await checkout(ctx, shopper, makeCheckoutBody());
    expect(paid.statusCode).toBe(201);
  });

  it('retries a card that fails once with a processing error, and charges it once', async () => {
    const product = await makeProduct(ctx, staff, { stock: 1 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
    const response = await checkout(ctx, shopper, withCard(CARDS.retry));
    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe('paid');
  });

  it('answers a checkout without a cart with the code cart_empty', async () => {
    const response = await checkout(ctx, {}, makeCheckoutBody());
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'cart_empty', title: 'The cart is empty' });
  });

  it('refuses more than the stock, naming the variant, and reserves nothing', async () => {
    const product = await makeProduct(ctx, staff, { stock: 3 });
    const variantId = product.variants[0]!.id;
    const shopper = await addToCart(ctx, variantId, 4);
    const response = await checkout(ctx, shopper, makeCheckoutBody());
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'out_of_stock', variantId, available: 3 });
    expect(response.json().detail).toMatch(/Only 3 left/);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('redeems a discount code once per order and respects its usage limit', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/admin/discount-codes',
      headers: staff.auth,
      payload: { code: 'ONCEONLY', kind: 'percentage', value: 50, usageLimit: 1 },
    });
    const product = await makeProduct(ctx, staff, { price: 2000, stock: 5 });
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 2; i += 1) {
      const shopper = await addToCart(ctx, product.variants[0]!.id, 1);
      await ctx.app.inject({
        method: 'POST',
        url: '/cart/discount',
        headers: shopperHeaders(shopper),
        payload: { code: 'ONCEONLY' },
      });
      shoppers.push(shopper);
    }
    const [a, b] = await Promise.all(shoppers.map((s) => checkout(ctx, s, makeCheckoutBody())));
    const statuses = [a!.statusCode, b!.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    expect([a!, b!].find((r) => r.statusCode === 409)!.json().code).toBe('discount_not_applicable');
    const paid = [a!, b!].find((r) => r.statusCode === 201)!.json();
    expect(paid.totals).toMatchObject({ subtotal: 2000, discount: 1000, shipping: 499 });
    expect(paid.discountCode).toBe('ONCEONLY');
    const usage = await ctx.sql.query("select times_used from discount_codes where code = 'ONCEONLY'");
    expect(usage.rows[0].times_used).toBe(1);
  });
});

describe('stock under concurrency', () => {
  it('sells exactly the 50 in stock to 200 parallel checkouts and answers the other 150 "out of stock"', async () => {
    const product = await makeProduct(ctx, staff, { stock: 50 });
    const variantId = product.variants[0]!.id;
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 200; i += 10) {
      shoppers.push(...(await Promise.all(Array.from({ length: 10 }, () => addToCart(ctx, variantId, 1)))));
    }
    const keys = shoppers.map(() => randomUUID());
    const body = makeCheckoutBody();
    const responses = await Promise.all(shoppers.map((s, i) => checkout(ctx, s, body, keys[i])));
    const byStatus = (list: typeof responses) => {
      const counts: Record<number, number> = {};
      for (const r of list) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
      return counts;
    };
    expect(byStatus(responses)).toEqual({ 201: 50, 409: 150 });
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json()).toMatchObject({ code: 'out_of_stock', title: 'Out of stock', variantId });
    }
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 0, reserved: 0 });
    expect(await paidOrders(variantId)).toBe(50);

    // The same 200 requests again, each key twice at once: the 50 orders come back, nothing new is sold.
    const replays = await Promise.all(
      [...shoppers, ...shoppers].map((s, i) => checkout(ctx, s, body, keys[i % shoppers.length])),
    );
    expect(byStatus(replays)).toEqual({ 200: 100, 409: 300 });
    const firstIds = new Map(responses.map((r, i) => [keys[i], r.statusCode === 201 ? r.json().id : null]));
    replays.forEach((r, i) => {
      if (r.statusCode === 200) expect(r.json().id).toBe(firstIds.get(keys[i % shoppers.length]));
    });
    expect(await paidOrders(variantId)).toBe(50);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('sells 5 in stock to exactly 5 of 40 parallel checkouts of two-variant carts, filled in either order, without a deadlock', async () => {
    const scarce = (await makeProduct(ctx, staff, { stock: 5 })).variants[0]!.id;
    const plenty = (await makeProduct(ctx, staff, { stock: 1000 })).variants[0]!.id;
    // Half the carts get the scarce variant first, half last: the reservation locks rows in id order either way.
    const shoppers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const [first, second] = i % 2 === 0 ? [scarce, plenty] : [plenty, scarce];
        return addToCart(ctx, second, 1, await addToCart(ctx, first, 1));
      }),
    );
    const responses = await Promise.all(shoppers.map((s) => checkout(ctx, s, makeCheckoutBody())));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(35);
    for (const refused of responses.filter((r) => r.statusCode === 409))
      expect(refused.json()).toMatchObject({ code: 'out_of_stock', variantId: scarce, available: 0 });
    expect(await stockOf(ctx, scarce)).toEqual({ onHand: 0, reserved: 0 });
    // A refused cart held none of the plentiful variant either: its transaction rolled back whole.
    expect(await stockOf(ctx, plenty)).toEqual({ onHand: 995, reserved: 0 });
    expect(await paidOrders(scarce)).toBe(5);
  });

  it('creates exactly one order per key when each key is sent five times at once', async () => {
    const product = await makeProduct(ctx, staff, { stock: 100 });
    const variantId = product.variants[0]!.id;
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => addToCart(ctx, variantId, 1)));
    const keys = shoppers.map(() => randomUUID());
    const body = makeCheckoutBody();
    const calls = shoppers.flatMap((s, i) => Array.from({ length: 5 }, () => ({ s, key: keys[i]! })));
    const responses = await Promise.all(calls.map(({ s, key }) => checkout(ctx, s, body, key)));
    expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(20);
    for (const key of keys) {
      const ids = new Set(responses.filter((_, i) => calls[i]!.key === key).map((r) => r.json().id));
      expect(ids.size).toBe(1);
    }
    expect(await paidOrders(variantId)).toBe(20);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 80, reserved: 0 });
  });

  it('never sells past the stock when carts share the variant, and the database refuses negative stock', async () => {
    const product = await makeProduct(ctx, staff, { stock: 3 });
    const variantId = product.variants[0]!.id;
    const shoppers = await Promise.all(Array.from({ length: 6 }, () => addToCart(ctx, variantId, 2)));
    const responses = await Promise.all(shoppers.map((s) => checkout(ctx, s, makeCheckoutBody())));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 1, reserved: 0 });
    await expect(
      ctx.sql.query('update inventory_levels set stock_on_hand = -1 where variant_id = $1', [variantId]),
    ).rejects.toThrow(/check constraint/);
    await expect(
      ctx.sql.query('update inventory_levels set stock_reserved = stock_on_hand + 1 where variant_id = $1', [
        variantId,
      ]),
    ).rejects.toThrow(/inventory_levels_reserved_within_stock/);
  });
});

describe('reservations', () => {
  it('holds stock while payment is pending and returns it when the reservation expires', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = createTestPaymentProvider();
    const refunds: string[] = [];
    const slow: PaymentProvider = {
      async charge(request: ChargeRequest): Promise<ChargeResult> {
        await gate;
        return inner.charge(request);
      },
      async refund(request) {
        refunds.push(request.reference);
        return inner.refund(request);
      },
    };
    const local = await startTestApp({ RESERVATION_TTL_MINUTES: '5' }, { payments: slow });
    try {
      const localStaff = await makeUser(local, { role: 'staff' });
      const product = await makeProduct(local, localStaff, { stock: 2 });
      const variantId = product.variants[0]!.id;
      const shopper = await addToCart(local, variantId, 2);
      const key = randomUUID();
      const pending = checkout(local, shopper, makeCheckoutBody() as CheckoutRequest, key);
      await expect
        .poll(() => stockOf(local, variantId), { timeout: 5000 })
        .toEqual({ onHand: 2, reserved: 2 });
      const { orders } = local.app.commerce;
      expect(await orders.expireReservations(new Date(Date.now() + 60_000))).toBe(0);
      expect(await orders.expireReservations(new Date(Date.now() + 6 * 60_000))).toBe(1);
      expect(await stockOf(local, variantId)).toEqual({ onHand: 2, reserved: 0 });
      release();
      const response = await pending;
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('reservation_expired');
      expect(response.json().detail).toMatch(/reservation expired/);
      expect(refunds).toHaveLength(1);
      const { rows } = await local.sql.query(
        `select o.status, array_agg(e.to_status::text order by e.created_at) as timeline from orders o
         join order_events e on e.order_id = o.id group by o.id`,
      );
      expect(rows).toEqual([{ status: 'cancelled', timeline: ['pending', 'cancelled'] }]);
      expect(await stockOf(local, variantId)).toEqual({ onHand: 2, reserved: 0 });
      // The checkout is over: a replay of its key answers the cancelled order (not "still in progress").
      const replay = await checkout(local, shopper, makeCheckoutBody() as CheckoutRequest, key);
      expect(replay.statusCode).toBe(200);
      expect(replay.json().status).toBe('cancelled');
    } finally {
      release();
      await local.close();
    }
  });
});
