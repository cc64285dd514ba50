import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { request } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

/**
 * What a shop owner hits in the admin panel's first hour (issue 15), each at the width it was found at:
 * the products list's filters and search, option names as typed, CSV in major units with a dry run, a new
 * product in the storefront at once, customers with their orders and notes, the home charts, and a
 * 390 px phone. Every page visited fails the test on a console error or a failed request.
 */

const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const API = process.env.API_URL ?? 'http://localhost:5005';
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgres://ecommerce:ecommerce_secret@127.0.0.1:5432/ecommerce_db';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: 'serial' });

const suffix = () => randomUUID().slice(0, 8);

async function signIn(context: BrowserContext, account = STAFF) {
  const response = await context.request.post(`${API}/auth/login`, { data: account });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function openPage(context: BrowserContext, path: string, email = STAFF.email): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${ADMIN}${path}`);
  if (page.viewportSize()?.width === PHONE.width) {
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText(email);
    await page.getByRole('button', { name: 'Menu' }).click();
  } else {
    await expect(page.getByTestId('signed-in-as')).toHaveText(email);
  }
  return page;
}

interface CreatedProduct {
  id: string;
  slug: string;
  title: string;
  variants: { id: string; sku: string }[];
}

async function makeProduct(
  api: APIRequestContext,
  token: string,
  product: { title: string; stockOnHand?: number; price?: number; status?: string },
): Promise<CreatedProduct> {
  const response = await api.post(`${API}/admin/products`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title: product.title,
      status: product.status ?? 'active',
      variants: [
        {
          sku: `E2E-${suffix().toUpperCase()}`,
          options: { Size: 'M' },
          price: product.price ?? 1250,
          stockOnHand: product.stockOnHand ?? 10,
        },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedProduct;
}

/** A new customer account that pays one order of two units through the API. */
async function customerWithOrder(variantId: string) {
  const customer = await request.newContext();
  const email = `e2e-${suffix()}@example.com`;
  const password = 'customer-e2e-password';
  expect(
    (
      await customer.post(`${API}/auth/register`, { data: { email, password, name: 'Cleo Customer' } })
    ).status(),
  ).toBe(202);
  const login = await customer.post(`${API}/auth/login`, { data: { email, password } });
  const headers = {
    authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
  };
  const me = (await (await customer.get(`${API}/me`, { headers })).json()) as { id: string };
  expect((await customer.post(`${API}/cart/items`, { headers, data: { variantId, quantity: 2 } })).ok()).toBe(
    true,
  );
  const address = {
    fullName: 'Cleo Customer',
    line1: 'Hauptstraße 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  };
  expect((await customer.post(`${API}/me/addresses`, { headers, data: address })).status()).toBe(201);
  const options = (await (
    await customer.get(`${API}/shipping-options`, { params: { country: 'DE' } })
  ).json()) as {
    items: { id: string }[];
  };
  const shippingOptionId = options.items[0]?.id ?? '';
  await customer.put(`${API}/cart/shipping`, { headers, data: { country: 'DE', shippingOptionId } });
  const checkout = await customer.post(`${API}/checkout`, {
    headers: { ...headers, 'idempotency-key': randomUUID() },
    data: {
      email,
      shippingAddress: address,
      shippingOptionId,
      payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
    },
  });
  expect(checkout.status(), await checkout.text()).toBe(201);
  const order = (await checkout.json()) as { number: string; totals: { total: number } };
  await customer.dispose();
  return { id: me.id, email, order };
}

/** An administrator of its own: registered through the API, promoted in the database (as the API's tests do). */
async function makeAdmin() {
  const account = { email: `e2e-admin-${suffix()}@example.com`, password: 'admin-e2e-password' };
  const api = await request.newContext();
  expect((await api.post(`${API}/auth/register`, { data: { ...account, name: 'Ada Admin' } })).status()).toBe(
    202,
  );
  await api.dispose();
  execFileSync('psql', [
    DATABASE_URL,
    '-qc',
    `update users set role = 'admin' where email = '${account.email}'`,
  ]);
  return account;
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The e2e database is shared by every checkout of the repository on this machine while each keeps its own
 * uploads folder, so the newest products can show pictures another checkout uploaded: missing here, answered
 * 404 and blocked by the browser (ORB). Only those; on a clean clone every upload is there.
 */
const OTHER_CHECKOUTS_UPLOADS =
  /\/uploads\/[0-9a-f-]+\.(png|jpe?g|webp|gif) net::ERR_BLOCKED_BY_ORB|HTTP 404: GET .*\/uploads\//;

test.describe('desktop (1280×800)', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('products: search as you type, two quick filter changes both kept, out of stock lists only sold-out products', async ({
    context,
    consoleGuard,
  }) => {
    consoleGuard.allow(OTHER_CHECKOUTS_UPLOADS);
    const token = await signIn(context);
    const word = `Zephyr${suffix()}`;
    const sold = await makeProduct(context.request, token, {
      title: `${word} Sold Out Kettle`,
      stockOnHand: 0,
    });
    const stocked = await makeProduct(context.request, token, {
      title: `${word} Stocked Kettle`,
      stockOnHand: 4,
    });
    const draft = await makeProduct(context.request, token, {
      title: `${word} Draft Kettle`,
      stockOnHand: 0,
      status: 'draft',
    });
    const page = await openPage(context, '/products');
    const table = page.getByRole('table', { name: 'Products' });

    // No Enter: the list follows the typing.
    await page.getByLabel('Search', { exact: true }).pressSequentially(word, { delay: 20 });
    await expect(page).toHaveURL(new RegExp(`q=${word}`));
    for (const product of [sold, stocked, draft])
      await expect(table.getByRole('link', { name: product.title })).toBeVisible();

    // Two filters changed back to back: both stay in the URL and in the list.
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await page.getByLabel('Stock', { exact: true }).selectOption('false');
    await expect(page).toHaveURL(/status=active/);
    await expect(page).toHaveURL(/stock=false/);
    await expect(page).toHaveURL(new RegExp(`q=${word}`));
    await expect(table.getByRole('link', { name: sold.title })).toBeVisible();
    await expect(table.getByRole('link', { name: stocked.title })).toHaveCount(0);
    await expect(table.getByRole('link', { name: draft.title })).toHaveCount(0);
    await expect(table.locator('tbody tr')).toHaveCount(1);

    await page.getByLabel('Status', { exact: true }).selectOption('');
    await expect(table.getByRole('link', { name: draft.title })).toBeVisible();
    await expect(table.getByRole('link', { name: stocked.title })).toHaveCount(0);
    await page.getByLabel('Stock', { exact: true }).selectOption('true');
    await expect(table.getByRole('link', { name: stocked.title })).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await page.close();
  });

  test('option names are taken as typed ("Size", "Colour") and shown as typed', async ({ context }) => {
    await signIn(context);
    const title = `E2E Typed Options ${suffix()}`;
    const page = await openPage(context, '/products/new');
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option 1 name').fill('Size');
    await page.getByLabel('Option 1 values (comma-separated)').fill('S, M');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByLabel('Option 2 name').fill('Colour');
    await page.getByLabel('Option 2 values (comma-separated)').fill('Sand');
    await page.getByRole('button', { name: 'Generate variants' }).click();
    await expect(page.getByRole('heading', { name: 'Variants (2)' })).toBeVisible();
    for (const variant of ['S / Sand', 'M / Sand']) {
      await page.getByLabel(`Price of ${variant}`, { exact: true }).fill('24.90');
    }
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Product created.' })).toBeVisible();
    await expect(page.getByText('must be a lower-case name')).toHaveCount(0);
    await expect(page.getByLabel('Option 1 name')).toHaveValue('Size');
    await expect(page.getByLabel('Option 2 name')).toHaveValue('Colour');
    const id = page.url().split('/').pop();
    const token = await signIn(context);
    const stored = (await (
      await context.request.get(`${API}/admin/products/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { variants: { options: Record<string, string> }[] };
    expect(stored.variants.map((variant) => variant.options)).toEqual([
      { Size: 'S', Colour: 'Sand' },
      { Size: 'M', Colour: 'Sand' },
    ]);
    await page.close();
  });

  test('CSV: prices in euros as the forms show them, a dry run previews every row, and the import waits for confirmation', async ({
    context,
  }) => {
    const token = await signIn(context);
    const id = suffix();
    const csv = [
      'slug,title,status,sku,options,price,stock_on_hand',
      `e2e-csv-cap-${id},E2E CSV Cap ${id},active,E2E-CAP-${id},Size=M,47.50,4`,
      `e2e-csv-bad-${id},E2E CSV Bad ${id},active,E2E-BAD-${id},,twelve,1`,
      `e2e-csv-scarf-${id},E2E CSV Scarf ${id},active,E2E-SCARF-${id},Colour=Red,22,6`,
    ].join('\n');
    const page = await openPage(context, '/import');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check file' }).click();

    const preview = page.getByTestId('import-preview');
    await expect(preview.getByTestId('preview-summary')).toHaveText(
      '2 rows can be imported: 2 new and 0 updated products, 2 new and 0 updated variants. 1 row is rejected.',
    );
    const rejected = preview.getByTestId('rejected-rows');
    await expect(rejected.locator('tbody tr')).toHaveCount(1);
    await expect(rejected).toContainText(`E2E-BAD-${id}`);
    await expect(rejected).toContainText('price: must be an amount in EUR such as 47.50');
    await expect(preview.getByTestId('preview-rows').locator('tbody tr')).toHaveCount(2);
    await screenshot(page, 'admin-import-preview');
    // The dry run wrote nothing.
    expect((await page.request.get(`${API}/catalog/products/e2e-csv-cap-${id}`)).status()).toBe(404);

    await preview.getByRole('button', { name: 'Import the 2 valid rows, skip 1' }).click();
    await expect(page.getByTestId('import-result')).toContainText('Imported 2 rows: 2 products created');
    const cap = (await (await page.request.get(`${API}/catalog/products/e2e-csv-cap-${id}`)).json()) as {
      variants: { price: number; options: Record<string, string> }[];
    };
    expect(cap.variants[0]).toMatchObject({ price: 4750, options: { Size: 'M' } });
    const scarf = (await (await page.request.get(`${API}/catalog/products/e2e-csv-scarf-${id}`)).json()) as {
      variants: { price: number }[];
    };
    expect(scarf.variants[0]?.price).toBe(2200);
    expect((await page.request.get(`${API}/catalog/products/e2e-csv-bad-${id}`)).status()).toBe(404);
    const exported = await context.request.get(`${API}/admin/products/export.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const line = (await exported.text()).split('\n').find((row) => row.includes(`E2E-CAP-${id}`));
    expect(line).toContain(',47.50,');
    await page.close();
  });

  test('a product created or renamed in the admin is in storefront search and its listing on the next request', async ({
    context,
  }) => {
    const token = await signIn(context);
    const word = `Quokka${suffix()}`;
    const storeSearch = async () => (await context.request.get(`${STORE}/search?q=${word}`)).text();
    // The storefront asked once before the product existed: that answer must not be served again.
    expect(await storeSearch()).not.toContain(`/product/${word.toLowerCase()}-lamp`);
    const product = await makeProduct(context.request, token, { title: `${word} Lamp` });
    expect(await storeSearch()).toContain(`/product/${product.slug}`);
    const renamed = await context.request.patch(`${API}/admin/products/${product.id}`, {
      headers: { authorization: `Bearer ${token}` },
      data: { title: `${word} Reading Lamp` },
    });
    expect(renamed.status()).toBe(200);
    // The search highlights the searched word with <mark>; the rest of the new title follows it.
    expect(await storeSearch()).toContain('Reading Lamp');
    const listing = await context.request.get(`${STORE}/product/${product.slug}`);
    expect(listing.status()).toBe(200);
    expect(await listing.text()).toContain(`${word} Reading Lamp`);
  });

  test('customers: the list shows orders and amount spent; the detail page has orders, addresses, lifetime value, notes and a confirmed role change', async ({
    context,
  }) => {
    const token = await signIn(context);
    const product = await makeProduct(context.request, token, {
      title: `E2E Customer Mug ${suffix()}`,
      price: 1500,
    });
    const buyer = await customerWithOrder(product.variants[0]?.id ?? '');
    const admin = await makeAdmin();
    await signIn(context, admin);
    const page = await openPage(context, '/customers', admin.email);
    await page.getByLabel('Search', { exact: true }).fill(buyer.email);
    const table = page.getByRole('table', { name: 'Customers' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    const row = table.locator('tbody tr').first();
    await expect(row).toContainText(buyer.email);
    await expect(row.locator('td').nth(1)).toHaveText('1');
    await expect(row.locator('td').nth(2)).toContainText(
      (buyer.order.totals.total / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ','),
    );
    // No role control on the list.
    await expect(page.getByRole('combobox', { name: /Role of/ })).toHaveCount(0);
    await page.getByRole('link', { name: 'Cleo Customer' }).click();

    await expect(page.getByRole('heading', { name: 'Cleo Customer', level: 1 })).toBeVisible();
    await expect(page.getByTestId('order-count')).toHaveText('1');
    await expect(page.getByTestId('lifetime-value')).not.toHaveText('—');
    await expect(page.getByRole('list', { name: 'Orders of this customer' })).toContainText(
      buyer.order.number,
    );
    await expect(page.getByRole('region', { name: 'Addresses' })).toContainText('Hauptstraße 1');
    await page.getByLabel('Add a note').fill('Prefers a phone call before delivery.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('list', { name: 'Notes' })).toContainText(
      'Prefers a phone call before delivery.',
    );
    await expect(page.getByRole('list', { name: 'Notes' })).toContainText('Ada Admin');

    await page.getByLabel('Role', { exact: true }).selectOption('staff');
    await page.getByRole('button', { name: 'Change role…' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText(`Make ${buyer.email} staff instead of customer?`);
    await screenshot(page, 'admin-customer-role-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'is now' })).toHaveCount(0);
    await page.getByLabel('Role', { exact: true }).selectOption('staff');
    await page.getByRole('button', { name: 'Change role…' }).click();
    await page.getByRole('button', { name: 'Yes, make staff' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${buyer.email} is now staff.` })).toBeVisible();
    await screenshot(page, 'admin-customer-detail-desktop');
    await page.close();
  });

  test('home: revenue and orders of the last 30 days beside the 30 before, and top products, in uPlot charts', async ({
    context,
    consoleGuard,
  }) => {
    consoleGuard.allow(OTHER_CHECKOUTS_UPLOADS);
    const token = await signIn(context);
    // The shared database holds earlier runs' orders: priced to outsell the current best seller (two units).
    const { timeZone } = (await (await context.request.get(`${API}/shop/settings`)).json()) as {
      timeZone: string;
    };
    const report = await context.request.get(`${API}/admin/reports/sales`, {
      headers: { authorization: `Bearer ${token}` },
      params: { days: 30, topProducts: 1, timeZone },
    });
    expect(report.status(), await report.text()).toBe(200);
    const best =
      ((await report.json()) as { topProducts: { revenue: number }[] }).topProducts[0]?.revenue ?? 0;
    const product = await makeProduct(context.request, token, {
      title: `E2E Chart Vase ${suffix()}`,
      price: Math.max(99_00, Math.ceil(best / 2) + 1_00),
    });
    await customerWithOrder(product.variants[0]?.id ?? '');
    const page = await openPage(context, '/');
    const overview = page.getByTestId('sales-overview');
    await expect(overview.getByRole('img', { name: /Revenue per day/ })).toBeVisible();
    await expect(overview.getByRole('img', { name: /Orders per day/ })).toBeVisible();
    await expect(overview.locator('canvas')).toHaveCount(2);
    await expect(overview.locator('.u-legend').first()).toContainText('30 days before');
    await expect(overview.getByRole('table', { name: 'Top products' })).toContainText(product.title);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'admin-home-desktop');
    await page.goto(`${ADMIN}/products`);
    await expect(page.getByRole('table', { name: 'Products' }).locator('tbody tr').first()).toBeVisible();
    await screenshot(page, 'admin-products-desktop');
    await page.close();
  });
});

