import { ORDER_TRANSITIONS, type OrderStatus, StaffTransition } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePaidOrder, stockOf } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { assertTransition, canTransition } from './state-machine';

let ctx: TestApp;
let staff: TestUser;

beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
});
afterAll(() => ctx?.close());

const STATUSES: OrderStatus[] = ['pending', 'paid', 'fulfilled', 'delivered', 'cancelled', 'refunded'];
const ALLOWED = new Set([
  'pending→paid',
  'pending→cancelled',
  'paid→fulfilled',
  'paid→cancelled',
  'paid→refunded',
  'fulfilled→delivered',
  'fulfilled→refunded',
  'delivered→refunded',
]);

const transition = (number: string, payload: object) =>
  ctx.app.inject({
    method: 'POST',
    url: `/admin/orders/${number}/transitions`,
    headers: staff.auth,
    payload,
  });

describe('order state machine', () => {
  it.each(STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const)))(
    '%s → %s is allowed only when the table says so',
    (from, to) => {
      const allowed = ALLOWED.has(`${from}→${to}`);
      expect(canTransition(from, to)).toBe(allowed);
      if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
      else expect(() => assertTransition(from, to)).toThrow(new RegExp(`${from} cannot become ${to}`));
    },
  );

  it('publishes the same table in the contract', () => {
    const pairs = Object.entries(ORDER_TRANSITIONS).flatMap(([from, tos]) =>
      tos.map((to) => `${from}→${to}`),
    );
    expect(new Set(pairs)).toEqual(ALLOWED);
  });

  it('refuses every invalid staff transition over HTTP with 409, from every state, changing nothing', async () => {
    const product = await makeProduct(ctx, staff, { stock: 50 });
    const variantId = product.variants[0]!.id;
    const reach: Record<OrderStatus, StaffTransitionStep[]> = {
      pending: [],
      paid: [],
      fulfilled: [{ to: 'fulfilled', trackingNumber: 'TRACK1' }],
      delivered: [{ to: 'fulfilled', trackingNumber: 'TRACK1' }, { to: 'delivered' }],
      cancelled: [{ to: 'cancelled' }],
      refunded: [{ to: 'refunded' }],
    };
    for (const from of STATUSES.filter((s) => s !== 'pending')) {
      for (const to of StaffTransition.options) {
        const order = await makePaidOrder(ctx, variantId);
        for (const step of reach[from]) expect((await transition(order.number, step)).statusCode).toBe(200);
        const response = await transition(order.number, { to, trackingNumber: 'TRACK2' });
        const allowed = ALLOWED.has(`${from}→${to}`);
        expect({ from, to, status: response.statusCode }).toEqual({ from, to, status: allowed ? 200 : 409 });
        if (!allowed) {
          expect(response.json()).toMatchObject({ from, to, allowed: [...ORDER_TRANSITIONS[from]] });
          const stored = await ctx.app.inject({ url: `/admin/orders/${order.number}`, headers: staff.auth });
          expect(stored.json().status).toBe(from);
        }
      }
    }
  });
});

type StaffTransitionStep = { to: string; trackingNumber?: string };

