import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { addVariantInStock } from '../support/cart';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

// Overridable to run against a separate stack (other ports) while other suites use the standard ones.
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const API = process.env.API_URL ?? 'http://localhost:5005';
const ANALYTICS = process.env.ANALYTICS_URL ?? 'http://localhost:8080';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PASSWORD = 'shopper-e2e-password';
const PRODUCT = 'lightweight-court-sneakers-sneakers-7';
/** A URL as a pattern, for what a step allows the console guard to see. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Saves the page as a phone and as a desktop sees it. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
}

/** A new customer account, made through the API (the login form itself is exercised below). */
async function makeCustomer(request: APIRequestContext, name = 'E2E Shopper') {
  const email = `shopper-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const response = await request.post(`${API}/auth/register`, { data: { email, password: PASSWORD, name } });
  expect(response.status(), await response.text()).toBe(202);
  return { email, name, token: await accessToken(request, email, PASSWORD) };
}

/** Logs in through the API, waiting out the login rate limit that other suites may have used up. */
async function accessToken(request: APIRequestContext, email: string, password: string) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const response = await request.post(`${API}/auth/login`, { data: { email, password } });
    if (response.status() === 429) {
      const wait = Number(response.headers()['retry-after'] ?? 10);
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30) * 1000 + 500));
      continue;
    }
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
  throw new Error(`could not log in as ${email}: rate limited`);
}

/** A product of the "snekaers" results filtered by size 42, with a size-42 variant in stock now. */
async function productInStock(request: APIRequestContext, staff: string, quantity: number) {
  const listing = await request.get(`${API}/catalog/products?q=snekaers&option=size%3A42&limit=24`);
  const { items } = (await listing.json()) as { items: { slug: string }[] };
  for (const item of items) {
    const { id } = (await (await request.get(`${API}/catalog/products/${item.slug}`)).json()) as {
      id: string;
    };
    // The public API only says "in stock"; the journey buys `quantity`, so it reads the stock as staff.
    const detail = (await (
      await request.get(`${API}/admin/products/${id}`, { headers: { authorization: `Bearer ${staff}` } })
    ).json()) as {
      variants: {
        options: Record<string, string>;
        stockOnHand: number;
        stockReserved: number;
        active: boolean;
      }[];
    };
    const variant = detail.variants.find(
      (v) => v.active && v.options.size === '42' && v.stockOnHand - v.stockReserved >= quantity,
    );
    if (variant) return { slug: item.slug, options: variant.options };
  }
  throw new Error(
    `no sneaker of size 42 has ${quantity} in stock in the demo shop: reseed it (npm run db:seed)`,
  );
}

const staffToken = (request: APIRequestContext) =>
  accessToken(request, 'staff@shopstream.dev', 'staff-demo-password');

async function logIn(page: Page, email: string) {
  await page.goto(`${STORE}/account/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

/**
 * A report of the analytics service for the last two hours. Retried for a while: other suites restart
 * its MongoDB-compatible store in fault tests, and a report read then fails for a few seconds.
 */
async function report<T>(request: APIRequestContext, token: string, name: string, query = ''): Promise<T> {
  const from = new Date(Date.now() - 2 * 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  let answer: T | undefined;
  await expect(async () => {
    const response = await request.get(
      `${ANALYTICS}/api/reports/${name}?site=demo-shop&from=${from}&to=${to}${query}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.ok(), await response.text()).toBe(true);
    answer = (await response.json()) as T;
  }).toPass({ timeout: 60_000, intervals: [1000, 2000, 5000] });
  return answer as T;
}

/** Views and adds of one product as the analytics service reports them. */
async function productReport(request: APIRequestContext, token: string, productId: string) {
  const { rows } = await report<{ rows: { productId: string; views: number; adds: number }[] }>(
    request,
    token,
    'products',
    '&limit=1000',
  );
  return rows.find((row) => row.productId === productId) ?? { views: 0, adds: 0 };
}

/** How many Checkout Started events the custom-events report counts (the funnel counts visitors, not events). */
async function checkoutsStarted(request: APIRequestContext, token: string) {
  const { rows } = await report<{ rows: { name: string; events: number }[] }>(
    request,
    token,
    'events',
    '&limit=50',
  );
  return rows.find((row) => row.name === 'Checkout Started')?.events ?? 0;
}

async function fillAddress(page: Page, email?: string) {
  if (email !== undefined) await page.getByLabel('Email').fill(email);
  await page.getByLabel('Full name').fill('Erika Mustermann');
  await page.getByLabel('Address', { exact: true }).fill('Hauptstraße 5');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').selectOption('DE');
}

async function pay(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Continue to review' }).click();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    );
}

test('a customer finds sneakers despite a typo, filters, picks a variant, pays and follows the order', async ({
  page,
  request,
  consoleGuard,
}) => {
  test.setTimeout(180_000);
  const customer = await makeCustomer(request);
  const staff = await staffToken(request);
  const collected: { status: number; body: string }[] = [];
  page.on('response', async (response) => {
    if (response.url() === `${ANALYTICS}/collect`) {
      collected.push({ status: response.status(), body: await response.text().catch(() => '') });
    }
  });
  const sent: { type: string; event?: string; properties: Record<string, unknown> }[] = [];
  const checkoutBodies: { checkoutId?: string }[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url() === `${API}/checkout`)
      checkoutBodies.push(JSON.parse(request.postData() ?? '{}') as { checkoutId?: string });
    if (request.url() !== `${ANALYTICS}/collect`) return;
    sent.push(...((JSON.parse(request.postData() ?? '{}') as { batch?: typeof sent }).batch ?? []));
  });

  await logIn(page, customer.email);
  // Profile and addresses: a saved address fills the checkout form later.
  const addresses = page.getByRole('region', { name: 'Addresses' });
  await addresses.getByRole('button', { name: 'Add an address' }).click();
  await addresses.getByLabel('Full name').fill('Erika Mustermann');
  await addresses.getByLabel('Address', { exact: true }).fill('Hauptstraße 5');
  await addresses.getByLabel('Postal code').fill('10115');
  await addresses.getByLabel('City').fill('Berlin');
  await addresses.getByRole('button', { name: 'Save address' }).click();
  await expect(addresses).toContainText('10115 Berlin, DE');
  await screenshots(page, 'storefront-account');

  // Search with a typo, then narrow by size.
  const search = page.getByRole('combobox', { name: 'Search products' });
  await search.fill('snekaers');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=snekaers$/);
  await expect(page.getByTestId('corrected-query')).toContainText('sneakers');
  await page.getByRole('group', { name: 'Size' }).getByRole('checkbox', { name: /^42 / }).check();
  await expect(page).toHaveURL(/option=size%3A42/);
  const results = page.getByRole('list', { name: 'Products' });
  await expect(results.getByRole('listitem').first()).toContainText('Sneakers');

  // The shared demo shop sells out as journeys buy from it: open a product with two of size 42 in stock now.
  const { slug: pick, options } = await productInStock(request, staff, 2);
  const link = results.locator(`a[href$="/product/${pick}"]`).first();
  if ((await link.count()) > 0) await link.click();
  else await page.goto(`${STORE}/product/${pick}`);
  await expect(page).toHaveURL(/\/product\//);
  const slug = new URL(page.url()).pathname.split('/').pop() ?? '';
  const product = (await (await request.get(`${API}/catalog/products/${slug}`)).json()) as { id: string };
  const before = await productReport(request, staff, product.id);
  const checkoutsBefore = await checkoutsStarted(request, staff);

  for (const [name, value] of Object.entries(options)) {
    await page
      .getByRole('group', { name: new RegExp(`^${name}`, 'i') })
      .locator('label')
      .filter({ hasText: new RegExp(`^${value}`) })
      .click();
  }
  await expect(page.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
  await expect(page).toHaveURL(/variant=/);
  await screenshots(page, 'storefront-journey-product');
  await page.getByRole('button', { name: 'Add to cart' }).click();

  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('Sneakers');
  await expect(page.getByRole('button', { name: 'Cart 1 item' })).toBeAttached();
  await screenshots(page, 'storefront-cart-drawer');
  await drawer.getByRole('link', { name: 'View cart' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your cart');
  const main = page.getByRole('main');
  await main.getByLabel('Quantity').selectOption('2');
  await expect(page.getByRole('button', { name: 'Cart 2 items' })).toBeAttached();
  // Discount codes: an unknown one is explained (the API refuses it: 400), a real one changes the server's totals.
  consoleGuard.allow(new RegExp(`HTTP 400: POST ${literally(API)}/cart/discount$`));
  consoleGuard.allow(new RegExp(`status of 400 \\(Bad Request\\) \\(${literally(API)}/cart/discount\\)`));
  await main.getByLabel('Discount code').fill('NOSUCHCODE');
  await main.getByRole('button', { name: 'Apply' }).click();
  await expect(main.locator('#discount-code-error')).not.toBeEmpty();
  await main.getByLabel('Discount code').fill('WELCOME10');
  await main.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('cart-totals')).toContainText('Discount (WELCOME10)');
  await screenshots(page, 'storefront-cart');
  await main.getByRole('link', { name: 'Check out' }).click();

  // Checkout: address, shipping, payment, review.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout');
  await expect(page.getByLabel('Email')).toHaveValue(customer.email);
  await expect(page.getByLabel('Address', { exact: true })).toHaveValue('Hauptstraße 5');
  await fillAddress(page);
  await screenshots(page, 'storefront-checkout-address');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  const shipping = page.getByRole('group', { name: /Delivery to Germany/ });
  await expect(shipping.getByRole('radio').first()).toBeVisible();
  await shipping.getByRole('radio').first().check();
  await screenshots(page, 'storefront-checkout-shipping');
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await pay(page, '4242 4242 4242 4242');
  const placeOrder = page.getByRole('button', { name: 'Place order' });
  await expect(placeOrder).toBeVisible();
  await screenshots(page, 'storefront-checkout-review');

  // Between Place order and the confirmation, the emptied cart must not show "nothing to check out".
  await page.evaluate(() => {
    const seen = { empty: false };
    (window as unknown as { __emptyCartShown: typeof seen }).__emptyCartShown = seen;
    new MutationObserver(() => {
      if (document.body.textContent?.includes('nothing to check out')) seen.empty = true;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  // A double click places one order.
  await placeOrder.dblclick();
  await expect(page).toHaveURL(/\/checkout\/confirmation\/SS-\d+/);
  const number = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(
    page.getByRole('status').filter({ hasText: `Your order ${number} is confirmed` }),
  ).toBeVisible();
  // Focus is on the confirmation's heading, not lost to the page with the Place order button.
  await expect(page.getByRole('heading', { level: 1, name: 'Order confirmed' })).toBeFocused();
  expect(
    await page.evaluate(
      () => (window as unknown as { __emptyCartShown?: { empty: boolean } }).__emptyCartShown,
    ),
    'the same document, and no empty-cart message on the way',
  ).toEqual({ empty: false });
  await expect(page.getByRole('button', { name: 'Cart 0 items' })).toBeAttached();
  await screenshots(page, 'storefront-confirmation');

  const myOrders = await request.get(`${API}/me/orders`, {
    headers: { authorization: `Bearer ${customer.token}` },
  });
  expect(((await myOrders.json()) as { items: unknown[] }).items).toHaveLength(1);

  // Staff ship it; the customer sees the timeline and the tracking number.
  const shipped = await request.post(`${API}/admin/orders/${number}/transitions`, {
    headers: { authorization: `Bearer ${staff}` },
    data: { to: 'fulfilled', carrier: 'DHL', trackingNumber: 'JJD000390007' },
  });
  expect(shipped.ok(), await shipped.text()).toBe(true);

  await page.getByRole('link', { name: 'Account', exact: true }).click();
  const orders = page.getByRole('list', { name: 'Your orders' });
  await expect(orders.getByRole('listitem')).toHaveCount(1);
  await screenshots(page, 'storefront-account-orders');
  await orders.getByRole('link', { name: `Order ${number}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${number}`);
  const timeline = page.getByRole('list', { name: 'Order timeline' });
  await expect(timeline).toContainText('Paid');
  await expect(timeline).toContainText('Shipped');
  await expect(page.getByTestId('tracking-number')).toContainText('JJD000390007');
  await screenshots(page, 'storefront-order-detail');

  // The tracker's events reached the analytics service, which counts them in its reports.
  // The tracker sends in batches (every few seconds, or on leaving the page): wait for the last one.
  await expect
    .poll(() => sent.map((event) => event.event).filter(Boolean), { timeout: 15_000 })
    .toEqual(
      expect.arrayContaining([
        'Product Viewed',
        'Product Added',
        'Cart Viewed',
        'Checkout Started',
        'Checkout Step Viewed',
        'Checkout Step Completed',
      ]),
    );
  expect(sent.some((event) => event.event === 'Order Completed')).toBe(false);
  // The order names the checkout its Checkout Started named, so analytics counts it in this browser's session.
  const startedIds = sent
    .filter((event) => event.event === 'Checkout Started')
    .map((event) => event.properties.checkout_id);
  expect(startedIds).toHaveLength(1);
  expect(startedIds[0]).toEqual(expect.any(String));
  expect(checkoutBodies.map((body) => body.checkoutId)).toEqual([startedIds[0]]);
  for (const viewed of sent.filter((event) => event.event === 'Cart Viewed'))
    expect(viewed.properties.cart_id).not.toBe('00000000-0000-4000-8000-000000000000');
  expect(collected.length).toBeGreaterThan(0);
  for (const answer of collected) {
    expect(answer.status, answer.body).toBe(202);
    expect(answer.body).not.toMatch(/"rejected":\[\{/);
  }
  await expect
    .poll(
      async () => {
        const after = await productReport(request, staff, product.id);
        return after.views > before.views && after.adds > before.adds;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect
    .poll(() => checkoutsStarted(request, staff), { timeout: 60_000 })
    .toBeGreaterThan(checkoutsBefore);
});

test('a declined card says so and keeps the cart', async ({ page, consoleGuard }) => {
  consoleGuard.allow(new RegExp(`HTTP 402: POST ${literally(API)}/checkout$`));
  consoleGuard.allow(new RegExp(`status of 402 \\(Payment Required\\) \\(${literally(API)}/checkout\\)`));
  await addVariantInStock(page.request, PRODUCT);
  await page.goto(`${STORE}/checkout`);
  await fillAddress(page, 'declined@example.com');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await pay(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Place order' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'declined' });
  await expect(alert).toContainText('Your card was declined');
  await expect(page.getByLabel('Card number')).toBeVisible();
  await screenshots(page, 'storefront-checkout-declined');
  await page.goto(`${STORE}/cart`);
  await expect(page.getByRole('main')).toContainText('Lightweight Court Sneakers');
  await expect(page.getByRole('button', { name: 'Cart 1 item' })).toBeAttached();
});

test('a guest cart survives a reload and merges into the account on login', async ({ page, request }) => {
  const customer = await makeCustomer(request);
  await page.goto(`${STORE}/product/${PRODUCT}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByRole('dialog', { name: 'Your cart' })).toContainText('Lightweight Court Sneakers');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Cart 1 item' })).toBeAttached();

  await logIn(page, customer.email);
  await expect(page.getByRole('button', { name: 'Cart 1 item' })).toBeAttached();
  await page.goto(`${STORE}/cart`);
  await expect(page.getByRole('main')).toContainText('Lightweight Court Sneakers');
  await screenshots(page, 'storefront-cart-merged');

  // The cart now belongs to the account: another browser signed in as the customer sees it.
  const token = (
    (await (
      await request.post(`${API}/auth/login`, { data: { email: customer.email, password: PASSWORD } })
    ).json()) as { accessToken: string }
  ).accessToken;
  const cart = (await (
    await request.get(`${API}/cart`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as {
    owner: string;
    itemCount: number;
  };
  expect(cart).toMatchObject({ owner: 'customer', itemCount: 1 });

  // Removing the line empties the cart (and sends "Product Removed").
  const removed = page.waitForRequest(
    (request) => request.url().endsWith('/collect') && (request.postData() ?? '').includes('Product Removed'),
  );
  await page
    .getByRole('main')
    .getByRole('button', { name: /^Remove Lightweight Court Sneakers/ })
    .click();
  await expect(page.getByRole('main')).toContainText('Your cart is empty.');
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await removed;
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
});

test('the register form signs a new shopper in, and signs nobody in for an email that has an account', async ({
  page,
  request,
  consoleGuard,
}) => {
  // The second sign-up's password does not match the account's: the API refuses that login.
  consoleGuard.allow(new RegExp(`HTTP 401: POST ${literally(API)}/auth/login$`));
  consoleGuard.allow(new RegExp(`status of 401 \\(Unauthorized\\) \\(${literally(API)}/auth/login\\)`));
  const email = `register-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await page.goto(`${STORE}/account/register`);
  await page.getByLabel('Full name').fill('Rita Register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();

  // someone else tries the same email: the API answers as for a new one, and nobody is signed in
  await page.goto(`${STORE}/account/register`);
  await page.getByLabel('Full name').fill('Someone Else');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('another-e2e-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/If you already have an account, log in instead/)).toBeVisible();
  await expect(page).toHaveURL(/\/account\/register/);
  await screenshots(page, 'storefront-register-taken-email');
  // the owner's password still works
  expect(await accessToken(request, email, PASSWORD)).toBeTruthy();
});

test('cart and checkout pages have no serious or critical accessibility violations', async ({
  browser,
  consoleGuard,
}) => {
  test.setTimeout(120_000);
  const context = await (browser as Browser).newContext();
  consoleGuard.watch(context);
  const page = await context.newPage();
  await addVariantInStock(page.request, PRODUCT);
  await page.goto(`${STORE}/cart`);
  await expect(page.getByRole('main')).toContainText('Lightweight Court Sneakers');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto(`${STORE}/checkout`);
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await fillAddress(page, 'axe@example.com');
  await page.getByRole('button', { name: 'Continue to shipping' }).click();
  await expect(page.getByRole('button', { name: 'Continue to payment' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});

test('a shopper can buy with the keyboard alone', async ({ page }) => {
  await page.goto(`${STORE}/product/${PRODUCT}`);
  const add = page.getByRole('button', { name: 'Add to cart' });
  await add.focus();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('dialog', { name: 'Your cart' });
  await expect(drawer).toBeVisible();
  // Focus starts on the drawer's first control, and Tab never leaves the drawer (no stop on the inert page).
  const close = drawer.getByRole('button', { name: 'Close cart' });
  const checkOut = drawer.getByRole('link', { name: 'Check out' });
  await expect(close).toBeFocused();
  // The drawer's lines load with its first opening: the trap wraps to the last control once they are there.
  await expect(checkOut).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(checkOut).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(close).toBeFocused();
  const stops: string[] = [];
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      return `${element?.tagName} ${element?.getAttribute('aria-label') ?? element?.textContent?.trim()}`;
    });
    stops.push(focused);
    if (focused === 'A Check out') break;
  }
  expect(stops.at(-1), stops.join(' → ')).toBe('A Check out');
  expect(
    stops.every((stop) => !stop.startsWith('BODY') && !stop.startsWith('DIALOG')),
    stops.join(' → '),
  ).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/checkout$/);
  // Focus moved into the checkout: its first step, whose next Tab stop is the email field.
  await expect(page.getByRole('heading', { name: /Contact and address/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type('keyboard@example.com');
  for (const [label, value] of [
    ['Full name', 'Kim Keyboard'],
    ['Address', 'Tastaturweg 1'],
  ] as const) {
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(label, { exact: label === 'Address' })).toBeFocused();
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Tab'); // apartment
  await page.keyboard.press('Tab');
  await page.keyboard.type('10115');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Berlin');
  await page.keyboard.press('Tab'); // country: Germany by default
  await page.keyboard.press('Tab'); // phone
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Continue to payment' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue to payment' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Card number'))
    .toBeFocused({ timeout: 1 })
    .catch(() => undefined);
  await page.getByLabel('Card number').focus();
  await page.keyboard.type('4242424242424242');
  await page.keyboard.press('Tab');
  await page.keyboard.type('12/30');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123');
  await page.keyboard.press('Enter');
  const place = page.getByRole('button', { name: 'Place order' });
  await expect(place).toBeVisible();
  await place.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/checkout\/confirmation\/SS-\d+/);
  await expect(page.getByRole('heading', { level: 1, name: 'Order confirmed' })).toBeFocused();
});

test('an empty cart sends no Cart Viewed, from the cart page or the drawer', async ({ page }) => {
  const sent: { event?: string }[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/collect')) return;
    sent.push(...((JSON.parse(request.postData() ?? '{}') as { batch?: typeof sent }).batch ?? []));
  });
  const firstBatch = page.waitForRequest((request) => request.url().endsWith('/collect'));
  await page.goto(`${STORE}/cart`);
  await expect(page.getByRole('main')).toContainText('Your cart is empty.');
  await page.getByRole('button', { name: 'Cart 0 items' }).click();
  await expect(page.getByRole('dialog', { name: 'Your cart' })).toContainText('Your cart is empty.');
  await screenshots(page, 'storefront-cart-empty');
  await firstBatch;
  // The page view's batch has gone; anything the cart sent would have been queued before it.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2500)));
  expect(sent.filter((event) => event.event === 'Cart Viewed')).toEqual([]);
  expect(sent.length).toBeGreaterThan(0);
});