test.describe('phone (390×844)', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('no page is wider than the phone, tables scroll in their box, and the navigation folds behind Menu', async ({
    context,
    consoleGuard,
  }) => {
    consoleGuard.allow(OTHER_CHECKOUTS_UPLOADS);
    const token = await signIn(context);
    const product = await makeProduct(context.request, token, { title: `E2E Phone Bowl ${suffix()}` });
    const buyer = await customerWithOrder(product.variants[0]?.id ?? '');
    const page = await openPage(context, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(nav).toBeVisible();
    await nav.getByRole('link', { name: 'Products' }).click();
    await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();
    await expect(nav).toBeHidden();

    const pages = [
      ['/', 'Today', 'admin-home-phone'],
      ['/products', 'Products', 'admin-products-phone'],
      [`/products/${product.id}`, `Edit ${product.title}`, null],
      ['/orders', 'Orders', null],
      ['/inventory', 'Inventory', null],
      ['/import', 'CSV import and export', null],
      ['/discounts', 'Discount codes', null],
      ['/categories', 'Categories', null],
      ['/customers', 'Customers', null],
      [`/customers/${buyer.id}`, 'Cleo Customer', 'admin-customer-detail-phone'],
    ] as const;
    for (const [path, heading, name] of pages) {
      await page.goto(`${ADMIN}${path}`);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect(page.getByText('Loading…')).toHaveCount(0);
      expect(await pageWidth(page), `${path} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
      if (name) await screenshot(page, name);
    }
    // The products table is wider than the phone: it scrolls inside itself.
    await page.goto(`${ADMIN}/products`);
    const table = page.getByRole('table', { name: 'Products' });
    await expect(table.locator('tbody tr').first()).toBeVisible();
    const box = await table.evaluate((element) => ({
      scroll: element.scrollWidth,
      client: element.clientWidth,
    }));
    expect(box.client).toBeLessThanOrEqual(PHONE.width);
    expect(box.scroll).toBeGreaterThan(box.client);
    await page.close();
  });
});
