import { randomBytes } from 'node:crypto';
import type { Order } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, checkout, makeCheckoutBody, stockOf } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { MAILPIT_SMTP_URL, mailpitClient } from '../../../test/support/mailpit';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { createTestPaymentProvider, type PaymentProvider } from '../payments/provider';
import { valueOfUnits } from './refund-amounts';

const mailpit = mailpitClient();
const unique = () => randomBytes(5).toString('hex');

let ctx: TestApp;
let staff: TestUser;

beforeAll(async () => {
  ctx = await startTestApp({
    SMTP_URL: MAILPIT_SMTP_URL,
    MAIL_FROM: 'Test Shop <orders@shop.test>',
    MAIL_RELAY_ENABLED: 'true',
    MAIL_POLL_INTERVAL_MS: '25',
  });
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

/** A paid order of 2 units of one product and 1 of another, with stock left on both. */
async function paidOrder(app: TestApp = ctx, by: TestUser = staff, email = `buyer-${unique()}@example.com`) {
  const a = await makeProduct(app, by, { stock: 10 });
  const b = await makeProduct(app, by, { stock: 10 });
  const variantA = a.variants[0]!.id;
  const variantB = b.variants[0]!.id;
  let shopper = await addToCart(app, variantA, 2);
  shopper = await addToCart(app, variantB, 1, shopper);
  const response = await checkout(app, shopper, makeCheckoutBody({ email }));
  if (response.statusCode !== 201) throw new Error(`checkout failed: ${response.body}`);
  const order: Order = response.json();
  return { order, email, variantA, variantB, lineA: order.lines.find((l) => l.variantId === variantA)! };
}

interface OutboxPayload {
  event: string;
  type: string;
  properties: { total: number; products: { quantity: number }[] } & Record<string, unknown>;
}

const refund = (number: string, payload: object, app: TestApp = ctx, by: TestUser = staff) =>
  app.app.inject({ method: 'POST', url: `/admin/orders/${number}/refunds`, headers: by.auth, payload });

const outboxOf = async (orderId: string, app: TestApp = ctx) =>
  (
    await app.sql.query<{ event_id: string; topic: string; payload: OutboxPayload }>(
      'select event_id, topic, payload from outbox where order_id = $1 order by id',
      [orderId],
    )
  ).rows;

describe('partial refunds', () => {
  it('refunds one line with restock: stock returns, the order stays paid, partially refunded, on the timeline, mailed and in the outbox', async () => {
    const { order, email, variantA, variantB, lineA } = await paidOrder();
    expect(await stockOf(ctx, variantA)).toEqual({ onHand: 8, reserved: 0 });
    const response = await refund(order.number, {
      lines: [{ lineId: lineA.id, quantity: 1, restock: true }],
      reason: 'Arrived damaged',
    });
    expect(response.statusCode).toBe(200);
    const refunded: Order = response.json();
    // One unit's share of what was paid for goods (tax on top included, shipping and its tax not).
    const share = valueOfUnits(order.totals, [{ unitPrice: lineA.unitPrice, quantity: 1 }]);
    expect(refunded.status).toBe('paid');
    expect(refunded.payment).toMatchObject({
      status: 'partially_refunded',
      captured: order.totals.total,
      refunded: share,
      remaining: order.totals.total - share,
      provider: 'test',
      last4: '4242',
    });
    expect(refunded.lines.find((l) => l.id === lineA.id)).toMatchObject({
      refundedQuantity: 1,
      restockedQuantity: 1,
    });
    expect(await stockOf(ctx, variantA)).toEqual({ onHand: 9, reserved: 0 });
    expect(await stockOf(ctx, variantB)).toEqual({ onHand: 9, reserved: 0 });
    expect(refunded.timeline.at(-1)?.note).toMatch(/^Refunded .*: Arrived damaged \(1 unit restocked\)$/);

    const events = await outboxOf(order.id);
    const refundEvents = events.filter((e) => e.topic === 'order.refunded');
    expect(refundEvents).toHaveLength(1);
    const { rows: refundRows } = await ctx.sql.query('select id from refunds where order_id = $1', [
      order.id,
    ]);
    expect(refundEvents[0]!.event_id).toBe(`order.refunded:${refundRows[0]!.id}`);
    expect(refundEvents[0]!.payload).toMatchObject({
      event: 'Order Refunded',
      type: 'track',
      properties: {
        order_id: order.number,
        refund_id: refundRows[0]!.id,
        total: share,
        currency: order.totals.currency,
        reason: 'Arrived damaged',
        products: [
          {
            product_id: lineA.productId,
            sku: lineA.sku,
            name: lineA.productTitle,
            price: lineA.unitPrice,
            quantity: 1,
          },
        ],
      },
    });

    const mails = await mailpit.waitFor(email, 2);
    const refundMail = mails.find((m) => m.Subject.startsWith('Refund for your order'));
    expect(refundMail?.Text).toContain('Arrived damaged');
  });

  it('refuses more than remains, and more units than a line has, changing nothing; the exact rest makes the order refunded', async () => {
    const { order, lineA } = await paidOrder();
    const total = order.totals.total;
    expect((await refund(order.number, { amount: 100, reason: 'Goodwill' })).statusCode).toBe(200);
    const over = await refund(order.number, { amount: total, reason: 'Too much' });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('refund_exceeds_captured');
    const units = await refund(order.number, {
      lines: [{ lineId: lineA.id, quantity: 3 }],
      reason: 'Three of two',
    });
    expect(units.statusCode).toBe(409);
    expect(units.json().code).toBe('refund_exceeds_captured');
    const foreign = await refund(order.number, {
      lines: [{ lineId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
      reason: 'Not a line',
    });
    expect(foreign.statusCode).toBe(400);
    expect((await refund(order.number, { reason: 'Nothing given' })).statusCode).toBe(400);
    expect((await refund(order.number, { amount: 5 })).statusCode).toBe(400);
    const { rows } = await ctx.sql.query('select refunded from orders where id = $1', [order.id]);
    expect(rows[0].refunded).toBe(100);

    const rest = await refund(order.number, { amount: total - 100, reason: 'The rest' });
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'refunded', payment: { status: 'refunded', remaining: 0 } });
    expect((await refund(order.number, { amount: 1, reason: 'Again' })).statusCode).toBe(409);
    expect((await outboxOf(order.id)).filter((e) => e.topic === 'order.refunded')).toHaveLength(2);
  });

  it('lets concurrent refunds never exceed what was captured', async () => {
    const { order } = await paidOrder();
    const part = Math.floor(order.totals.total * 0.3);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => refund(order.number, { amount: part, reason: `Concurrent ${i}` })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 409, 409, 409]);
    const { rows } = await ctx.sql.query(
      `select o.refunded, o.total, (select sum(amount)::int from refunds r where r.order_id = o.id and r.status = 'succeeded') as sum
       from orders o where o.id = $1`,
      [order.id],
    );
    expect(rows[0]).toEqual({ refunded: 3 * part, total: order.totals.total, sum: 3 * part });
  });

  it('answers 502 refund_failed when the provider refuses, and nothing stays counted', async () => {
    const inner = createTestPaymentProvider();
    const refusing: PaymentProvider = {
      charge: (request) => inner.charge(request),
      refund: async () => ({ outcome: 'failed', message: 'The charge is disputed' }),
    };
    const local = await startTestApp({}, { payments: refusing });
    try {
      const localStaff = await makeUser(local, { role: 'staff' });
      const { order, lineA, variantA } = await paidOrder(local, localStaff);
      const response = await refund(
        order.number,
        { lines: [{ lineId: lineA.id, quantity: 1, restock: true }], reason: 'Refused' },
        local,
        localStaff,
      );
      expect(response.statusCode).toBe(502);
      expect(response.json()).toMatchObject({ code: 'refund_failed' });
      expect(response.json().detail).toContain('The charge is disputed');
      const stored = await local.app.inject({
        url: `/admin/orders/${order.number}`,
        headers: localStaff.auth,
      });
      expect(stored.json().payment).toMatchObject({ status: 'captured', refunded: 0 });
      expect(stored.json().lines.find((l: { id: string }) => l.id === lineA.id)).toMatchObject({
        refundedQuantity: 0,
        restockedQuantity: 0,
      });
      expect(await stockOf(local, variantA)).toEqual({ onHand: 8, reserved: 0 });
      expect((await outboxOf(order.id, local)).filter((e) => e.topic === 'order.refunded')).toHaveLength(0);
      const { rows } = await local.sql.query(
        'select status, failure_message from refunds where order_id = $1',
        [order.id],
      );
      expect(rows).toEqual([{ status: 'failed', failure_message: 'The charge is disputed' }]);
    } finally {
      await local.close();
    }
  });

  it('finishes a refund the provider did not answer, with the same idempotency key, from the sweeper', async () => {
    const inner = createTestPaymentProvider();
    const keys: string[] = [];
    let reachable = false;
    const flaky: PaymentProvider = {
      charge: (request) => inner.charge(request),
      refund: async (request) => {
        keys.push(request.idempotencyKey);
        if (!reachable) throw new Error('connect ECONNREFUSED');
        return inner.refund(request);
      },
    };
    const local = await startTestApp({}, { payments: flaky });
    try {
      const localStaff = await makeUser(local, { role: 'staff' });
      const { order } = await paidOrder(local, localStaff);
      const response = await refund(order.number, { amount: 250, reason: 'Late answer' }, local, localStaff);
      expect(response.statusCode).toBe(503);
      // Still counted: a second refund cannot take the same money.
      const { rows: held } = await local.sql.query('select refunded from orders where id = $1', [order.id]);
      expect(held[0].refunded).toBe(250);
      reachable = true;
      expect(await local.app.commerce.refunds.settleRequested(0)).toBe(1);
      expect(new Set(keys).size).toBe(1);
      const { rows } = await local.sql.query('select status from refunds where order_id = $1', [order.id]);
      expect(rows).toEqual([{ status: 'succeeded' }]);
      expect((await outboxOf(order.id, local)).filter((e) => e.topic === 'order.refunded')).toHaveLength(1);
    } finally {
      await local.close();
    }
  });
});

