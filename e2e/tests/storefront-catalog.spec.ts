import { crc32, deflateSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { type ConsoleGuard, expect, test } from '../support/console-guard';
import { screenshot } from '../support/screenshots';

// Overridable to run against a separate stack (other ports) while other suites use the standard ones.
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const API = process.env.API_URL ?? 'http://localhost:5005';
/** A URL as a pattern, for what a step allows the console guard to see. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Saves the page as a phone and as a desktop sees it. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
}

async function seriousViolations(browser: Browser, guard: ConsoleGuard, url: string) {
  const context = await browser.newContext();
  guard.watch(context);
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  await context.close();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    );
}

test('a shopper finds sneakers despite a typo, narrows by size, opens one and picks a variant', async ({
  page,
}) => {
  // What the tracker sends is read on its way to the real analytics service (not stubbed).
  const events: {
    type: string;
    event?: string;
    properties: Record<string, unknown>;
    context?: { page?: { path?: string; title?: string } };
  }[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/collect')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { batch?: typeof events };
    events.push(...(body.batch ?? []));
  });

  await page.goto(STORE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ShopStream');
  await screenshots(page, 'storefront-home');
  // Shoppers are not shown the staff apps' service status.
  await expect(page.getByRole('contentinfo')).not.toContainText(/Commerce API|reachable/);
  // The home's page view leaves with the tracker's first batch (within its 2 s flush), before the
  // shopper moves on, so it is seen here and not in a beacon sent while a later page unloads.
  await expect
    .poll(() => events.some((event) => event.type === 'page' && event.context?.page?.path === '/'), {
      timeout: 10_000,
    })
    .toBe(true);

  const search = page.getByRole('combobox', { name: 'Search products' });
  await search.fill('snekaers');
  await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
  await expect(page.getByRole('option').first()).toContainText('Sneakers');
  await search.press('Enter');

  await expect(page).toHaveURL(/\/search\?q=snekaers$/);
  await expect(page.getByTestId('corrected-query')).toContainText('sneakers');
  const results = page.getByRole('list', { name: 'Products' });
  await expect(results.getByRole('listitem').first()).toContainText('Sneakers');

  await page.getByRole('group', { name: 'Size' }).getByRole('checkbox', { name: /^42 / }).check();
  await expect(page).toHaveURL(/option=size%3A42/);
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Size: 42');
  // The filtered page is a URL: reloading it shows the same choice.
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Size' }).getByRole('checkbox', { name: /^42 / }),
  ).toBeChecked();
  await screenshots(page, 'storefront-search');

  // "Product Viewed" leaves on its own once the product page is idle (at most 2 s after it shows, even on a
  // busy page), while the shopper is still on it. How soon is not timed here: CI saw 1.9 s on a loaded
  // machine, within the design's bound, so a sharper limit only measured the machine.
  const productViewed = page.waitForRequest(
    (request) => request.url().endsWith('/collect') && (request.postData() ?? '').includes('Product Viewed'),
  );
  await results.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/product\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sneakers');
  await productViewed;
  await expect(page).toHaveURL(/\/product\//);
  // Next streams a client navigation's metadata: the title can be empty for a moment after the heading shows.
  await expect(page).toHaveTitle(/Sneakers/);
  const productTitle = await page.title();
  await expect(page.getByTestId('product-price')).toContainText('€');

  const sizes = page.getByRole('group', { name: /^Size/ });
  await sizes.locator('label').filter({ hasText: /^43/ }).click();
  await expect(sizes.getByRole('radio', { name: /^43/ })).toBeChecked();
  await expect(page).toHaveURL(/variant=/);
  await expect(page.getByTestId('stock-status')).toHaveText(/In stock|Sold out|not available/);
  await screenshots(page, 'storefront-product');

  await expect
    .poll(() => events.find((event) => event.event === 'Product Viewed')?.properties, { timeout: 10_000 })
    .toMatchObject({ currency: 'EUR', name: expect.stringContaining('Sneakers'), price: expect.any(Number) });
  // Page views include the client-side navigations (search results, then the product). A batch sent
  // by sendBeacon while the page reloads may not be visible here, so this names pages, not a count.
  await expect
    .poll(
      () =>
        events
          .filter((event) => event.type === 'page')
          .map((event) => event.context?.page?.path?.split('/')[1] ?? ''),
      { timeout: 10_000 },
    )
    .toEqual(expect.arrayContaining(['search', 'product']));
  // Client-side navigations name their page too, and the first page is counted once.
  const pages = events.filter((event) => event.type === 'page');
  expect(
    pages.find((event) => event.context?.page?.path?.startsWith('/product/'))?.context?.page?.title,
  ).toBe(productTitle);
  expect(pages.every((event) => Boolean(event.context?.page?.title))).toBe(true);
  expect(pages.filter((event) => event.context?.page?.path === '/')).toHaveLength(1);
});

test('a category lists its products with their pictures', async ({ page }) => {
  await page.goto(`${STORE}/category/shoes`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shoes');
  const pictures = page.getByRole('list', { name: 'Products' }).locator('img');
  await expect(pictures.first()).toBeVisible();
  await expect
    .poll(() => pictures.first().evaluate((image) => (image as HTMLImageElement).naturalWidth))
    .toBeGreaterThan(0);
  await screenshots(page, 'storefront-listing');
});

test('an unknown product, category or order answers 404 with a not-found page that keeps the navigation', async ({
  page,
  consoleGuard,
}) => {
  const missing = `${literally(STORE)}/(product/no-such-product|category/no-such-category|checkout/confirmation/not-an-order|account/orders/not-an-order)`;
  consoleGuard.allow(new RegExp(`HTTP 404: GET ${missing}`));
  consoleGuard.allow(new RegExp(`status of 404 \\(Not Found\\) \\(${missing}`));
  for (const path of [
    '/product/no-such-product',
    '/category/no-such-category',
    '/checkout/confirmation/not-an-order',
    '/account/orders/not-an-order',
  ]) {
    const response = await page.goto(`${STORE}${path}`);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
    await expect(page.getByRole('navigation', { name: 'Categories' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Search products' })).toBeVisible();
  }
  await screenshots(page, 'storefront-not-found');
  // An order number that may exist: only the browser can know (the order is private), and it says so.
  await page.goto(`${STORE}/checkout/confirmation/SS-99999999`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that order');
  await expect(page.getByRole('main')).not.toContainText('is confirmed');
});

/** A PNG of a single colour, made here: the optimizer must decode and resize a real upload. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat()),
  ]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function staffToken(request: APIRequestContext) {
  const response = await request.post(`${API}/auth/login`, {
    data: { email: 'staff@shopstream.dev', password: 'staff-demo-password' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** The picture of `name` on the page has loaded, through Next's optimizer. */
async function expectUploadShown(page: Page, name: string) {
  const image = page.locator(`img[src*="${name}"]`).first();
  await image.scrollIntoViewIfNeeded();
  await expect(image).toHaveAttribute('src', /\/_next\/image\?url=/);
  await expect
    .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), { timeout: 15_000 })
    .toBeGreaterThan(0);
}

