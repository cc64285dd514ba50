import type { Order, Return } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, checkout, makeCheckoutBody, stockOf } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { MAILPIT_SMTP_URL, mailpitClient } from '../../../test/support/mailpit';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { valueOfUnits } from '../refunds/refund-amounts';

const mailpit = mailpitClient();
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

/** A customer's delivered order of 2 units of one variant. */
async function deliveredOrder() {
  const customer = await makeUser(ctx);
  const product = await makeProduct(ctx, staff, { stock: 10 });
  const variantId = product.variants[0]!.id;
  const shopper = await addToCart(ctx, variantId, 2, { auth: customer.auth });
  const placed = await checkout(ctx, shopper, makeCheckoutBody({ email: customer.email }));
  if (placed.statusCode !== 201) throw new Error(placed.body);
  const order: Order = placed.json();
  await move(order.number, { to: 'fulfilled', trackingNumber: 'TRACK-9' });
  await move(order.number, { to: 'delivered' });
  return { customer, order, variantId, line: order.lines[0]! };
}

async function move(number: string, payload: object) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/admin/orders/${number}/transitions`,
    headers: staff.auth,
    payload,
  });
  if (response.statusCode !== 200) throw new Error(response.body);
}

const ask = (customer: TestUser, number: string, payload: object) =>
  ctx.app.inject({ method: 'POST', url: `/me/orders/${number}/returns`, headers: customer.auth, payload });

const staffStep = (id: string, step: string, payload: object = {}) =>
  ctx.app.inject({ method: 'POST', url: `/admin/returns/${id}/${step}`, headers: staff.auth, payload });

describe('returns', () => {
  it('runs requested → approved → received (restocked) → refunded, visible to the customer and mailed at each step', async () => {
    const { customer, order, variantId, line } = await deliveredOrder();
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 8, reserved: 0 });
    const requested = await ask(customer, order.number, {
      lines: [{ lineId: line.id, quantity: 1 }],
      reason: 'Too small',
    });
    expect(requested.statusCode).toBe(201);
    const ret: Return = requested.json();
    expect(ret).toMatchObject({
      status: 'requested',
      reason: 'Too small',
      lines: [{ lineId: line.id, quantity: 1 }],
    });

    const queue = await ctx.app.inject({ url: '/admin/returns?status=requested', headers: staff.auth });
    expect(queue.json().items.map((r: Return) => r.id)).toContain(ret.id);
    // The wrong order of steps is refused.
    expect((await staffStep(ret.id, 'receive', { restock: true })).statusCode).toBe(409);
    expect((await staffStep(ret.id, 'refund')).statusCode).toBe(409);

    expect((await staffStep(ret.id, 'approve', { note: 'Use the label in the parcel' })).json().status).toBe(
      'approved',
    );
    const mineApproved = await ctx.app.inject({
      url: `/me/orders/${order.number}/returns`,
      headers: customer.auth,
    });
    expect(mineApproved.json().items[0]).toMatchObject({
      status: 'approved',
      staffNote: 'Use the label in the parcel',
    });

    expect((await staffStep(ret.id, 'receive', { restock: true })).json()).toMatchObject({
      status: 'received',
      restocked: true,
    });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 9, reserved: 0 });

    const refunded = await staffStep(ret.id, 'refund');
    expect(refunded.statusCode).toBe(200);
    const share = valueOfUnits(order.totals, [{ unitPrice: line.unitPrice, quantity: 1 }]);
    expect(refunded.json()).toMatchObject({ status: 'refunded', refundedAmount: share });
    // A second refund of the same return is refused.
    expect((await staffStep(ret.id, 'refund')).statusCode).toBe(409);

    const mine = await ctx.app.inject({ url: `/me/orders/${order.number}`, headers: customer.auth });
    expect(mine.json()).toMatchObject({
      status: 'delivered',
      payment: { status: 'partially_refunded', refunded: share },
    });
    expect(mine.json().lines[0]).toMatchObject({ refundedQuantity: 1, restockedQuantity: 1 });
    // No restock twice: the refund of a return does not put units back again.
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 9, reserved: 0 });

    const { rows } = await ctx.sql.query(
      `select payload from outbox where order_id = $1 and topic = 'order.refunded'`,
      [order.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.properties).toMatchObject({
      total: share,
      reason: 'Return: Too small',
      products: [{ sku: line.sku, quantity: 1, price: line.unitPrice }],
    });

    const address = customer.email.toLowerCase();
    // Email verification, confirmation, shipped, delivered, and the four steps of the return.
    const mails = await mailpit.waitFor(address, 8);
    const subjects = mails.map((m) => m.Subject);
    for (const subject of [
      'We have your return request',
      'Your return is approved',
      'We received your return',
      'Your return is refunded',
    ])
      expect(subjects.some((s) => s.startsWith(subject))).toBe(true);
  });

  it('refuses a return of an order not delivered, outside the window, or of more units than remain; a refused return frees its units', async () => {
    const { customer, order, line } = await deliveredOrder();
    const other = await makeUser(ctx);
    expect(
      (await ask(other, order.number, { lines: [{ lineId: line.id, quantity: 1 }], reason: 'x' })).statusCode,
    ).toBe(404);
    const tooMany = await ask(customer, order.number, {
      lines: [{ lineId: line.id, quantity: 3 }],
      reason: 'All',
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('return_not_allowed');
    const first = await ask(customer, order.number, {
      lines: [{ lineId: line.id, quantity: 2 }],
      reason: 'Both',
    });
    expect(first.statusCode).toBe(201);
    // Both units are in an open return.
    expect(
      (await ask(customer, order.number, { lines: [{ lineId: line.id, quantity: 1 }], reason: 'Again' }))
        .statusCode,
    ).toBe(409);
    expect((await staffStep(first.json().id, 'refuse', { note: 'Worn' })).json().status).toBe('refused');
    expect(
      (await ask(customer, order.number, { lines: [{ lineId: line.id, quantity: 1 }], reason: 'One' }))
        .statusCode,
    ).toBe(201);

    await ctx.sql.query(
      `update order_events set created_at = now() - interval '31 days' where order_id = $1 and to_status = 'delivered'`,
      [order.id],
    );
    const late = await ask(customer, order.number, {
      lines: [{ lineId: line.id, quantity: 1 }],
      reason: 'Late',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/return window of 30 days/);

    const paid = await deliveredOrder();
    await ctx.sql.query(`update orders set status = 'paid' where id = $1`, [paid.order.id]);
    const notDelivered = await ask(paid.customer, paid.order.number, {
      lines: [{ lineId: paid.line.id, quantity: 1 }],
      reason: 'Early',
    });
    expect(notDelivered.statusCode).toBe(409);
    expect(notDelivered.json().code).toBe('return_not_allowed');
  });
});