describe('cancellation of a paid order', () => {
  it('refunds the rest, returns the stock not yet back, and emits Order Cancelled with what leaves revenue and no extra Order Refunded', async () => {
    const { order, email, variantA, variantB, lineA } = await paidOrder();
    const first = await refund(order.number, {
      lines: [{ lineId: lineA.id, quantity: 1, restock: true }],
      reason: 'One was broken',
    });
    expect(first.statusCode).toBe(200);
    const refundedBefore: number = first.json().payment.refunded;
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${order.number}/transitions`,
      headers: staff.auth,
      payload: { to: 'cancelled', note: 'Customer changed their mind', noteVisibility: 'customer' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'cancelled',
      payment: { status: 'refunded', refunded: order.totals.total, remaining: 0 },
    });
    expect(await stockOf(ctx, variantA)).toEqual({ onHand: 10, reserved: 0 });
    expect(await stockOf(ctx, variantB)).toEqual({ onHand: 10, reserved: 0 });

    const events = await outboxOf(order.id);
    expect(events.filter((e) => e.topic === 'order.refunded')).toHaveLength(1);
    const cancelled = events.filter((e) => e.topic === 'order.cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.event_id).toBe(`order.cancelled:${order.id}`);
    expect(cancelled[0]!.payload.properties).toMatchObject({
      order_id: order.number,
      total: order.totals.total - refundedBefore,
      currency: order.totals.currency,
    });
    expect(cancelled[0]!.payload.properties.products.map((p) => p.quantity).sort()).toEqual([1, 1]);
    const { rows } = await ctx.sql.query(
      `select kind, status, amount from refunds where order_id = $1 order by created_at`,
      [order.id],
    );
    expect(rows).toEqual([
      { kind: 'refund', status: 'succeeded', amount: refundedBefore },
      { kind: 'cancellation', status: 'succeeded', amount: order.totals.total - refundedBefore },
    ]);
    // Confirmation, refund, the customer-visible note and the cancellation: waiting for 3 raced the last one.
    const mails = await mailpit.waitFor(email, 4);
    expect(mails.some((m) => m.Subject.includes('has been cancelled'))).toBe(true);
    // Once cancelled, nothing more can be refunded.
    expect((await refund(order.number, { amount: 1, reason: 'After' })).statusCode).toBe(409);
  });

  it('refuses to cancel a fulfilled order (cancellation is before fulfilment)', async () => {
    const { order } = await paidOrder();
    const move = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/admin/orders/${order.number}/transitions`,
        headers: staff.auth,
        payload,
      });
    expect((await move({ to: 'fulfilled', trackingNumber: 'TRACK-1' })).statusCode).toBe(200);
    expect((await move({ to: 'cancelled' })).statusCode).toBe(409);
  });
});