test('a photo uploaded through the admin API is shown on the product page, in a listing and on home', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const token = await staffToken(request);
  const headers = { authorization: `Bearer ${token}` };
  const upload = await request.post(`${API}/admin/uploads`, {
    headers: { ...headers, 'content-type': 'image/png' },
    data: png(640, 640, [196, 92, 60]),
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const { url } = (await upload.json()) as { url: string };
  const name = url.split('/').pop() ?? '';
  const categories = (await (await request.get(`${API}/catalog/categories`)).json()) as {
    items: { id: string; slug: string }[];
  };
  const mugs = categories.items.find((category) => category.slug === 'mugs');
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const title = `Photographed Mug ${unique}`;
  const created = await request.post(`${API}/admin/products`, {
    headers,
    data: {
      title,
      status: 'active',
      categoryId: mugs?.id,
      description: 'A mug with a real photo.',
      images: [{ url, alt: title }],
      variants: [{ sku: `PHOTO-${unique}`, price: 1900, currency: 'EUR', stockOnHand: 50 }],
    },
  });
  expect(created.ok(), await created.text()).toBe(true);
  const { slug } = (await created.json()) as { slug: string };

  await page.goto(`${STORE}/product/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expectUploadShown(page, name);
  await screenshots(page, 'storefront-uploaded-photo-product');

  await page.goto(`${STORE}/search?q=${encodeURIComponent(title)}`);
  await expect(page.getByRole('list', { name: 'Products' })).toContainText(title);
  await expectUploadShown(page, name);

  // Home features the newest products of each department; the storefront may serve its cached
  // catalog for up to a minute after a write, so it is read again until the new mug is there.
  await expect(async () => {
    await page.goto(STORE);
    await expect(page.locator(`img[src*="${name}"]`)).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await expectUploadShown(page, name);
  await screenshots(page, 'storefront-uploaded-photo-home');
});

test('home, listing and product pages have no serious or critical accessibility violations', async ({
  browser,
  consoleGuard,
}) => {
  test.setTimeout(180_000);
  expect(await seriousViolations(browser, consoleGuard, STORE)).toEqual([]);
  expect(
    await seriousViolations(browser, consoleGuard, `${STORE}/search?q=sneakers&option=size%3A42`),
  ).toEqual([]);
  expect(await seriousViolations(browser, consoleGuard, `${STORE}/category/shoes`)).toEqual([]);
  expect(
    await seriousViolations(browser, consoleGuard, `${STORE}/product/lightweight-court-sneakers-sneakers-7`),
  ).toEqual([]);
});

test('search suggestions can be chosen with the keyboard alone', async ({ page }) => {
  await page.goto(STORE);
  await page.waitForLoadState('networkidle');
  const search = page.getByRole('combobox', { name: 'Search products' });
  // Keys typed while the page still hydrates can be lost (CI once saw "ug"): typed again until the box has them.
  await expect(async () => {
    await search.fill('');
    await search.focus();
    await page.keyboard.type('mug');
    await expect(search).toHaveValue('mug', { timeout: 1000 });
    await expect(search).toHaveAttribute('aria-expanded', 'true', { timeout: 5000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('ArrowDown');
  const chosen = page.getByRole('option', { selected: true });
  await expect(chosen).toBeVisible();
  await expect(search).toHaveAttribute('aria-activedescendant', (await chosen.getAttribute('id')) ?? '');
  const title = (await chosen.locator('span').first().textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/product\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});