describe('fulfilment', () => {
  it('records every transition with who and when, shows the tracking number to the customer, and returns stock on cancel', async () => {
    const customer = await makeUser(ctx);
    const product = await makeProduct(ctx, staff, { stock: 5 });
    const variantId = product.variants[0]!.id;
    const order = await makePaidOrder(ctx, variantId, { auth: customer.auth });
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 0 });

    const noTracking = await transition(order.number, { to: 'fulfilled' });
    expect(noTracking.statusCode).toBe(400);
    const fulfilled = await transition(order.number, {
      to: 'fulfilled',
      carrier: 'DHL',
      trackingNumber: 'JD0146000012345',
      note: 'Packed by Sam',
    });
    expect(fulfilled.statusCode).toBe(200);
    expect(fulfilled.json()).toMatchObject({
      status: 'fulfilled',
      carrier: 'DHL',
      trackingNumber: 'JD0146000012345',
    });

    const seen = await ctx.app.inject({ url: `/me/orders/${order.number}`, headers: customer.auth });
    expect(seen.json()).toMatchObject({ trackingNumber: 'JD0146000012345', carrier: 'DHL' });
    const timeline = seen.json().timeline;
    expect(timeline.map((e: { to: string }) => e.to)).toEqual(['pending', 'paid', 'fulfilled']);
    // The note was internal (the default) and staff are not named to customers (issue 16); staff see both.
    expect(timeline[2]).toMatchObject({
      from: 'paid',
      actor: { type: 'staff', id: null, email: null },
      note: null,
      noteVisibility: 'internal',
    });
    const staffView = await ctx.app.inject({ url: `/admin/orders/${order.number}`, headers: staff.auth });
    expect(staffView.json().timeline[2]).toMatchObject({
      actor: { type: 'staff', id: staff.id, email: staff.email },
      note: 'Packed by Sam',
    });
    expect(Date.parse(timeline[2].at)).toBeGreaterThan(Date.now() - 60_000);

    const other = await makePaidOrder(ctx, variantId);
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 3, reserved: 0 });
    const cancelled = await transition(other.number, { to: 'cancelled', note: 'Customer asked' });
    expect(cancelled.json().status).toBe('cancelled');
    expect(await stockOf(ctx, variantId)).toEqual({ onHand: 4, reserved: 0 });
  });

  it('lists and filters orders for staff by status, dates, customer, total and search', async () => {
    const customer = await makeUser(ctx);
    const product = await makeProduct(ctx, staff, { price: 12_345, stock: 10 });
    const variantId = product.variants[0]!.id;
    const a = await makePaidOrder(ctx, variantId, { auth: customer.auth });
    const b = await makePaidOrder(ctx, variantId, { auth: customer.auth });
    await transition(b.number, { to: 'fulfilled', trackingNumber: 'T1' });
    const list = async (query: string) =>
      (await ctx.app.inject({ url: `/admin/orders?${query}`, headers: staff.auth })).json();
    const today = new Date().toISOString().slice(0, 10);
    await expect(list(`customerId=${customer.id}`)).resolves.toMatchObject({
      items: [{ number: b.number }, { number: a.number }],
    });
    expect(
      (await list(`customerId=${customer.id}&status=fulfilled`)).items.map(
        (o: { number: string }) => o.number,
      ),
    ).toEqual([b.number]);
    expect((await list(`q=${a.number}`)).items.map((o: { number: string }) => o.number)).toEqual([a.number]);
    expect((await list(`q=${a.number.slice(3)}`)).items.map((o: { number: string }) => o.number)).toEqual([
      a.number,
    ]);
    expect(
      (await list(`from=${today}&to=${today}&minTotal=12000&customerId=${customer.id}`)).items,
    ).toHaveLength(2);
    expect((await list(`to=2000-01-01&customerId=${customer.id}`)).items).toHaveLength(0);
    expect((await list(`maxTotal=100&customerId=${customer.id}`)).items).toHaveLength(0);
    const page = await list(`customerId=${customer.id}&limit=1`);
    expect(page.items).toHaveLength(1);
    const next = await list(`customerId=${customer.id}&limit=1&cursor=${page.nextCursor}`);
    expect(next.items[0].number).toBe(a.number);
    expect(next.nextCursor).toBeNull();
    const theirs = await ctx.app.inject({ url: `/admin/users/${customer.id}/orders`, headers: staff.auth });
    expect(theirs.json().items).toHaveLength(2);
    expect(
      (await ctx.app.inject({ url: '/admin/orders?cursor=bogus', headers: staff.auth })).statusCode,
    ).toBe(400);
  });

  it("gives the admin home today's figures", async () => {
    const product = await makeProduct(ctx, staff, { price: 1000, stock: 3 });
    await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/variants/${product.variants[0]!.id}`,
      headers: staff.auth,
      payload: { lowStockThreshold: 2 },
    });
    const before = (await ctx.app.inject({ url: '/admin/stats/today', headers: staff.auth })).json();
    const order = await makePaidOrder(ctx, product.variants[0]!.id);
    const after = (await ctx.app.inject({ url: '/admin/stats/today', headers: staff.auth })).json();
    // The shop's day: the seeded settings' time zone is Europe/Berlin.
    expect(after.date).toBe(
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date()),
    );
    expect(after.ordersToday).toBe(before.ordersToday + 1);
    expect(after.revenueOfOrdersPaidToday).toBe(before.revenueOfOrdersPaidToday + order.totals.total);
    expect(after.awaitingFulfilment).toBe(before.awaitingFulfilment + 1);
    expect(after.lowStockVariants).toBe(before.lowStockVariants + 1);
  });
});

describe('staff customer management', () => {
  it('lets staff search customers by name or email, but not change roles', async () => {
    const person = await makeUser(ctx, { email: `zelda-${Date.now()}@example.com` });
    const found = await ctx.app.inject({ url: '/admin/users?q=zelda', headers: staff.auth });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((u: { id: string }) => u.id)).toContain(person.id);
    const promote = await ctx.app.inject({
      method: 'PATCH',
      url: `/admin/users/${person.id}`,
      headers: staff.auth,
      payload: { role: 'admin' },
    });
    expect(promote.statusCode).toBe(403);
    expect((await ctx.sql.query('select role from users where id = $1', [person.id])).rows[0].role).toBe(
      'customer',
    );
  });

  it('lets staff disable a customer account, but not another staff account', async () => {
    const person = await makeUser(ctx);
    const colleague = await makeUser(ctx, { role: 'staff' });
    const patch = (id: string) =>
      ctx.app.inject({
        method: 'PATCH',
        url: `/admin/users/${id}`,
        headers: staff.auth,
        payload: { disabled: true },
      });
    expect((await patch(person.id)).json()).toMatchObject({ id: person.id, disabled: true });
    expect((await ctx.app.inject({ url: '/me', headers: person.auth })).statusCode).toBe(401);
    expect((await patch(colleague.id)).statusCode).toBe(403);
  });
});