describe('money views', () => {
  it('never shows the charge reference to the customer or to staff', async () => {
    const customer = await makeUser(ctx);
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const shopper = await addToCart(ctx, product.variants[0]!.id, 1, { auth: customer.auth });
    const placed = await checkout(ctx, shopper, makeCheckoutBody({ email: customer.email }));
    expect(placed.statusCode).toBe(201);
    const number = placed.json().number;
    const { rows } = await ctx.sql.query('select payment_reference from orders where number = $1', [number]);
    const reference: string = rows[0].payment_reference;
    expect(reference).toMatch(/^test_ch_/);
    const mine = await ctx.app.inject({ url: `/me/orders/${number}`, headers: customer.auth });
    const theirs = await ctx.app.inject({ url: `/admin/orders/${number}`, headers: staff.auth });
    expect(mine.body).not.toContain(reference);
    expect(theirs.body).not.toContain(reference);
    expect(theirs.json().payment).toMatchObject({
      provider: 'test',
      brand: 'visa',
      last4: '4242',
      status: 'captured',
    });
  });

  it("shows net revenue on the admin home: captured minus refunded on the shop's day, as the ledger in PostgreSQL says", async () => {
    // Its own database: the day's figures are only this test's orders.
    const local = await startTestApp();
    try {
      const localStaff = await makeUser(local, { role: 'staff' });
      const one = await paidOrder(local, localStaff);
      const two = await paidOrder(local, localStaff);
      const three = await paidOrder(local, localStaff);
      expect(
        (
          await refund(
            one.order.number,
            { lines: [{ lineId: one.lineA.id, quantity: 1, restock: true }], reason: 'Line' },
            local,
            localStaff,
          )
        ).statusCode,
      ).toBe(200);
      expect(
        (await refund(two.order.number, { amount: 123, reason: 'Amount' }, local, localStaff)).statusCode,
      ).toBe(200);
      const cancel = await local.app.inject({
        method: 'POST',
        url: `/admin/orders/${three.order.number}/transitions`,
        headers: localStaff.auth,
        payload: { to: 'cancelled' },
      });
      expect(cancel.statusCode).toBe(200);
      const stats = await local.app.inject({ url: '/admin/stats/today', headers: localStaff.auth });
      const { rows } = await local.sql.query<{ captured: number; refunded: number }>(
        `with s as (select timezone_name as tz from (select time_zone as timezone_name from shop_settings) z),
              d as (select (date_trunc('day', now() at time zone (select tz from s)) at time zone (select tz from s)) as start)
         select (select coalesce(sum(total), 0)::int from orders where paid_at >= (select start from d)) as captured,
                (select coalesce(sum(amount), 0)::int from refunds
                  where status in ('succeeded', 'pending') and completed_at >= (select start from d)) as refunded`,
      );
      const ledger = rows[0]!;
      expect(ledger.captured).toBe(
        one.order.totals.total + two.order.totals.total + three.order.totals.total,
      );
      expect(stats.json()).toMatchObject({
        capturedToday: ledger.captured,
        refundedToday: ledger.refunded,
        netRevenueToday: ledger.captured - ledger.refunded,
      });
      expect(ledger.refunded).toBe(
        (await local.sql.query('select sum(refunded)::int as s from orders')).rows[0].s,
      );
    } finally {
      await local.close();
    }
  });
});
