import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart, checkout, makeCheckoutBody, makePaidOrder } from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

let ctx: TestApp;
let staff: TestUser;
let admin: TestUser;
beforeAll(async () => {
  ctx = await startTestApp();
  staff = await makeUser(ctx, { role: 'staff' });
  admin = await makeUser(ctx, { role: 'admin' });
});
afterAll(() => ctx?.close());

const asStaff = (url: string, user: TestUser = staff) => ctx.app.inject({ url, headers: user.auth });
const unique = () => randomBytes(4).toString('hex');

async function guestOrder(variantId: string, email: string, fullName = 'Gus Guest') {
  const shopper = await addToCart(ctx, variantId, 2);
  const body = makeCheckoutBody({ email });
  const response = await checkout(ctx, shopper, {
    ...body,
    shippingAddress: { ...body.shippingAddress, fullName },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json();
}

describe('customers for staff', () => {
  it('lists accounts with their paid orders and amount spent, refunded orders left out', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Counted Mug', price: 1_250, stock: 50 });
    const variantId = product.variants[0]!.id;
    const buyer = await makeUser(ctx);
    const first = await makePaidOrder(ctx, variantId, { auth: buyer.auth });
    await makePaidOrder(ctx, variantId, { auth: buyer.auth });
    const refunded = await makePaidOrder(ctx, variantId, { auth: buyer.auth });
    const refund = await ctx.app.inject({
      method: 'POST',
      url: `/admin/orders/${refunded.number}/transitions`,
      headers: staff.auth,
      payload: { to: 'refunded' },
    });
    expect(refund.statusCode).toBe(200);
    const idle = await makeUser(ctx);

    const list = (await asStaff(`/admin/customers?q=${encodeURIComponent(buyer.email)}`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      kind: 'account',
      id: buyer.id,
      email: buyer.email,
      role: 'customer',
      orders: { orderCount: 2, spent: [{ currency: 'EUR', amount: 2 * first.totals.total }] },
    });
    const none = (await asStaff(`/admin/customers?q=${encodeURIComponent(idle.email)}`)).json();
    expect(none.items[0].orders).toEqual({ orderCount: 0, spent: [], firstOrderAt: null, lastOrderAt: null });

    const customers = (await asStaff('/admin/customers?role=customer&limit=100')).json();
    expect(customers.items.every((item: { role: string }) => item.role === 'customer')).toBe(true);
  });

  it('lists guest buyers once per email, with their name, orders and amount spent', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Guest Teapot', price: 2_000, stock: 50 });
    const variantId = product.variants[0]!.id;
    const email = `guest-${unique()}@example.com`;
    const one = await guestOrder(variantId, email, 'Gus Early');
    await guestOrder(variantId, email.toUpperCase(), 'Gus Guest');
    const body = (await asStaff(`/admin/customers?kind=guest&q=${email}`)).json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      kind: 'guest',
      id: null,
      email,
      name: 'Gus Guest',
      orders: { orderCount: 2, spent: [{ currency: 'EUR', amount: 2 * one.totals.total }] },
    });

    const other = `guest-${unique()}@example.com`;
    await guestOrder(variantId, other);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { email: string }[]; nextCursor: string | null } = (
        await asStaff(`/admin/customers?kind=guest&q=guest-&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((item) => item.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 2)).toEqual([other, email]);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await asStaff('/admin/customers?kind=guest&cursor=nonsense')).statusCode).toBe(400);
  });

  it('shows a customer with addresses, lifetime value and the notes staff add', async () => {
    const product = await makeProduct(ctx, staff, { title: 'Detail Lamp', price: 4_500, stock: 10 });
    const buyer = await makeUser(ctx);
    const order = await makePaidOrder(ctx, product.variants[0]!.id, { auth: buyer.auth });
    const address = await ctx.app.inject({
      method: 'POST',
      url: '/me/addresses',
      headers: buyer.auth,
      payload: {
        fullName: 'Bea Buyer',
        line1: 'Ringstraße 5',
        city: 'Wien',
        postalCode: '1010',
        country: 'AT',
      },
    });
    expect(address.statusCode).toBe(201);

    const note = await ctx.app.inject({
      method: 'POST',
      url: `/admin/customers/${buyer.id}/notes`,
      headers: staff.auth,
      payload: { body: '  Prefers a phone call before delivery.  ' },
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({
      body: 'Prefers a phone call before delivery.',
      author: { id: staff.id, email: staff.email },
    });
    await ctx.app.inject({
      method: 'POST',
      url: `/admin/customers/${buyer.id}/notes`,
      headers: admin.auth,
      payload: { body: 'Second note' },
    });

    const detail = await asStaff(`/admin/customers/${buyer.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      account: { id: buyer.id, email: buyer.email, role: 'customer', disabled: false },
      addresses: [{ fullName: 'Bea Buyer', city: 'Wien', country: 'AT' }],
      orders: { orderCount: 1, spent: [{ currency: 'EUR', amount: order.totals.total }] },
    });
    expect(detail.json().notes.map((n: { body: string }) => n.body)).toEqual([
      'Prefers a phone call before delivery.',
      'Second note',
    ]);

    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await asStaff(`/admin/customers/${missing}`)).statusCode).toBe(404);
    const blank = await ctx.app.inject({
      method: 'POST',
      url: `/admin/customers/${buyer.id}/notes`,
      headers: staff.auth,
      payload: { body: '   ' },
    });
    expect(blank.statusCode).toBe(400);
    expect((await asStaff(`/admin/customers/${buyer.id}`, buyer)).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/admin/customers' })).statusCode).toBe(401);
  });
});

