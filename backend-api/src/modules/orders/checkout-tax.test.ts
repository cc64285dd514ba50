import { randomUUID } from 'node:crypto';
import type { Order } from '@shopstream/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToCart,
  checkout,
  makeCheckoutBody,
  type Shopper,
  shopperHeaders,
} from '../../../test/support/commerce';
import { makeProduct, makeUser, type TestUser } from '../../../test/support/factories';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { renderMail, type TemplateData } from '../mail/templates';
import { SAMPLE_SHOP } from '../mail/templates/samples';

let ctx: TestApp;
let admin: TestUser;
let code: string;

beforeAll(async () => {
  ctx = await startTestApp();
  admin = await makeUser(ctx, { role: 'admin' });
  code = `TAX${randomUUID().slice(0, 8).toUpperCase()}`;
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/admin/discount-codes',
    headers: admin.auth,
    payload: { code, kind: 'percentage', value: 10 },
  });
  expect(created.statusCode).toBe(201);
});
afterAll(() => ctx?.close());

async function setPricesIncludeTax(on: boolean) {
  const current = (await ctx.app.inject({ url: '/admin/shop-settings', headers: admin.auth })).json();
  const { updatedAt: _, updatedBy: __, ...settings } = current;
  const saved = await ctx.app.inject({
    method: 'PUT',
    url: '/admin/shop-settings',
    headers: admin.auth,
    payload: { ...settings, pricesIncludeTax: on },
  });
  expect(saved.statusCode).toBe(200);
  expect(saved.json().pricesIncludeTax).toBe(on);
}

/**
 * €61.99 × 1 and €0.99 × 3 with 10 % off (649.6 → 649, split 619 + 30 by the larger remainder) and express
 * shipping €12.99: the lines after discount are 5580 and 267.
 */
async function placeTo(country: 'DE' | 'FR') {
  const jacket = await makeProduct(ctx, admin, { price: 6199, stock: 5 });
  const socks = await makeProduct(ctx, admin, { price: 99, stock: 5 });
  let shopper: Shopper = await addToCart(ctx, jacket.variants[0]!.id, 1);
  shopper = await addToCart(ctx, socks.variants[0]!.id, 3, shopper);
  const applied = await ctx.app.inject({
    method: 'POST',
    url: '/cart/discount',
    headers: shopperHeaders(shopper),
    payload: { code },
  });
  expect(applied.statusCode).toBe(200);
  const shipped = await ctx.app.inject({
    method: 'PUT',
    url: '/cart/shipping',
    headers: shopperHeaders(shopper),
    payload: { country, shippingOptionId: 'express' },
  });
  expect(shipped.statusCode).toBe(200);
  const cart = shipped.json();
  const body = makeCheckoutBody({
    email: `tax-${randomUUID()}@example.com`,
    shippingOptionId: 'express',
    shippingAddress: {
      fullName: 'Ada Shopper',
      line1: country === 'DE' ? 'Hauptstraße 1' : '1 rue de Rivoli',
      city: country === 'DE' ? 'Berlin' : 'Paris',
      postalCode: country === 'DE' ? '10115' : '75001',
      country,
    },
  });
  const response = await checkout(ctx, shopper, body);
  expect(response.statusCode).toBe(201);
  return { cart, order: response.json() as Order };
}

/** What the analytics event and the receipt say of the order, as written in its transaction. */
async function eventAndReceipt(order: Order) {
  const event = (
    await ctx.sql.query(`select payload from outbox where event_id = $1`, [`order.paid:${order.id}`])
  ).rows[0]?.payload;
  const mail = (
    await ctx.sql.query(
      "select data from mail_outbox where template = 'order-confirmation' and data->>'orderNumber' = $1",
      [order.number],
    )
  ).rows[0]?.data as TemplateData['order-confirmation'];
  const receipt = await renderMail('order-confirmation', mail, SAMPLE_SHOP);
  return { event, receipt: receipt.text };
}

const euros = (minor: number) => `€${(minor / 100).toFixed(2)}`;

