import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

/**
 * Prices that include VAT (issue 17 point 7), as a shopper in Germany (19 %) and one in France (20 %) see
 * them: the catalog's and the product page's price is what they pay, and cart, checkout and the order state the VAT it
 * contains at their country's rate. The cart holds €61.99 × 1 and €0.99 × 3 with 10 % off (649.6 → €6.49,
 * split €6.19 + €0.30) and express shipping €12.99: €71.46 to either country, containing
 * DE 891 + 43 (42.63) + 207 (207.40) = €11.41, FR 930 + 45 (44.5 rounds up) + 217 (216.5) = €11.92.
 */
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const ADMIN = process.env.ADMIN_URL ?? 'http://localhost:3002';
const API = process.env.API_URL ?? 'http://localhost:5005';
const STAFF = { email: 'staff@shopstream.dev', password: 'staff-demo-password' };
const ADMIN_ACCOUNT = { email: 'e2e-admin@shopstream.dev', password: 'e2e-admin-password-2026' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function screenshots(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
}

async function tokenOf(request: APIRequestContext, account: { email: string; password: string }) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const response = await request.post(`${API}/auth/login`, { data: account });
    if (response.status() === 429) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      continue;
    }
    expect(response.ok(), await response.text()).toBe(true);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
  throw new Error(`could not log in as ${account.email}: rate limited`);
}

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A product of one variant at `price`, made through the staff API (the shared shop's stock is not touched). */
async function makeProduct(request: APIRequestContext, staff: string, title: string, price: number) {
  const response = await request.post(`${API}/admin/products`, {
    headers: { authorization: `Bearer ${staff}` },
    data: {
      title,
      description: 'Priced for the tax journey.',
      status: 'active',
      variants: [
        { sku: `TAX-${suffix()}`, options: { size: 'One size' }, price, currency: 'EUR', stockOnHand: 50 },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { slug: string; variants: { id: string }[] };
}

const ADDRESSES = {
  DE: {
    line1: 'Hauptstraße 5',
    postalCode: '10115',
    city: 'Berlin',
    name: 'Germany',
    rate: '19%',
    tax: '€11.41',
  },
  FR: {
    line1: '1 rue de Rivoli',
    postalCode: '75001',
    city: 'Paris',
    name: 'France',
    rate: '20%',
    tax: '€11.92',
  },
} as const;

let staff: string;
let code: string;
let restoreSetting: (() => Promise<void>) | null = null;

test.beforeAll(async ({ playwright }) => {
  const request = await playwright.request.newContext();
  staff = await tokenOf(request, STAFF);
  code = `VAT${suffix().toUpperCase()}`;
  const created = await request.post(`${API}/admin/discount-codes`, {
    headers: { authorization: `Bearer ${staff}` },
    data: { code, kind: 'percentage', value: 10 },
  });
  expect(created.status(), await created.text()).toBe(201);
  // The demo shop's prices include VAT (EUR); if a journey left it off, it is turned on and put back after.
  const admin = await tokenOf(request, ADMIN_ACCOUNT);
  const headers = { authorization: `Bearer ${admin}` };
  const {
    updatedAt: _at,
    updatedBy: _by,
    ...settings
  } = await (await request.get(`${API}/admin/shop-settings`, { headers })).json();
  if (!settings.pricesIncludeTax) {
    const put = (pricesIncludeTax: boolean) =>
      request.put(`${API}/admin/shop-settings`, { headers, data: { ...settings, pricesIncludeTax } });
    expect((await put(true)).ok()).toBe(true);
    restoreSetting = async () => {
      await put(false);
    };
  }
  await request.dispose();
});
test.afterAll(async () => {
  await restoreSetting?.();
});

for (const country of ['DE', 'FR'] as const) {
  test(`a shopper in ${country} pays the shown prices and sees the ${ADDRESSES[country].rate} VAT they contain`, async ({
    page,
    browser,
    consoleGuard,
  }) => {
    test.setTimeout(180_000);
    const address = ADDRESSES[country];
    const tag = suffix();
    const name = `Waxed Jacket ${tag}`;
    const jacket = await makeProduct(page.request, staff, name, 6199);
    const socks = await makeProduct(page.request, staff, `Wool Socks ${suffix()}`, 99);

    // The catalog: each price says it includes VAT.
    await page.goto(`${STORE}/search?q=${tag}`);
    const card = page.getByRole('list', { name: 'Products' }).getByRole('listitem').filter({ hasText: name });
    await expect(card).toContainText('€61.99');
    await expect(card.getByTestId('price-tax-note')).toHaveText('incl. VAT');
    await screenshots(page, `storefront-tax-${country}-catalog`);

    // The product page: the price paid, saying it includes VAT.
    await page.goto(`${STORE}/product/${jacket.slug}`);
    const price = page.getByTestId('product-price');
    await expect(price).toContainText('€61.99');
    await expect(price).toContainText('Incl. VAT, plus shipping');
    await screenshots(page, `storefront-tax-${country}-product`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('dialog', { name: 'Your cart' })).toContainText(name);

    // Three socks at €0.99 (one line of €2.97), as the product page would add them.
    const added = await page.request.post(`${API}/cart/items`, {
      data: { variantId: socks.variants[0]!.id, quantity: 3 },
    });
    expect(added.ok(), await added.text()).toBe(true);

    // The cart: gross prices, the code off the gross subtotal, the VAT inside told once the country is known.
    await page.goto(`${STORE}/cart`);
    const main = page.getByRole('main');
    await main.getByLabel('Discount code').fill(code);
    await main.getByRole('button', { name: 'Apply' }).click();
    const totals = page.getByTestId('cart-totals');
    await expect(totals).toContainText(`Discount (${code})`);
    await expect(totals).toContainText('−€6.49');
    await expect(page.getByTestId('cart-total')).toHaveText('€58.47');
    await expect(page.getByTestId('cart-tax')).toContainText('Incl. VAT');
    await expect(page.getByTestId('cart-tax')).toContainText('by destination');
    await screenshots(page, `storefront-tax-${country}-cart`);

    // Checkout to the country: the same total, with that country's VAT inside.
    await main.getByRole('link', { name: 'Check out' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout');
    await page.getByLabel('Email').fill(`tax-${suffix()}@example.com`);
    await page.getByLabel('Full name').fill('Marianne Dupont');
    await page.getByLabel('Address', { exact: true }).fill(address.line1);
    await page.getByLabel('Postal code').fill(address.postalCode);
    await page.getByLabel('City').fill(address.city);
    await page.getByLabel('Country').selectOption(country);
    await page.getByRole('button', { name: 'Continue to shipping' }).click();
    const shipping = page.getByRole('group', { name: new RegExp(`Delivery to ${address.name}`) });
    await shipping.getByRole('radio', { name: /Express delivery/ }).check();
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/30');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Continue to review' }).click();
    await expect(page.getByRole('button', { name: 'Place order' })).toBeVisible();
    await expect(page.getByTestId('cart-total')).toHaveText('€71.46');
    await expect(page.getByTestId('cart-tax')).toHaveText(`Incl. VAT (${address.rate})${address.tax}`);
    await expect(page.getByTestId('tax-explainer')).toContainText(
      `Prices include VAT at the rate of ${address.name} (${address.rate})`,
    );
    await expect(page.getByTestId('review-total')).toHaveText('€71.46');
    await expect(page.getByTestId('review-tax')).toContainText(`incl. ${address.tax} VAT`);
    await screenshots(page, `storefront-tax-${country}-checkout`);

    // The order as placed: the lines at their shown prices, the total they add to, the VAT inside.
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page).toHaveURL(/\/checkout\/confirmation\/SS-\d+/);
    const number = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(page.getByTestId('order-total')).toHaveText('€71.46');
    await expect(page.getByTestId('order-tax')).toHaveText(`Incl. VAT (${address.rate})${address.tax}`);
    await expect(page.getByRole('main')).toContainText('€61.99');
    await expect(page.getByRole('main')).toContainText('€2.97');
    await screenshots(page, `storefront-tax-${country}-order`);

    // And in the admin panel, for staff.
    const staffContext = await browser.newContext({ viewport: DESKTOP });
    consoleGuard.watch(staffContext);
    try {
      const login = await staffContext.request.post(`${API}/auth/login`, { data: STAFF });
      expect(login.ok(), await login.text()).toBe(true);
      const adminPage = await staffContext.newPage();
      await adminPage.goto(`${ADMIN}/orders/${number}`);
      const foot = adminPage.locator('tfoot');
      await expect(foot).toContainText('€71.46');
      await expect(foot.getByRole('row', { name: /Incl\. VAT/ })).toContainText(
        `Incl. VAT (${address.rate})${address.tax}`,
      );
      await expect(foot).not.toContainText(/^Tax/);
      await screenshots(adminPage, `admin-tax-${country}-order`);
    } finally {
      await staffContext.close();
    }
  });
}
