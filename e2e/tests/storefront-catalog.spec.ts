import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { screenshot } from '../support/screenshots';

// Overridable to run against a separate stack (other ports) while other suites use the standard ones.
const STORE = process.env.STORE_URL ?? 'http://localhost:3001';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Saves the page as a phone and as a desktop sees it. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, `${name}-1280`);
}

async function seriousViolations(browser: Browser, url: string) {
  const context = await browser.newContext();
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
    context?: { page?: { path?: string } };
  }[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/collect')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { batch?: typeof events };
    events.push(...(body.batch ?? []));
  });

  await page.goto(STORE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ShopStream');
  await screenshots(page, 'storefront-home');

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

  await results.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/product\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sneakers');
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
});

test('an unknown product shows a not-found page that keeps the navigation', async ({ page }) => {
  await page.goto(`${STORE}/product/no-such-product`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
  await expect(page.getByRole('navigation', { name: 'Categories' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Search products' })).toBeVisible();
});

test('home, listing and product pages have no serious or critical accessibility violations', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  expect(await seriousViolations(browser, STORE)).toEqual([]);
  expect(await seriousViolations(browser, `${STORE}/search?q=sneakers&option=size%3A42`)).toEqual([]);
  expect(await seriousViolations(browser, `${STORE}/category/shoes`)).toEqual([]);
  expect(await seriousViolations(browser, `${STORE}/product/lightweight-court-sneakers-sneakers-7`)).toEqual(
    [],
  );
});

test('search suggestions can be chosen with the keyboard alone', async ({ page }) => {
  await page.goto(STORE);
  const search = page.getByRole('combobox', { name: 'Search products' });
  await search.focus();
  await page.keyboard.type('mug');
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  const chosen = page.getByRole('option', { selected: true });
  await expect(chosen).toBeVisible();
  await expect(search).toHaveAttribute('aria-activedescendant', (await chosen.getAttribute('id')) ?? '');
  const title = (await chosen.locator('span').first().textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/product\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});
