import { randomUUID } from 'node:crypto';
import { type BrowserContext, expect as baseExpect, type Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

// Issue 17: a partial refund of one line with restock, and a return requested, approved, received and refunded.
const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const API = process.env.API_URL ?? 'http://localhost:5005';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const PASSWORD = 'customer-e2e-password';

test.describe.configure({ mode: 'serial' });
let staff: BrowserContext;

test.beforeAll(async ({ browser }) => {
  staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  baseExpect((await staff.request.post(`${API}/auth/login`, { data: STAFF })).status()).toBe(200);
});
test.afterAll(async () => {
  await staff?.close();
});
test.beforeEach(({ consoleGuard }) => consoleGuard.watch(staff));

async function staffHeaders() {
  const response = await staff.request.post(`${API}/auth/refresh`);
  baseExpect(response.status()).toBe(200);
  return { authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}` };
}

async function makeProduct() {
  const suffix = randomUUID().slice(0, 8);
  const response = await staff.request.post(`${API}/admin/products`, {
    headers: await staffHeaders(),
    data: {
      title: `E2E Refund Mug ${suffix}`,
      status: 'active',
      variants: [{ sku: `E2E-RF-${suffix}`, price: 1250, stockOnHand: 10 }],
    },
  });
  baseExpect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; title: string; variants: { id: string }[] };
}

async function stockOnHand(productId: string) {
  const response = await staff.request.get(`${API}/admin/products/${productId}`, {
    headers: await staffHeaders(),
  });
  return ((await response.json()) as { variants: { stockOnHand: number }[] }).variants[0]!.stockOnHand;
}

/** A new customer signed in in `context` (through the API: the refresh cookie lands there) orders 2 units. */
async function customerOrder(context: BrowserContext, variantId: string) {
  const email = `e2e-refund-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await context.request.post(`${API}/auth/register`, {
    data: { email, password: PASSWORD, name: 'Rae Refund' },
  });
  baseExpect(registered.status(), await registered.text()).toBe(202);
  const login = await context.request.post(`${API}/auth/login`, { data: { email, password: PASSWORD } });
  baseExpect(login.status(), await login.text()).toBe(200);
  const headers = {
    authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
  };
  baseExpect(
    (await context.request.post(`${API}/cart/items`, { headers, data: { variantId, quantity: 2 } })).ok(),
  ).toBe(true);
  const checkout = await context.request.post(`${API}/checkout`, {
    headers: { ...headers, 'idempotency-key': randomUUID() },
    data: {
      email,
      shippingAddress: {
        fullName: 'Rae Refund',
        line1: 'Hauptstraße 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      shippingOptionId: 'standard',
      payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' },
    },
  });
  baseExpect(checkout.status(), await checkout.text()).toBe(201);
  return (await checkout.json()) as {
    id: string;
    number: string;
    totals: { subtotal: number; discount: number; shipping: number; tax: number; total: number };
    lines: { unitPrice: number }[];
  };
}

async function openStaffPage(path: string): Promise<Page> {
  const page = await staff.newPage();
  await page.goto(`${ADMIN}${path}`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(STAFF.email);
  return page;
}

test('staff refund one line of a paid order with restock in the refund dialog', async ({ browser }) => {
  const product = await makeProduct();
  const shopper = await browser.newContext();
  const order = await customerOrder(shopper, product.variants[0]!.id);
  await shopper.close();
  expect(await stockOnHand(product.id)).toBe(8);

  const page = await openStaffPage(`/orders/${order.number}`);
  await expect(page.getByRole('heading', { name: `Order ${order.number}` })).toBeVisible();
  await expect(page.getByTestId('payment-status')).toHaveText('captured');
  await expect(page.getByTestId('payment')).toContainText('visa ending in 4242');
  await expect(page.getByRole('main')).not.toContainText('test_ch_');

  await page.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: `Refund order ${order.number}` });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(`Units of ${product.title} to refund`).fill('1');
  await dialog.getByLabel(`Restock ${product.title}`).check();
  await dialog.getByLabel(/^Reason/).fill('Arrived chipped');
  await screenshot(page, 'admin-refund-dialog');
  await dialog.getByRole('button', { name: 'Refund', exact: true }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Refunded.' })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('payment-status')).toHaveText('partially refunded');
  await expect(page.getByText('partially refunded', { exact: true }).first()).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('Arrived chipped (1 unit restocked)');
  await expect(page.getByTestId('payment-refunded')).not.toHaveText(/^€0\.00$/);
  await screenshot(page, 'admin-order-partially-refunded');
  expect(await stockOnHand(product.id)).toBe(9);

  // The admin home shows net revenue: captured minus refunded today.
  await page.goto(`${ADMIN}/`);
  await expect(page.getByTestId('net-revenue-today')).toBeVisible();
  await expect(page.getByText(/captured − .* refunded/)).toBeVisible();
  await screenshot(page, 'admin-home-net-revenue');
  await page.close();
});

test('a customer requests a return on the storefront; staff approve, receive and refund it; the customer sees each step', async ({
  browser,
  consoleGuard,
}) => {
  const product = await makeProduct();
  const customer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  consoleGuard.watch(customer);
  const order = await customerOrder(customer, product.variants[0]!.id);
  // Signed in through the API: the refresh cookie is in the context; the storefront tries it only when its
  // localStorage hint says there is a session, as it does after its own login form.
  await customer.addInitScript((origin) => {
    if (window.location.origin === origin) window.localStorage.setItem('shopstream.signed-in', '1');
  }, new URL(STORE).origin);
  const headers = await staffHeaders();
  for (const step of [{ to: 'fulfilled', trackingNumber: 'JD0146000062' }, { to: 'delivered' }]) {
    const moved = await staff.request.post(`${API}/admin/orders/${order.number}/transitions`, {
      headers,
      data: step,
    });
    expect(moved.status(), await moved.text()).toBe(200);
  }

  const shop = await customer.newPage();
  await shop.goto(`${STORE}/account/orders/${order.number}`);
  const returns = shop.getByRole('region', { name: 'Returns' });
  await expect(returns).toContainText('No returns for this order.');
  await returns.getByLabel(product.title).fill('1');
  await returns.getByLabel('Why are you returning it?').fill('Too small for my coffee');
  await returns.getByRole('button', { name: 'Request the return' }).click();
  await expect(returns.getByTestId('return-status')).toHaveText(/^Requested/);
  await screenshot(shop, 'storefront-return-requested');

  const admin = await openStaffPage('/returns');
  await admin.getByLabel('Status').selectOption('');
  const item = admin.getByRole('listitem', { name: `Return of order ${order.number}` });
  await expect(item).toContainText('Too small for my coffee');
  await screenshot(admin, 'admin-returns-queue');
  await item.getByLabel('Note to the customer (optional)').fill('Please use the label in the parcel');
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(item.getByRole('button', { name: 'Mark received' })).toBeVisible();
  await shop.reload();
  await expect(returns.getByTestId('return-status')).toHaveText(/^Approved/);
  await expect(returns).toContainText('Please use the label in the parcel');

  await item.getByLabel('Put the units back in stock').check();
  await item.getByRole('button', { name: 'Mark received' }).click();
  await expect(item.getByRole('button', { name: 'Refund the return' })).toBeVisible();
  expect(await stockOnHand(product.id)).toBe(9);
  await shop.reload();
  await expect(returns.getByTestId('return-status')).toHaveText(/^Received/);

  await item.getByRole('button', { name: 'Refund the return' }).click();
  await expect(item).toContainText(/Refunded \D*\d/);
  // One unit at its share of what was paid for goods: tax added on top comes back with it, shipping's does not.
  const { subtotal, discount, shipping, tax, total } = order.totals;
  const taxOnTop = subtotal - discount + shipping + tax === total;
  const shippingTax = taxOnTop ? (tax * shipping) / (subtotal - discount + shipping) : 0;
  const share = Math.round((order.lines[0]!.unitPrice * (total - shipping - shippingTax)) / subtotal);
  const stored = await staff.request.get(`${API}/admin/orders/${order.number}/returns`, {
    headers: await staffHeaders(),
  });
  expect(((await stored.json()) as { items: { status: string; refundedAmount: number }[] }).items).toEqual([
    expect.objectContaining({ status: 'refunded', refundedAmount: share }),
  ]);
  await screenshot(admin, 'admin-return-refunded');

  await shop.reload();
  await expect(returns.getByTestId('return-status')).toHaveText('Refunded');
  await expect(shop.getByTestId('refunded')).toContainText('Partially refunded');
  await expect(shop.getByRole('main')).not.toContainText('test_ch_');
  await screenshot(shop, 'storefront-return-refunded');
  await shop.setViewportSize({ width: 390, height: 844 });
  await screenshot(shop, 'storefront-return-refunded-phone');
  expect(await stockOnHand(product.id)).toBe(9);
  await admin.close();
  await customer.close();
});