describe('sales report', () => {
  it('counts paid orders and revenue per day against the period before, and ranks products', async () => {
    const cheap = await makeProduct(ctx, staff, { title: 'Report Pencil', price: 300, stock: 100 });
    const dear = await makeProduct(ctx, staff, { title: 'Report Pen', price: 9_000, stock: 100 });
    const before = (await asStaff('/admin/reports/sales?days=30&currency=EUR')).json();
    const a = await makePaidOrder(ctx, cheap.variants[0]!.id);
    const b = await makePaidOrder(ctx, dear.variants[0]!.id);
    // An order paid 40 days ago falls in the previous period.
    await ctx.sql.query(`update orders set paid_at = now() - interval '40 days' where id = $1`, [b.id]);
    const c = await makePaidOrder(ctx, dear.variants[0]!.id);

    const response = await asStaff('/admin/reports/sales?days=30&currency=EUR&topProducts=20');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.current).toHaveLength(30);
    expect(report.previous).toHaveLength(30);
    const today = report.current.at(-1);
    const todayBefore = before.current.at(-1);
    expect(today.orders - todayBefore.orders).toBe(2);
    expect(today.revenue - todayBefore.revenue).toBe(a.totals.total + c.totals.total);
    const previousOrders = (r: { previous: { orders: number }[] }) =>
      r.previous.reduce((sum, day) => sum + day.orders, 0);
    expect(previousOrders(report) - previousOrders(before)).toBe(1);
    expect(report.previous.at(-1).date < report.current[0].date).toBe(true);
    const titles = report.topProducts.map((p: { title: string }) => p.title);
    expect(titles.indexOf('Report Pen')).toBeLessThan(titles.indexOf('Report Pencil'));
    expect(report.topProducts.find((p: { title: string }) => p.title === 'Report Pen')).toMatchObject({
      productId: dear.id,
      units: 1,
    });

    const kiritimati = await asStaff('/admin/reports/sales?days=7&timeZone=Pacific/Kiritimati');
    expect(kiritimati.statusCode).toBe(200);
    expect(kiritimati.json().current).toHaveLength(7);
    expect((await asStaff('/admin/reports/sales?timeZone=Mars/Olympus')).statusCode).toBe(400);
  });
});
