import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type BrowserContext, type Page, request } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const API = process.env.API_URL ?? 'http://localhost:5005';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const CUSTOMER = { email: 'alice@example.com', password: 'customer-demo-password' };

// Logins are rate limited per account, so the staff journeys share one browser context signed in once,
// through the API (the refresh cookie lands in the context; the app exchanges it silently on load).
test.describe.configure({ mode: 'serial' });
let staff: BrowserContext;

test.beforeAll(async ({ browser }) => {
  staff = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const response = await staff.request.post(`${API}/auth/login`, { data: STAFF });
  expect(response.status()).toBe(200);
});

test.afterAll(async () => {
  await staff?.close();
});

// The shared staff context is opened before the tests, so each test's guard is told to watch it.
test.beforeEach(({ consoleGuard }) => consoleGuard.watch(staff));

/** A staff access token for setting up data, from the shared context's refresh cookie. */
async function staffToken(): Promise<string> {
  const response = await staff.request.post(`${API}/auth/refresh`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface CreatedProduct {
  id: string;
  slug: string;
  title: string;
  variants: { id: string; sku: string; stockOnHand: number }[];
}

/** Factory: an active product with one variant, created through the API. */
async function makeProduct(
  overrides: { stockOnHand?: number; price?: number } = {},
): Promise<CreatedProduct> {
  const suffix = randomUUID().slice(0, 8);
  const response = await staff.request.post(`${API}/admin/products`, {
    headers: { authorization: `Bearer ${await staffToken()}` },
    data: {
      title: `E2E Mug ${suffix}`,
      status: 'active',
      variants: [
        {
          sku: `E2E-MUG-${suffix}`,
          price: overrides.price ?? 1250,
          stockOnHand: overrides.stockOnHand ?? 10,
        },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedProduct;
}

async function openStaffPage(path: string): Promise<Page> {
  const page = await staff.newPage();
  await page.goto(`${ADMIN}${path}`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(STAFF.email);
  return page;
}

/** A small real PNG, drawn by the browser. */
async function pictureFile(page: Page): Promise<Buffer> {
  const painter = await page.context().newPage();
  await painter.setContent(
    '<div id="p" style="width:160px;height:160px;background:linear-gradient(135deg,#1d4ed8,#f59e0b);color:#fff;font:bold 40px sans-serif;display:grid;place-items:center">TEE</div>',
  );
  const png = await painter.locator('#p').screenshot();
  await painter.close();
  return png;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    );
}

test('refuses a customer at login, signs staff in through the form and signs them out cleanly', async ({
  browser,
  consoleGuard,
}) => {
  const context = await browser.newContext();
  consoleGuard.watch(context);
  const page = await context.newPage();
  await page.goto(`${ADMIN}/products`);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ShopStream Admin');

  await page.getByLabel('Email').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill(CUSTOMER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('customer account');
  await expect(page.getByRole('alert')).toContainText('staff and administrators only');
  await screenshot(page, 'admin-login-customer-refused');
  // The customer's session was ended and its cookie cleared: a refresh finds nothing to resume (204).
  expect((await context.request.post(`${API}/auth/refresh`)).status()).toBe(204);

  await page.getByLabel('Email').fill(STAFF.email);
  await page.getByLabel('Password').fill(STAFF.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${ADMIN}/products`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(STAFF.email);

  // A reload keeps the session: the refresh cookie is exchanged silently.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Products', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out' })).toBeVisible();
  await page.goto(`${ADMIN}/`);
  await expect(page).toHaveURL(/\/login$/);
  // Signed out: the refresh cookie is gone, so there is nothing to resume (204, no token).
  expect((await context.request.post(`${API}/auth/refresh`)).status()).toBe(204);
  await context.close();
});

test('creates a product with two options and four variants, uploads an image, publishes it and the storefront lists it', async () => {
  const page = await openStaffPage('/products/new');
  const suffix = randomUUID().slice(0, 8);
  const title = `E2E Linen Tee ${suffix}`;

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('A light linen tee, made by the admin-panel journey.');
  await page.getByLabel('Category').selectOption({ index: 1 });
  await page.getByLabel('Tags (comma-separated)').fill('linen, summer');

  await page.getByRole('button', { name: 'Add option' }).click();
  await page.getByLabel('Option 1 name').fill('size');
  await page.getByLabel('Option 1 values (comma-separated)').fill('S, M');
  await page.getByRole('button', { name: 'Add option' }).click();
  await page.getByLabel('Option 2 name').fill('colour');
  await page.getByLabel('Option 2 values (comma-separated)').fill('sand, navy');
  await page.getByRole('button', { name: 'Generate variants' }).click();
  await expect(page.getByRole('heading', { name: 'Variants (4)' })).toBeVisible();

  // The shared schemas check the form: a missing price is shown at its field.
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByText('must be an amount such as 12.50').first()).toBeVisible();
  await screenshot(page, 'admin-product-editor-validation');

  const variants = ['S / sand', 'S / navy', 'M / sand', 'M / navy'];
  for (const [index, variant] of variants.entries()) {
    await page.getByLabel(`Price of ${variant}`, { exact: true }).fill('24.90');
    await page.getByLabel(`Compare-at price of ${variant}`).fill(index === 0 ? '29.90' : '');
    await page.getByLabel(`Stock of ${variant}`).fill(String(5 + index));
  }
  await expect(page.getByLabel('SKU of M / navy')).toHaveValue(
    `E2E-LINEN-TEE-${suffix.toUpperCase()}-M-NAVY`,
  );

  await page.getByLabel(/Upload images from disk/).setInputFiles({
    name: 'linen-tee.png',
    mimeType: 'image/png',
    buffer: await pictureFile(page),
  });
  await expect(page.getByLabel('Alt text of image 1')).toHaveValue('linen-tee');
  await page.getByLabel('Alt text of image 1').fill(`${title} in sand`);
  await screenshot(page, 'admin-product-editor');

  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Product created.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: `Edit ${title}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Variants (4)' })).toBeVisible();
  const image = page.getByRole('list', { name: 'Images, in display order' }).locator('img');
  await expect(image).toHaveAttribute('src', /\/uploads\/[0-9a-f-]+\.png$/);
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Leaving with unsaved changes asks first; dismissing the question keeps the edits. The editor of
  // the saved product must hold its values first (edits made while it loads are replaced).
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await page.getByLabel('Title').fill(`${title} (renamed)`);
  await expect(page.getByLabel('Title')).toHaveValue(`${title} (renamed)`);
  // Answered by a handler set up before the click: the question can open while the click still waits for
  // the navigation it started, and a test that awaits the click first would never answer it.
  const asked: string[] = [];
  page.once('dialog', (question) => {
    asked.push(question.message());
    void question.dismiss();
  });
  await page.getByRole('link', { name: 'Back to products' }).click();
  await expect.poll(() => asked).toEqual([expect.stringContaining('unsaved changes')]);
  await expect(page.getByLabel('Title')).toHaveValue(`${title} (renamed)`);
  await page.getByLabel('Title').fill(title);

  // Editing saves the differences; a stock change goes through the inventory ledger as a correction.
  await page.getByLabel('Stock of M / navy').fill('12');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved at' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Stock of M / navy')).toHaveValue('12');

  // Publish from the products table with the bulk action.
  await page.getByRole('link', { name: 'Back to products' }).click();
  await page.getByLabel('Search').fill(title);
  await page.getByLabel('Search').press('Enter');
  await page.getByLabel('Status').selectOption('draft');
  await page.getByRole('checkbox', { name: `Select ${title}` }).check();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Publishing: 1 of 1 — done')).toBeVisible();
  await page.getByLabel('Status').selectOption('active');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await screenshot(page, 'admin-products');

  await expect
    .poll(async () => {
      const response = await page.request.get(`${API}/catalog/products`, { params: { q: title } });
      const body = (await response.json()) as { items: { title: string; image: { url: string } | null }[] };
      return body.items.find((item) => item.title === title)?.image?.url ?? null;
    })
    .toMatch(/\/uploads\/[0-9a-f-]+\.png$/);
  await page.close();
});

test('adjusts the stock of a variant with a reason and shows the history', async () => {
  const product = await makeProduct({ stockOnHand: 10 });
  const sku = product.variants[0]?.sku ?? '';
  const page = await openStaffPage(`/inventory?q=${encodeURIComponent(sku)}`);
  await page.getByRole('button', { name: `Adjust stock of ${sku}` }).click();
  await expect(page.getByTestId('stock-on-hand')).toHaveText('10');

  await page.getByLabel('Change (+ received, − removed)').fill('5');
  await page.getByLabel('Reason').selectOption('received');
  await page.getByLabel('Note').fill('Delivery from the E2E supplier');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Stock of ${sku} is now 15.` })).toBeVisible();

  await page.getByLabel('Change (+ received, − removed)').fill('-2');
  await page.getByLabel('Reason').selectOption('damaged');
  await page.getByLabel('Note').fill('Two dropped in the warehouse');
  await page.getByRole('button', { name: 'Save adjustment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Stock of ${sku} is now 13.` })).toBeVisible();

  const history = page.getByTestId('stock-history');
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history).toContainText('+5');
  await expect(history).toContainText('received');
  await expect(history).toContainText('Delivery from the E2E supplier');
  await expect(history).toContainText('-2');
  await expect(history).toContainText('damaged');
  await expect(page.getByTestId('stock-on-hand')).toHaveText('13');
  await screenshot(page, 'admin-inventory');
  await page.close();
});

/** A new customer places an order through the API, paying with the test card that succeeds. */
async function placeOrder(
  variantId: string,
): Promise<{ number: string; customer: APIRequestContext; token: string }> {
  const customer = await request.newContext();
  const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await customer.post(`${API}/auth/register`, {
    data: { email, password: 'customer-e2e-password', name: 'Erin Example' },
  });
  expect(registered.status(), await registered.text()).toBe(202);
  const signedIn = await customer.post(`${API}/auth/login`, {
    data: { email, password: 'customer-e2e-password' },
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  const token = ((await signedIn.json()) as { accessToken: string }).accessToken;
  const headers = { authorization: `Bearer ${token}` };
  expect((await customer.post(`${API}/cart/items`, { headers, data: { variantId, quantity: 2 } })).ok()).toBe(
    true,
  );
  const options = (await (
    await customer.get(`${API}/shipping-options`, { params: { country: 'DE' } })
  ).json()) as {
    items: { id: string }[];
  };
  const shippingOptionId = options.items[0]?.id ?? '';
  expect(
    (await customer.put(`${API}/cart/shipping`, { headers, data: { country: 'DE', shippingOptionId } })).ok(),
  ).toBe(true);
  const checkout = await customer.post(`${API}/checkout`, {
    headers: { ...headers, 'idempotency-key': randomUUID() },
    data: {
      email,
      shippingAddress: {
        fullName: 'Erin Example',
        line1: 'Hauptstraße 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      shippingOptionId,
      payment: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
    },
  });
  expect(checkout.status(), await checkout.text()).toBe(201);
  const order = (await checkout.json()) as { number: string; status: string };
  expect(order.status).toBe('paid');
  return { number: order.number, customer, token };
}

test('takes an order placed through the API from paid to fulfilled, and the customer sees the tracking number', async () => {
  const product = await makeProduct({ stockOnHand: 20, price: 1990 });
  const { number, customer, token } = await placeOrder(product.variants[0]?.id ?? '');

  const page = await openStaffPage('/orders');
  await page.getByLabel('Order number or email').fill(number);
  await page.getByLabel('Order number or email').press('Enter');
  await screenshot(page, 'admin-orders');
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { name: `Order ${number}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Lines' })).toContainText(product.title);
  // Only what the API allows from paid: fulfil, cancel, refund — never "mark delivered".
  await expect(page.getByRole('button', { name: 'Mark delivered' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel order' })).toBeVisible();

  await page.getByLabel('Carrier').fill('DHL');
  await page.getByLabel('Tracking number').fill('JD014600006281234567');
  await page.getByRole('button', { name: 'Fulfil' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Order ${number} is now fulfilled.` }),
  ).toBeVisible();
  await expect(page.getByTestId('tracking')).toHaveText('DHL · JD014600006281234567');
  await expect(page.getByRole('button', { name: 'Mark delivered' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  await expect(page.locator('.timeline')).toContainText('paid → fulfilled');
  await screenshot(page, 'admin-order-detail');

  const mine = await customer.get(`${API}/me/orders/${number}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(mine.status()).toBe(200);
  const order = (await mine.json()) as { status: string; carrier: string; trackingNumber: string };
  expect(order).toMatchObject({
    status: 'fulfilled',
    carrier: 'DHL',
    trackingNumber: 'JD014600006281234567',
  });
  await customer.dispose();

  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
  await expect(page.getByTestId('orders-today')).not.toHaveText('…');
  await screenshot(page, 'admin-home');
  await page.close();
});

test('creates a category, renames it and moves it under another', async () => {
  const suffix = randomUUID().slice(0, 8);
  const page = await openStaffPage('/categories');
  await expect(page.getByRole('table', { name: 'Category tree' }).getByRole('row').nth(1)).toBeVisible();
  await page.getByLabel('New category name').fill(`E2E Linen ${suffix}`);
  await page.getByRole('button', { name: 'Create category' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Created “E2E Linen ${suffix}”.` })).toBeVisible();

  const name = page.getByLabel(`Name of E2E Linen ${suffix}`);
  await name.fill(`E2E Linen goods ${suffix}`);
  await name.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: `Saved “E2E Linen goods ${suffix}”.` }),
  ).toBeVisible();

  await page.getByLabel(`Parent of E2E Linen goods ${suffix}`).selectOption({ label: 'Home' });
  await expect(page.getByLabel(`Parent of E2E Linen goods ${suffix}`)).toHaveValue(/[0-9a-f-]{36}/);
  const categories = (await (await page.request.get(`${API}/catalog/categories`)).json()) as {
    items: { name: string; depth: number; parentId: string | null }[];
  };
  const moved = categories.items.find((category) => category.name === `E2E Linen goods ${suffix}`);
  const home = categories.items.find((category) => category.name === 'Home');
  expect(moved?.parentId).toBe((home as { id?: string } | undefined)?.id);
  expect(moved?.depth).toBe(1);
  await screenshot(page, 'admin-categories');
  await page.close();
});

test('creates a discount code, edits it and deactivates it', async () => {
  const code = `E2E${randomUUID().slice(0, 6).toUpperCase()}`;
  const page = await openStaffPage('/discounts');
  await page.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await page.getByLabel('Kind').selectOption('percentage');
  await page.getByLabel('Percent off').fill('150');
  await page.getByRole('button', { name: 'Create code' }).click();
  await expect(page.getByText('a percentage must be between 1 and 100')).toBeVisible();
  await page.getByLabel('Percent off').fill('15');
  await page.getByRole('button', { name: 'Create code' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Created ${code}.` })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('15 %');

  await page.getByRole('button', { name: `Edit ${code}` }).click();
  await page.getByLabel('Percent off').fill('20');
  await page.getByRole('button', { name: 'Save code' }).click();
  await expect(row).toContainText('20 %');

  await page.getByRole('button', { name: `Deactivate ${code}` }).click();
  await expect(row).toContainText('inactive');
  await screenshot(page, 'admin-discounts');
  await page.close();
});

test('lets staff find and disable a customer on its page, but not change a role', async () => {
  const customer = await request.newContext();
  const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await customer.post(`${API}/auth/register`, {
    data: { email, password: 'customer-e2e-password', name: 'Dana Disabled' },
  });
  expect(registered.status(), await registered.text()).toBe(202);

  const page = await openStaffPage('/customers');
  await page.getByLabel('Search').fill(email);
  const customers = page.getByRole('table', { name: 'Customers' });
  await expect(customers.locator('tbody tr')).toHaveCount(1);
  await customers.getByRole('link', { name: 'Dana Disabled' }).click();
  await expect(page.getByRole('heading', { name: 'Dana Disabled', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Role', { exact: true })).toBeDisabled();
  await expect(page.getByText('Only administrators change roles.')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Disable account' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${email} is now customer, disabled.` }),
  ).toBeVisible();
  const login = await customer.post(`${API}/auth/login`, {
    data: { email, password: 'customer-e2e-password' },
  });
  expect(login.status()).toBe(403);
  await customer.dispose();
  await page.close();
});