describe('checkout with prices that include tax', () => {
  beforeAll(() => setPricesIncludeTax(true));

  it.each([
    // DE 19 %: 5580 → 890.92 → 891, 267 → 42.63 → 43, shipping 1299 → 207.40 → 207.
    { country: 'DE' as const, rate: 1900, lineTaxes: [891, 43], shippingTax: 207 },
    // FR 20 %: the same gross prices, so the same total; 5580 → 930, 267 → 44.5 → 45, 1299 → 216.5 → 217.
    { country: 'FR' as const, rate: 2000, lineTaxes: [930, 45], shippingTax: 217 },
  ])('charges the shown prices to $country and states the $rate tax they contain', async (c) => {
    const tax = c.lineTaxes[0]! + c.lineTaxes[1]! + c.shippingTax;
    const expected = {
      subtotal: 6496,
      discount: 649,
      shipping: 1299,
      tax,
      total: 6496 - 649 + 1299,
      currency: 'EUR',
      taxIncluded: true,
      taxRateBasisPoints: c.rate,
    };
    const { cart, order } = await placeTo(c.country);
    expect(cart.totals).toEqual(expected);
    expect(order.totals).toEqual(expected);
    expect(order.lines.map((line) => [line.unitPrice, line.quantity, line.lineTotal])).toEqual([
      [6199, 1, 6199],
      [99, 3, 297],
    ]);
    expect(order.lines.reduce((sum, line) => sum + line.lineTotal, 0) - 649 + 1299).toBe(order.totals.total);

    const stored = (
      await ctx.sql.query(
        'select total, tax, tax_included, tax_rate_basis_points from orders where id = $1',
        [order.id],
      )
    ).rows[0];
    expect(stored).toEqual({ total: 7146, tax, tax_included: true, tax_rate_basis_points: c.rate });

    const { event, receipt } = await eventAndReceipt(order);
    expect(event.properties).toMatchObject({ total: 7146, tax, revenue: 6496 - 649, shipping: 1299 });
    expect(receipt).toContain(`Total (tax included): ${euros(7146)}`);
    expect(receipt).toContain(`Includes VAT (${c.rate / 100}%): ${euros(tax)}`);
    expect(receipt).not.toMatch(/^Tax/m);
  });
});

describe('checkout with tax added to the prices', () => {
  beforeAll(() => setPricesIncludeTax(false));
  afterAll(() => setPricesIncludeTax(true));

  it.each([
    // DE 19 % on top: 5580 → 1060.2 → 1060, 267 → 50.73 → 51, 1299 → 246.81 → 247.
    { country: 'DE' as const, rate: 1900, tax: 1060 + 51 + 247 },
    // FR 20 % on top: 1116, 267 → 53.4 → 53, 1299 → 259.8 → 260.
    { country: 'FR' as const, rate: 2000, tax: 1116 + 53 + 260 },
  ])('adds $country tax at $rate to the prices', async (c) => {
    const expected = {
      subtotal: 6496,
      discount: 649,
      shipping: 1299,
      tax: c.tax,
      total: 6496 - 649 + 1299 + c.tax,
      currency: 'EUR',
      taxIncluded: false,
      taxRateBasisPoints: c.rate,
    };
    const { cart, order } = await placeTo(c.country);
    expect(cart.totals).toEqual(expected);
    expect(order.totals).toEqual(expected);

    const { event, receipt } = await eventAndReceipt(order);
    expect(event.properties).toMatchObject({ total: expected.total, tax: c.tax, revenue: 6496 - 649 });
    expect(receipt).toContain(`Tax (${c.rate / 100}%): ${euros(c.tax)}`);
    expect(receipt).toContain(`Total (tax included): ${euros(expected.total)}`);
    expect(receipt).not.toContain('Includes VAT');
  });

  it('keeps an order as sold when the setting changes later', async () => {
    const { order } = await placeTo('DE');
    await setPricesIncludeTax(true);
    try {
      const again = await ctx.app.inject({ url: `/admin/orders/${order.number}`, headers: admin.auth });
      expect(again.statusCode).toBe(200);
      expect(again.json().totals).toEqual(order.totals);
      expect(again.json().totals.taxIncluded).toBe(false);
    } finally {
      await setPricesIncludeTax(false);
    }
  });
});