test('the main pages have no serious or critical accessibility violations', async ({ consoleGuard }) => {
  const product = await makeProduct();
  const pages = [
    ['/', 'Today'],
    ['/products', 'Products'],
    [`/products/${product.id}`, `Edit ${product.title}`],
    ['/categories', 'Categories'],
    ['/inventory', 'Inventory'],
    ['/orders', 'Orders'],
    ['/import', 'CSV import and export'],
    ['/discounts', 'Discount codes'],
    ['/customers', 'Customers'],
  ] as const;
  const page = await openStaffPage('/');
  const found: string[] = [];
  for (const [path, heading] of pages) {
    await page.goto(`${ADMIN}${path}`);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await expect(page.getByText('Loading…')).toHaveCount(0);
    found.push(...(await seriousViolations(page)).map((violation) => `${path} ${violation}`));
  }
  await screenshot(page, 'admin-users-staff');
  await page.close();

  const anonymous = await staff.browser()?.newContext();
  if (anonymous) {
    consoleGuard.watch(anonymous);
    const login = await anonymous.newPage();
    await login.goto(`${ADMIN}/login`);
    await expect(login.getByRole('heading', { level: 1 })).toBeVisible();
    found.push(...(await seriousViolations(login)).map((violation) => `/login ${violation}`));
    await anonymous.close();
  }
  expect(found).toEqual([]);
});
